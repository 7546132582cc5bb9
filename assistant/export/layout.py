"""The three statistical tables as printed in the national format: merged-cell grids.

One grid definition for every renderer (Word, Markdown, HTML): a grid is a list of rows, a row a
list of :class:`GridCell` placed left to right (cells covered by a merge above are skipped, as in
HTML ``rowspan``). Labels come from ``assistant.formats``; values from the report's cells, with a
blank cell printed blank, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.formats import T3_COLUMNS, T4_COLUMNS, T4_ROWS, FormatId, RowSpec, get_format
from assistant.report import Number, Report

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEAD = "申请人情况"
T3_ORG_HEAD = "法人或其他组织"
T2_CONTENT_HEAD = "信息内容"
T2_WIDTH = 4


@dataclass(frozen=True)
class GridCell:
    text: str
    rs: int = 1
    cs: int = 1
    number: bool = False  # a value cell (right-aligned); its text is "" when blank
    header: bool = False


Grid = list[list[GridCell]]


def format_number(v: Number | None) -> str:
    """A cell value as printed: ``""`` for blank, integers plainly, amounts without float noise."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    return str(v)


def _num(report: Report, key: str, cs: int = 1) -> GridCell:
    return GridCell(format_number(report.value(key)), cs=cs, number=True)


def _head(text: str, rs: int = 1, cs: int = 1) -> GridCell:
    return GridCell(text, rs=rs, cs=cs, header=True)


def table_format(report: Report) -> FormatId:
    """The national format the tables are printed in: the report's, or its year's when legacy."""
    if report.format != FormatId.LEGACY:
        return report.format
    return FormatId.F2021 if (report.year or 2021) >= 2021 else FormatId.F2019


def t2_grid(report: Report, fmt: FormatId) -> Grid:
    rows: Grid = []
    for block in get_format(fmt).table("t2").blocks:
        rows.append([_head(block.label, cs=T2_WIDTH)])
        cols = block.columns
        spans = [1] * len(cols)
        spans[-1] = T2_WIDTH - len(cols)  # the last column fills the block's width
        rows.append([_head(T2_CONTENT_HEAD)] + [_head(c.label, cs=s) for c, s in zip(cols, spans)])
        for r in block.rows:
            rows.append([_head(r.label)] + [_num(report, f"t2.{r.key}.{c.key}", s) for c, s in zip(cols, spans)])
    return rows


def t3_rows(report: Report, fmt: FormatId) -> list[RowSpec]:
    """The format's rows of table 三, with rows of the other format the report printed put in their
    place (a 2021 report printing one （六）其他处理 row keeps it)."""
    own = list(get_format(fmt).table("t3").blocks[0].rows)
    other_fmt = FormatId.F2019 if fmt == FormatId.F2021 else FormatId.F2021
    own_keys = {r.key for r in own}
    printed = {k.split(".")[1] for k in report.cells if k.startswith("t3.")}
    extra = [r for r in get_format(other_fmt).table("t3").blocks[0].rows
             if r.key not in own_keys and r.key in printed]
    if not extra:
        return own
    # Rows of the format the report did not print at all give way to the other format's rows.
    kept = [r for r in own if r.key in printed or not r.key.startswith("other")]
    at = [r.key for r in kept].index("total")
    return kept[:at] + extra + kept[at:]


def t3_grid(report: Report, fmt: FormatId) -> Grid:
    rows: Grid = [
        [_head(T3_NOTE, rs=3, cs=3), _head(T3_APPLICANT_HEAD, cs=7)],
        [_head(T3_COLUMNS[0].label, rs=2), _head(T3_ORG_HEAD, cs=5), _head(T3_COLUMNS[-1].label, rs=2)],
        [_head(c.label) for c in T3_COLUMNS[1:-1]],
    ]
    spec_rows = t3_rows(report, fmt)
    result_group = next(r.group for r in spec_rows if r.key == "granted")
    n_result = sum(1 for r in spec_rows if r.group is not None)
    seen: set[str] = set()
    for r in spec_rows:
        lead: list[GridCell] = []
        if r.group is None:
            lead = [_head(r.label, cs=3)]
        else:
            if result_group not in seen:
                seen.add(result_group or "")
                lead.append(_head(result_group or "", rs=n_result))
            if r.group == result_group:
                lead.append(_head(r.label, cs=2))
            else:
                if r.group not in seen:
                    seen.add(r.group)
                    lead.append(_head(r.group, rs=sum(1 for x in spec_rows if x.group == r.group)))
                lead.append(_head(r.label))
        rows.append(lead + [_num(report, f"t3.{r.key}.{c.key}") for c in T3_COLUMNS])
    return rows


def t4_grid(report: Report) -> Grid:
    review, direct, after = T4_ROWS
    return [
        [_head(review.label, cs=5), _head(direct.group or "", cs=10)],
        [_head(c.label, rs=2) for c in T4_COLUMNS] + [_head(direct.label, cs=5), _head(after.label, cs=5)],
        [_head(c.label) for c in T4_COLUMNS] * 2,
        [_num(report, f"t4.{r.key}.{c.key}") for r in T4_ROWS for c in T4_COLUMNS],
    ]


def table_grids(report: Report) -> dict[str, Grid]:
    """Table id → grid, in the national layout of the report's format (or year)."""
    fmt = table_format(report)
    return {"t2": t2_grid(report, fmt), "t3": t3_grid(report, fmt), "t4": t4_grid(report)}


def expand(grid: Grid) -> list[list[GridCell | None]]:
    """The grid on its full column grid: the cell at its top-left position, None where a merge
    continues."""
    taken: dict[tuple[int, int], GridCell | None] = {}
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken[(r + dr, c + dc)] = cell if (dr, dc) == (0, 0) else None
            c += cell.cs
            width = max(width, c)
    return [[taken.get((r, c)) for c in range(width)] for r in range(len(grid))]


def placed(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """Every cell with its (row, column) on the full grid."""
    out: list[tuple[int, int, GridCell]] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cell.rs) for dc in range(cell.cs))
            out.append((r, c, cell))
            c += cell.cs
    return out
