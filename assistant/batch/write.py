"""Writing a batch check out: CSV (one row per report), Excel (a second sheet with every finding,
to filter in WPS or Excel) and the 通报 — a Word summary of the problems by organ, the way a
政务公开办 writes back to departments."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from assistant.batch.run import BatchRow
from assistant.findings import Severity

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "文件"), ("organ", "机关"), ("year", "年度"), ("format", "格式"),
    ("new_applications", "本年新收申请"), ("handled_total", "办理结果总计"), ("carried_forward", "结转下年度"),
    ("review_total", "行政复议"), ("suit_total", "行政诉讼"), ("errors", "错误数"), ("warnings", "警告数"),
    ("rules", "涉及规则"), ("copy_ratio", "沿用上年原句比例"), ("previous_file", "上年报告"),
    ("notes", "解析说明"), ("error", "无法读取的原因"),
)
FINDING_COLUMNS = ("文件", "机关", "年度", "规则", "严重程度", "说明", "位置")
SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _cell(row: BatchRow, field: str) -> object:
    value = getattr(row, field)
    if isinstance(value, list):
        return "；".join(value)
    if field == "copy_ratio" and value is not None:
        return round(value, 4)
    return value


def row_values(row: BatchRow) -> list[object]:
    """A row's values in ``COLUMNS`` order (None stays None: blank is not zero)."""
    return [_cell(row, f) for f, _ in COLUMNS]


def _where(row: BatchRow, i: int) -> str:
    f = row.findings[i]
    parts = []
    if f.cells:
        parts.append("、".join(f.cells[:4]) + (" 等" if len(f.cells) > 4 else ""))
    if f.span and f.span.line:
        parts.append(f"第 {f.span.line} 行")
    return "；".join(parts)


def finding_values(rows: Sequence[BatchRow]) -> list[list[object]]:
    """Every finding as (file, organ, year, rule, severity, message, where)."""
    out: list[list[object]] = []
    for row in rows:
        for i, f in enumerate(row.findings):
            out.append([row.file, row.organ, row.year, f.rule, SEVERITY_NAMES[f.severity], f.message, _where(row, i)])
    return out


def write_csv(rows: Sequence[BatchRow], path: Path) -> None:
    """UTF-8 with BOM, so Excel and WPS open the Chinese text correctly."""
    with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([name for _, name in COLUMNS])
        for row in rows:
            w.writerow(["" if v is None else v for v in row_values(row)])


def xlsx_bytes(rows: Sequence[BatchRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheet = wb.active
    sheet.title = "报告"
    sheet.append([name for _, name in COLUMNS])
    for row in rows:
        sheet.append(row_values(row))
    findings = wb.create_sheet("核查发现")
    findings.append(list(FINDING_COLUMNS))
    for values in finding_values(rows):
        findings.append(values)
    for ws in (sheet, findings):
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(rows: Sequence[BatchRow], path: Path) -> None:
    Path(path).write_bytes(xlsx_bytes(rows))


MAX_PER_ORGAN = 20  # findings listed per organ in the 通报; the rest are counted


def notice_docx(rows: Sequence[BatchRow], title: str | None = None, today: date | None = None) -> bytes:
    """The 通报: totals, then each organ with problems (errors first), then unreadable files."""
    from collections import Counter

    import docx

    from assistant.export.word import (
        BODY_FONT,
        BODY_PT,
        HEADING_FONT,
        TITLE_FONT,
        TITLE_PT,
        add_paragraph,
        set_page,
    )

    years = Counter(r.year for r in rows if r.year)
    year_text = f"{years.most_common(1)[0][0]}年度" if years else ""  # the year most reports are of
    title = title or f"关于{year_text}政府信息公开工作年度报告核查情况的通报"
    doc = docx.Document()
    set_page(doc)
    add_paragraph(doc, title, TITLE_FONT, TITLE_PT, center=True)
    read = [r for r in rows if r.error is None]
    with_errors = [r for r in read if r.errors]
    with_warnings = [r for r in read if r.warnings and not r.errors]
    unreadable = [r for r in rows if r.error is not None]
    add_paragraph(doc, (
        f"共核查年度报告 {len(rows)} 份，其中 {len(with_errors)} 份存在错误，{len(with_warnings)} 份仅有需改进的问题，"
        f"{len(read) - len(with_errors) - len(with_warnings)} 份未发现问题，{len(unreadable)} 份无法读取。"
        "现将核查发现的问题通报如下，请各单位对照整改，并在政府信息公开专栏更新年度报告。"
    ), BODY_FONT, BODY_PT)
    from assistant.formats import SECTION_NUMBERS

    numerals = list(SECTION_NUMBERS) + ["七", "八", "九", "十"]

    def heading_no(i: int) -> str:
        return numerals[i] if i < len(numerals) else str(i + 1)

    add_paragraph(doc, "一、存在问题的报告", HEADING_FONT, BODY_PT)
    ordered = sorted(with_errors + with_warnings, key=lambda r: (-r.errors, -r.warnings, r.organ or r.file))
    if not ordered:
        add_paragraph(doc, "本次核查的报告均未发现问题。", BODY_FONT, BODY_PT)
    for i, r in enumerate(ordered, 1):
        name = f"{r.organ or Path(r.file).name}{f'（{r.year} 年度）' if r.year else ''}"
        add_paragraph(doc, f"（{_cn(i)}）{name}：错误 {r.errors} 项，警告 {r.warnings} 项。", BODY_FONT, BODY_PT, bold=True)
        for j, f in enumerate(r.findings[:MAX_PER_ORGAN], 1):
            add_paragraph(doc, f"{j}. [{SEVERITY_NAMES[f.severity]} {f.rule}] {f.message}", BODY_FONT, BODY_PT)
        if len(r.findings) > MAX_PER_ORGAN:
            add_paragraph(doc, f"另有 {len(r.findings) - MAX_PER_ORGAN} 项问题，详见核查明细表。", BODY_FONT, BODY_PT)
    if unreadable:
        add_paragraph(doc, f"{heading_no(1)}、无法读取的文件", HEADING_FONT, BODY_PT)
        for j, r in enumerate(unreadable, 1):
            add_paragraph(doc, f"{j}. {r.file}：{r.error}", BODY_FONT, BODY_PT)
    stamp = today or date.today()
    add_paragraph(doc, f"{stamp.year}年{stamp.month}月{stamp.day}日", BODY_FONT, BODY_PT, indent=False)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _cn(n: int) -> str:
    import cn2an

    return str(cn2an.an2cn(n))


def write_notice_docx(rows: Sequence[BatchRow], path: Path) -> None:
    Path(path).write_bytes(notice_docx(rows))
