"""Metamorphic layouts: any gold-labelled report rendered in each layout family real reports arrive in.

A report is given by its canonical cells, organ, year and format (a gold file). ``document``
builds the national format's tables from them — merged header cells as printed — with a short
report text around them; each renderer prints that document the way one family does:

- ``crawler``: a web page saved as text by a crawler — header block, then everything on one line,
  table cells run together (digits space-separated, or run together where the row's own total
  leaves one way to split them);
- ``markdown``: converter Markdown with quirks drawn at seeded random (tables cut into one table
  per row under generic headers, header cells broken across rows, ``-``/``—``/``/`` placeholders,
  table 四 flattened to one row, page footers inside paragraphs and tables, tables titled 表一…,
  section 四 placed before 三);
- ``docx``: a Word file with merged header cells (gridSpan/vMerge), table 二 inside a frame table;
- ``pdf``: a PDF with ruled tables (PyMuPDF Story from the document's HTML).

Every rendering must parse back to the same cells, organ, year and format.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.formats import (
    SECTION_HEADINGS,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_ROWS,
    FormatId,
    get_format,
)
from assistant.parse.digits import split_runs
from assistant.testing.render import C, Grid, expand, placements

__all__ = ["LAYOUTS", "Document", "GridCell", "Table", "document", "render"]


@dataclass(frozen=True)
class GridCell(C):
    """A printed cell (``render.C``: text, row span, column span) that may be a header cell."""

    header: bool = False


def _header(cell: C) -> bool:
    return isinstance(cell, GridCell) and cell.header


@dataclass
class Table:
    table_id: str  # t2 / t3 / t4
    title: str  # printed above the table (第二十条第（一）项), may be ""
    rows: Grid
    values_from: int = 0  # index of the first data row


@dataclass
class Document:
    title: str
    preamble: str
    sections: list[tuple[str, str, list[str]]]  # number, heading, paragraphs
    tables: dict[str, list[Table]] = field(default_factory=dict)  # section number → tables
    signature: tuple[str, str] = ("", "")
    year: int = 0


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".") if not v.is_integer() else f"{v:.2f}"
    return str(v)


def _t2(cells: dict[str, Any], fmt: FormatId) -> list[Table]:
    out = []
    for block in get_format(fmt).table("t2").blocks:
        head: list[C] = [GridCell("信息内容", header=True), *(GridCell(c.label, header=True) for c in block.columns)]
        rows: Grid = [head]
        for r in block.rows:
            rows.append([GridCell(r.label), *(GridCell(_fmt(cells.get(f"t2.{r.key}.{c.key}"))) for c in block.columns)])
        out.append(Table("t2", block.label, rows, 1))
    return out


def _t3(cells: dict[str, Any], fmt: FormatId) -> Table:
    specs = get_format(fmt).table("t3").blocks[0].rows
    rows: Grid = [
        [GridCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, True), GridCell("申请人情况", 1, 7, True)],
        [GridCell("自然人", 2, 1, True), GridCell("法人或其他组织", 1, 5, True), GridCell("总计", 2, 1, True)],
        [GridCell(c.label, header=True) for c in T3_COLUMNS[1:-1]],
    ]
    result = "三、本年度办理结果"
    n_result = sum(1 for r in specs if r.group is not None)
    seen: set[str] = set()
    for r in specs:
        vals: list[C] = [GridCell(_fmt(cells.get(f"t3.{r.key}.{c.key}"))) for c in T3_COLUMNS]
        lead: list[C] = []
        if r.group is None:
            lead = [GridCell(r.label, 1, 3)]
        else:
            if result not in seen:
                seen.add(result)
                lead.append(GridCell(result, n_result, 1))
            if r.group == result:
                lead.append(GridCell(r.label, 1, 2))
            else:
                if r.group not in seen:
                    seen.add(r.group)
                    lead.append(GridCell(r.group, sum(1 for x in specs if x.group == r.group), 1))
                lead.append(GridCell(r.label))
        rows.append(lead + vals)
    return Table("t3", "", rows, 3)


def _t4(cells: dict[str, Any]) -> Table:
    rows: Grid = [
        [GridCell("行政复议", 1, 5, True), GridCell("行政诉讼", 1, 10, True)],
        [*(GridCell(c.label, 2, 1, True) for c in T4_COLUMNS), GridCell("未经复议直接起诉", 1, 5, True), GridCell("复议后起诉", 1, 5, True)],
        [GridCell(c.label, header=True) for _ in range(2) for c in T4_COLUMNS],
        [GridCell(_fmt(cells.get(f"t4.{r.key}.{c.key}"))) for r in T4_ROWS for c in T4_COLUMNS],
    ]
    return Table("t4", "", rows, 3)


_FILLER = {
    "一": ["本年度，{organ}认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。",
           "（一）主动公开。通过政府网站及时发布各类政府信息。", "（二）依申请公开。规范办理流程，按期答复。",
           "（三）政府信息管理。落实发布审核制度。", "（四）平台建设。加强政府网站与政务新媒体管理。",
           "（五）监督保障。将政务公开纳入年度考核。"],
    "五": ["主要问题是政策解读形式不够丰富。下一步将加强培训，提升公开质量。"],
    "六": ["本年度未收取信息处理费。"],
}


def document(gold: dict[str, Any]) -> Document:
    """The report of a gold file as a document: its organ, year, format and every cell."""
    organ, year = gold.get("agency") or "某县人民政府", int(gold.get("year") or 2021)
    fmt = FormatId(str(gold.get("format") or "2021"))
    cells = gold.get("cells") or {}
    sections = []
    for number, heading in SECTION_HEADINGS.items():
        paras = [p.format(organ=organ) for p in _FILLER.get(number, [])]
        sections.append((number, heading, paras))
    doc = Document(
        title=f"{organ}{year}年政府信息公开工作年度报告",
        preamble=(f"本报告依据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至"
                  f"{year}年12月31日止。"),
        sections=sections,
        signature=(organ, f"{year + 1}年1月20日"),
        year=year,
    )
    if fmt != FormatId.LEGACY:
        doc.tables = {"二": _t2(cells, fmt), "三": [_t3(cells, fmt)], "四": [_t4(cells)]}
    return doc


# --- grids ------------------------------------------------------------------------------------


def _grid(table: Table) -> list[list[str]]:
    """The table on its full grid: a merged cell's text at its top-left, "" where it spans."""
    return expand(table.rows)


