"""The one error family of the package.

Every error the package raises *to a caller* for bad input, bad settings or an unreachable service
derives from :class:`NianbaoError`. Its ``message`` is Chinese and meant for the user; ``where``
optionally names the file, cell or setting concerned. The CLI and the web app catch
``NianbaoError`` only: anything else is a bug and surfaces as one.
"""

from __future__ import annotations


class NianbaoError(Exception):
    """A user-facing failure with a Chinese message."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class ReadError(NianbaoError):
    """A file that cannot be read as a report, notes or canonical JSON."""
