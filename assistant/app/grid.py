"""The tables page: tables 二/三/四 of a report year as editable grids laid out like the national
format, each cell marked (from the notes, derived, missing, disagreeing, with a finding, edited),
and the checker's findings grouped by the table and cells they name.

``TablesState`` is what the page keeps and the store saves; every edit goes through ``edit`` and
the findings are refreshed by ``refresh`` (the table-only checker). Blank is not zero: an emptied
cell is ``None`` and stays ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.errors import NianbaoError
from assistant.extract import ExtractionResult, Flag
from assistant.findings import Finding, Severity
from assistant.formats import (
    TABLE_IDS,
    BlockSpec,
    FormatId,
    TableSpec,
    ValueKind,
    format_for_year,
    get_format,
    label_of,
)
from assistant.summaries import FindingLine, finding_line, row_name

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

Number = int | float



class Mark(StrEnum):
    NOTES = "notes"  # read in the notes
    DERIVED = "derived"  # computed from the sums the format prints
    MODEL = "model"  # only the model gave it
    EDITED = "edited"  # typed in by the clerk
    MISSING = "missing"  # nothing supports it: blank
    DISAGREE = "disagree"  # rules and model (or two places in the notes) disagree
    FINDING = "finding"  # named by a checker error or warning


MARK_NAMES: dict[Mark, str] = {
    Mark.NOTES: "笔记原文",
    Mark.DERIVED: "由合计推算",
    Mark.MODEL: "仅模型给出，待核对",
    Mark.EDITED: "手工填写",
    Mark.MISSING: "缺失（保持空白）",
    Mark.DISAGREE: "来源不一致，待核对",
    Mark.FINDING: "有核查发现",
}
MARK_SYMBOLS: dict[Mark, str] = {
    Mark.NOTES: "", Mark.DERIVED: "＊", Mark.MODEL: "模", Mark.EDITED: "✎",
    Mark.MISSING: "", Mark.DISAGREE: "⚑", Mark.FINDING: "✗",
}
MARK_COLORS: dict[Mark, str] = {
    Mark.NOTES: "#ffffff", Mark.DERIVED: "#dbeafe", Mark.MODEL: "#ede9fe", Mark.EDITED: "#dcfce7",
    Mark.MISSING: "#f3f4f6", Mark.DISAGREE: "#fed7aa", Mark.FINDING: "#fecaca",
}


class TablesState(BaseModel):
    """This year's tables as the clerk is making them."""

    year: int
    format: str
    agency: str | None = None
    cells: dict[str, Number | None]
    sources: dict[str, str] = Field(default_factory=dict)  # rule / model / both / derived / edited
    evidence: dict[str, str] = Field(default_factory=dict)  # key → the snippet of the notes it was read in
    flags: list[Flag] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # the extractor's remarks (offline, model errors)

    @classmethod
    def from_draft(cls, draft: ExtractionResult) -> TablesState:
        return cls(year=draft.year, format=draft.format, agency=draft.agency, cells=dict(draft.cells),
                   sources=dict(draft.sources),
                   evidence={k: e.text for k, e in draft.evidence.items()}, flags=list(draft.flags), findings=list(draft.findings),
                   notes=list(draft.notes))

    @classmethod
    def empty(cls, year: int) -> TablesState:
        fmt = table_format(year)
        state = cls(year=year, format=fmt.value, cells=dict.fromkeys(_keys(fmt)))
        return refresh(state)

    def to_canonical(self) -> dict[str, Any]:
        return {"agency": self.agency, "year": self.year, "format": self.format, "cells": dict(self.cells)}


def table_format(year: int) -> FormatId:
    fmt = format_for_year(year)
    if fmt == FormatId.LEGACY:
        raise NianbaoError("2018 年及以前的旧格式年报没有统计表，无法填表")
    return fmt


def _keys(fmt: FormatId | str) -> list[str]:
    return get_format(fmt).cell_keys()


def fill_from_notes(notes: str, year: int, *, settings=None) -> TablesState:
    """Notes (prose or a spreadsheet copy) → the tables of ``year``, checked. With a model in
    ``settings`` the rules and the model both read the notes (``assistant.extract``); without,
    the rules alone (offline)."""
    from assistant.extract import extract

    if not notes.strip():
        raise NianbaoError("笔记是空的：请粘贴材料或上传文件")
    offline = settings is None or not settings.model_configured
    # extract() builds the chat model from ``settings``; a broken configuration falls back to the rules.
    return TablesState.from_draft(extract(notes, year, offline=offline, settings=settings))


def refresh(state: TablesState) -> TablesState:
    """Run the table checker over the current cells."""
    from assistant.checker import check_cells

    state.findings = list(check_cells(dict(state.cells), state.year, state.format).findings)
    return state


