"""PDF text layers → text; ruled tables (PyMuPDF ``find_tables``) as tab-separated grids."""

from __future__ import annotations

import re
import unicodedata

from assistant.parse.errors import ParseError
from assistant.parse.readers.common import (
    ALLOWED_CONTROLS,
    CJK,
    MSG_NO_CHINESE,
    MSG_PDF_BROKEN,
    MSG_SCANNED,
)

__all__ = ["pdf_to_text"]


def pdf_to_text(data: bytes) -> str:
    """The concatenated text layers of every page; ruled tables as tab-separated grids."""
    try:
        from assistant.parse.readers.mupdf import load_pymupdf

        pymupdf = load_pymupdf()
        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # pymupdf raises FileDataError, RuntimeError, ValueError… for broken files
        raise ParseError(MSG_PDF_BROKEN) from None
    try:
        if doc.needs_pass:
            raise ParseError("PDF 文件已加密，请先解除密码保护后再导入。")
        if doc.page_count == 0:
            raise ParseError(MSG_PDF_BROKEN)
        pages = [_pdf_page_text(page) for page in doc.pages()]
    except ParseError:
        raise
    except Exception:
        raise ParseError(MSG_PDF_BROKEN) from None
    finally:
        doc.close()
    text = "\n".join(p.rstrip("\n") for p in pages)
    # Control characters in a text layer are font-encoding debris, not content.
    text = "".join(ch for ch in text if ch in ALLOWED_CONTROLS or unicodedata.category(ch) != "Cc")
    if not text.strip():
        raise ParseError(MSG_SCANNED)
    if not CJK.search(text):  # page numbers or font-encoding debris only: not readable text
        raise ParseError(MSG_NO_CHINESE)
    return text


_MIN_DRAWINGS = 8  # fewer vector paths than this: no ruled table worth looking for
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _pdf_page_text(page) -> str:
    """A page's text layer. Ruled tables (found by PyMuPDF's ``find_tables``) become
    tab-separated lines on their merged-cell grid, like Word and HTML tables; the rest of the
    page stays as extracted. Plain ``get_text`` would print every table cell on a line of its own."""
    plain = page.get_text("text")
    try:
        if len(page.get_cdrawings()) < _MIN_DRAWINGS:
            return plain
        tables = [t for t in _find_tables(page) if (t.row_count >= 2 and t.col_count >= 2) or t.col_count >= 5]
        if not tables:
            return plain
        raw = page.get_text("rawdict")
        chars = _page_chars(raw)
        grids = [(t, _table_rows(t, chars)) for t in tables]
        grids = [(t, rows) for t, rows in grids if _is_data_table(rows)]
        tables = [t for t, _ in grids]
        if not tables:
            return plain
        items: list[tuple[float, int, str]] = []
        rects = []
        for k, (t, grid_rows) in enumerate(grids):
            top, bottom, rect = _loose_rows(t, chars)
            grids[k] = (t, top + grid_rows + bottom)
            rects.append(rect)
        for i, block in enumerate(raw["blocks"]):
            if block.get("type") != 0:
                continue
            kept = []  # the block's lines outside every table, each judged by its centre
            for line in block["lines"]:
                x0, y0, x1, y1 = line["bbox"]
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                if not any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
                    kept.append((y0, "".join(ch["c"] for span in line["spans"] for ch in span["chars"])))
            if kept:
                items.append((kept[0][0], i, "\n".join(text for _, text in kept)))
        for k, (table, grid) in enumerate(grids):
            rows = [_prose(row) or "\t".join(row) for row in grid]
            if any(row.strip() for row in rows):
                items.append((table.bbox[1], -len(tables) + k, "\n" + "\n".join(rows) + "\n"))
        items.sort(key=lambda it: (it[0], it[1]))
        return "\n".join(text for _, _, text in items) + "\n"
    except Exception:  # table detection is a refinement: fall back to the plain text layer
        return plain


def _page_chars(raw: dict) -> list[tuple[float, float, float, str]]:
    """Every character of the page: (x centre, y centre, line height, char). The y centre is the
    centre of the character's *line*: a full stop or an enumeration comma sits low in its own box,
    and sorted by its own box it would drift to the end of the cell (7730.28 read as 773028.)."""
    out = []
    for block in raw.get("blocks", []):
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            ly0, ly1 = line["bbox"][1], line["bbox"][3]
            for span in line["spans"]:
                for ch in span["chars"]:
                    x0, _, x1, _ = ch["bbox"]
                    out.append(((x0 + x1) / 2, (ly0 + ly1) / 2, max(ly1 - ly0, 1.0), ch["c"]))
    return out


