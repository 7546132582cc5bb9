"""Table 三 (收到和处理政府信息公开申请情况): rows by label or position, run-together digits
settled by the row totals and the column identities."""

from __future__ import annotations

import itertools

from assistant.formats import T3_COLUMNS, FormatId, get_format, row_of
from assistant.labels import match_row, normalize_label
from assistant.parse.tables.rows import (
    Entry,
    Line,
    _emit,
    _entries,
    _row_candidates,
    other_format,
)
from assistant.report import Cell

__all__ = ["parse_t3"]

_T3_GROUP_LABELS = {"不予公开", "无法提供", "不予处理", "其他处理", "本年度办理结果"}


def _t3_row_key(entry: Entry, fmt: FormatId) -> str | None:
    for label in (entry.label, entry.own):
        norm = normalize_label(label)
        if not norm:
            continue
        if norm in _T3_GROUP_LABELS:
            # a group printed as one row (2019's （六）其他处理 in a 2021 table): exact names only
            for f in (fmt, other_format(fmt)):
                for row in get_format(f).table("t3").blocks[0].rows:
                    if norm == normalize_label(row.label) or norm in {normalize_label(x) for x in row.aliases}:
                        return row.key
            continue
        for f in (fmt, other_format(fmt)):
            spec = match_row(label, "t3", f)
            if spec:
                return spec.key
    return None


def _t3_rows(fmt: FormatId) -> list[str]:
    return [r.key for r in get_format(fmt).table("t3").blocks[0].rows]


def _resolve_order(entries: list[Entry], order: list[str]) -> None:
    """A row whose label did not match takes its place between recognised neighbours, when the
    number of rows printed between them equals the number of rows the format has there."""
    pos = {k: i for i, k in enumerate(order)}
    known = [(i, pos[e.row]) for i, e in enumerate(entries) if e.row in pos]
    for i, e in enumerate(entries):
        if e.row is not None:
            continue
        before = [(j, r) for j, r in known if j < i]
        after = [(j, r) for j, r in known if j > i]
        pj, pr = before[-1] if before else (-1, -1)
        if not after:
            # the row right after the last recognised one, printed unlabelled (a label lost at a
            # page break): the format's next row, when it prints a full row of values
            if before and i == pj + 1 and pr + 1 < len(order) and len(e.values) == 7 and any(not v.blank for v in e.values):
                e.row = order[pr + 1]
                known.append((i, pr + 1))
            continue
        nj, nr = after[0]
        if nr - pr == nj - pj:
            e.row = order[pr + (i - pj)]



def parse_t3(lines: list[Line], fmt: FormatId, notes: list[str]) -> dict[str, Cell]:
    n = len(T3_COLUMNS)
    entries = _entries(lines, n)
    # stop after 四、结转下年度继续办理
    keep: list[Entry] = []
    for e in entries:
        e.row = _t3_row_key(e, fmt)
        keep.append(e)
        if e.row == "carried_forward":
            break
    entries = keep
    order = _t3_rows(fmt)
    _resolve_order(entries, order)
    seen: dict[str, Entry] = {}
    why_of: dict[int, str | None] = {}
    for e in entries:
        if e.row is None:
            if e.values and any(not v.blank for v in e.values):
                notes.append(f"表三第 {e.line + 1} 行「{e.context[:20]}」无法对应到任何行，已忽略。")
            continue
        e.cands, why_of[id(e)] = _row_candidates(e.values, n, n)
        first = seen.get(e.row)
        if first is None or (not first.cands and e.cands):
            # a row printed twice: keep the first readable one (a sentence before the table
            # that merely mentions 本年新收 is not the row)
            if first is not None:
                notes.append(f"表三「{row_of(f't3.{e.row}.x').label}」行出现多次，取第 {e.line + 1} 行。")
            seen[e.row] = e
        else:
            notes.append(f"表三「{row_of(f't3.{e.row}.x').label}」行出现多次（第 {e.line + 1} 行），只取第 {first.line + 1} 行。")
    for e in seen.values():
        why = why_of[id(e)]
        if why == "count":
            notes.append(f"表三第 {e.line + 1} 行印出 {len(e.values)} 个数，应有 {n} 个，无法对应到列，已留空。")
        elif why == "too many":
            notes.append(f"表三第 {e.line + 1} 行的连写数字拆分方式过多，已标为存疑。")
        elif why == "split" and not e.cands:
            notes.append(f"表三第 {e.line + 1} 行的连写数字找不到满足“总计=各列之和”的拆分，已留空。")
    rows = {k: e for k, e in seen.items()}
    _apply_identities(rows, fmt, notes)
    cells: dict[str, Cell] = {}
    for key, e in rows.items():
        _emit(f"t3.{key}", [c.key for c in T3_COLUMNS], e, cells, notes)
    _zero_sub_rows(cells, fmt, notes)
    return cells


