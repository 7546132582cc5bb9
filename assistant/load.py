"""Loading what a user hands us: a report in any layout or canonical JSON, and a clerk's notes.

The CLI and the web app both call these; both raise :class:`assistant.errors.ReadError` with a
Chinese message for anything unreadable.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import ReadError, os_error_text
from assistant.limits import LIMITS
from assistant.report import Report

__all__ = ["ReadError", "load_report", "load_report_bytes", "read_notes", "read_notes_bytes"]


def _is_json(name: str, data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return name.lower().endswith(".json") or head.startswith(b"{")


def _report_from_json(data: bytes, source: str) -> Report:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"不是有效的 JSON：{exc}", where=source) from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("cells", {}), dict):
        raise ReadError("JSON 不是规范格式（应为含 agency、year、format、cells 的对象）", where=source)
    try:
        return Report.from_canonical(obj, source=source)
    except (ValueError, TypeError) as exc:
        raise ReadError(f"JSON 内容不符合规范格式：{exc}", where=source) from exc


def load_report_bytes(data: bytes, name: str) -> Report:
    """A report from an uploaded file's bytes; ``name`` is the file name (its suffix picks JSON).
    Above ``LIMITS.report`` raises ``TooLarge`` (a ``ReadError``)."""
    from assistant.parse import ParseError, parse

    LIMITS.report.check_size(len(data), name)
    if _is_json(name, data):
        return _report_from_json(data, name)
    try:
        return parse(data, source=name)
    except ParseError as exc:
        raise ReadError(exc.message, where=name) from exc


def load_report(path: Path) -> Report:
    """A report from a file: canonical JSON (``.json`` or leading ``{``) or any report layout.
    A file from which parsing recovers nothing (no section, no table cell) is a ``ReadError``
    (the parser refuses it)."""
    from assistant.parse import ParseError, parse

    path = Path(path)
    if not path.is_file():
        raise ReadError("文件不存在或不是普通文件", where=str(path))
    try:
        LIMITS.report.check_file(path)
        with path.open("rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise ReadError(f"无法读取文件：{os_error_text(exc)}", where=str(path)) from exc
    if _is_json(path.name, head):
        return _report_from_json(path.read_bytes(), str(path))
    try:
        return parse(path)
    except ParseError as exc:
        raise ReadError(exc.message, where=str(path)) from exc
    except OSError as exc:
        raise ReadError(f"无法读取文件：{os_error_text(exc)}", where=str(path)) from exc


def read_notes_bytes(data: bytes, name: str = "笔记") -> str:
    """Notes as text from bytes: plain text (UTF-8, GBK/GB18030, UTF-16), or Word/HTML/PDF whose
    tables become tab-separated rows."""
    from assistant.parse.errors import ParseError
    from assistant.parse.readers import read_source

    LIMITS.notes.check_size(len(data), name)
    if not data.strip():
        raise ReadError("笔记文件是空的", where=name)
    try:
        text = read_source(data)
    except ParseError as exc:
        raise ReadError(f"无法读取笔记文件：{exc.message}", where=name) from None
    if not text.strip():
        raise ReadError("笔记文件是空的", where=name)
    LIMITS.notes.check_text(text, name)
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_notes(path: Path) -> str:
    """The notes file at ``path`` as text (see :func:`read_notes_bytes`)."""
    path = Path(path)
    try:
        if path.is_file():
            LIMITS.notes.check_file(path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("找不到笔记文件", where=str(path)) from None
    except IsADirectoryError:
        raise ReadError("这是一个目录，不是笔记文件", where=str(path)) from None
    except OSError as exc:
        raise ReadError(f"无法读取笔记文件：{os_error_text(exc)}", where=str(path)) from None
    return read_notes_bytes(data, str(path))
