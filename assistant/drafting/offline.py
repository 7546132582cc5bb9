"""The offline drafter: 一、总体情况 (five subsections), 五 and 六 without a model.

``draft_offline(facts, notes=…, past=…)`` composes the text from the facts (every number right by
construction), the clerk's notes sorted into the topics, and — for a topic with neither facts nor
notes — the organ's own wording from last year (``past``: passages of its previous report or of the
index), marked 【请核实更新】 with its numbers and years replaced by 〔待核〕 so nothing stale
passes unnoticed. Pure: passages come in, a ``Draft`` comes out (guard it with ``guard``).
"""

from __future__ import annotations

import re

from assistant.checker.numbers import compact, read_numbers
from assistant.drafting.facts import TOPICS, Fact, Facts, fmt_number
from assistant.drafting.guard import STALE_MARK, guard
from assistant.drafting.models import Citation, Draft, Passage
from assistant.formats import SECTION_HEADINGS, FormatId

PLACEHOLDER = "〔待核〕"
TO_FILL = "【请补充】"

# Words that sort a sentence of the notes into a topic (一's subsections, 五, 六).
NOTE_TOPICS: dict[str, tuple[str, ...]] = {
    "主动公开": ("主动公开", "政策解读", "解读", "规范性文件", "重点领域", "五公开"),
    "依申请公开": ("依申请", "申请"),
    "政府信息管理": ("保密审查", "公开目录", "公开指南", "信息管理", "公开属性", "清理", "源头认定"),
    "平台建设": ("网站", "新媒体", "公众号", "微博", "平台", "公报", "专栏", "查阅点", "查阅场所"),
    "监督保障": ("考核", "培训", "监督", "评议", "责任追究", "督查", "督导", "通报"),
    "五": ("问题", "不足", "整改", "短板", "差距"),
    "六": ("人大", "政协", "建议", "提案", "信息处理费", "收费", "工作要点"),
}
# Words that find a topic's subsection in a past report (its title).
PAST_TOPIC = {"主动公开": ("主动公开",), "依申请公开": ("依申请",), "政府信息管理": ("信息管理", "管理"),
              "平台建设": ("平台",), "监督保障": ("监督", "保障", "考核")}
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_TABLE_ROW = re.compile(r"\t|(?:\d+\s+){2,}\d")
# 〔2023〕5号, [2022]第12号, （2021）: the year in brackets and the serial number after it
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）](?:\s*第?\s*\d+\s*号)?")
_HELD = "\x00"  # stands for a document number while the other numbers are replaced


def note_sentences(notes: str | None) -> list[tuple[str, str]]:
    """(topic, sentence) for every sentence of the notes, in order; topic "" when no word fits."""
    out: list[tuple[str, str]] = []
    for line in (notes or "").splitlines():
        if _TABLE_ROW.search(line):
            continue  # a row pasted from a spreadsheet: table data, not wording
        for m in _SENTENCE.finditer(line.strip()):
            s = m.group().strip()
            if len(compact(s)) < 6:
                continue
            if s[-1] not in "。；;！!？?":
                s += "。"
            scores = {t: sum(s.count(w) for w in words) for t, words in NOTE_TOPICS.items()}
            best = max(scores, key=lambda t: scores[t])
            out.append((best if scores[best] else "", s.replace("；", "。") if s.endswith("；") else s))
    return out


def stale(text: str) -> str:
    """Past wording with every number and year replaced by 〔待核〕 (read as the guard reads them,
    then any digits left)."""
    # a document number (〔2023〕5号) is one expression: one placeholder for all of it
    t = _DOC_NUMBER.sub(_HELD, compact(text))
    out, pos = [], 0
    for tok in read_numbers(t):
        out.append(t[pos:tok.vstart])
        out.append(PLACEHOLDER)
        pos = tok.vend
    out.append(t[pos:])
    # numbers without a unit too (page numbers left in by a PDF)
    return re.sub(r"\d+(?:\.\d+)?", PLACEHOLDER, "".join(out)).replace(_HELD, PLACEHOLDER)


def _join(parts: list[str], sep: str = "，") -> str:
    return sep.join(p for p in parts if p)


def _v(facts: Facts, fid: str) -> Fact | None:
    return facts.get(fid)