def _zero_sub_rows(cells: dict[str, Cell], fmt: FormatId, notes: list[str]) -> None:
    """A 2021 table printing （六）其他处理 as one row (the 2019 layout): where that row is 0, its
    three sub-rows must be 0 too; where it is not, they stay blank (the split is not printed)."""
    if fmt != FormatId.F2021 or not any(k.startswith("t3.other.") for k in cells):
        return
    subs = [r.key for r in get_format(fmt).table("t3").blocks[0].rows if r.key.startswith("other_")]
    if any(k.startswith(f"t3.{r}.") for r in subs for k in cells):
        return
    zero_cols = []
    for col in T3_COLUMNS:
        agg = cells.get(f"t3.other.{col.key}")
        if agg is None or agg.value != 0:
            continue
        zero_cols.append(col.label)
        for r in subs:
            key = f"t3.{r}.{col.key}"
            cells[key] = Cell(key=key, value=0, raw=agg.raw, span=agg.span)
    if zero_cols:
        line = cells[next(k for k in cells if k.startswith("t3.other."))].span
        where = f"第 {line.line} 行" if line and line.line else ""
        notes.append(
            f"表三{where}只印出「（六）其他处理」一行（2019 版样式）；其值为 0 的列（{'、'.join(zero_cols)}），"
            "其下三个子项均记为 0。"
        )


def _apply_identities(rows: dict[str, Entry], fmt: FormatId, notes: list[str]) -> None:
    """Keep only the combinations of ambiguous rows that satisfy the column identities."""
    ambiguous = [k for k, e in rows.items() if len(e.cands) > 1]
    if not ambiguous:
        return
    result_keys = [k for k in rows if k not in ("new", "carried_in", "total", "carried_forward")]
    combos = 1
    for k in ambiguous:
        combos *= len(rows[k].cands)
    if combos > 50000:
        return

    def ok(choice: dict[str, tuple]) -> bool:
        def val(k: str) -> tuple | None:
            return choice.get(k) or (rows[k].cands[0] if k in rows and rows[k].cands else None)

        for c in range(len(T3_COLUMNS)):
            a, b, t, f = (val(k) for k in ("new", "carried_in", "total", "carried_forward"))
            if (
                a is not None and b is not None and t is not None and f is not None
                and None not in (a[c], b[c], t[c], f[c])
                and a[c] + b[c] != t[c] + f[c]
            ):
                return False
            if t is not None and t[c] is not None and result_keys:
                parts = [val(k) for k in result_keys]
                known = [p[c] for p in parts if p is not None and p[c] is not None]
                if len(known) == len(parts) and sum(known) != t[c]:
                    return False
        return True

    surviving: dict[str, set[tuple]] = {k: set() for k in ambiguous}
    any_ok = False
    for prod in itertools.product(*(rows[k].cands for k in ambiguous)):
        choice = dict(zip(ambiguous, prod, strict=True))
        if ok(choice):
            any_ok = True
            for k, v in choice.items():
                surviving[k].add(v)
    if not any_ok:
        notes.append("表三的连写数字没有一种拆分能同时满足各列勾稽关系，保留所有满足行总计的拆分。")
        return
    for k in ambiguous:
        rows[k].cands = sorted(surviving[k])