def coerce(key: str, value: Any) -> Number | None:
    """A grid value as a cell value: NaN/NA/"" → None; counts are non-negative integers."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, float) and math.isnan(value):
            return None
        number = float(value)
    except (TypeError, ValueError):
        raise NianbaoError(f"不是数字：{value}", where=label_of(key)) from None
    if math.isnan(number):
        return None
    kind = column_kind(key)
    if kind == ValueKind.AMOUNT_WAN:
        return number
    if number != int(number):
        raise NianbaoError(f"应为整数：{value}", where=label_of(key))
    if kind == ValueKind.COUNT and number < 0:
        raise NianbaoError(f"件数不能为负数：{value}", where=label_of(key))
    return int(number)


def column_kind(key: str) -> ValueKind:
    from assistant.formats import value_kind

    return value_kind(key)


def edit(state: TablesState, changes: Mapping[str, Any]) -> TablesState:
    """Apply the clerk's edits (key → value; None empties a cell), then refresh the findings."""
    changed = False
    for key, raw in changes.items():
        if key not in state.cells:
            raise NianbaoError("不是本年度格式中的单元格", where=key)
        value = coerce(key, raw)
        if value == state.cells[key] and (value is None) == (state.cells[key] is None):
            continue
        state.cells[key] = value
        if value is None:
            state.sources.pop(key, None)
        else:
            state.sources[key] = "edited"
        state.flags = [f for f in state.flags if f.key != key]
        state.evidence.pop(key, None)
        changed = True
    return refresh(state) if changed else state


# -- layout -------------------------------------------------------------------------------

def tables(state: TablesState) -> tuple[TableSpec, ...]:
    return get_format(state.format).tables


def block_title(table: TableSpec, block: BlockSpec) -> str:
    return block.label or table.title


def block_keys(table: TableSpec, block: BlockSpec) -> list[list[str]]:
    return [[f"{table.id}.{r.key}.{c.key}" for c in block.columns] for r in block.rows]


def block_frame(state: TablesState, table: TableSpec, block: BlockSpec) -> pd.DataFrame:
    """A block as its editor shows it (:func:`editor`), blank cells as <NA>."""
    import pandas as pd

    ed = editor(table, block)
    data: dict[str, Any] = {}
    for j, (label, kind) in enumerate(zip(ed.columns, ed.kinds)):
        values = [state.cells.get(row[j]) for row in ed.keys]
        data[label] = pd.array(values, dtype="Float64" if kind == ValueKind.AMOUNT_WAN else "Int64")
    return pd.DataFrame(data, index=ed.index)


def frame_changes(state: TablesState, table: TableSpec, block: BlockSpec, frame: pd.DataFrame) -> dict[str, Any]:
    """The cells whose value in ``frame`` differs from ``state`` (key → new value or None)."""
    out: dict[str, Any] = {}
    for i, row in enumerate(editor(table, block).keys):
        for j, key in enumerate(row):
            raw = frame.iat[i, j]
            try:
                new = coerce(key, None if _is_na(raw) else raw)
            except NianbaoError:
                new = raw  # edit() reports it with the cell's name
            old = state.cells.get(key)
            if (new is None) != (old is None) or (new is not None and new != old):
                out[key] = new
    return out


