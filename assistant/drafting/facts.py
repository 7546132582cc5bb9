"""This year's tables (and last year's report) as numbered fact sentences, per topic of 一、总体情况.

Pure: a ``Report`` holding the tables in, ``Facts`` out. Every number a draft may state about the
tables is computed here — sums (行政诉讼 = 直接起诉 + 复议后起诉), changes against last year
(「较上年增加12件」) and percentages rounded as clerks print them — never by a model. A blank cell
gives no fact and is listed in ``missing``.

Each fact carries ``cues``: the words that name its quantity in a sentence (from the row labels
and aliases of ``assistant.formats``); the guard reads a number as this fact only when one of its
cues names it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from assistant.formats import (
    T3_APPLICANT_COLUMNS,
    FormatId,
    column_of,
    format_for_year,
    row_of,
)
from assistant.report import Number, Report

# The subsections of 一、总体情况 (2021 format), keyed as formats.OVERVIEW_TOPICS.
TOPICS: dict[str, str] = {
    "主动公开": "（一）主动公开",
    "依申请公开": "（二）依申请公开",
    "政府信息管理": "（三）政府信息管理",
    "平台建设": "（四）政府信息公开平台建设",
    "监督保障": "（五）监督保障",
}

_T3_GROUPS = {  # derived outcome totals: id → (rows, label as written, cues)
    "denied": ([f"denied_{i}" for i in range(1, 9)], "不予公开", ("不予公开",)),
    "unable": ([f"unable_{i}" for i in range(1, 4)], "无法提供", ("无法提供",)),
    "not_processed": ([f"not_processed_{i}" for i in range(1, 6)], "不予处理", ("不予处理",)),
}
_T4_COLUMNS = {"upheld": ("维持", ("维持",)), "corrected": ("纠正", ("纠正", "纠错")),
               "other": ("其他结果", ("其他结果",)), "pending": ("尚未审结", ("尚未审结", "未审结"))}
# Verbs that pick the column of a 规章 / 规范性文件 count (the last one before the number wins).
_ISSUED = ("制发", "印发", "出台", "制定", "发布")
_MADE = ("制作", "制定", "印发", "出台")
# The change cues: a number after them is last year's difference of the quantity named before.
CHANGE_UP = ("较上年增加", "比上年增加", "同比增加", "较上年增长", "比上年增长", "同比增长", "较去年增加", "比去年增加")
CHANGE_DOWN = ("较上年减少", "比上年减少", "同比减少", "较上年下降", "比上年下降", "同比下降", "较去年减少",
               "比去年减少")


class Fact(BaseModel):
    id: str  # "t3.new.total", "t4.suit.total", "t3.granted.pct", "t3.new.total.change"
    topic: str  # a key of TOPICS, or "六"
    kind: str  # "count" | "percent" | "money" | "change"
    value: Number
    unit: str  # "件", "%", "万元", "个"
    text: str  # the fact as a clerk writes it: "本年新收政府信息公开申请81件"
    cells: list[str] = Field(default_factory=list)
    cues: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # a word that must come earlier in the sentence (表四 outcomes)
    of: str | None = None  # the fact a percentage or a change belongs to


class Facts(BaseModel):
    organ: str | None = None
    year: int
    format: FormatId
    facts: list[Fact] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)  # cell keys left blank (no fact from them)
    previous_year: int | None = None

    def get(self, fid: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fid), None)

    def topic(self, topic: str) -> list[Fact]:
        return [f for f in self.facts if f.topic == topic]

    def numbered(self) -> str:
        """One line per fact, ``[id] text``, for a prompt."""
        return "\n".join(f"[{f.id}] {f.text}" for f in self.facts)


def fmt_number(v: Number) -> str:
    """A value as a clerk prints it: ``81``, ``2.5``, ``37.5`` (no trailing zeros)."""
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def percent(part: Number, whole: Number) -> float:
    """``part`` of ``whole`` in percent, rounded half up to one decimal as clerks print it."""
    return float(int(part * 1000 / whole + 0.5)) / 10


def _sum(report: Report, keys: Iterable[str]) -> Number | None:
    vals = [report.value(k) for k in keys]
    if not vals or any(v is None for v in vals):
        return None
    return sum(vals)  # type: ignore[arg-type]


class _Builder:
    def __init__(self, tables: Report, previous: Report | None) -> None:
        self.t = tables
        self.prev = previous if previous is not None and previous.has_tables and previous.cells else None
        self.facts: list[Fact] = []
        self.missing: list[str] = []

    def value(self, keys: list[str]) -> Number | None:
        present = [k for k in keys if k in self.t.cells or self.t.has_tables]
        v = _sum(self.t, present)
        if v is None:
            self.missing.extend(k for k in present if self.t.value(k) is None and k not in self.missing)
        return v

    def add(self, fid: str, topic: str, keys: list[str], template: str, cues: tuple[str, ...],
            unit: str = "件", kind: str = "count", context: tuple[str, ...] = ()) -> Fact | None:
        v = self.value(keys)
        if v is None:
            return None
        fact = Fact(id=fid, topic=topic, kind=kind, value=v, unit=unit,
                    text=template.format(v=fmt_number(v)), cells=keys, cues=cues, context=context)
        self.facts.append(fact)
        return fact

    def change(self, fact: Fact | None, noun: str) -> None:
        """「较上年增加12件」 for ``fact`` when last year's report has the same cells."""
        if fact is None or self.prev is None:
            return
        pv = _sum(self.prev, fact.cells)
        if pv is None:
            return
        d = fact.value - pv
        if d == 0:
            text = f"{noun}与上年持平"
        else:
            text = f"{noun}较上年{'增加' if d > 0 else '减少'}{fmt_number(abs(d))}{fact.unit}"
        self.facts.append(Fact(id=fact.id + ".change", topic=fact.topic, kind="change", value=abs(d),
                               unit=fact.unit, text=text, cells=fact.cells, cues=(), of=fact.id))
        if d and pv:
            p = percent(abs(d), pv)
            self.facts.append(Fact(id=fact.id + ".change_pct", topic=fact.topic, kind="percent", value=p, unit="%",
                                   text=f"{noun}较上年{'增长' if d > 0 else '下降'}{fmt_number(p)}%",
                                   cells=fact.cells, of=fact.id))

    def share(self, fact: Fact | None, total: Fact | None, noun: str) -> None:
        if fact is None or total is None or not total.value:
            return
        p = percent(fact.value, total.value)
        self.facts.append(Fact(id=fact.id.removesuffix(".total") + ".pct", topic=fact.topic, kind="percent",
                               value=p, unit="%", text=f"{noun}占办理结果总计的{fmt_number(p)}%",
                               cells=fact.cells + total.cells, of=fact.id))