def _is_number(s: str) -> bool:
    return s.replace(".", "", 1).lstrip("+-").isdigit()


# --- crawler ----------------------------------------------------------------------------------


def _run_together_ok(values: list[str], group: int | None) -> bool:
    """Digits may be printed run together only where the row itself leaves one way to split them."""
    if not values or not all(v.isdigit() for v in values):
        return False
    splits = split_runs(["".join(values)], len(values), group)
    return splits is not None and len(splits) == 1


def _crawler_table(table: Table, rng: random.Random) -> str:
    out = [table.title] if table.title else []
    for r, row in enumerate(table.rows):
        texts = [c.text for c in row if c.text and not _is_number(c.text)]
        nums = [c.text for c in row if _is_number(c.text)]
        if table.table_id == "t4" and r >= table.values_from:
            full = [c.text or "-" for c in row]
            out.append("".join(nums) if nums == full and _run_together_ok(nums, 5) and rng.random() < 0.5 else " ".join(full))
            continue
        blank = any(not c.text for c in row if not _header(c)) and r >= table.values_from
        group = 7 if table.table_id == "t3" else None
        if blank or not nums:
            joined = " ".join(c.text or "-" for c in row[len(texts):]) if r >= table.values_from else ""
        elif _run_together_ok(nums, group) and rng.random() < 0.6:
            joined = "".join(nums)
        else:
            joined = " ".join(nums)
        out.append("".join(texts) + (" " if joined else "") + joined)
    return "".join(out)


