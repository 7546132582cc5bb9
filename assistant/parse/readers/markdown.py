"""Markdown from PDF/OCR converters → the parser's text: ``#`` heading marks dropped, pipe tables as
tab-separated lines, ``|---|`` rules dropped.

Converters cut a table into one small table per row, each under a generic header
(``| 项目 | 数据1 | 数据2 | … |``), or put rows under another table's header. A header row made
only of generic words carries nothing and is dropped; every other header stays a text line for the
table readers, which recognise rows by their labels, not by the header above them.
"""

from __future__ import annotations

import re

from assistant.parse.readers.pages import is_page_mark

__all__ = ["looks_like_markdown", "markdown_to_text"]

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# Header cells that name no column: 项目, 类别, 数据1, 列2, (数据项目), 数量, 序号, Column 3.
_GENERIC = re.compile(r"^[（(]?(?:项目|类别|类型|数据项目|数据\d*|列\d*|数量|序号|指标|内容|名称|column\s*\d*|col\s*\d*)[）)]?$", re.I)


def looks_like_markdown(text: str) -> bool:
    """Pipe tables with rules, or several ``#`` headings."""
    lines = text.split("\n", 4000)
    rules = sum(1 for ln in lines if _RULE_ROW.match(ln) and "|" in ln)
    headings = sum(1 for ln in lines if ln.startswith("#") and _HEADING.match(ln))
    return rules >= 1 or headings >= 2


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _generic_header(cells: list[str]) -> bool:
    words = [c for c in cells if c]
    return bool(words) and all(_GENERIC.match(c) or c == "总计" for c in words) and any(
        _GENERIC.match(c) for c in words
    )


def markdown_to_text(text: str) -> str:
    out: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _PIPE_ROW.match(line):
            if _RULE_ROW.match(line):
                out.append("")
                continue
            cells = [c for c in _cells(line) if not is_page_mark(c)]
            if not cells:
                out.append("")
                continue
            is_header = i + 1 < len(lines) and bool(_RULE_ROW.match(lines[i + 1]))
            if is_header and _generic_header(cells):
                out.append("")
                continue
            out.append("\t".join(_EMPHASIS.sub(r"\2", c) for c in cells))
            continue
        out.append(_EMPHASIS.sub(r"\2", _HEADING.sub("", line, count=1)))
    return "\n".join(out)