def _is_na(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def marks(state: TablesState) -> dict[str, Mark]:
    """Each cell's mark; a disagreement outranks a finding, which outranks where a value came from."""
    out: dict[str, Mark] = {}
    named = {k for f in state.findings if f.severity != Severity.INFO for k in f.cells}
    flagged = {f.key: f.kind for f in state.flags}
    for key, value in state.cells.items():
        if flagged.get(key) in ("disagree", "conflict"):
            out[key] = Mark.DISAGREE
        elif key in named and value is not None:
            out[key] = Mark.FINDING
        elif value is None:
            out[key] = Mark.MISSING
        else:
            source = state.sources.get(key, "rule")
            out[key] = {"derived": Mark.DERIVED, "model": Mark.MODEL, "edited": Mark.EDITED}.get(source, Mark.NOTES)
            if flagged.get(key) == "model_only":
                out[key] = Mark.MODEL
    return out


def marked_frame(state: TablesState, table: TableSpec, block: BlockSpec) -> Styler:
    """The block as text with each cell's symbol and colour (read-only view beside the editor)."""
    import pandas as pd

    m = marks(state)
    ed = editor(table, block)
    keys = ed.keys
    text = [[_shown(state.cells.get(k), m[k]) for k in row] for row in keys]
    frame = pd.DataFrame(text, index=ed.index, columns=ed.columns)
    colours = pd.DataFrame([[f"background-color: {MARK_COLORS[m[k]]}" for k in row] for row in keys],
                           index=frame.index, columns=frame.columns)
    return frame.style.apply(lambda _: colours, axis=None)


def _shown(value: Number | None, mark: Mark) -> str:
    if value is None:
        return "缺" if mark == Mark.MISSING else ""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    symbol = MARK_SYMBOLS[mark]
    return f"{text} {symbol}" if symbol else text


def mark_counts(state: TablesState, table_id: str) -> dict[Mark, int]:
    counts: dict[Mark, int] = {}
    for key, mark in marks(state).items():
        if key.startswith(table_id + "."):
            counts[mark] = counts.get(mark, 0) + 1
    return counts


# -- findings -----------------------------------------------------------------------------

def findings_by_table(findings: list[Finding]) -> dict[str, list[FindingLine]]:
    """Findings grouped under the tables whose cells they name ("other" for none)."""
    out: dict[str, list[FindingLine]] = {}
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for f in sorted(findings, key=lambda f: order[f.severity]):
        tables_named = sorted({k.split(".")[0] for k in f.cells if k.split(".")[0] in TABLE_IDS}) or ["other"]
        for t in tables_named:
            out.setdefault(t, []).append(finding_line(f))
    return out


def filled_lines(state: TablesState, table_id: str) -> list[str]:
    """One line per filled cell of a table: label, value, where it came from."""
    m = marks(state)
    out = []
    for key, value in state.cells.items():
        if value is None or not key.startswith(table_id + "."):
            continue
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        line = f"{label_of(key)} = **{shown}**（{MARK_NAMES[m[key]]}）"
        if key in state.evidence:
            line += f"　笔记：「{state.evidence[key]}」"
        out.append(line)
    return out


def flag_lines(state: TablesState, table_id: str) -> list[str]:
    return [f"⚑ {label_of(f.key)}：{f.reason}" for f in state.flags if f.key.startswith(table_id + ".")]


# -- the national header above an editor ---------------------------------------------------

# Under a merged header the editor's columns have these widths, and so do the header's: table 三
# (row labels and seven columns) then fits the page's left column at 1440 px.
INDEX_PX = 220  # the editor's row-label column, and the header's first column
NUMBER_PX = 64  # each value column
INDEX_HEAD = "项目"


class Editor(BaseModel):
    """How one block is laid out in its editable grid: row labels, column labels (with their value
    kinds) and the cell key at each place. Table 四 is shown as the national table groups it
    across: 行政复议 and 行政诉讼's two columns side by side, the results down."""

    index: list[str]
    columns: list[str]
    kinds: list[ValueKind]
    keys: list[list[str]]


def editor(table: TableSpec, block: BlockSpec) -> Editor:
    keys = block_keys(table, block)
    if table.id == "t4":
        return Editor(index=[c.label for c in block.columns], columns=[r.label for r in block.rows],
                      kinds=[column_kind(k) for k in keys[0]], keys=[list(col) for col in zip(*keys)])
    return Editor(index=[row_name(r) for r in block.rows], columns=[c.label for c in block.columns],
                  kinds=[c.kind for c in block.columns], keys=keys)


def header_grid(state: TablesState, table: TableSpec, block: BlockSpec):
    """The national table's merged header over the editor's columns (``None`` where the format
    prints the editor's column labels flat: table 二), from :mod:`assistant.export.layout`."""
    from assistant.export.layout import GridCell, t3_grid, t4_grid
    from assistant.report import Report

    report = Report(year=state.year, format=FormatId(state.format))
    if table.id == "t3":
        rows = t3_grid(report, FormatId(state.format))[:3]
        return [[GridCell(INDEX_HEAD, rs=3, header=True)] + rows[0][1:], *rows[1:]]
    if table.id == "t4":
        top, middle = t4_grid(report)[:2]
        review, suits = top
        return [[GridCell(INDEX_HEAD, rs=2, header=True), GridCell(review.text, rs=2, header=True),
                 GridCell(suits.text, cs=2, header=True)],
                [GridCell(c.text, header=True) for c in middle[len(middle) - 2:]]]
    return None


def header_html(state: TablesState, table: TableSpec, block: BlockSpec) -> str:
    """The merged header as an HTML table, its columns as wide as the editor's ("" for none)."""
    from html import escape

    header = header_grid(state, table, block)
    if header is None:
        return ""
    n_cols = len(editor(table, block).columns)
    cols = f'<col style="width:{INDEX_PX}px">' + f'<col style="width:{NUMBER_PX}px">' * n_cols
    body = "".join(
        "<tr>" + "".join(
            f'<th{f" rowspan={c.rs}" if c.rs > 1 else ""}{f" colspan={c.cs}" if c.cs > 1 else ""}>{escape(c.text)}</th>'
            for c in row) + "</tr>"
        for row in header)
    width = INDEX_PX + NUMBER_PX * n_cols
    return (f"<style>{_HEAD_CSS}</style>"
            f'<table class="nianbao-head" style="width:{width}px"><colgroup>{cols}</colgroup>{body}</table>')


_HEAD_CSS = (".nianbao-head{table-layout:fixed;border-collapse:collapse;font-size:0.85rem;margin:0}"
             ".nianbao-head th{border:1px solid #d5d7de;background:#f6f7f9;font-weight:600;text-align:center;"
             "padding:2px 4px;line-height:1.3}")