def render_crawler(doc: Document, rng: random.Random) -> bytes:
    body: list[str] = [f"当前位置：首页 政务公开 {doc.title} 来源：{doc.signature[0]}", doc.preamble]
    for number, heading, paras in doc.sections:
        body.append(f"{number}、{heading}")
        body.extend(paras)
        body.extend(_crawler_table(t, rng) for t in doc.tables.get(number, []))
    body.append(doc.signature[0] + doc.signature[1])
    head = [
        f"标题: {doc.title}",
        f"发布时间: {doc.year + 1}-01-20 10:00",
        "文号: ",
        f"发布机构: {doc.signature[0] if rng.random() < 0.5 else ''}",
        "栏目: 政府信息公开年报",
        "原文链接: https://www.example.gov.cn/zwgk/nb/index.htm",
        "==================== 正文 ====================",
    ]
    return ("\n".join(head) + "\n" + "".join(body) + " 附件下载\n").encode("utf-8")


# --- Markdown ---------------------------------------------------------------------------------

_FOOTERS = ("— {n} —", "- {n} -", "第{n}页")
_PLACEHOLDERS = ("-", "—", "/")


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_rule(n: int) -> str:
    return "|" + "---|" * n


def _md_table(table: Table, rng: random.Random, quirks: dict[str, bool]) -> list[str]:
    grid = _grid(table)
    blank = rng.choice(_PLACEHOLDERS)
    width = len(grid[0])
    n_values = sum(1 for c in table.rows[-1] if not _header(c)) if table.table_id == "t4" else (7 if table.table_id == "t3" else width - 1)
    # a placeholder where a value cell is blank; merged label cells stay empty
    body = [[c if c or r < table.values_from or k < width - n_values else blank for k, c in enumerate(row)] for r, row in enumerate(grid)]
    if table.table_id == "t4" and quirks["t4_flat"]:
        return [_md_row(["项目", *(f"数据{i}" for i in range(1, 16))]), _md_rule(16), _md_row(["行政复议行政诉讼", *body[-1]])]
    if table.table_id == "t3" and quirks["t3_per_row"]:
        out: list[str] = []
        wrong_from = len(body) - 3 if quirks["wrong_header"] else len(body)
        for r in range(table.values_from, len(body)):
            label = "".join(dict.fromkeys(c for c in grid[r][:-7] if c)) or " "
            if r < wrong_from or r == wrong_from:
                header = ["类别", *(f"数据{i}" for i in range(1, 7)), "总计"]
                if r == wrong_from and quirks["wrong_header"]:
                    header = ["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度", "总计"]
                out += ["", f"### {label}" if r < wrong_from else "", _md_row(header), _md_rule(8)]
            out.append(_md_row([label, *body[r][-7:]]))
        return out
    head = body[: table.values_from]
    if quirks["broken_header"] and head:
        # a header cell broken across two rows: 商业企业 → 商业企 / 业
        top = [c[:-1] if len(c) >= 4 else c for c in head[-1]]
        rest = [c[-1] if len(c) >= 4 else "" for c in head[-1]]
        head = [*head[:-1], top, rest]
    lines = [_md_row(head[0] if head else body[0]), _md_rule(len(body[0]))]
    lines += [_md_row(h) for h in head[1:]]
    for values in body[table.values_from :]:
        lines.append(_md_row(values))
        if quirks["footers"] and rng.random() < 0.1:
            lines.append(_md_row([rng.choice(_FOOTERS).format(n=rng.randint(2, 9))]))
    return lines


def render_markdown(doc: Document, rng: random.Random) -> bytes:
    quirks = {name: rng.random() < p for name, p in (
        ("t3_per_row", 0.5), ("wrong_header", 0.5), ("broken_header", 0.5), ("t4_flat", 0.5),
        ("footers", 0.7), ("table_titles", 0.3), ("title_hash_split", 0.5), ("out_of_order", 0.3),
    )}
    out = [f"# {doc.title}", ""] if not quirks["title_hash_split"] else [f"# {doc.signature[0]}", f"# {doc.year}年政府信息公开工作年度报告", ""]
    out += [doc.preamble, ""]
    titles = {"二": "表一", "三": "表二", "四": "表三"}
    sections = list(doc.sections)
    if quirks["out_of_order"]:  # the converter put section 四 (and its table) before 三
        i3, i4 = next(i for i, s in enumerate(sections) if s[0] == "三"), next(i for i, s in enumerate(sections) if s[0] == "四")
        sections[i3], sections[i4] = sections[i4], sections[i3]
    for number, heading, paras in sections:
        if quirks["table_titles"] and number in titles:
            out += [f"**{titles[number]} {heading}**", ""]
        else:
            out += [f"## {number}、{heading}", ""]
        for p in paras:
            if quirks["footers"] and len(p) > 12 and rng.random() < 0.3:
                cut = rng.randint(4, len(p) - 4)
                p = p[:cut] + " " + rng.choice(_FOOTERS).format(n=rng.randint(2, 9)) + " " + p[cut:]
            out += [p, ""]
        for t in doc.tables.get(number, []):
            if t.title:
                out += [f"### {t.title}", ""]
            out += _md_table(t, rng, quirks) + [""]
    out += [doc.signature[0], doc.signature[1]]
    return "\n".join(out).encode("utf-8")


