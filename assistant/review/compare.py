"""``compare(this, last) -> Review``: this year's report against the same organ's report of last
year. Pure: reports in, a Review out.

Sections are aligned by heading (national number recognised from the wording, so renumbered or
reworded headings still meet), sentences inside a section by their masked keys
(``difflib.SequenceMatcher`` with ``autojunk=False``: its junk heuristic would drop 的、，。), and
aligned sentences get a character diff. Similarity per section and for the whole text is the
checker's own (``checker.history.similarity``) on each report's own wording
(``boilerplate.own_texts``), so copied sections give the same X-04 (section 五) and X-05 (whole
text) as ``check(this, last)`` — here with the corpus's frequent sentences left out too. The other cross-year rules (X-01,
T2-02, T2-03, T2-06, X-07) come from the checker run with ``previous=last``.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from assistant.boilerplate import (
    PREAMBLE,
    is_boilerplate,
    key,
    national_number,
    own_texts,
    section_order,
    section_sentences,
    sections_by_number,
)
from assistant.checker import check
from assistant.checker.history import (
    MIN_OWN_CHARS,
    REPORT_COPY_THRESHOLD,
    SECTION_COPY_THRESHOLD,
    SWING,
    similarity,
    whole_similarity,
)
from assistant.checker.rules import RULES
from assistant.findings import CheckResult, Finding
from assistant.formats import cell_keys, label_of
from assistant.report import Number, Report, Section
from assistant.review.models import CellDelta, DiffOp, PairStatus, Review, ReviewFinding, SectionReview, SentencePair
from assistant.review.summary import summarise

CROSS_YEAR_RULES = ("X-01", "T2-02", "T2-03", "T2-06", "X-07")
PAIR_MIN_RATIO = 0.5  # two sentences this similar (masked) are the same sentence reworded


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def char_diff(last: str, this: str) -> list[DiffOp]:
    """Character diff of two sentences, as equal/delete/insert runs (last → this)."""
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, last, this, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(DiffOp(tag="equal", text=this[j1:j2]))
            continue
        if i2 > i1:
            ops.append(DiffOp(tag="delete", text=last[i1:i2]))
        if j2 > j1:
            ops.append(DiffOp(tag="insert", text=this[j1:j2]))
    return ops


def align_sentences(this: list[str], last: list[str], corpus_keys: frozenset[str] = frozenset()) -> list[SentencePair]:
    """This year's and last year's sentences of one section, aligned in order."""
    tk, lk = [key(s) for s in this], [key(s) for s in last]
    out: list[SentencePair] = []

    def pair(i: int | None, j: int | None) -> SentencePair:
        t = this[i] if i is not None else None
        s_last = last[j] if j is not None else None
        bp = is_boilerplate(t if t is not None else s_last or "", corpus_keys)
        if t is None:
            return SentencePair(status="removed", last=s_last, ops=[DiffOp(tag="delete", text=s_last or "")], boilerplate=bp)
        if s_last is None:
            return SentencePair(status="added", this=t, ops=[DiffOp(tag="insert", text=t)], boilerplate=bp)
        assert i is not None and j is not None
        status: PairStatus = "same" if t == s_last else "numbers" if tk[i] == lk[j] else "changed"
        return SentencePair(status=status, this=t, last=s_last, ops=char_diff(s_last, t), boilerplate=bp)

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, tk, lk, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [pair(i1 + d, j1 + d) for d in range(i2 - i1)]
            continue
        # Pair reworded sentences greedily in order; the rest are added or removed.
        j = j1
        for i in range(i1, i2):
            match = next((jj for jj in range(j, j2) if _ratio(tk[i], lk[jj]) >= PAIR_MIN_RATIO), None)
            if match is None:
                out.append(pair(i, None))
                continue
            out += [pair(None, jj) for jj in range(j, match)]
            out.append(pair(i, match))
            j = match + 1
        out += [pair(None, jj) for jj in range(j, j2)]
    return out


def _review_section(number: str, this: Section | None, last: Section | None, this_report: Report,
                    last_report: Report, corpus_keys: frozenset[str],
                    own: dict[str, tuple[str, str]]) -> SectionReview:
    if number == PREAMBLE:
        ts, ls = section_sentences(this_report, None), section_sentences(last_report, None)
    else:
        ts = section_sentences(this_report, this) if this else []
        ls = section_sentences(last_report, last) if last else []
    pairs = align_sentences(ts, ls, corpus_keys)
    sim: float | None = None
    copied = False
    if number in own:  # both sides have it, and not only boilerplate (or tables)
        own_this, own_last = own[number]
        sim = similarity(own_this, own_last)
        copied = sim >= SECTION_COPY_THRESHOLD and len(own_this) >= MIN_OWN_CHARS
    if number == PREAMBLE:
        return SectionReview(section=number, heading=PREAMBLE if ts else None, last_heading=PREAMBLE if ls else None,
                             similarity=None if sim is None else round(sim, 4), copied=copied, sentences=pairs,
                             boilerplate_sentences=sum(1 for p in pairs if p.boilerplate and p.this is not None))
    return SectionReview(
        section=number, heading=this.heading if this else None, last_heading=last.heading if last else None,
        similarity=None if sim is None else round(sim, 4), copied=copied, sentences=pairs,
        boilerplate_sentences=sum(1 for p in pairs if p.boilerplate and p.this is not None),
    )


def _swing(last: Number, this: Number) -> bool:
    if last > 0:
        return this >= last * SWING or this * SWING <= last
    return last == 0 and this >= 10


def table_deltas(this: Report, last: Report, findings: list[Finding] = ()) -> list[CellDelta]:  # type: ignore[assignment]
    """Cell by cell, this year against last; cells 0 (or blank) in both years are left out."""
    if not this.has_tables or not last.has_tables:
        return []
    keys = [k for k in cell_keys(this.format) if k in set(cell_keys(last.format))]
    rules_of: dict[str, list[str]] = {}
    for f in findings:
        for k in f.cells:
            rules_of.setdefault(k, []).append(f.rule)
    out: list[CellDelta] = []
    for k in keys:
        a, b = this.value(k), last.value(k)
        if not a and not b and (a == b or {a, b} <= {0}):
            continue
        delta = a - b if a is not None and b is not None else None
        out.append(CellDelta(
            key=k, label=label_of(k), last=b, this=a,
            delta=round(delta, 4) if isinstance(delta, float) else delta,
            swing=a is not None and b is not None and _swing(b, a),
            rules=sorted(set(rules_of.get(k, []))),
        ))
    return out


def _copy_findings(this: Report, sections: list[SectionReview], whole: float | None) -> list[Finding]:
    """X-04 and X-05 as ``check(this, last)`` gives them (with the corpus's frequent sentences left out)."""
    out: list[Finding] = []
    for s in sections:
        if s.section == "五" and s.copied and s.similarity is not None:
            span = next((x.span for x in this.sections if x.heading == s.heading), None)
            rule = RULES["X-04"]
            out.append(Finding(rule=rule.id, severity=rule.severity, span=span,
                               message=rule.render(similarity=round(s.similarity * 100))))
    if whole is not None and whole >= REPORT_COPY_THRESHOLD:
        rule = RULES["X-05"]
        out.append(Finding(rule=rule.id, severity=rule.severity, message=rule.render(similarity=round(whole * 100))))
    return out


def _anchor(f: Finding, this: Report, deltas: list[CellDelta]) -> str:
    """Where in the review a finding points: the cell's delta row, the section, or the sections."""
    shown = {d.key for d in deltas}
    for k in f.cells:
        if k in shown:
            return f"cell-{k}"
    if f.span is not None:
        for s in this.sections:
            if s.span.start <= f.span.start <= s.span.end:
                return f"sec-{national_number(s)}"
    if f.rule == "X-04":
        return "sec-五"
    return "deltas" if f.cells else "sections"


def compare(this: Report, last: Report, corpus_keys: frozenset[str] = frozenset(),
            checked: CheckResult | None = None) -> Review:
    """Review ``this`` against ``last`` (the same organ's report of the year before).

    ``corpus_keys``: keys of sentences frequent across the indexed corpus
    (``boilerplate.corpus_boilerplate``), left out of the similarity like the format's own
    wording. ``checked``: the result of ``check(this, last)`` when the caller already has it."""
    this_by, last_by = sections_by_number(this), sections_by_number(last)
    own = own_texts(this, last, corpus_keys)
    sections = [_review_section(n, this_by.get(n), last_by.get(n), this, last, corpus_keys, own)
                for n in [PREAMBLE, *section_order(this_by, last_by)]]
    whole = whole_similarity(own)
    copy_ratio: float | None = None
    own_pairs = [p for s in sections for p in s.sentences if p.this and not p.boilerplate]
    total = sum(len(p.this or "") for p in own_pairs)
    if total and last.text.strip():
        copy_ratio = round(sum(len(p.this or "") for p in own_pairs if p.status in ("same", "numbers")) / total, 4)
    cross = [f for f in (checked or check(this, last)).findings if f.rule in CROSS_YEAR_RULES]
    findings = cross + _copy_findings(this, sections, whole)
    whole = None if whole is None else round(whole, 4)
    deltas = table_deltas(this, last, findings)
    review = Review(
        organ=this.agency, year=this.year, last_organ=last.agency, last_year=last.year, sections=sections,
        similarity=whole, copy_ratio=copy_ratio, deltas=deltas,
        findings=[ReviewFinding(**f.model_dump(), anchor=_anchor(f, this, deltas)) for f in findings],
    )
    review.summary = summarise(review)
    return review
