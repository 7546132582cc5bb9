"""Chinese summaries of what the core produced: a parsed report, a check result, an extraction result.

Pure functions from the core's models to plain Chinese lines and small pydantic structures; the CLI
and the web app render them (colours, tables, widgets) and add nothing but layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.extract.result import ExtractionResult
from assistant.findings import CheckResult, Finding, Severity
from assistant.formats import (
    FORMAT_NAMES,
    FORMAT_SHORT_NAMES,
    TABLE_IDS,
    FormatId,
    RowSpec,
    column_of,
    get_format,
    is_known_key,
    label_of,
    row_of,
    table_name,
)
from assistant.report import ORGAN_KIND_NAMES, Report

__all__ = [
    "CellMark", "CheckSummary", "ExtractionSummary", "FindingLine", "TableRow", "TableSummary", "Unassessed",
    "check_json", "check_summary", "extraction_summary", "finding_line", "report_summary", "row_name",
]

MAX_PER_RULE = 5  # findings of one rule shown in a summary; the JSON lists every finding
MAX_CELLS = 4  # cells named per finding


# --- a parsed report ----------------------------------------------------------------------------


def report_summary(report: Report) -> list[str]:
    """What the parser found: organ, year, format, sections, cell counts, parser notes."""
    out = [
        f"机关：{report.agency or '未识别'}（{ORGAN_KIND_NAMES[report.kind]}）",
        f"年度：{report.year or '未识别'}",
        f"格式：{FORMAT_NAMES[report.format]}",
        "章节：" + ("；".join(f"{s.number}、{s.heading}" for s in report.sections) or "未识别"),
    ]
    if report.format != FormatId.LEGACY:
        canon = report.canonical_cells()
        filled = sum(v is not None for v in canon.values())
        ambiguous = report.ambiguous_cells()
        blank = len(canon) - filled - sum(1 for k in ambiguous if k in canon)
        out.append(f"表格单元格：共 {len(canon)} 个，已填 {filled}，空白 {blank}，存疑 {len(ambiguous)}")
        extra = sorted(set(report.cells) - set(canon))
        if extra:
            example = label_of(extra[0]) if is_known_key(extra[0]) else "无法对应到格式的单元格"
            out.append(f"另有 {len(extra)} 个单元格属于另一版格式（如 {example}）")
    out.extend(f"说明：{note}" for note in report.notes)
    return out


# --- a check result -----------------------------------------------------------------------------


class FindingLine(BaseModel):
    """One finding as a user reads it."""

    severity: Severity
    severity_name: str  # 错误 / 警告 / 提示
    rule: str
    message: str
    cells: str | None = None  # 「本年新收…、…」 等 n 个
    line: int | None = None  # line of the report text


class Unassessed(BaseModel):
    """Rules not assessable for one and the same reason."""

    rules: list[str]
    reason: str  # Chinese


class CheckSummary(BaseModel):
    title: str  # 机关 年度
    counts: str  # 错误 n 项，警告 n 项，无法评估的规则 n 条
    findings: list[FindingLine] = Field(default_factory=list)  # at most MAX_PER_RULE per rule, no 提示
    hidden: dict[str, int] = Field(default_factory=dict)  # rule → findings not listed
    not_assessable: list[str] = Field(default_factory=list)  # rule ids
    unassessed: list[Unassessed] = Field(default_factory=list)  # the same rules, grouped by reason


def finding_line(finding: Finding) -> FindingLine:
    cells = None
    if finding.cells:
        shown = "、".join(label_of(k) if is_known_key(k) else f"格式中没有的单元格「{k}」"
                         for k in finding.cells[:MAX_CELLS])
        more = f" 等 {len(finding.cells)} 个" if len(finding.cells) > MAX_CELLS else ""
        cells = shown + more
    return FindingLine(
        severity=finding.severity, severity_name=finding.severity.label, rule=finding.rule,
        message=finding.message, cells=cells, line=finding.span.line if finding.span else None,
    )


def check_summary(report: Report, result: CheckResult, max_per_rule: int = MAX_PER_RULE) -> CheckSummary:
    """Counts, then errors and warnings (at most ``max_per_rule`` of each rule), then the rules not assessable."""
    summary = CheckSummary(
        title=f"{report.agency or '机关未识别'} {report.year or '年度未识别'} 年度",
        counts=f"错误 {len(result.errors)} 项，警告 {len(result.warnings)} 项，无法评估的规则 {len(result.not_assessable)} 条",
        not_assessable=[n.rule for n in result.not_assessable],
    )
    groups: dict[str, list[str]] = {}
    for n in result.not_assessable:
        groups.setdefault(n.reason, []).append(n.rule)
    summary.unassessed = [Unassessed(rules=rules, reason=reason) for reason, rules in groups.items()]
    per_rule: dict[str, int] = {}
    for f in result.findings:
        if f.severity == Severity.INFO:
            continue
        per_rule[f.rule] = per_rule.get(f.rule, 0) + 1
        if per_rule[f.rule] <= max_per_rule:
            summary.findings.append(finding_line(f))
    summary.hidden = {rule: n - max_per_rule for rule, n in per_rule.items() if n > max_per_rule}
    return summary


def check_json(path: Path | str, result: CheckResult) -> dict[str, Any]:
    """The machine-readable result of checking one file."""
    return {
        "file": str(path),
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "not_assessable": [n.model_dump(mode="json") for n in result.not_assessable],
    }


# --- an extraction result -----------------------------------------------------------------------


class CellMark(BaseModel):
    """A filled cell as shown: its value and where it came from."""

    key: str
    text: str  # the value as printed; "" when blank
    derived: bool = False  # computed from sums the notes state
    model_only: bool = False  # only the model read it
    flagged: bool = False  # the clerk must look at it
    evidence: str | None = None  # the snippet of the notes it was read from


class TableRow(BaseModel):
    name: str
    cells: list[CellMark]


class TableSummary(BaseModel):
    id: str  # t2 / t3 / t4
    title: str  # 表三（收到和处理政府信息公开申请情况）
    filled: int
    total: int
    columns: list[str] = Field(default_factory=list)  # grid tables (三、四): the column labels
    rows: list[TableRow] = Field(default_factory=list)  # grid: rows with a value; 表二: one row per filled cell


class ExtractionSummary(BaseModel):
    heading: str  # 2023 年度 · 2021 年格式
    notes: list[str] = Field(default_factory=list)
    model_line: str | None = None
    tables: list[TableSummary] = Field(default_factory=list)
    missing: int = 0
    missing_lines: list[str] = Field(default_factory=list)  # 表三：（一）予以公开（整行）；…
    flags: list[str] = Field(default_factory=list)
    findings: list[FindingLine] = Field(default_factory=list)


def row_name(row: RowSpec) -> str:
    """A short printed name: ``（三）不予公开·1.属于国家秘密``, ``（一）予以公开``, ``行政诉讼·复议后起诉``."""
    if row.group and (row.label[:1].isdigit() or row.group == "行政诉讼"):
        return f"{row.group}·{row.label}"
    return row.label


def _mark(result: ExtractionResult, key: str, flagged: set[str]) -> CellMark:
    value = result.cells[key]
    ev = result.evidence.get(key)
    return CellMark(
        key=key, text="" if value is None else str(value),
        derived=value is not None and result.sources.get(key) == "derived",
        model_only=value is not None and result.sources.get(key) == "model",
        flagged=value is not None and key in flagged, evidence=ev.text if ev else None,
    )


def _missing_lines(result: ExtractionResult, max_rows: int) -> list[str]:
    by_row: dict[tuple[str, str], list[str]] = {}
    for key in result.missing:
        table_id, row_key, _ = key.split(".")
        by_row.setdefault((table_id, row_key), []).append(column_of(key).label)
    lines: list[str] = []
    for table_id in TABLE_IDS:
        rows = [(r, cols) for (t, r), cols in by_row.items() if t == table_id]
        if not rows:
            continue
        shown = []
        for row_key, cols in rows[:max_rows]:
            width = sum(1 for k in result.cells if k.startswith(f"{table_id}.{row_key}."))
            which = "整行" if len(cols) == width else "、".join(cols)
            shown.append(f"{row_name(row_of(f'{table_id}.{row_key}.x'))}（{which}）")
        more = f" 等 {len(rows)} 行" if len(rows) > max_rows else ""
        lines.append(f"{table_name(table_id)}：{'；'.join(shown)}{more}")
    return lines


def extraction_summary(result: ExtractionResult, max_missing_rows: int = 8) -> ExtractionSummary:
    """Filled cells per table (表二 as a list, 三/四 as grids), missing cells by row, flags, findings."""
    flagged = {f.key for f in result.flags}
    spec = get_format(result.format)
    out = ExtractionSummary(
        heading=f"{result.year} 年度 · {FORMAT_SHORT_NAMES[FormatId(result.format)]}格式",
        notes=list(result.notes),
        model_line=f"模型调用 {result.model_calls} 次，尝试 {len(result.attempts)} 轮。" if result.mode == "model" else None,
        missing=len(result.missing),
        missing_lines=_missing_lines(result, max_missing_rows),
        flags=[f"{label_of(f.key)}：{f.reason}" for f in result.flags],
        findings=[finding_line(f) for f in result.findings],
    )
    for table_id in TABLE_IDS:
        keys = [k for k in result.cells if k.startswith(table_id + ".")]
        filled = [k for k in keys if result.cells[k] is not None]
        table = TableSummary(id=table_id, title=table_name(table_id, title=True), filled=len(filled), total=len(keys))
        if table_id == "t2":
            table.rows = [TableRow(name=label_of(k), cells=[_mark(result, k, flagged)]) for k in filled]
        elif filled:
            block = spec.table(table_id).blocks[0]
            table.columns = [c.label for c in block.columns]
            for row in block.rows:
                row_keys = [f"{table_id}.{row.key}.{c.key}" for c in block.columns]
                if any(result.cells.get(k) is not None for k in row_keys):
                    table.rows.append(TableRow(name=row_name(row), cells=[_mark(result, k, flagged) for k in row_keys]))
        out.tables.append(table)
    return out
