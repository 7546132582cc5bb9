"""HTML pages → text: block elements become lines, each ``<table>`` tab-separated lines on its
merged-cell grid (a merged cell's text at its top-left position, empty strings where it spans)."""

from __future__ import annotations

import re

from assistant.parse.errors import ParseError
from assistant.parse.readers.common import MAX_SPAN, WS

__all__ = ["html_to_text", "looks_like_html"]

_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|table|tr|td|div|p|br|meta|span)\b[^>]*>", re.IGNORECASE
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
    "summary ul".split()
)
_DROP_TAGS = frozenset("script style noscript template head title meta link iframe object svg".split())


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:8192]))


def html_to_text(html: str) -> str:
    """Block elements → lines in document order; each ``<table>`` → tab-separated lines."""
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "lxml")
    except Exception:  # lxml is lenient; anything it raises means unreadable markup
        raise ParseError("无法读取：网页（HTML）内容无法解析。") from None
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            lines.append(line)

    def walk(node) -> None:
        from bs4 import (
            Comment,
            Declaration,
            Doctype,
            NavigableString,
            ProcessingInstruction,
            Tag,
        )

        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in _DROP_TAGS:
                continue
            if name == "br":
                flush()
            elif name == "table" and _is_layout_table(child):
                # Page layout, not data: its cells hold the article (paragraphs, report tables).
                flush()
                walk(child)
                flush()
            elif name == "table":
                flush()
                rows = _html_table_rows(child)
                caption = child.find("caption")
                if caption is not None and caption.find_parent("table") is child:
                    title = _cell_text(caption)
                    if title:
                        lines.append(title)
                if rows:
                    if lines and lines[-1] != "":
                        lines.append("")
                    lines.extend("\t".join(r) for r in rows)
                    lines.append("")
            elif name in _BLOCK_TAGS or name in ("tr", "td", "th"):  # stray cells outside a table
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup)
    flush()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _own_cells(table) -> list:
    return [
        cell
        for tr in table.find_all("tr")
        if tr.find_parent("table") is table
        for cell in tr.find_all(["td", "th"], recursive=False)
    ]


def _is_layout_table(table) -> bool:
    """A table used to lay out a page: a cell holds another table, or the table is a single
    column whose cells hold several paragraphs (a whole article)."""
    nested = table.find("table") is not None  # one search; most data tables hold none
    cells = _own_cells(table)
    if nested and any(cell.find("table") is not None for cell in cells):
        return True
    single_column = all(
        len(tr.find_all(["td", "th"], recursive=False)) <= 1
        for tr in table.find_all("tr")
        if tr.find_parent("table") is table
    )
    return single_column and any(len(cell.find_all(["p", "div", "br", "h1", "h2", "h3"])) >= 2 for cell in cells)


def _span(value, limit: int) -> int:
    m = re.match(r"\s*(\d+)", str(value or ""))
    n = int(m.group(1)) if m else 1
    return max(1, min(n, limit))


def _cell_text(cell) -> str:
    """A cell's text on one line: strings joined as printed, ``<br>`` and blocks as spaces."""
    from bs4 import NavigableString, Tag

    out: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                name = (child.name or "").lower()
                if name in _DROP_TAGS:
                    continue
                if name == "br":
                    out.append(" ")
                    continue
                block = name in _BLOCK_TAGS or name in ("table", "tr", "td", "th")
                if block:
                    out.append(" ")
                walk(child)
                if block:
                    out.append(" ")
            elif type(child) is NavigableString:
                out.append(str(child))

    walk(cell)
    return WS.sub(" ", "".join(out)).strip()


def _html_table_rows(table) -> list[list[str]]:
    own_rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: dict[tuple[int, int], str] = {}
    width = 0
    n_rows = len(own_rows)
    for r, tr in enumerate(own_rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            colspan = _span(cell.get("colspan"), MAX_SPAN)
            rowspan = _span(cell.get("rowspan"), max(1, n_rows - r))
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else ""
            c += colspan
            width = max(width, c)
        width = max(width, max((cc + 1 for (rr, cc) in grid if rr == r), default=0))
    rows = []
    for r in range(n_rows):
        row = [grid.get((r, c), "") for c in range(width)]
        rows.append(row)
    # A table holding no text at all (layout spacer) is dropped.
    return rows if any(any(cell for cell in row) for row in rows) else []

