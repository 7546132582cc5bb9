"""``parse(path or text) -> Report`` for every layout real reports arrive in.

Pipeline: ``readers.read_source`` turns a file or bytes into normalised text (HTML/Word/PDF tables
become tab-separated lines), then ``text.parse_text`` finds organ, year, sections and tables.
"""

from __future__ import annotations

from pathlib import Path

from assistant.parse.errors import ParseError
from assistant.report import Report

__all__ = ["ParseError", "parse", "parse_text"]


def parse_text(text: str, source: str | None = None) -> Report:
    from assistant.parse.text import parse_text as _parse_text

    return _parse_text(text, source=source)


def parse(src: str | Path | bytes, *, source: str | None = None) -> Report:
    """Parse a report from a path, raw bytes, or a string of report text.

    A ``str`` that names an existing file is read as a file; any other ``str`` is report text.
    Raises ``ParseError`` (Chinese message) for input that is not a readable report, or above the
    size limits of ``assistant.limits`` (checked before reading and after decoding).
    """
    from assistant.limits import LIMITS, TooLarge
    from assistant.parse.readers import read_source

    limit = LIMITS.report
    try:
        if isinstance(src, str) and ("\n" in src or len(src) > 512 or not Path(src).exists()):
            limit.check_text(src, source)
            return parse_text(src, source=source or "<text>")
        if isinstance(src, (bytes, bytearray, memoryview)):
            limit.check_size(len(src), source)
        elif Path(src).is_file():  # a missing file gets the reader's own message
            limit.check_file(Path(src))
        text = read_source(src)
        if source is None:
            source = str(src) if isinstance(src, (str, Path)) else "<bytes>"
        limit.check_text(text, source)
    except TooLarge as exc:
        raise ParseError(exc.message, where=exc.where) from None
    return parse_text(text, source=source)