def _active(facts: Facts) -> str:
    parts: list[str] = []
    for row in ("rules", "normative"):
        if facts.format == FormatId.F2021:
            ids = [f"t2.{row}.issued", f"t2.{row}.repealed", f"t2.{row}.in_force"]
        else:
            ids = [f"t2.{row}.made", f"t2.{row}.published", f"t2.{row}.total"]
        found = [f for f in (facts.get(i) for i in ids) if f is not None]
        if found and any(f.value for f in found):
            parts.append("，".join(f.text for f in found))
    decisions = [f for f in facts.topic("主动公开") if f.id.endswith(".decisions") and f.value]
    if decisions:
        parts.append("、".join(f.text if i == 0 else f.text.removeprefix("作出") for i, f in enumerate(decisions)))
    for fid in ("t2.fee.amount_wan", "t2.procurement.count", "t2.procurement.amount_wan"):
        f = facts.get(fid)
        if f is not None and f.value:
            parts.append(f.text)
    return "；".join(parts) + "。" if parts else ""


def _applications(facts: Facts) -> str:
    sentences: list[str] = []
    new = facts.get("t3.new.total")
    if new is not None:
        # the change right after the total it belongs to, then the breakdown
        s = new.text + _change(facts, new)
        by = [f.text.removeprefix("其中") for f in facts.topic("依申请公开")
              if f.id.startswith("t3.new.") and f.id != "t3.new.total" and f.kind == "count" and f.value]
        if by:
            s += "，其中" + "、".join(by)
        cin = facts.get("t3.carried_in.total")
        if cin is not None and cin.value:
            s += "；" + cin.text
        sentences.append(s + "。")
    total = facts.get("t3.total.total")
    if total is not None:
        outcomes: list[str] = []
        for fid in ("t3.granted.total", "t3.partial.total", "t3.denied", "t3.unable", "t3.not_processed",
                    "t3.other", "t3.other.total"):
            f = facts.get(fid)
            if f is None or not f.value:
                continue
            pct = facts.get(fid.removesuffix(".total") + ".pct")
            outcomes.append(f.text + (f"，占{fmt_number(pct.value)}%" if pct is not None else ""))
        s = total.text + ("，其中" + "；".join(outcomes) if outcomes else "")
        sentences.append(s + "。")
    fwd = facts.get("t3.carried_forward.total")
    if fwd is not None:
        sentences.append(fwd.text + "。")
    sentences.append(_reviews(facts))
    return "".join(s for s in sentences if s)


def _change(facts: Facts, fact: Fact) -> str:
    """「，较上年减少118件」 (or 「，与上年持平」) for ``fact``, to stand right after its own number;
    "" without last year's report."""
    chg = facts.get(fact.id + ".change")
    if chg is None:
        return ""
    at = min((i for i in (chg.text.find("较上年"), chg.text.find("与上年")) if i >= 0), default=0)
    return "，" + chg.text[at:]


def _outcomes(facts: Facts, group: str) -> list[str]:
    parts = []
    columns = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
    for col, noun in columns:
        f = facts.get(f"t4.{group}.{col}")
        if f is not None and f.value:
            parts.append(f"{noun}{fmt_number(f.value)}件")
    return parts


def _reviews(facts: Facts) -> str:
    review, suit = facts.get("t4.review.total"), facts.get("t4.suit.total")
    if review is None and suit is None:
        return ""
    if (review is None or not review.value) and (suit is None or not suit.value):
        if review is not None and suit is not None:
            return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    parts: list[str] = []
    if review is not None:
        s = review.text + _change(facts, review)
        outcomes = _outcomes(facts, "review") if review.value else []
        if outcomes:
            s += "，其中" + "、".join(outcomes)
        parts.append(s)
    if suit is not None:
        s = suit.text + _change(facts, suit)
        direct, after = facts.get("t4.suit_direct.total"), facts.get("t4.suit_after_review.total")
        if suit.value and direct is not None and after is not None:
            s += f"，其中{direct.text}、{after.text}"
            s = _join([s, "、".join(_outcomes(facts, "suit"))])
        elif suit.value and _outcomes(facts, "suit"):
            s += "，其中" + "、".join(_outcomes(facts, "suit"))
        parts.append(s)
    return "；".join(parts) + "。"


