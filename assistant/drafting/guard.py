"""The number guard: every number of a draft traced to a fact or to the notes, by value and meaning.

``guard(text, facts, tables=…, notes=…, previous=…, citations=…)`` reads the draft with the
checker's compact view and number reader (``assistant.checker.numbers``), so there is one way to
read a number in text. For each number:

- a count, amount or percentage is read as the fact whose cue (``Fact.cues``: the row's words,
  「新收」「上年结转」「行政诉讼」…) names it just before it, in the same clause; a percentage or a
  change (「较上年增加12件」) belongs to the quantity named before it in the sentence. A named
  quantity with another value is ``wrong_value`` (``wrong_percent``), with the expected value; a
  named quantity whose cell is blank is ``untraced``. Clauses about another matter or a part
  (热线, 投诉, 网上…: the N-01 vocabulary) and numbers naming no table quantity are traced to the
  notes: the same value and unit with a shared word before it. Anything else is ``untraced``.
- a year must be the report year, or last year in a comparison, or next year in a plan, or sit in a
  document title (``year``).
- a citation 【引用:ID】 must name a passage that was supplied (``citation``).
- a paragraph whose similarity to last year's same section (numbers and years removed) is above
  0.8 is ``copied`` (照搬); paragraphs the drafter marked 【请核实更新】 are already marked.

Then the checker's N-* rules run on the draft with this year's tables (``findings``).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from functools import cache

from pydantic import BaseModel, Field

from assistant.checker.context import labels
from assistant.checker.history import similarity
from assistant.checker.narrative import _COMPARE, _HISTORY, _OTHER_MATTER, _PART, _PLAN
from assistant.checker.numbers import (
    CLAUSE_STOP,
    STOP,
    NumberToken,
    TextView,
    compact,
    read_numbers,
    text_view,
)
from assistant.drafting.facts import CHANGE_DOWN, CHANGE_UP, Fact, Facts, fmt_number, percent
from assistant.findings import Finding
from assistant.formats import FormatId, cell_keys
from assistant.report import Cell, Report

COPY_THRESHOLD = 0.8
STALE_MARK = "【请核实更新】"
CITATION = re.compile(r"【引用[:：]\s*([0-9A-Za-z_\-]+)\s*】")
_MIN_COPY_CHARS = 40
_HEADING = re.compile(r"^\s*([一二三四五六])、", re.M)
_TITLE = re.compile(r"《[^《》]*》|〔[^〔〕]*〕")
_CHANGE = CHANGE_UP + CHANGE_DOWN
_ASIDE = re.compile(r"[（(][^（）()]*[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Between a count and its share only these words: 「40件，占办理结果总计的54.8%」.
_SHARE_GLUE = re.compile(r"其中|占比|占|比例|为|约|达|办理结果总计|办结总数|申请总数|总数|全部|的")


class Flag(BaseModel):
    kind: str  # untraced | wrong_value | wrong_percent | year | citation | copied
    text: str  # as written in the draft
    span: tuple[int, int]  # [start, end) into the draft text
    message: str  # Chinese
    expected: str | None = None
    fact: str | None = None  # the fact the number was read as, when one was named


class Traced(BaseModel):
    text: str
    span: tuple[int, int]
    to: str  # a fact id, or "notes"


class GuardResult(BaseModel):
    flags: list[Flag] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    traced: list[Traced] = Field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.flags and not self.findings

    def problems(self) -> str:
        """The flags and findings as numbered Chinese lines, for a re-ask."""
        lines = [f.message for f in self.flags] + [f"{f.rule} {f.message}" for f in self.findings]
        return "\n".join(f"{i}. {m}" for i, m in enumerate(lines, 1))


@cache
def _vocabulary(fmt: FormatId) -> tuple[Fact, ...]:
    """Every fact a table of ``fmt`` can give (from an all-ones table): the cue vocabulary, so a
    named quantity whose cell is blank is still recognised."""
    from assistant.drafting.facts import build_facts

    ones = Report(year=2000, format=fmt, cells={k: Cell(key=k, value=1) for k in cell_keys(fmt)})
    return tuple(build_facts(ones).facts)


def _rightmost_cue(s: str, vocab: Iterable[Fact]) -> tuple[int, list[Fact]]:
    """The facts named by the cue ending last in ``s`` (longest on ties); -1 if none."""
    best_end, best_len, named = -1, 0, []
    for f in vocab:
        for cue in f.cues:
            i = s.rfind(cue)
            if i < 0:
                continue
            end = i + len(cue)
            if end > best_end or (end == best_end and len(cue) > best_len):
                best_end, best_len, named = end, len(cue), [f]
            elif end == best_end and len(cue) == best_len and f not in named:
                named.append(f)
    return best_end, named


def _by_context(named: list[Fact], before: str) -> list[Fact]:
    """Of facts that need a context word (表四 outcomes), those whose word comes last in ``before``."""
    if not any(f.context for f in named):
        return named
    pos = {f.id: max((before.rfind(w) for w in f.context), default=-1) for f in named}
    top = max(pos.values())
    return [f for f in named if pos[f.id] == top]


def _pct_ok(stated: float, raw: str, expected: float, whole_base: bool = True) -> bool:
    decimals = len(raw.split(".")[1].rstrip("%")) if "." in raw else 0
    return abs(stated - expected) <= 0.5 * 10 ** (-decimals) + 0.051


def _same(tok: NumberToken, fact: Fact) -> bool:
    if tok.kind == "percent":
        return fact.kind == "percent" and _pct_ok(float(tok.value), tok.raw, float(fact.value))
    if tok.kind == "money":
        scale = 10000 if (tok.unit == "元" and fact.unit == "万元") else 1
        return fact.kind == "money" and abs(tok.value - fact.value * scale) < 1e-6
    return fact.kind in ("count", "change") and abs(tok.value - fact.value) < 1e-9


def _bigrams(s: str) -> set[str]:
    s = "".join(_CJK.findall(s))
    return {s[i:i + 2] for i in range(len(s) - 1)}


class _Notes:
    def __init__(self, notes: str | None) -> None:
        self.text = compact(notes or "")
        self.tokens = read_numbers(self.text) if notes else ()

    def traces(self, tok: NumberToken, before: str) -> bool:
        want = _bigrams(before[-12:])
        for n in self.tokens:
            if n.kind != tok.kind or abs(n.value - tok.value) > 1e-9:
                continue
            if tok.kind in ("count", "money") and n.unit != tok.unit:
                continue
            if want & _bigrams(self.text[max(0, n.start - 12):n.start]):
                return True
        return False


def _masked(view: TextView) -> str:
    """The compact text with citation markers blanked (their ids are not numbers)."""
    return CITATION.sub(lambda m: "~" * len(m.group()), view.text)


def guard(text: str, facts: Facts, *, tables: Report | None = None, notes: str | None = None,
          previous: Report | None = None, citations: Container[str] = (),
          past: Iterable[tuple[str, str]] = (), organ_kind=None) -> GuardResult:
    """Flags and N-* findings for ``text``, a draft for ``facts.year`` (pure). ``past``: (section,
    text) of the organ's own earlier paragraphs (e.g. from the index) for the 照搬 check, besides
    ``previous``."""
    result = GuardResult()
    view = text_view(Report(text=text))
    t = _masked(view)
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(t)]
    vocab = _vocabulary(facts.format)
    real = {f.id: f for f in facts.facts}
    note_index = _Notes(notes)
    y = facts.year
    tokens = read_numbers(t)
    prev_end_in_sentence: dict[int, int] = {}

    def flag(kind: str, tok_start: int, tok_end: int, message: str, expected: str | None = None,
             fact: str | None = None) -> None:
        sp = view.span(tok_start, tok_end)
        result.flags.append(Flag(kind=kind, text=text[sp.start:sp.end], span=(sp.start, sp.end), message=message,
                                 expected=expected, fact=fact))

    def traced(tok: NumberToken, to: str) -> None:
        sp = view.span(tok.start, tok.end)
        result.traced.append(Traced(text=text[sp.start:sp.end], span=(sp.start, sp.end), to=to))

    for tok in tokens:
        s, e = view.sentence(tok.start, tok.end, STOP)
        cs, _ = view.sentence(tok.start, tok.end, CLAUSE_STOP)
        sentence_before = t[s:tok.vstart]
        window_start = max(s, prev_end_in_sentence.get(s, s))
        prev_end_in_sentence[s] = tok.end
        window = t[window_start:tok.vstart]
        quote = view.quote(max(s, tok.start - 16), tok.end, 40)
        if tok.kind == "year":
            _check_year(tok, t[s:e], titles, y, lambda m, a=tok.start, b=tok.end: flag("year", a, b, m))
            continue
        clause = t[cs:e]
        other_matter = any(w in clause for w in _OTHER_MATTER + _PART)
        end, named = _rightmost_cue(window, vocab)
        change_at = max((window.rfind(c) + len(c) for c in _CHANGE if c in window), default=-1)
        glue_only = not _CJK.search(_SHARE_GLUE.sub("", window))
        if (tok.kind == "percent" and (named or glue_only)) or change_at >= 0:
            # a share or a change: of the quantity named before it in the sentence
            cut = len(sentence_before) - len(window) + (change_at if change_at >= 0 else len(window))
            upto = sentence_before[:cut]
            upto = _ASIDE.sub(lambda m: "~" * len(m.group()), upto)  # not a quantity in brackets
            if tok.kind == "percent" and "占" in upto:
                upto = upto[: upto.rfind("占")]  # 「占新收申请的」 names the base, not the part
            end, named = _rightmost_cue(upto, vocab)
            named = _by_context(named, upto)
            if named:
                base = named[0].id
                suffix = ".change" if change_at >= 0 and tok.kind != "percent" else None
                if tok.kind == "percent" and change_at >= 0:
                    pid = base + ".change_pct"
                    cand = [real[pid]] if pid in real else []
                    want = "与上年相比的增减幅度"
                elif tok.kind == "percent":
                    pid = base.removesuffix(".total") + ".pct"
                    cand = [real[pid], *_other_bases(real, base)] if pid in real else []
                    want = "占比"
                else:
                    cand = [real[base + (suffix or "")]] if base + (suffix or "") in real else []
                    want = "与上年的变化"
                _judge(tok, cand, named[0], want, quote, real, flag, traced, other_matter, note_index,
                       sentence_before)
                continue
            named = []
        named = _by_context(named, sentence_before)
        if named and not other_matter:
            cand = [real[f.id] for f in named if f.id in real]
            _judge(tok, cand, named[0], "", quote, real, flag, traced, other_matter, note_index, sentence_before)
            continue
        if note_index.traces(tok, sentence_before):
            traced(tok, "notes")
            continue
        flag("untraced", tok.start, tok.end,
             f"「{quote}」中的 {tok.raw} 找不到依据：既不对应表格中的数量，笔记中也没有这个数")

    for m in CITATION.finditer(text):
        if m.group(1) not in citations:
            result.flags.append(Flag(kind="citation", text=m.group(), span=(m.start(), m.end()),
                                     message=f"引用号「{m.group(1)}」不是检索提供的任何段落"))
    olds: dict[str, list[str]] = {}
    if previous is not None:
        from assistant.corpus.chunking import chunk_report

        for c in chunk_report(previous, source=previous.source or "<previous>"):
            olds.setdefault(c.section, []).append(c.text)
    for section, old in past:
        olds.setdefault(section, []).append(old)
    if olds:
        result.flags.extend(_copied(text, olds))
    if tables is not None:
        result.findings = _n_rules(text, facts, tables, organ_kind)
    result.flags.sort(key=lambda f: f.span)
    return result


def _other_bases(real: dict[str, Fact], base: str) -> list[Fact]:
    """A share stated against 新收 or 新收 + 上年结转 instead of 办理结果总计 (as N-02 accepts)."""
    part = real.get(base)
    out = []
    for bid in ("t3.new.total", "t3.received"):
        whole = real.get(bid)
        if part is not None and whole is not None and whole.value and bid != base:
            out.append(Fact(id=part.id.removesuffix(".total") + ".pct", topic=part.topic, kind="percent",
                            value=percent(part.value, whole.value), unit="%", text=f"占{whole.text}的比例"))
    return out


def _judge(tok, cand, named, want, quote, real, flag, traced, other_matter, note_index, before) -> None:
    if not cand:
        if note_index.traces(tok, before):
            traced(tok, "notes")
            return
        flag("untraced", tok.start, tok.end,
             f"「{quote}」中的 {tok.raw}：{labels(named.cells)}{want}为空白或无从计算，正文不应写出数字",
             fact=named.id)
        return
    for f in cand:
        if _same(tok, f):
            traced(tok, f.id)
            return
    f = cand[0]
    expected = fmt_number(f.value) + f.unit
    kind = "wrong_percent" if tok.kind == "percent" else "wrong_value"
    flag(kind, tok.start, tok.end, f"「{quote}」写 {tok.raw}，但按表格应为 {expected}（{f.text}）",
         expected=expected, fact=f.id)


def _check_year(tok: NumberToken, sentence: str, titles, y: int, flag) -> None:
    v = int(tok.value)
    if v == y or any(a <= tok.vstart < b for a, b in titles):
        return
    if v > y and (any(w in sentence for w in _PLAN) or "将" in sentence or "下一步" in sentence):
        return
    if v < y and (any(w in sentence for w in _COMPARE + ("截至", "截止")) or any(w in sentence for w in _HISTORY)):
        return
    flag(f"出现 {v} 年，报告年度为 {y} 年：既不是本年度，也不是明确的对比年份，疑似沿用往年报告文字")


def sections_of(text: str) -> dict[str, tuple[int, int]]:
    """The sections 一…六 of a draft by their heading lines: number → [start, end) of the body."""
    heads = list(_HEADING.finditer(text))
    out: dict[str, tuple[int, int]] = {}
    for i, m in enumerate(heads):
        body = text.find("\n", m.end())
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.setdefault(m.group(1), (body + 1 if 0 <= body < end else end, end))
    return out


def _paragraphs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    pos = start
    for line in text[start:end].split("\n"):
        a = pos + len(line) - len(line.lstrip())
        b = pos + len(line.rstrip())
        pos += len(line) + 1
        if b > a:
            yield a, b


def _copied(text: str, prev_paras: dict[str, list[str]]) -> list[Flag]:
    out: list[Flag] = []
    for number, (start, end) in sections_of(text).items():
        olds = prev_paras.get(number) or []
        if not olds:
            continue
        for a, b in _paragraphs(text, start, end):
            para = text[a:b]
            if STALE_MARK in para or len(compact(para)) < _MIN_COPY_CHARS:
                continue
            best = max(similarity(para, old) for old in olds)
            if best > COPY_THRESHOLD:
                out.append(Flag(kind="copied", text=para[:40] + ("…" if len(para) > 40 else ""), span=(a, b),
                                message=f"这一段与上年报告第{number}部分的文字高度雷同（去除数字和年份后相似度 "
                                        f"{round(best * 100)}%），疑似照搬，请按本年情况改写"))
    return out


def _n_rules(text: str, facts: Facts, tables: Report, organ_kind) -> list[Finding]:
    from assistant.checker import check

    report = Report(agency=facts.organ, year=facts.year, format=facts.format, kind=organ_kind or tables.kind,
                    text=text, cells={k: Cell(key=k, value=c.value) for k, c in tables.cells.items()},
                    source="<draft>")
    return [f for f in check(report).findings if f.rule.startswith("N-")]
