"""Narrative against tables: N-01…N-07.

Precision first: a number in the text is compared with a cell only when the wording clearly names
that quantity — the verb, the object (申请 / 规范性文件 / 行政复议) and the unit (件) must all be
there, within one clause, and clauses about a subset (其中, 本级) or another matter (热线, 投诉,
信访, 提案) are left alone. ``12345 市长热线转来市民投诉 5 件`` is not an application count;
``主动公开政府信息 500 条`` is not a 规范性文件 count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.checker.context import Ctx
from assistant.checker.numbers import CLAUSE_STOP, NUM, PCT, STOP, TextView, finditer, finditer_near, text_view, to_int
from assistant.formats import FormatId, label_of, row_of
from assistant.report import Number, Span

S = re.escape(CLAUSE_STOP)  # clause stops, for character classes

# --- patterns ------------------------------------------------------------------------------------
# Some patterns open with an alternation, which the regex engine scans for slowly (it tries every
# position); they are run through ``numbers.finditer`` with ``*_AT``: every word a match can open
# with (tests/test_checker_speed.py checks the results are those of ``finditer``).

_APP = re.compile(rf"(新收|收到|受理|接收|接到)[^{S}\d]{{0,20}}?申请[^{S}\d]{{0,6}}?{NUM}件")
_INCL = re.compile(
    rf"(受理|收到|办理|接收)[^{S}\d]{{0,20}}?申请[^{S}\d]{{0,6}}?{NUM}件[（(](?:其中)?(?:含|包括)上年结转[^{S}\d]{{0,8}}?{NUM}件"
)
_NEW_SHORT = re.compile(rf"新收(?:的)?(?:政府信息公开)?(?:申请)?{NUM}件")
_CARRIED_IN = re.compile(rf"上年(?:度)?结转[^{S}\d]{{0,12}}?{NUM}件")
_DONE = re.compile(rf"(办结|答复|办理完毕)[^{S}\d]{{0,8}}?{NUM}件")
_FORWARD = re.compile(rf"(?:结转至?下一?年度?|转入下一?年度?|结转至?(?:19|20)\d\d年度?)[^{S}\d]{{0,8}}?{NUM}件")
_OUTCOME = re.compile(
    rf"(予以公开(?:和|及|与|、|或)部分公开|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理)"
    rf"[^{S}\d]{{0,3}}?{NUM}件"
)
# Sub-rows of the results named in the text by their formats.py alias: "不掌握相关政府信息 6 件".
_SUB_ROWS = tuple(f"denied_{i}" for i in range(1, 9)) + tuple(f"unable_{i}" for i in range(1, 4)) \
    + tuple(f"not_processed_{i}" for i in range(1, 6)) + ("other_1",)
_SUB_ALIAS = {a: r for r in _SUB_ROWS for a in row_of(f"t3.{r}.total").aliases}
_SUB_ROW = re.compile(
    "(" + "|".join(re.escape(a) for a in sorted(_SUB_ALIAS, key=len, reverse=True)) + ")"
    + rf"(?:类申请|类|的申请|申请|的|事项|的情形)?{NUM}件"
)
_PCT_AFTER = re.compile(rf"[，,]?(?:占|占比)[^{S}\d]{{0,8}}?{PCT}")
_REVIEW = re.compile(rf"行政复议([^{S}\d]{{0,6}}?){NUM}(?:件|起|宗|例)")
_SUIT = re.compile(rf"行政诉讼([^{S}\d]{{0,6}}?){NUM}(?:件|起|宗|例)")
_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以)?维持|无败诉|未败诉|没有败诉|零败诉|均胜诉|全部胜诉")
_NONE = re.compile(rf"(未发生|没有发生|未出现|没有出现|未有|未收到|没有收到|未被|没有被|无(?![论法须需]))([^{S}\d]{{0,25}}?)(行政复议|行政诉讼)")
_NORM_VERBS = ("制定", "制发", "出台", "印发", "发布", "公开", "废止", "现行有效", "累计")
_VERB_RX = "|".join(_NORM_VERBS)
_NORMATIVE = re.compile(rf"({_VERB_RX})[^{S}\d]{{0,12}}?规范性文件(?:共计|合计|共|计)?{NUM}(?:件|份|个)")
_RULES = re.compile(rf"({_VERB_RX})[^{S}\d]{{0,12}}?规章(?:共计|合计|共|计)?{NUM}(?:件|部|个)")
_NO_APPS = re.compile(rf"(?:未|没有)(?:收到|受理|接到|发生)[^{S}\d]{{0,20}}?信息公开申请")
_NO_FEE = re.compile(r"(?:未|没有|不)(?:向申请人)?收取(?:任何)?(?:信息处理费|费用)")
_FEE_AMOUNT = re.compile(rf"收取[^{S}\d]{{0,8}}?信息处理费[^{S}\d]{{0,4}}?(\d+(?:\.\d+)?)(?:元|万元)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")
_PERIOD = re.compile(r"(?:统计期限|统计时间|统计期间|统计区间)[^。；]{0,12}?((?:19|20)\d{2})年")

_DONE_AT = ("办结", "答复", "办理完毕")
_FORWARD_AT = ("结转", "转入")
_UPHELD_AT = ("均", "全部", "都", "无败诉", "未败诉", "没有败诉", "零败诉")
_NONE_AT = ("未", "没有", "无")
_NO_APPS_AT = ("未", "没有")
_NO_FEE_AT = ("未", "没有", "不")
# A 规范性文件 / 规章 count opens with a verb of at most 4 characters and up to 12 more before the noun.
_NORM_REACH = max(map(len, _NORM_VERBS)) + 12

_OTHER_MATTER = ("热线", "投诉", "信访", "提案", "建议", "留言", "咨询", "来信", "民心网", "12345")
_SUBSET = ("其中", "本级", "分别", "各")
# Channels and parts of an organ: a count "通过网络收到申请 30 件" or "区财政局收到 5 件" is a part.
_PART = ("网上", "网络", "在线", "信函", "当面", "现场", "邮寄", "传真", "电子邮件", "邮件", "平台")
_ORGAN_PART = re.compile(r"(?<![我本])(局|委员会|办公室|中心|街道|乡|镇|部门)")
_TIMING = ("按期", "按时", "逾期", "超期", "延期", "当场", "当日")
_COMPARE = ("同比", "上年", "去年", "较", "比", "相比", "增长", "下降", "减少", "增加", "增幅", "持平", "对比", "上一年")
_HISTORY = ("施行", "实施", "颁布", "修订", "修正", "以来", "成立", "设立", "开始", "启动")
_PLAN = ("规划", "目标", "远景", "计划", "预计", "力争", "到", "前", "至")


@dataclass(frozen=True)
class Quote:
    quantity: str  # "new", "carried_in", "done", "carried_forward", "granted", …, "review", "suit"
    value: int | float
    start: int  # in the compact text
    end: int
    extra: tuple = ()


def _has(s: str, words: tuple[str, ...]) -> bool:
    return any(w in s for w in words)


@lru_cache(maxsize=64)
def extract(view: TextView, four: tuple[int, int] = (0, 0)) -> tuple[Quote, ...]:
    """Every number the narrative states about a table quantity, with its place. ``four`` is the
    compact range of section 四 (行政复议、行政诉讼), where 复议/诉讼 sentences need not repeat
    that they concern 政府信息公开."""
    t = view.text

    def in_four(m) -> bool:
        return four[0] <= m.start() < four[1]

    quotes: list[Quote] = []
    taken: set[int] = set()  # number positions already read

    def clause(m) -> str:
        s, _ = view.sentence(m.start(), m.end(), CLAUSE_STOP)
        return t[s:m.end()]

    def sentence(m) -> str:
        s, e = view.sentence(m.start(), m.end(), STOP)
        return t[s:e]

    for m in (_INCL.finditer(t) if "上年结转" in t else ()):
        n, c = to_int(m.group(2)), to_int(m.group(3))
        if n is None or c is None or _has(clause(m), _OTHER_MATTER + ("复议", "诉讼")):
            continue
        quotes.append(Quote("incl", n, m.start(), m.end(), (c,)))
        taken.add(m.start(2))
    for m in _APP.finditer(t):
        if m.start(2) in taken:
            continue
        cl = clause(m)
        n = to_int(m.group(2))
        if n is None or _has(cl, _OTHER_MATTER + _SUBSET + _PART + ("复议", "诉讼", "结转", "办结", "答复")):
            continue
        if _ORGAN_PART.search(t[view.sentence(m.start(), m.end(), CLAUSE_STOP)[0]:m.start()]):
            continue
        rest = t[m.end(): view.sentence(m.start(), m.end())[1]]
        if re.match(r"[（(](?:其中)?(?:含|包括)", rest) or re.search(r"其中[^。；]{0,6}上年结转", rest):
            continue  # the count includes last year's applications: ambiguous wording, leave it
        quotes.append(Quote("new" if m.group(1) == "新收" else "apps", n, m.start(), m.end()))
        taken.add(m.start(2))
    for m in _NEW_SHORT.finditer(t):
        # "其中新收 12 件、上年结转 1 件": 新收 names the quantity itself, even after 其中.
        if m.start(1) in taken:
            continue
        n = to_int(m.group(1))
        cl = clause(m)
        if n is None or _has(cl, _OTHER_MATTER + _PART + ("本级", "分别", "复议", "诉讼")):
            continue
        if _ORGAN_PART.search(t[view.sentence(m.start(), m.end(), CLAUSE_STOP)[0]:m.start()]):
            continue
        quotes.append(Quote("new", n, m.start(), m.end()))
        taken.add(m.start(1))
    for m in _CARRIED_IN.finditer(t):
        n = to_int(m.group(1))
        if n is None or _has(clause(m), _OTHER_MATTER + ("复议", "诉讼")):
            continue
        quotes.append(Quote("carried_in", n, m.start(), m.end()))
    for m in finditer(_DONE, t, _DONE_AT):
        n = to_int(m.group(2))
        if n is None or m.start(2) in taken:
            continue
        ss, se = view.sentence(m.start(), m.end())
        sent = t[ss:se]
        prev = t[view.sentence(max(ss - 1, 0), max(ss - 1, 0))[0]: ss] if ss > 0 else ""
        cl = clause(m)
        if ("申请" not in sent and "申请" not in prev) or _has(prev, _OTHER_MATTER) or _has(sent, _OTHER_MATTER + ("事项", "复议", "诉讼")) or _has(cl, _SUBSET + _TIMING + ("结转",)):
            continue
        quotes.append(Quote("done", n, m.start(), m.end()))
    for m in finditer(_FORWARD, t, _FORWARD_AT):
        n = to_int(m.group(1))
        if n is None or _has(clause(m), _OTHER_MATTER + ("复议", "诉讼")):
            continue
        quotes.append(Quote("carried_forward", n, m.start(), m.end()))
    for m in _OUTCOME.finditer(t):
        n = to_int(m.group(2))
        sent = sentence(m)
        if n is None or _has(sent, ("本级", "复议", "诉讼") + _OTHER_MATTER):
            continue
        word = m.group(1)
        q = "granted+partial" if "部分公开" in word and word.startswith("予以公开") else {
            "予以公开": "granted", "部分公开": "partial", "不予公开": "denied", "无法提供": "unable",
            "不予处理": "not_processed", "其他处理": "other"}[word]
        pm = _PCT_AFTER.match(t, m.end())
        quotes.append(Quote(q, n, m.start(), m.end()))
        if pm:
            quotes.append(Quote(q + "%", float(pm.group(1)), m.start(), pm.end(), (pm.group(1),)))
    for m in _SUB_ROW.finditer(t):
        n = to_int(m.group(2))
        if n is None or _has(sentence(m), ("本级", "复议", "诉讼", "热线", "12345", "民心网")):
            continue
        quotes.append(Quote("row", n, m.start(), m.end(), (_SUB_ALIAS[m.group(1)],)))
    for rx, q, other in ((_REVIEW, "review", "诉讼"), (_SUIT, "suit", "复议")):
        for m in rx.finditer(t):
            n = to_int(m.group(2))
            if n is None or other in m.group(1) or _has(m.group(1), ("各", "分别")):
                continue
            sent = sentence(m)
            if ("信息公开" not in sent and not in_four(m)) or _has(clause(m), _SUBSET + ("纠", "维持", "败诉", "审结")):
                continue
            quotes.append(Quote(q, n, m.start(), m.end()))
    for m in finditer(_UPHELD, t, _UPHELD_AT):
        sent = sentence(m)
        if "公开" not in sent and not in_four(m):
            continue
        groups = []
        if "败诉" in m.group() or "胜诉" in m.group():
            groups = ["suit_direct", "suit_after_review"]
        else:
            if "复议" in sent:
                groups.append("review")
            if "诉讼" in sent:
                groups += ["suit_direct", "suit_after_review"]
        if groups:
            quotes.append(Quote("upheld", 0, m.start(), m.end(), tuple(groups)))
    for m in finditer(_NONE, t, _NONE_AT):
        if m.group(1) == "无" and len(m.group(2)) > 12:
            continue
        s, e = view.sentence(m.start(), m.end(), CLAUSE_STOP)
        rest = t[m.start():e]
        if _has(rest, ("纠", "败诉", "撤销", "确认违法", "维持")) or re.search(r"\d", rest):
            continue
        groups = []
        if "复议" in rest:
            groups.append("review")
        if "诉讼" in rest:
            groups += ["suit_direct", "suit_after_review"]
        quotes.append(Quote("none", 0, m.start(), m.end(), tuple(groups)))
    for rx, row, word in ((_NORMATIVE, "normative", "规范性文件"), (_RULES, "rules", "规章")):
        for m in finditer_near(rx, t, word, _NORM_REACH):
            n = to_int(m.group(2))
            cl = clause(m)
            if n is None or _has(cl, ("其中", "解读", "备案", "审查", "审核", "合法性", "征求意见", "清理", "学习", "宣传", "培训")):
                continue
            if row == "rules" and re.search(r"(部门|法律法规|法规)规章", t[m.start():m.end()]):
                continue
            if re.match(r"[（(](?:其中)?(?:含|包括)", t[m.end(): m.end() + 4]):
                continue  # "规章 13 件（含新制定 5 件，修改 4 件…）": a composite count
            verbs = tuple(v for v in _NORM_VERBS if v in t[m.start():m.end()])
            quotes.append(Quote(row, n, m.start(), m.end(), verbs))
    for m in finditer(_NO_APPS, t, _NO_APPS_AT):
        cl = clause(m)
        after = t[m.end(): m.end() + 6]
        if _has(cl, ("复议", "诉讼", "上半年", "下半年", "季度", "月")) or "复议" in after or "诉讼" in after:
            continue
        quotes.append(Quote("no_apps", 0, m.start(), m.end()))
    for m in finditer(_NO_FEE, t, _NO_FEE_AT):
        quotes.append(Quote("no_fee", 0, m.start(), m.end()))
    for m in _FEE_AMOUNT.finditer(t):
        if re.search(r"(未|没有|不)[^，。；]{0,4}$", t[max(0, m.start() - 6): m.start()]):
            continue
        v = float(m.group(1))
        if v > 0:
            quotes.append(Quote("fee_amount", v, m.start(), m.end()))
    return tuple(quotes)


def _quotes(ctx: Ctx) -> tuple[TextView, tuple[Quote, ...]]:
    if "quotes" not in ctx.cache:
        view = _view(ctx)
        sec = ctx.report.section("四")
        four = (view.compact_pos(sec.span.start), view.compact_pos(sec.span.end)) if sec else (0, 0)
        ctx.cache["quotes"] = (view, extract(view, four))
    return ctx.cache["quotes"]


def _view(ctx: Ctx) -> TextView:
    if "view" not in ctx.cache:
        ctx.cache["view"] = text_view(ctx.report)
    return ctx.cache["view"]


# --- comparisons ---------------------------------------------------------------------------------


def _sum(ctx: Ctx, keys: list[str]) -> Number | None:
    """The sum of cells, or None if any is blank (the text is then not compared)."""
    vals = [v for k in keys if (v := ctx.v(k)) is not None]
    if not keys or len(vals) < len(keys):
        return None
    return sum(vals)


def _outcome_keys(ctx: Ctx, q: str) -> tuple[list[str], str]:
    fmt = ctx.report.format
    rows = {
        "granted": ["granted"],
        "partial": ["partial"],
        "granted+partial": ["granted", "partial"],
        "denied": [f"denied_{i}" for i in range(1, 9)],
        "unable": [f"unable_{i}" for i in range(1, 4)],
        "not_processed": [f"not_processed_{i}" for i in range(1, 6)],
        "other": ["other"] if fmt == FormatId.F2019 else ["other_1", "other_2", "other_3"],
    }[q]
    keys = [f"t3.{r}.total" for r in rows]
    if len(keys) == 1:
        return keys, label_of(keys[0])
    groups = {row_of(k).group or row_of(k).label for k in keys}
    if len(groups) == 1 and len(rows) > 2:
        return keys, f"表三「{groups.pop()}」各项之和"
    return keys, "表三「" + "」+「".join(row_of(k).label for k in keys) + "」总计"


def n_01(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    new, cin = ctx.v("t3.new.total"), ctx.v("t3.carried_in.total")
    simple = {
        "new": ("t3.new.total",),
        "carried_in": ("t3.carried_in.total",),
        "done": ("t3.total.total",),
        "carried_forward": ("t3.carried_forward.total",),
    }
    for q in quotes:
        if q.quantity in simple:
            key = simple[q.quantity][0]
            exp = ctx.v(key)
            if exp is not None and exp != q.value:
                ctx.emit("N-01", cells=[key], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end), stated=q.value, label=label_of(key), expected=exp)
        elif q.quantity == "apps":
            # 受理/收到 N 件 without 新收: the new applications (or, loosely, new + carried in).
            if new is None or q.value == new or (cin is not None and q.value == new + cin):
                continue
            ctx.emit("N-01", cells=["t3.new.total"], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end), stated=q.value,
                     label=label_of("t3.new.total"), expected=new)
        elif q.quantity == "incl":
            if new is None or cin is None:
                continue
            if q.value != new + cin:
                ctx.emit("N-01", "incl", cells=["t3.new.total", "t3.carried_in.total"], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end),
                         stated=q.value, new=new, carried_in=cin, expected=new + cin,
                         new_label=label_of("t3.new.total"), cin_label=label_of("t3.carried_in.total"))
            if q.extra[0] != cin:
                ctx.emit("N-01", cells=["t3.carried_in.total"], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end), stated=q.extra[0],
                         label=label_of("t3.carried_in.total"), expected=cin)


def n_02(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    total = ctx.v("t3.total.total")
    for q in quotes:
        if q.quantity == "row":
            key = f"t3.{q.extra[0]}.total"
            exp = ctx.v(key)
            if key in ctx.report.cells and exp is not None and exp != q.value:
                ctx.emit("N-02", cells=[key], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60),
                         stated=q.value, label=label_of(key), expected=exp)
            continue
        base = q.quantity.rstrip("%")
        if base not in ("granted", "partial", "granted+partial", "denied", "unable", "not_processed", "other"):
            continue
        keys, label = _outcome_keys(ctx, base)
        exp = _sum(ctx, keys)
        if exp is None:
            continue
        span, quote = view.span(q.start, q.end), view.quote(q.start, q.end, 60)
        if not q.quantity.endswith("%"):
            if q.value != exp:
                ctx.emit("N-02", cells=keys, span=span, quote=quote, stated=q.value, label=label, expected=exp)
            continue
        if not total:
            continue
        pct = exp / total * 100
        stated = q.value
        raw = q.extra[0] if q.extra else str(stated)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        tol = 0.5 * 10 ** (-decimals) + 0.01
        # Percentages are of 办理结果总计; reports also use 新收 or 新收 + 上年结转 as the base.
        new, cin = ctx.v("t3.new.total"), ctx.v("t3.carried_in.total")
        bases = [b for b in (total, new, (new or 0) + (cin or 0) if new is not None else None) if b]
        if all(abs(exp / b * 100 - stated) > tol for b in bases):
            ctx.emit("N-02", "pct", cells=[*keys, "t3.total.total"], span=span, quote=quote, stated=stated,
                     count=exp, total=total, expected=f"{pct:.2f}")


# Table 四's group names as formats.py prints them (行政复议; 行政诉讼 for both suit groups).
_GROUP_NAMES = {g: row_of(f"t4.{g}.total").group or row_of(f"t4.{g}.total").label
                for g in ("review", "suit_direct", "suit_after_review")}


def _what(groups) -> str:
    return "、".join(dict.fromkeys(_GROUP_NAMES[g] for g in groups))


def n_03(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    for q in quotes:
        if q.quantity in ("review", "suit"):
            groups = ["review"] if q.quantity == "review" else ["suit_direct", "suit_after_review"]
            keys = [f"t4.{g}.total" for g in groups]
            exp = _sum(ctx, keys)
            if exp is not None and exp != q.value:
                label = label_of(keys[0]) if len(keys) == 1 else "、".join(label_of(k) for k in keys) + "之和"
                ctx.emit("N-03", cells=keys, span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60), stated=q.value, label=label, expected=exp)
        elif q.quantity == "upheld":
            keys = [f"t4.{g}.{c}" for g in q.extra for c in ("corrected", "pending")]
            corrected = sum(ctx.v0(f"t4.{g}.corrected") for g in q.extra)
            pending = sum(ctx.v0(f"t4.{g}.pending") for g in q.extra)
            if corrected or pending:
                ctx.emit("N-03", "upheld", cells=[k for k in keys if ctx.v0(k)], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60),
                         what=_what(q.extra), corrected=corrected, pending=pending)
        elif q.quantity == "none" and q.extra:
            keys = [f"t4.{g}.total" for g in q.extra]
            total = sum(ctx.v0(k) for k in keys)
            if total:
                ctx.emit("N-03", "none", cells=keys, span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60), what=_what(q.extra), expected=total)


_MADE_VERBS = ("制定", "制发", "出台", "印发")
_PUB_VERBS = ("发布", "公开")


def _normative_keys(fmt: FormatId, row: str, verbs: tuple[str, ...]) -> list[str]:
    cols: list[str] = []
    if fmt == FormatId.F2019:
        if "累计" in verbs:
            cols = ["total"]
        else:
            if any(v in verbs for v in _PUB_VERBS):
                cols.append("published")
            if any(v in verbs for v in _MADE_VERBS):
                cols.append("made")
    else:
        if "现行有效" in verbs:
            cols = ["in_force"]
        elif "废止" in verbs:
            cols = ["repealed"]
        elif any(v in verbs for v in _MADE_VERBS):
            # 2021 counts what was 制发; "公开/发布 N 件" may include re-published or amended ones.
            cols = ["issued"]
    return [f"t2.{row}.{c}" for c in cols]


def n_04(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    for q in quotes:
        if q.quantity not in ("normative", "rules"):
            continue
        keys = _normative_keys(ctx.report.format, q.quantity, q.extra)
        vals = [ctx.v(k) for k in keys]
        if not keys or any(v is None for v in vals) or q.value in vals:
            continue
        ctx.emit("N-04", cells=keys, span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60),
                 stated=q.value, label=label_of(keys[0]), expected=vals[0])


def n_05(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    new = ctx.v("t3.new.total")
    fee_amounts = [q for q in quotes if q.quantity == "fee_amount"]
    for q in quotes:
        if q.quantity == "no_apps" and new:
            ctx.emit("N-05", "no_apps", cells=["t3.new.total"], span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60),
                     label=label_of("t3.new.total"), expected=new)
        elif q.quantity == "no_fee" and fee_amounts:
            o = fee_amounts[0]
            ctx.emit("N-05", "no_fee", span=view.span(q.start, q.end), quote=view.quote(q.start, q.end, 60), other=view.quote(o.start, o.end))


@lru_cache(maxsize=64)
def odd_years(view: TextView, y: int) -> tuple[tuple[str, int, int, int, int, int], ...]:
    """(variant, year, start, end, quote_start, quote_end) of every year in the text that does not
    fit report year ``y``: a 统计期限 of another year, or a body year that is neither Y, a Y+1
    plan or date, an explicit Y−1 comparison, a dated historical event, nor inside a document
    title or number."""
    t = view.text
    out: list[tuple[str, int, int, int, int, int]] = []
    flagged: set[int] = set()
    for m in _PERIOD.finditer(t):
        v = int(m.group(1))
        if v != y:
            out.append(("period", v, m.start(1), m.end(), m.start(), m.end()))
            flagged.add(m.start(1))
    for m in finditer(_YEAR, t, ("年",), back=4):
        v = int(m.group(1))
        if v in (y, y + 1) or m.start(1) in flagged:
            continue
        s, e = view.sentence(m.start(), m.end())
        sent = t[s:e]
        before = t[s:m.start()]
        if before.rfind("《") > before.rfind("》"):
            continue  # a document title (regulation names carry their own years)
        after = t[m.end(): m.end() + 4]
        if _AFTER_YEAR.match(after):
            continue
        if v > y + 1 and (_has(sent, _PLAN) or "将" in sent):
            continue
        if v < y and (_has(sent, _HISTORY) or (v == y - 1 and _has(sent, _COMPARE + ("截至", "截止")))):
            continue
        # Only a year where the report's own year belongs: opening a sentence (「2019年，我局…」,
        # 「2019年度政府信息公开工作…」). Other mentions of past years (「按时发布2019年政府信息公开
        # 工作年度报告」) are ordinary history.
        opening = m.start() == s or t[m.start() - 1] in "：:" or _SUB_HEAD.fullmatch(t[s:m.start()])
        if not (opening and (_OPENING_AFTER.match(t, m.end()) or _OWN_WORK.match(t, m.end()))):
            continue
        out.append(("body", v, m.start(1), m.end(), s, e))
    return tuple(out)


_SUB_HEAD = re.compile(r"[（(][一二三四五六七八九十\d]{1,2}[)）][^，,。]{0,20}?|[一二三四五六七八九十]{1,2}是")
_OPENING_AFTER = re.compile(r"度?[，,]|度?(我|本|全|共|在|各|区|市|县|局|委|省)")
_OWN_WORK = re.compile(r"度?(政府信息公开|政务公开)(工作)?(年度)?(报告|情况|工作)")
_AFTER_YEAR = re.compile(r"(度)?(以来|起|开始|至今|至|底至|—|-|～|~)")


def n_06(ctx: Ctx) -> None:
    report = ctx.report
    y = report.year
    view = _view(ctx)
    if report.title:
        m = _YEAR.search(re.sub(r"\s+", "", report.title))
        if m and int(m.group(1)) != y:
            at = report.text.find(report.title.strip()[:20]) if report.title.strip() else -1
            end = min(len(report.text), at + len(report.title.strip()))
            span = Span(start=at, end=end, line=report.text.count("\n", 0, at) + 1) \
                if at >= 0 else None
            ctx.emit("N-06", "title", span=span, stated=int(m.group(1)), year=y)
    for variant, v, start, end, qs, qe in odd_years(view, y):
        ctx.emit("N-06", variant, span=view.span(start, end), stated=v, year=y, quote=view.quote(qs, qe, 50))


_SAME = {"new", "carried_in", "done", "carried_forward", "granted", "partial", "granted+partial", "denied",
         "unable", "not_processed", "other", "review", "suit", "normative", "rules"}
def _row_label(key: str) -> str:
    r = row_of(key)
    return r.group or r.label if key.startswith("t4") else r.label


# What N-07 calls each quantity: the printed row label from formats.py.
_SAME_NAMES = {
    **{q: _row_label(f"t3.{q}.total") for q in ("new", "carried_in", "granted", "partial", "carried_forward")},
    "done": (row_of("t3.total.total").group or "") + row_of("t3.total.total").label,
    "granted+partial": _row_label("t3.granted.total") + "及" + _row_label("t3.partial.total"),
    **{q: row_of(f"t3.{q}_1.total").group for q in ("denied", "unable", "not_processed")},
    "other": row_of("t3.other.total").label,
    "review": _GROUP_NAMES["review"], "suit": _GROUP_NAMES["suit_direct"],
    "normative": row_of("t2.normative.made").label, "rules": row_of("t2.rules.made").label,
}


def n_07(ctx: Ctx) -> None:
    view, quotes = _quotes(ctx)
    seen: dict[tuple, Quote] = {}
    reported: set[tuple] = set()
    for q in quotes:
        if q.quantity not in _SAME:
            continue
        k = (q.quantity, q.extra if q.quantity in ("normative", "rules") else ())
        first = seen.setdefault(k, q)
        if first.value != q.value and k not in reported:
            reported.add(k)
            ctx.emit("N-07", span=view.span(q.start, q.end), what=_SAME_NAMES[q.quantity],
                     quote1=view.quote(first.start, first.end), v1=first.value,
                     quote2=view.quote(q.start, q.end), v2=q.value)


CHECKS = {"N-01": n_01, "N-02": n_02, "N-03": n_03, "N-04": n_04, "N-05": n_05, "N-06": n_06, "N-07": n_07}
