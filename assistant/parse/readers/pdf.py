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
        import pymupdf

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
        pages = [_pdf_page_text(page) for page in doc]
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
        tables = [t for t in _find_tables(page) if t.row_count >= 2 and t.col_count >= 2]
        if not tables:
            return plain
        items: list[tuple[float, int, str]] = []
        rects = [t.bbox for t in tables]
        for i, block in enumerate(page.get_text("dict")["blocks"]):
            if block.get("type") != 0:
                continue
            kept = []  # the block's lines outside every table, each judged by its centre
            for line in block["lines"]:
                x0, y0, x1, y1 = line["bbox"]
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                if not any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
                    kept.append((y0, "".join(span["text"] for span in line["spans"])))
            if kept:
                items.append((kept[0][0], i, "\n".join(text for _, text in kept)))
        for k, table in enumerate(tables):
            rows = ["\t".join(_pdf_cell(c) for c in row) for row in table.extract()]
            if any(row.strip() for row in rows):
                items.append((table.bbox[1], -len(tables) + k, "\n" + "\n".join(rows) + "\n"))
        items.sort(key=lambda it: (it[0], it[1]))
        return "\n".join(text for _, _, text in items) + "\n"
    except Exception:  # table detection is a refinement: fall back to the plain text layer
        return plain


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