def build_facts(tables: Report, previous: Report | None = None, organ: str | None = None,
                year: int | None = None) -> Facts:
    """The facts of ``tables`` (a report's or canonical JSON's cells) for the report year."""
    y = year or tables.year
    if y is None:
        from assistant.errors import NianbaoError

        raise NianbaoError("无法确定报告年度：请在表格 JSON 中写明 year 或指定 --year")
    fmt = tables.format if tables.has_tables else format_for_year(y)
    b = _Builder(tables, previous)
    _active(b, fmt)
    _applications(b, fmt)
    _reviews(b)
    prev_year = previous.year if previous is not None else None
    return Facts(organ=organ or tables.agency, year=y, format=fmt, facts=b.facts, missing=b.missing,
                 previous_year=prev_year)


def _active(b: _Builder, fmt: FormatId) -> None:
    topic = "主动公开"
    if fmt == FormatId.F2021:
        for row, noun in (("rules", "规章"), ("normative", "行政规范性文件")):
            cues = (noun, "规范性文件") if row == "normative" else (noun,)
            b.add(f"t2.{row}.issued", topic, [f"t2.{row}.issued"], f"本年制发{noun}{{v}}件", cues,
                  context=_ISSUED)
            b.add(f"t2.{row}.repealed", topic, [f"t2.{row}.repealed"], f"废止{noun}{{v}}件", cues, context=("废止",))
            b.add(f"t2.{row}.in_force", topic, [f"t2.{row}.in_force"], f"现行有效{noun}{{v}}件", cues,
                  context=("现行有效", "有效"))
        for row, noun in (("license", "行政许可"), ("penalty", "行政处罚"), ("coercion", "行政强制")):
            b.add(f"t2.{row}.decisions", topic, [f"t2.{row}.decisions"], f"作出{noun}决定{{v}}件", (noun,))
        b.add("t2.fee.amount_wan", topic, ["t2.fee.amount_wan"], "行政事业性收费金额{v}万元",
              ("行政事业性收费", "收费金额"), unit="万元", kind="money")
        return
    if fmt != FormatId.F2019:
        return
    for row, noun in (("rules", "规章"), ("normative", "规范性文件")):
        b.add(f"t2.{row}.made", topic, [f"t2.{row}.made"], f"本年新制作{noun}{{v}}件", (noun,), context=_MADE)
        b.add(f"t2.{row}.published", topic, [f"t2.{row}.published"], f"本年新公开{noun}{{v}}件", (noun,),
              context=("公开", "发布"))
        b.add(f"t2.{row}.total", topic, [f"t2.{row}.total"], f"{noun}对外公开总数{{v}}件", (noun,),
              context=("总数", "累计", "总量"))
    for row, noun in (("license", "行政许可"), ("other_service", "其他对外管理服务事项"),
                      ("penalty", "行政处罚"), ("coercion", "行政强制")):
        b.add(f"t2.{row}.decisions", topic, [f"t2.{row}.decisions"], f"作出{noun}处理决定{{v}}件", (noun,))
    b.add("t2.procurement.count", topic, ["t2.procurement.count"], "政府集中采购项目{v}个", ("集中采购", "采购项目"),
          unit="个")
    b.add("t2.procurement.amount_wan", topic, ["t2.procurement.amount_wan"], "政府集中采购总金额{v}万元",
          ("集中采购", "采购总金额", "采购金额"), unit="万元", kind="money")


