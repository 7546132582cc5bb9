"""Table 四 (行政复议、行政诉讼): 15 cells, as three labelled rows or one run of values."""

from __future__ import annotations

from assistant.formats import T4_COLUMNS, T4_ROWS, ValueKind, label_of
from assistant.labels import match_column, match_row
from assistant.parse.digits import split_runs
from assistant.parse.tables.rows import (
    Entry,
    Line,
    Tok,
    _best_window,
    _cell,
    _emit,
    _is_value,
    _row_candidates,
    _span,
    _tab_cells,
    split_line,
)
from assistant.report import Cell

__all__ = ["parse_t4"]


def parse_t4(lines: list[Line], notes: list[str]) -> dict[str, Cell]:
    cols = [c.key for c in T4_COLUMNS]
    n = len(T4_ROWS) * len(cols)
    values: list[Tok] = []
    by_row: dict[str, list[Tok]] = {}
    header_cols: set[int] = set()  # grid columns under a printed column header (结果维持 … 总计)
    for line in lines:
        if "\t" in line.text:
            toks = _tab_cells(line)
            texts = [c.raw for c in toks if c.raw and not _is_value(c.raw)]
            nums = [c for c in toks if not c.raw or _is_value(c.raw)]
            if not any(not c.blank for c in nums):
                header_cols.update(i for i, c in enumerate(toks) if c.raw and match_column(c.raw, "t4", "2021"))
                continue
            if not texts and len(toks) > n and len(header_cols) == n and max(header_cols) < len(toks):
                nums = [toks[i] for i in sorted(header_cols)]  # an extra grid column: read under the headers
            printed = [c for c in nums if c.raw]
            if texts and len(printed) < n:
                row = match_row(texts[-1], "t4", "2021")
                if row and len(nums) >= len(cols):
                    by_row.setdefault(row.key, _best_window(nums, len(cols)))
                continue
            values.extend(printed if texts else nums)  # the whole table flattened to one labelled row
        else:
            text, vals = split_line(line)
            if not vals:
                continue
            if text and len(vals) < n:
                row = match_row(text, "t4", "2021")
                if row and len(vals) == len(cols):
                    by_row.setdefault(row.key, vals)
                continue
            values.extend(vals)
        if len(values) >= n:
            break
    cells: dict[str, Cell] = {}
    if by_row and not values:
        for rk, toks in by_row.items():
            e = Entry("", "", "", toks, True, toks[0].line - 1)
            e.cands, _ = _row_candidates(toks, len(cols), None)
            _emit(f"t4.{rk}", cols, e, cells, notes, "表四")
        return cells
    if not values:
        return cells
    keys = [f"t4.{r.key}.{c}" for r in T4_ROWS for c in cols]
    if len(values) > n:
        values = _best_window(values, n)
    if len(values) == n and not any(v.run_together for v in values):
        for key, tok in zip(keys, values, strict=True):
            cells[key] = _cell(key, tok, ValueKind.COUNT)
        return cells
    values = [v for v in values if not v.blank]  # positions unknown: only digit runs can help
    if not values:
        return cells
    if all(v.digits_only for v in values):
        splits = split_runs([v.raw for v in values], n, len(cols))
        tok = Tok(" ".join(v.raw for v in values), values[0].start, values[-1].end, values[0].line)
        if splits:
            for i, key in enumerate(keys):
                options: list[int | float] = sorted({s[i] for s in splits})
                if len(options) == 1:
                    cells[key] = Cell(key=key, value=options[0], raw=tok.raw, span=_span(tok))
                else:
                    cells[key] = Cell(key=key, value=None, raw=tok.raw, span=_span(tok), candidates=options)
                    notes.append(f"{label_of(key)}（第 {tok.line} 行）：连写数字「{tok.raw}」有多种拆分，候选值 {options}，无法确定，已标为存疑。")
            return cells
        notes.append(f"表四第 {tok.line} 行的数字「{tok.raw}」无法拆分成满足各组总计的 {n} 个数，已留空。")
    else:
        notes.append(f"表四第 {values[0].line} 行起印出 {len(values)} 个数，应有 {n} 个，无法对应到列，已留空。")
    for key in keys:
        cells[key] = Cell(key=key, value=None)
    return cells


