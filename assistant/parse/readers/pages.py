"""Page marks that PDF text layers and OCR converters leave in the text: ``- 3 -``, ``— 3 —``,
``第3页``, ``第 3 页 共 10 页``, ``3/10``. A line that is only a page mark becomes an empty line (line
numbers stay); a mark inside a paragraph or a table row is cut out with its spaces."""

from __future__ import annotations

import re

__all__ = ["is_page_mark", "strip_page_marks"]

_DASH = r"[-—–－]"
_MARK = rf"(?:{_DASH}{{1,2}}\s*\d{{1,3}}\s*{_DASH}{{1,2}}|第\s*\d{{1,3}}\s*页(?:\s*[,，/]?\s*共\s*\d{{1,3}}\s*页)?)"
_LINE = re.compile(rf"^[ \t]*(?:{_MARK}|\d{{1,3}}\s*/\s*\d{{1,3}})[ \t]*$", re.M)
# Inside running text only the unmistakable forms: em dashes, or 第N页; ASCII hyphens need spaces.
_INLINE = re.compile(
    r"(?<=[\u4e00-\u9fff，。；：、）)\s])[ \t]*"
    r"(?:[—–－]{1,2}[ \t]*\d{1,3}[ \t]*[—–－]{1,2}|(?<=\s)-[ \t]+\d{1,3}[ \t]+-(?=\s)|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)"
    r"[ \t]*(?=[\u4e00-\u9fff（(\s|]|$)"
)


def strip_page_marks(text: str) -> str:
    text = _LINE.sub("", text)
    return _INLINE.sub(" ", text) if ("页" in text or "—" in text or " - " in text or "－" in text) else text


def is_page_mark(s: str) -> bool:
    """Whether ``s`` (a table cell, a line) is nothing but a page mark."""
    return bool(s.strip()) and bool(_LINE.fullmatch(s.strip()))