# --- Word -------------------------------------------------------------------------------------


def render_docx(doc: Document, rng: random.Random) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(doc.title)
    d.add_paragraph(doc.preamble)
    for number, heading, paras in doc.sections:
        d.add_paragraph(f"{number}、{heading}")
        for p in paras:
            d.add_paragraph(p)
        for t in doc.tables.get(number, []):
            if t.title:
                d.add_paragraph(t.title)
            container = d
            if t.table_id == "t2" and rng.random() < 0.5:  # a table nested in a frame table
                container = d.add_table(rows=1, cols=1).cell(0, 0)
            _docx_table(container, t)
    d.add_paragraph(doc.signature[0])
    d.add_paragraph(doc.signature[1])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_table(container: Any, table: Table) -> None:
    grid = _grid(table)
    width = len(grid[0])
    t = container.add_table(rows=len(grid), cols=width)
    for r, c, cell in placements(table.rows):
        if cell.rs > 1 or cell.cs > 1:
            t.cell(r, c).merge(t.cell(r + cell.rs - 1, c + cell.cs - 1))
        t.cell(r, c).text = cell.text


# --- PDF --------------------------------------------------------------------------------------


def _html(doc: Document) -> str:
    out = [f"<p>{html.escape(doc.title)}</p>", f"<p>{html.escape(doc.preamble)}</p>"]
    for number, heading, paras in doc.sections:
        out.append(f"<p>{number}、{html.escape(heading)}</p>")
        out += [f"<p>{html.escape(p)}</p>" for p in paras]
        for t in doc.tables.get(number, []):
            if t.title:
                out.append(f"<p>{html.escape(t.title)}</p>")
            rows = []
            for row in t.rows:
                tds = "".join(
                    f'<td rowspan="{c.rs}" colspan="{c.cs}">{html.escape(c.text)}</td>' for c in row
                )
                rows.append(f"<tr>{tds}</tr>")
            out.append(f"<table>{''.join(rows)}</table>")
    out += [f"<p>{html.escape(doc.signature[0])}</p>", f"<p>{html.escape(doc.signature[1])}</p>"]
    return "".join(out)


def render_pdf(doc: Document, rng: random.Random) -> bytes:
    from assistant.parse.readers.mupdf import load_pymupdf

    pymupdf = load_pymupdf()

    css = "* {font-family: sans-serif; font-size: 9pt;} td {border: 1px solid black; padding: 1px;} table {border-collapse: collapse;}"
    story = pymupdf.Story(html=_html(doc), user_css=css)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    mediabox = pymupdf.paper_rect("a4")
    where = mediabox + (40, 40, -40, -40)
    more = True
    while more:
        dev = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(dev)
        writer.end_page()
    writer.close()
    return buf.getvalue()


LAYOUTS: dict[str, tuple[str, Callable[[Document, random.Random], bytes]]] = {
    "crawler": (".txt", render_crawler),
    "markdown": (".md", render_markdown),
    "docx": (".docx", render_docx),
    "pdf": (".pdf", render_pdf),
}


def render(gold: dict[str, Any], layout: str, seed: int = 0) -> tuple[bytes, str]:
    """(file bytes, file suffix) of the gold-labelled report in one layout; ``seed`` draws the
    random quirks, so a rendering is reproducible."""
    suffix, fn = LAYOUTS[layout]
    return fn(document(gold), random.Random(f"{layout}:{seed}:{gold.get('agency')}:{gold.get('year')}")), suffix