def _past_for(past: list[Passage], section: str, topic: str | None) -> list[Passage]:
    """The newest year's own passages of ``section`` (and of ``topic``'s subsection)."""
    own = [p for p in past if p.own and p.section == section]
    if topic is not None:
        own = [p for p in own if p.subsection and any(w in p.subsection for w in PAST_TOPIC[topic])]
    if not own:
        return []
    newest = max(p.year or 0 for p in own)
    return [p for p in own if (p.year or 0) == newest]


# a subsection's heading, read on its own line before the text is compacted (no body eaten)
_SUB_HEAD = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,2}[)）][^。；，\n]{0,24}[。：:]?")


def _reuse(passages: list[Passage], cited: dict[str, Citation]) -> list[str]:
    out = []
    for p in passages:
        body = stale(_SUB_HEAD.sub("", p.text, count=1) if p.subsection else p.text)
        if not compact(body):
            continue
        cited[p.id] = Citation.of(p)
        out.append(f"{STALE_MARK}{body}【引用:{p.id}】")
    return out


def _usable(sentence: str, facts: Facts) -> bool:
    """A notes sentence can go in as written when the guard finds nothing wrong with it."""
    return not guard(sentence, facts, notes=sentence).flags


def draft_offline(facts: Facts, notes: str | None = None, past: list[Passage] | None = None,
                  organ_kind=None) -> Draft:
    """A complete 一、五、六 for ``facts`` (see module docstring)."""
    past = past or []
    cited: dict[str, Citation] = {}
    organ = facts.organ or "本机关"
    y = facts.year
    by_topic: dict[str, list[str]] = {}
    unused: list[str] = []
    for topic, s in note_sentences(notes):
        if topic == "依申请公开" and re.search(r"\d", s):
            unused.append(s)  # the tables say it: their facts are used instead
            continue
        if not _usable(s, facts):
            unused.append(s)
            continue
        by_topic.setdefault(topic or "主动公开", []).append(s)

    lines = [f"一、{SECTION_HEADINGS['一']}"]
    lines.append(f"{y}年，{organ}深入贯彻落实《中华人民共和国政府信息公开条例》，认真落实上级政务公开工作要点，"
                 "坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。")
    from_tables = {"主动公开": _active(facts), "依申请公开": _applications(facts)}
    for topic, heading in TOPICS.items():
        lines.append(heading)
        body = [from_tables.get(topic, ""), "".join(by_topic.get(topic, []))]
        body = [b for b in body if b]
        if not body:
            body = _reuse(_past_for(past, "一", topic), cited)
        if not body:
            body = [f"{TO_FILL}本年度{heading[3:]}工作情况（笔记和往年报告中均未找到相关内容）。"]
        lines.extend(body)

    lines.append(f"五、{SECTION_HEADINGS['五']}")
    prev5 = _reuse(_past_for(past, "五", None), cited)
    if prev5:
        lines.append("上年报告所列问题及整改情况（请逐条说明本年度的整改结果）：")
        lines.extend(prev5)
    if by_topic.get("五"):
        lines.append("".join(by_topic["五"]))
    lines.append(f"{TO_FILL}本年度存在的主要问题，以及下一步的具体改进措施。")

    lines.append(f"六、{SECTION_HEADINGS['六']}")
    six_notes = by_topic.get("六", [])
    fee_notes = [s for s in six_notes if "收费" in s or "处理费" in s]
    if fee_notes:
        lines.append("".join(fee_notes))
    else:
        notice = facts.get("t3.other_2.total")
        if notice is not None and notice.value:
            lines.append(f"因申请人逾期未按收费通知要求缴纳费用而不再处理的申请{fmt_number(notice.value)}件。"
                         f"{TO_FILL}本年度发出收费通知和收取信息处理费的情况。")
        else:
            lines.append(f"本年度未收取信息处理费。{STALE_MARK.replace('更新', '')}")
    others = [s for s in six_notes if s not in fee_notes]
    if others:
        lines.append("".join(others))
    if not any(("人大" in s or "政协" in s or "提案" in s) for s in others):
        lines.append(f"{TO_FILL}人大代表建议和政协委员提案办理情况。")
    return Draft(text="\n".join(lines) + "\n", citations=list(cited.values()), model=None, unused_notes=unused)
