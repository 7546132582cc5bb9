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
    Raises ``ParseError`` (Chinese message) for input that is not a readable report.
    """
    from assistant.parse.readers import read_source

    if isinstance(src, str) and ("\n" in src or len(src) > 512 or not Path(src).exists()):
        return parse_text(src, source=source or "<text>")
    text = read_source(src)
    if source is None:
        source = str(src) if isinstance(src, (str, Path)) else "<bytes>"
    return parse_text(text, source=source)
