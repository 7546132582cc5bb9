"""Rules on one report's tables: T3-*, T4-*, T2-* (those needing no previous report)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from assistant.checker.context import Ctx, labels
from assistant.checker.numbers import compact
from assistant.formats import (
    T3_APPLICANT_COLUMNS,
    T3_COLUMNS,
    T3_RESULT_ROWS,
    T4_COLUMNS,
    T4_ROWS,
    FormatId,
    ValueKind,
    cell_keys,
    column_of,
    get_format,
    is_known_key,
    label_of,
    row_of,
)
from assistant.report import Number

T3_COLS = tuple(c.key for c in T3_COLUMNS)
ALL_RESULT_ROWS = tuple(dict.fromkeys(T3_RESULT_ROWS[FormatId.F2019] + T3_RESULT_ROWS[FormatId.F2021]))


def col_label(table: str, row: str, col: str) -> str:
    return column_of(f"{table}.{row}.{col}").label


def row_label(table: str, row: str, col: str) -> str:
    r = row_of(f"{table}.{row}.{col}")
    if r.group and table == "t3":
        return f"{r.group}{r.label}"
    if r.group:
        return f"{r.group}·{r.label}"
    return r.label


def _t3_rows(ctx: Ctx) -> list[str]:
    """The table-三 rows the report printed (of either format), in printed order."""
    if "t3_rows" not in ctx.cache:
        cells = ctx.report.cells
        rows = []
        for r in _T3_ORDER:  # a row is printed if any of its cells is
            for k in _ROW_KEYS[r]:
                c = cells.get(k)
                if c is not None and (c.value is not None or c.candidates or c.raw is not None or c.span is not None):
                    rows.append(r)
                    break
        ctx.cache["t3_rows"] = rows
    return ctx.cache["t3_rows"]


# Rows of both formats in printed order: （六）其他处理 (2019) just before its 2021 sub-rows.
_T3_ORDER = [r.key for r in get_format(FormatId.F2021).table("t3").blocks[0].rows]
_T3_ORDER.insert(_T3_ORDER.index("other_1"), "other")


def _is_int(v) -> bool:
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


@cache
def _expected(fmt: FormatId, table: str, rows: bool = False) -> tuple[str, ...]:
    """The cell keys (or row keys) of ``table`` in format ``fmt``."""
    keys = [k for k in cell_keys(fmt) if k.startswith(table + ".")]
    if rows:
        return tuple(dict.fromkeys(k.split(".")[1] for k in keys))
    return tuple(keys)


# --- table 三 ------------------------------------------------------------------------------------


_ALL_T3_ROWS = tuple(dict.fromkeys([r.key for r in get_format(FormatId.F2019).table("t3").blocks[0].rows]
                                    + [r.key for r in get_format(FormatId.F2021).table("t3").blocks[0].rows]))
# Precomputed cell keys: K3[row][col] == f"t3.{row}.{col}".
K3 = {r: {c: f"t3.{r}.{c}" for c in T3_COLS} for r in _ALL_T3_ROWS}
_T301_KEYS = {c: [K3[r][c] for r in ("new", "carried_in", "total", "carried_forward")] for c in T3_COLS}


_ROW_KEYS = {r: tuple(cols.values()) for r, cols in K3.items()}


def _blocked(ctx: Ctx, keys) -> bool:
    """Whether an identity runs through an unsettled (ambiguous) cell: it is then not judged."""
    amb = ctx._ambiguous
    return bool(amb) and any(k in amb for k in keys)


def _sum0(vals: dict, keys) -> Number:
    s = 0
    for k in keys:
        v = vals.get(k)
        if v:
            s += v
    return s


def t3_01(ctx: Ctx) -> None:
    vals = ctx._values
    for col in T3_COLS:
        keys = _T301_KEYS[col]
        if _blocked(ctx, keys):
            continue
        new, cin, tot, cf = (vals.get(k) or 0 for k in keys)
        if new + cin != tot + cf:
            ctx.emit("T3-01", cells=keys, col=col_label("t3", "new", col), new=ctx.v(keys[0]),
                     carried_in=ctx.v(keys[1]), lhs=new + cin, total=ctx.v(keys[2]),
                     carried_forward=ctx.v(keys[3]), rhs=tot + cf)


def t3_02(ctx: Ctx) -> None:
    present = set(_t3_rows(ctx))
    rows = [r for r in ALL_RESULT_ROWS if r in present]
    vals = ctx._values
    for col in T3_COLS:
        keys = [K3[r][col] for r in rows]
        tkey = K3["total"][col]
        if _blocked(ctx, keys) or _blocked(ctx, (tkey,)):
            continue
        s = _sum0(vals, keys)
        if s != (vals.get(tkey) or 0):
            ctx.emit("T3-02", cells=[tkey, *keys], col=col_label("t3", "total", col), sum=s,
                     total_label=row_label("t3", "total", col), total=ctx.v(tkey))


def t3_03(ctx: Ctx) -> None:
    vals = ctx._values
    for row in _t3_rows(ctx):
        keys = [K3[row][c] for c in T3_APPLICANT_COLUMNS]
        tkey = K3[row]["total"]
        if _blocked(ctx, keys) or _blocked(ctx, (tkey,)):
            continue
        s = _sum0(vals, keys)
        if s != (vals.get(tkey) or 0):
            ctx.emit("T3-03", cells=[tkey, *keys], row=row_label("t3", row, "total"), sum=s, total=ctx.v(tkey))


def _nonneg_ints(ctx: Ctx, rule: str, prefix: str) -> None:
    for key, cell in ctx.by_table.get(prefix[:2], ()):
        v = cell.value
        if type(v) is int and v >= 0:
            continue
        if cell.candidates:
            ctx.emit(rule, "ambiguous", cells=[key], label=_label(key),
                     candidates="、".join(str(c) for c in cell.candidates))
        elif cell.value is not None and (not _is_int(cell.value) or cell.value < 0):
            ctx.emit(rule, cells=[key], label=_label(key), value=cell.value)


def _label(key: str) -> str:
    return label_of(key) if is_known_key(key) else key


def t3_04(ctx: Ctx) -> None:
    _nonneg_ints(ctx, "T3-04", "t3.")


def t3_05(ctx: Ctx) -> None:
    rows = set(_t3_rows(ctx))
    blank = []
    cells = ctx.report.cells
    for row in _t3_rows(ctx):
        for key in K3[row].values():
            cell = cells.get(key)
            if cell is None or (cell.value is None and not cell.candidates):
                blank.append(key)
    if blank and rows:
        ctx.emit("T3-05", cells=blank, n=len(blank), labels=labels(blank))


def t3_06(ctx: Ctx) -> None:
    fmt = ctx.report.format
    expected_rows = _expected(fmt, "t3", rows=True)
    present = _t3_rows(ctx)
    missing = [r for r in expected_rows if r not in present]
    extra = [r for r in present if r not in expected_rows]
    if missing:
        ctx.emit("T3-06", "missing", cells=[f"t3.{r}.total" for r in missing], fmt=fmt.value,
                 labels="、".join(row_label("t3", r, "total") for r in missing))
    if extra:
        ctx.emit("T3-06", "extra", cells=[k for k in ctx.report.cells if k.startswith("t3.") and k.split(".")[1] in extra],
                 fmt=fmt.value, labels="、".join(row_label("t3", r, "total") for r in extra))


def t3_08(ctx: Ctx) -> None:
    new, cf = ctx.v("t3.new.total"), ctx.v("t3.carried_forward.total")
    if new is None or cf is None:
        return
    if cf * 4 > new and cf > 0:
        ctx.emit("T3-08", cells=["t3.carried_forward.total", "t3.new.total"], carried_forward=cf, new=new,
                 cf_label=label_of("t3.carried_forward.total"), new_label=label_of("t3.new.total"))


FEE_WORDS = ("信息处理费", "收费通知", "收取费用", "收费")


def t3_10(ctx: Ctx) -> None:
    key = "t3.other_2.total"
    v = ctx.v(key)
    if v is None or v <= 0:
        return
    six = ctx.report.section("六")
    if six is None:
        ctx.emit("T3-10", "no_section", cells=[key], label=row_label("t3", "other_2", "total"), value=v)
        return
    text = compact(six.text)
    if not any(w in text for w in FEE_WORDS):
        ctx.emit("T3-10", cells=[key], span=six.span, label=row_label("t3", "other_2", "total"), value=v)


# --- table 四 ------------------------------------------------------------------------------------

T4_COLS = tuple(c.key for c in T4_COLUMNS)
T4_GROUPS = tuple(r.key for r in T4_ROWS)


def t4_01(ctx: Ctx) -> None:
    for g in T4_GROUPS:
        keys = [f"t4.{g}.{c}" for c in T4_COLS]
        if any(ctx.ambiguous(k) for k in keys):
            continue
        parts = [ctx.v0(k) for k in keys[:4]]
        if sum(parts) != ctx.v0(keys[4]):
            ctx.emit("T4-01", cells=keys, group=row_label("t4", g, "total"), upheld=ctx.v(keys[0]),
                     corrected=ctx.v(keys[1]), other=ctx.v(keys[2]), pending=ctx.v(keys[3]),
                     sum=sum(parts), total=ctx.v(keys[4]))


def t4_02(ctx: Ctx) -> None:
    _nonneg_ints(ctx, "T4-02", "t4.")
    blank = []
    for g in T4_GROUPS:
        for c in T4_COLS:
            key = f"t4.{g}.{c}"
            cell = ctx.report.cells.get(key)
            if cell is None or (cell.value is None and not cell.candidates):
                blank.append(key)
    if blank:
        ctx.emit("T4-02", "blank", cells=blank, n=len(blank), labels=labels(blank))


# --- table 二 ------------------------------------------------------------------------------------


def t2_01(ctx: Ctx) -> None:
    fmt = ctx.report.format
    expected = _expected(fmt, "t2")
    present = [k for k, _ in ctx.by_table.get("t2", ())]
    exp_set, pres_set = set(expected), set(present)
    missing = [k for k in expected if k not in pres_set]
    extra = [k for k in present if k not in exp_set]
    if missing:
        ctx.emit("T2-01", "missing", cells=missing, fmt=fmt.value, labels=labels(missing))
    if extra:
        ctx.emit("T2-01", "extra", cells=extra, fmt=fmt.value, labels=labels(extra))


def t2_04(ctx: Ctx) -> None:
    key = "t2.fee.amount_wan"
    cell = ctx.report.cells.get(key)
    if cell is None or cell.value is None:
        return
    raw = compact(cell.raw or "")
    if (raw and "元" in raw and "万元" not in raw) or cell.value >= 1_000_000:
        ctx.emit("T2-04", "yuan", cells=[key], label=label_of(key), value=cell.raw or cell.value)
        return
    digits = raw if raw and re.fullmatch(r"[-+]?\d+(\.\d+)?", raw) else repr(float(cell.value))
    exp = Decimal(digits).as_tuple().exponent
    if isinstance(exp, int) and exp < -4:
        ctx.emit("T2-04", "decimals", cells=[key], label=label_of(key), value=cell.raw or cell.value)


_LOCAL = re.compile(r"[省市县区州旗盟乡镇]")
_BELOW_CITY = re.compile(r"(县|区|旗|乡|镇)人民政府|街道办事处|管理委员会|管委会")


def can_make_rules(agency: str, kind: str) -> bool | None:
    """Whether an organ may make 规章 (国务院部门, 省级 and 设区的市 governments); None if unknown."""
    if kind == "department":
        return not _LOCAL.search(agency)
    if _BELOW_CITY.search(agency):
        return False
    return True


def t2_05(ctx: Ctx) -> str | None:
    agency = ctx.report.agency
    if not agency:
        return "机关名称不明，无法判断能否制定规章"
    if can_make_rules(agency, ctx.kind.value):
        return None
    keys = [k for k in ctx.report.cells if k.startswith("t2.rules.")]
    nonzero = [k for k in keys if (ctx.v(k) or 0) != 0]
    if nonzero:
        ctx.emit("T2-05", cells=nonzero, agency=agency,
                 values="、".join(f"{col_label('t2', 'rules', k.split('.')[2])} {ctx.v(k)}" for k in nonzero))
    return None


def t2_07(ctx: Ctx) -> None:
    for row in ("rules", "normative"):
        tot, pub = ctx.v(f"t2.{row}.total"), ctx.v(f"t2.{row}.published")
        if tot is not None and pub is not None and tot < pub:
            ctx.emit("T2-07", cells=[f"t2.{row}.total", f"t2.{row}.published"],
                     row=row_label("t2", row, "total"), total=tot, published=pub)


def t2_08(ctx: Ctx) -> None:
    for key, cell in ctx.by_table.get("t2", ()):
        if cell.candidates:
            ctx.emit("T2-08", "ambiguous", cells=[key], label=_label(key),
                     candidates="、".join(str(c) for c in cell.candidates))
            continue
        if cell.value is None or not is_known_key(key):
            continue
        kind, v = column_of(key).kind, cell.value
        why = None
        if kind == ValueKind.COUNT:
            if not _is_int(v):
                why = "应为整数"
            elif v < 0:
                why = "只有「本年增/减」可为负数"
        elif kind == ValueKind.SIGNED:
            if not _is_int(v):
                why = "应为整数"
        elif v < 0:
            why = "金额不能为负数"
        if why:
            ctx.emit("T2-08", cells=[key], label=label_of(key), value=v, why=why)


CHECKS = {
    "T3-01": t3_01, "T3-02": t3_02, "T3-03": t3_03, "T3-04": t3_04, "T3-05": t3_05,
    "T3-06": t3_06, "T3-08": t3_08, "T3-10": t3_10,
    "T4-01": t4_01, "T4-02": t4_02,
    "T2-01": t2_01, "T2-04": t2_04, "T2-05": t2_05, "T2-07": t2_07, "T2-08": t2_08,
}
