"""A report as a Word file in the national layout: A4 with 公文 margins, 方正小标宋简体 title, 黑体
section headings, 仿宋_GB2312 body, the three tables with the format's merged header cells,
numbers right-aligned and blank cells blank.

Fonts are set by name with the East Asian attribute (``w:eastAsia``) so Word and WPS use them for
Chinese text; a machine without them substitutes its own.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from assistant.export.document import blocks
from assistant.export.layout import Grid, placed, table_grids
from assistant.report import Report

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TITLE_PT, BODY_PT, TABLE_PT, T4_PT = 22, 16, 10, 9  # 二号, 三号, 五号 and a little smaller
LINE_PT = 28  # fixed line spacing of 公文 body text
# GB/T 9704 公文 page: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = 210 - 28 - 26
# Column widths (mm) per table: label columns wide enough for the printed labels.
COLUMN_MM = {"t2": (50, 35, 35, 36), "t3": (13, 13, 39) + (13,) * 7, "t4": (10.4,) * 15}


def _set_font(target: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Font of a run or a style, the East Asian slot included."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = name
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold
    rfonts = target._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), name)


def add_paragraph(doc: Any, text: str, font: str, size: float, *, center: bool = False, indent: bool = True,
               bold: bool = False) -> None:
    from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(LINE_PT, size * 1.4))
    fmt.space_before = fmt.space_after = Pt(0)
    if center:
        p.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size * 2)
    _set_font(p.add_run(text), font, size, bold)


def _table(doc: Any, grid: Grid, size: float, widths_mm: tuple[float, ...]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.shared import Mm, Pt

    cells = placed(grid)
    height = len(grid)
    width = max(c + cell.cs for _, c, cell in cells)
    table = doc.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    flat = table._cells  # fetched once: ``table.cell`` rescans the table on every call
    if len(widths_mm) == width:
        for i, column in enumerate(table.columns):
            column.width = Mm(widths_mm[i])
        for i, box in enumerate(flat):
            box.width = Mm(widths_mm[i % width])
    for r, c, cell in cells:
        box = flat[r * width + c]
        if cell.rs > 1 or cell.cs > 1:
            box = box.merge(flat[(r + cell.rs - 1) * width + c + cell.cs - 1])
        box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = box.paragraphs[0]
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT if cell.number else (
            WD_PARAGRAPH_ALIGNMENT.CENTER if cell.header and len(cell.text) <= 12 else WD_PARAGRAPH_ALIGNMENT.LEFT)
        if cell.text:
            _set_font(p.add_run(cell.text), BODY_FONT, size)


def set_page(doc: Any) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _set_font(doc.styles["Normal"], BODY_FONT, BODY_PT)


def export_docx(report: Report) -> bytes:
    """The report as a .docx file (bytes). Deterministic: the same report gives the same bytes."""
    import docx

    doc = docx.Document()
    set_page(doc)
    items = blocks(report)
    props = doc.core_properties
    props.author = props.last_modified_by = report.agency or ""
    props.title = items[0].text
    stamp = datetime(report.year + 1 if report.year else 2000, 1, 1)
    props.created = props.modified = stamp
    props.revision = 1
    grids = table_grids(report)
    for block in items:
        if block.kind == "title":
            add_paragraph(doc, block.text, TITLE_FONT, TITLE_PT, center=True)
        elif block.kind == "h":
            add_paragraph(doc, block.text, HEADING_FONT, BODY_PT)
        elif block.kind == "p":
            add_paragraph(doc, block.text, BODY_FONT, BODY_PT)
        else:
            _table(doc, grids[block.text], T4_PT if block.text == "t4" else TABLE_PT, COLUMN_MM[block.text])
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip_dates(buf.getvalue(), stamp)


def fixed_zip_dates(data: bytes, stamp: datetime) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
