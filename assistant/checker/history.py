"""Rules against last year's report of the same organ (X-01, T2-02, T2-03, T2-06, X-04, X-05,
X-07) and the format/year rule X-06. The copy rules X-04/X-05 compare each report's own wording
(``boilerplate.own_texts``: the format's sentences, headings and tables left out), as
``review.compare`` does."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.boilerplate import own_texts, sections_by_number
from assistant.checker.context import Ctx
from assistant.checker.tables import T3_COLS, col_label, row_label
from assistant.formats import FORMAT_SHORT_NAMES, FormatId, format_for_year, label_of


def _year_mismatch(ctx: Ctx) -> str | None:
    y, py = ctx.report.year, ctx.prev.year
    if y is not None and py is not None and py != y - 1:
        return f"所给上年报告为 {py} 年度，不是 {y - 1} 年度"
    return None


def x_01(ctx: Ctx) -> str | None:
    if reason := _year_mismatch(ctx):
        return reason
    prev = ctx.prev
    if not any(k.startswith("t3.carried_forward.") for k in prev.cells):
        return "上年报告没有表三「结转下年度继续办理」行"
    for col in T3_COLS:
        key, pkey = f"t3.carried_in.{col}", f"t3.carried_forward.{col}"
        if ctx.ambiguous(key):
            continue
        a = ctx.v0(key)
        b = prev.value(pkey)
        b0 = 0 if b is None else b
        if a != b0:
            ctx.emit("X-01", cells=[key], col=col_label("t3", "new", col), carried_in=ctx.v(key), prev_forward=b)
    return None


def x_06(ctx: Ctx) -> None:
    expected = format_for_year(ctx.year)
    actual = ctx.report.format
    if expected != actual:
        ctx.emit("X-06", year=ctx.report.year, expected=FORMAT_SHORT_NAMES[expected], actual=FORMAT_SHORT_NAMES[actual])


def _need_prev_format(ctx: Ctx, fmt: FormatId) -> str | None:
    if reason := _year_mismatch(ctx):
        return reason
    if ctx.prev.format != fmt:
        return f"上年报告为{FORMAT_SHORT_NAMES[ctx.prev.format]}格式，缺少可比的栏目"
    return None


def t2_02(ctx: Ctx) -> str | None:
    if reason := _need_prev_format(ctx, FormatId.F2021):
        return reason
    for row in ("rules", "normative"):
        prev = ctx.prev.value(f"t2.{row}.in_force")
        issued, repealed, in_force = (ctx.v(f"t2.{row}.{c}") for c in ("issued", "repealed", "in_force"))
        if prev is None or in_force is None:
            continue
        expected = prev + (issued or 0) - (repealed or 0)
        if expected != in_force:
            ctx.emit("T2-02", cells=[f"t2.{row}.in_force", f"t2.{row}.issued", f"t2.{row}.repealed"],
                     row=row_label("t2", row, "in_force"), prev=prev, issued=issued, repealed=repealed,
                     expected=expected, in_force=in_force)
    return None


def t2_03(ctx: Ctx) -> str | None:
    if reason := _need_prev_format(ctx, FormatId.F2021):
        return reason
    for row in ("rules", "normative"):
        prev = ctx.prev.value(f"t2.{row}.in_force")
        issued, repealed = ctx.v(f"t2.{row}.issued"), ctx.v(f"t2.{row}.repealed")
        if prev is None or repealed is None:
            continue
        limit = prev + (issued or 0)
        if repealed > limit:
            ctx.emit("T2-03", cells=[f"t2.{row}.repealed", f"t2.{row}.issued"], row=row_label("t2", row, "repealed"),
                     repealed=repealed, prev=prev, issued=issued, limit=limit)
    return None


def t2_06(ctx: Ctx) -> str | None:
    if reason := _need_prev_format(ctx, FormatId.F2019):
        return reason
    for row in ("license", "other_service", "penalty", "coercion", "fee"):
        pp, pd = ctx.prev.value(f"t2.{row}.prev"), ctx.prev.value(f"t2.{row}.delta")
        cur = ctx.v(f"t2.{row}.prev")
        if pp is None or cur is None:
            continue
        expected = pp + (pd or 0)
        if expected != cur:
            ctx.emit("T2-06", cells=[f"t2.{row}.prev"], row=row_label("t2", row, "prev"), prev_prev=pp,
                     prev_delta=pd, expected=expected, prev=cur)
    return None


# Similarity above which a text counts as copied (character 4-gram Jaccard, digits removed).
SECTION_COPY_THRESHOLD = 0.7
REPORT_COPY_THRESHOLD = 0.85
MIN_OWN_CHARS = 30  # a section with less own wording than this is never called copied
_NOISE = re.compile(r"[\s\d０-９.,，。、；;：:（）()《》“”\"'%％|-]+")


@lru_cache(maxsize=128)
def _shingles(text: str, n: int = 4) -> frozenset[str]:
    t = _NOISE.sub("", text)
    return frozenset(t[i: i + n] for i in range(max(len(t) - n + 1, 0)))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' character 4-grams, numbers and punctuation removed (0…1)."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _own(ctx: Ctx) -> dict[str, tuple[str, str]]:
    if "own_texts" not in ctx.cache:
        ctx.cache["own_texts"] = own_texts(ctx.report, ctx.prev)
    own: dict[str, tuple[str, str]] = ctx.cache["own_texts"]
    return own


def x_04(ctx: Ctx) -> str | None:
    if reason := _year_mismatch(ctx):
        return reason
    cur = sections_by_number(ctx.report).get("五")
    if cur is None or "五" not in sections_by_number(ctx.prev):
        return "本年或上年报告没有第五部分"
    own_this, own_last = _own(ctx).get("五", ("", ""))
    if not own_this and not own_last:
        return None
    sim = similarity(own_this, own_last)
    if sim >= SECTION_COPY_THRESHOLD and len(own_this) >= MIN_OWN_CHARS:
        ctx.emit("X-04", span=cur.span, similarity=round(sim * 100))
    return None


def whole_similarity(own: dict[str, tuple[str, str]]) -> float | None:
    """Similarity of two reports' own wording as a whole (``None``: nothing to compare)."""
    if not own:
        return None
    return similarity("".join(t for t, _ in own.values()), "".join(t for _, t in own.values()))