def _cell_text(bbox, chars: list[tuple[float, float, float, str]]) -> str:
    x0, y0, x1, y1 = bbox
    inside = [c for c in chars if x0 <= c[0] <= x1 and y0 <= c[1] <= y1]
    if not inside:
        return ""
    inside.sort(key=lambda c: (c[1], c[0]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for c in inside:
        if lines and abs(c[1] - lines[-1][0][1]) <= lines[-1][0][2] * 0.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    text = "\n".join("".join(ch[3] for ch in sorted(line)) for line in lines)
    return _pdf_cell(text)


def _table_rows(table, chars) -> list[list[str]]:
    """The table's grid, each cell's text read from the page's characters in reading order."""
    rows = []
    for row in table.rows:
        rows.append([_cell_text(bbox, chars) if bbox else "" for bbox in row.cells])
    return rows


def _column_edges(table) -> list[float] | None:
    """The x positions of the table's column lines, when its cells show all of them."""
    xs: list[float] = []
    for row in table.rows:
        for bbox in row.cells:
            if bbox:
                xs.extend((bbox[0], bbox[2]))
    edges: list[float] = []
    for x in sorted(xs):
        if not edges or x - edges[-1] > 1.5:
            edges.append(x)
    return edges if len(edges) == table.col_count + 1 else None


def _loose_rows(table, chars) -> tuple[list[list[str]], list[list[str]], tuple[float, float, float, float]]:
    """Rows printed right above or below the table without its rules — a row cut by a page break —
    read into the table's columns by their x position. Returns (rows above, rows below, the
    table's rectangle grown over them)."""
    x0, y0, x1, y1 = table.bbox
    edges = _column_edges(table)
    if edges is None:
        return [], [], (x0, y0, x1, y1)

    def band(lo: float, hi: float) -> list[tuple[float, float, float, str]]:
        return [c for c in chars if x0 <= c[0] <= x1 and lo < c[1] < hi]

    def as_row(found: list[tuple[float, float, float, str]]) -> list[list[str]]:
        cells: list[list[tuple[float, float, float, str]]] = [[] for _ in range(len(edges) - 1)]
        for c in found:
            k = next((i for i in range(len(edges) - 1) if edges[i] <= c[0] <= edges[i + 1]), None)
            if k is not None:
                cells[k].append(c)
        row = ["".join(ch[3] for ch in sorted(cell)) for cell in cells]
        # a loose row must look like a table row: numbers in at least half of the value cells
        numbers = sum(1 for t in row if re.fullmatch(r"[+\-]?\d[\d,.]*", t))
        return [row] if numbers * 2 >= max(1, len(row) - 2) and numbers >= 2 else []

    h = max((c[2] for c in chars), default=12.0)
    above = band(y0 - 1.2 * h, y0)
    below = band(y1, y1 + 1.2 * h)
    top = as_row(above) if above else []
    bottom = as_row(below) if below else []
    ny0 = min((c[1] - c[2] / 2 for c in above), default=y0) if top else y0
    ny1 = max((c[1] + c[2] / 2 for c in below), default=y1) if bottom else y1
    return top, bottom, (x0, ny0, x1, ny1)


def _prose(row: list[str]) -> str | None:
    """A ruled row holding one long text cell is a line of running text (a paragraph drawn inside
    the table's frame), not a table row."""
    filled = [c for c in row if c.strip()]
    if len(filled) == 1 and row and row[0] == filled[0] and (len(filled[0]) > 15 or "。" in filled[0]):
        return filled[0]
    return None


def _is_data_table(rows: list[list[str]]) -> bool:
    """A ruled box around prose (a text frame, a boxed paragraph) is no data table: most of its rows
    hold text in one cell only and no cell holds a number."""
    if not rows:
        return False
    if any(re.fullmatch(r"[+\-]?\d[\d,.]*", cell.strip()) for row in rows for cell in row):
        return True
    multi = sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2)
    return multi * 2 > len(rows)


def _pdf_cell(text: str | None) -> str:
    """A table cell on one line: a line wrapped inside the cell is joined (no space between
    Chinese characters)."""
    if not text:
        return ""
    parts = [p.strip() for p in text.replace("\t", " ").splitlines() if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        glue = "" if _CJK_OR_PUNCT.match(out[-1]) or _CJK_OR_PUNCT.match(part[0]) else " "
        out += glue + part
    return out


def _find_tables(page) -> list:
    """Line-based table finding only: ``use_layout=False`` keeps PyMuPDF's layout model (an ONNX
    network, seconds per page) out of it."""
    try:
        found = page.find_tables(use_layout=False)
    except TypeError:  # a PyMuPDF without the layout gate
        found = page.find_tables()
    return list(found.tables)
