"""Rules on sections and content: C-01…C-06, C-08…C-10."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.checker.context import Ctx
from assistant.checker.numbers import compact, finditer
from assistant.checker.tables import FEE_WORDS, row_label
from assistant.formats import (
    OVERVIEW_TOPICS,
    SECTION_HEADING_VARIANTS,
    SECTION_HEADINGS,
    SECTION_HEADINGS_ACCEPTED,
    SECTION_NUMBERS,
)
from assistant.labels import normalize_label
from assistant.report import Span

_ACCEPTED = {n: tuple(normalize_label(v) for v in vs) for n, vs in SECTION_HEADINGS_ACCEPTED.items()}
_VARIANTS = {n: tuple(normalize_label(v) for v in vs) for n, vs in SECTION_HEADING_VARIANTS.items()}


def c_01(ctx: Ctx) -> None:
    secs = [s for s in ctx.report.sections if s.number in SECTION_NUMBERS]
    numbers = [s.number for s in secs]
    for n in SECTION_NUMBERS:
        if n not in numbers:
            ctx.emit("C-01", "missing", number=n, heading=SECTION_HEADINGS[n])
    order = [SECTION_NUMBERS.index(n) for n in numbers]
    if order != sorted(order) or len(set(numbers)) != len(numbers):
        ctx.emit("C-01", "order", order="、".join(numbers))
    for s in secs:
        heading = s.heading
        norm = normalize_label(heading)
        if any(norm == a or norm.startswith(a) for a in _ACCEPTED[s.number]):
            continue
        variant = any(norm == v or norm.startswith(v) for v in _VARIANTS[s.number])
        ctx.emit("C-01", "variant" if variant else "unknown", span=s.span, number=s.number,
                 actual=heading.strip(), heading=SECTION_HEADINGS[s.number])


def _overview(ctx: Ctx) -> str | None:
    s = ctx.report.section("一")
    return None if s is None else compact(s.text)


def _overview_span(ctx: Ctx) -> Span | None:
    s = ctx.report.section("一")
    return None if s is None else s.span


def c_02(ctx: Ctx) -> None:
    text = _overview(ctx)
    if text is None:
        ctx.emit("C-02", "no_section")
        return
    missing = [t for t, words in OVERVIEW_TOPICS.items() if not any(w in text for w in words)]
    if missing:
        ctx.emit("C-02", span=_overview_span(ctx), topics="、".join(missing))


_C03_TOPICS = {
    "工作考核": ("考核", "考评"),
    "社会评议": ("社会评议", "评议", "群众满意度", "满意度测评", "社会评价"),
    "责任追究": ("责任追究", "追责", "问责"),
}


def c_03(ctx: Ctx) -> str | None:
    if ctx.kind.value != "government":
        return "本规则只适用于人民政府（含管委会）的报告，本报告为政府部门报告"
    text = _overview(ctx)
    if text is None:
        ctx.emit("C-03", "no_section")
        return None
    missing = [t for t, words in _C03_TOPICS.items() if not any(w in text for w in words)]
    if missing:
        ctx.emit("C-03", span=_overview_span(ctx), missing="、".join(missing) + "结果")
    return None


_NO_FEE = re.compile(r"(未|没有|无|不)(发出|出具|收取|产生|涉及|存在)?[^。；，]{0,8}?(信息处理费|收费通知|收费)")


def c_04(ctx: Ctx) -> None:
    six = ctx.report.section("六")
    if six is None:
        ctx.emit("C-04", "no_section")
        return
    text = compact(six.text)
    if not any(w in text for w in FEE_WORDS):
        ctx.emit("C-04", "missing", span=six.span)
        return
    key = "t3.other_2.total"
    v = ctx.v(key)
    if v and v > 0:
        m = re.search(r"(未|没有|无)(发出|出具|开具|下发)[^。；，]{0,6}?收费通知", text)
        if m:
            ctx.emit("C-04", "conflict", cells=[key], span=six.span, quote=m.group(0),
                     label=row_label("t3", "other_2", "total"), value=v)


_WORK_POINTS = re.compile(r"工作要点|政务公开[^。；]{0,12}(实施方案|工作方案|重点工作)")
_SUGGESTIONS = re.compile(r"(人大|代表)[^。；]{0,20}建议")
_PROPOSALS = re.compile(r"(政协|委员)[^。；]{0,20}提案")
_BOTH = re.compile(r"建议提案|议案提案|建议和提案|建议、提案")


# Each alternative of the patterns above on its own, opening with a literal (the regex engine then
# jumps between occurrences of it): a text matches a pattern iff it matches one of its parts.
_WORK_POINTS_PARTS = ("工作要点", re.compile(r"政务公开[^。；]{0,12}(实施方案|工作方案|重点工作)"))
_SUGGESTIONS_PARTS = tuple(re.compile(w + r"[^。；]{0,20}建议") for w in ("人大", "代表"))
_PROPOSALS_PARTS = tuple(re.compile(w + r"[^。；]{0,20}提案") for w in ("政协", "委员"))
_BOTH_PARTS = ("建议提案", "议案提案", "建议和提案", "建议、提案")


def _any(parts: tuple, text: str) -> bool:
    return any(p in text if isinstance(p, str) else p.search(text) for p in parts)


@lru_cache(maxsize=64)
def _mentions(text: str) -> tuple[bool, bool]:
    """Whether the text reports 落实工作要点, and 建议提案办理 (``_WORK_POINTS`` … ``_BOTH``)."""
    t = compact(text)
    points = _any(_WORK_POINTS_PARTS, t)
    proposals = (_any(_SUGGESTIONS_PARTS, t) and _any(_PROPOSALS_PARTS, t)) or _any(_BOTH_PARTS, t)
    return points, proposals


def c_05(ctx: Ctx) -> None:
    if not _mentions(ctx.report.text)[0]:
        ctx.emit("C-05")


def c_06(ctx: Ctx) -> None:
    if not _mentions(ctx.report.text)[1]:
        ctx.emit("C-06")


_PROBLEM = re.compile(r"问题|不足|差距|有待|不够|不强|不高|滞后|欠缺|薄弱|不到位|不及时|不完善|不规范")
_MEASURE = re.compile(r"将|进一步|加强|加大|推进|完善|建立|健全|强化|提升|提高|落实|做好|计划|措施")


def c_08(ctx: Ctx) -> None:
    five = ctx.report.section("五")
    if five is None:
        ctx.emit("C-08", "no_section")
        return
    text = compact(five.text)
    what = []
    if len(text) < 60:
        what.append(f"内容过短（{len(text)} 字）")
    if not _PROBLEM.search(text):
        what.append("没有写出具体问题")
    if len(_MEASURE.findall(text)) < 2:
        what.append("没有写出具体改进措施")
    if what:
        ctx.emit("C-08", span=five.span, what="；".join(what))


_PREAMBLE_ITEMS = {
    "法律依据": re.compile(r"条例|办法|规定|通知"),
    "统计期限": re.compile(r"统计期限|统计时间|统计期间|统计区间|\d{4}年1月1日(起)?至"),
    "报告获取方式": re.compile(r"网站|网址|门户|http|www|查阅|下载|电子版"),
    "联系方式": re.compile(r"联系电话|联系方式|联系地址|联系人|电话|邮箱|电子邮件|邮编|传真|通讯地址"),
}


def c_09(ctx: Ctx) -> None:
    report = ctx.report
    head = report.preamble
    one = report.section("一")
    if one is not None:
        # Many reports put the preamble's content in the first paragraph of 一、总体情况.
        first = one.text.split("（一）")[0].split("(一)")[0]
        head = head + "\n" + first[:600]
    text = compact(head)
    missing = [name for name, rx in _PREAMBLE_ITEMS.items() if not rx.search(text)]
    if missing:
        ctx.emit("C-09", missing="、".join(missing))


# 18-digit resident ID: region, birth date 19xx/20xx, sequence, check digit.
_ID = re.compile(r"(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<![\d-])1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d])")
# The same pattern opening with its literal "1" (the look-behind moved after it), so the regex
# engine can jump from one "1" to the next instead of trying every position.
_MOBILE_FAST = re.compile(r"1(?<![\d-]1)" + _MOBILE.pattern[len(r"(?<![\d-])1"):])
_OFFICIAL_CONTACT = re.compile(r"(联系电话|咨询电话|联系方式|监督电话|举报电话|服务热线|热线电话|投诉电话|办公电话|传真)[：:\s]*$")
_PRIVATE = re.compile(r"申请人|先生|女士|身份证|公民")


@lru_cache(maxsize=64)
def personal_data(text: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) of every ID number and private mobile number in ``text``."""
    # An ID number has its birth year's 19/20 six characters in.
    out = [("id", m.start(), m.end()) for m in finditer(_ID, text, ("19", "20"), back=6)]
    for m in _MOBILE_FAST.finditer(text):
        before = text[max(0, m.start() - 24): m.start()]
        if _OFFICIAL_CONTACT.search(before.replace("\n", "")) and not _PRIVATE.search(before):
            continue
        out.append(("mobile", m.start(), m.end()))
    return tuple(out)


def c_10(ctx: Ctx) -> None:
    text = ctx.report.text
    for kind, start, end in personal_data(text):
        ctx.emit("C-10", kind, span=_span(text, start, end), value=_mask(text[start:end]))


def _mask(s: str) -> str:
    """Never repeat the personal data in full in a finding."""
    return s[:3] + "*" * (len(s) - 7) + s[-4:] if len(s) > 8 else s


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, line=text.count("\n", 0, start) + 1)


CHECKS = {
    "C-01": c_01, "C-02": c_02, "C-03": c_03, "C-04": c_04, "C-05": c_05,
    "C-06": c_06, "C-08": c_08, "C-09": c_09, "C-10": c_10,
}