def x_05(ctx: Ctx) -> str | None:
    if reason := _year_mismatch(ctx):
        return reason
    sim = whole_similarity(_own(ctx))
    if sim is not None and sim >= REPORT_COPY_THRESHOLD:
        ctx.emit("X-05", similarity=round(sim * 100))
    return None


_EXPLAINED = re.compile(r"(增长|增加|上升|增多|翻番|倍|下降|减少|降低|回落|较上年|比上年|同比|原因|主要是|由于)")
SWING = 3  # ×3 or ÷3


def x_07(ctx: Ctx) -> str | None:
    if reason := _year_mismatch(ctx):
        return reason
    sentences = re.split(r"[。；;！？\n]", re.sub(r"[ \t\r\u3000]+", "", ctx.report.text))

    def explained(topic: str) -> bool:
        return any(topic in s and _EXPLAINED.search(s) for s in sentences)

    key = "t3.new.total"
    cur, prev = ctx.v(key), ctx.prev.value(key)
    if cur is not None and prev is not None and not explained("申请"):
        if (prev > 0 and (cur >= prev * SWING or cur * SWING <= prev)) or (prev == 0 and cur >= 10):
            ctx.emit("X-07", cells=[key], what=label_of(key), prev=prev, cur=cur)
    key = "t4.review.total"
    cur, prev = ctx.v(key), ctx.prev.value(key)
    if prev == 0 and cur is not None and cur >= 3 and not explained("复议"):
        ctx.emit("X-07", cells=[key], what=label_of(key), prev=prev, cur=cur)
    return None


CHECKS = {"X-07": x_07, "X-04": x_04, "X-05": x_05, "X-01": x_01, "X-06": x_06, "T2-02": t2_02, "T2-03": t2_03, "T2-06": t2_06}