def _applications(b: _Builder, fmt: FormatId) -> None:
    topic = "依申请公开"
    # 「收到/受理申请 N 件」 is the new applications or, loosely, new + carried in (as N-01 reads it)
    received_cues = ("收到", "受理", "接收", "接到")
    new = b.add("t3.new.total", topic, ["t3.new.total"], "本年新收政府信息公开申请{v}件", ("新收", *received_cues))
    b.change(new, "新收申请")
    for col in T3_APPLICANT_COLUMNS:
        key = f"t3.new.{col}"
        label = column_of(key).label
        cues = (label,) if col != "other_org" else ("其他组织",)
        if col == "natural":
            template = "其中自然人申请{v}件"
        else:
            template = f"{label}申请{{v}}件" if col != "other_org" else "其他组织申请{v}件"
        b.add(key, topic, [key], template, cues)
    cin = b.add("t3.carried_in.total", topic, ["t3.carried_in.total"], "上年结转政府信息公开申请{v}件",
                ("上年结转",))
    if new is not None and cin is not None and cin.value:
        b.facts.append(Fact(id="t3.received", topic=topic, kind="count", value=new.value + cin.value, unit="件",
                            text=f"新收与上年结转合计{fmt_number(new.value + cin.value)}件",
                            cells=new.cells + cin.cells, cues=("合计", *received_cues)))
    total = b.add("t3.total.total", topic, ["t3.total.total"], "办结政府信息公开申请{v}件",
                  ("办结", "办理完毕", "办理结果总计", "答复"))
    granted = b.add("t3.granted.total", topic, ["t3.granted.total"], "予以公开{v}件", ("予以公开",))
    b.share(granted, total, "予以公开")
    partial = b.add("t3.partial.total", topic, ["t3.partial.total"], "部分公开{v}件", ("部分公开",))
    b.share(partial, total, "部分公开")
    for gid, (rows, noun, cues) in _T3_GROUPS.items():
        b.share(b.add(f"t3.{gid}", topic, [f"t3.{r}.total" for r in rows], noun + "{v}件", cues), total, noun)
        for r in rows:
            key = f"t3.{r}.total"
            row = row_of(key)
            label = row.label.split(".", 1)[-1]
            b.add(key, topic, [key], f"{noun}中{label}{{v}}件", row.aliases)
    if fmt == FormatId.F2019:
        b.share(b.add("t3.other.total", topic, ["t3.other.total"], "其他处理{v}件", ("其他处理",)), total, "其他处理")
    else:
        rows = ["other_1", "other_2", "other_3"]
        b.share(b.add("t3.other", topic, [f"t3.{r}.total" for r in rows], "其他处理{v}件", ("其他处理",)), total,
                "其他处理")
        b.add("t3.other_1.total", topic, ["t3.other_1.total"], "申请人逾期不补正、不再处理{v}件", ("逾期不补正",))
        b.add("t3.other_2.total", topic, ["t3.other_2.total"],
              "申请人逾期未按收费通知要求缴纳费用、不再处理{v}件", ("收费通知",))
    b.add("t3.carried_forward.total", topic, ["t3.carried_forward.total"], "结转下年度继续办理{v}件",
          ("结转下年度", "结转下一年度", "转入下年度", "结转至下年度", "结转至下一年度"))


def _reviews(b: _Builder) -> None:
    topic = "依申请公开"
    review = b.add("t4.review.total", topic, ["t4.review.total"], "因政府信息公开工作被申请行政复议{v}件",
                   ("行政复议", "复议案件"))
    b.change(review, "行政复议")
    direct, after = "t4.suit_direct.total", "t4.suit_after_review.total"
    suit = b.add("t4.suit.total", topic, [direct, after], "被提起行政诉讼{v}件", ("行政诉讼", "诉讼案件"))
    b.change(suit, "行政诉讼")
    b.add(direct, topic, [direct], "未经复议直接起诉{v}件", ("直接起诉", "直接提起诉讼", "直接提起行政诉讼"))
    b.add(after, topic, [after], "复议后起诉{v}件", ("复议后起诉", "复议后提起诉讼", "复议后提起行政诉讼"))
    for col, (noun, cues) in _T4_COLUMNS.items():
        b.add(f"t4.review.{col}", topic, [f"t4.review.{col}"], f"行政复议{noun}{{v}}件", cues, context=("复议",))
        b.add(f"t4.suit.{col}", topic, [f"t4.suit_direct.{col}", f"t4.suit_after_review.{col}"],
              f"行政诉讼{noun}{{v}}件", cues, context=("诉讼", "起诉"))
