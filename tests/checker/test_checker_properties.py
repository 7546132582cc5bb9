"""Checker properties: random consistent tables pass and every ±1 is caught; arbitrary reports
(odd cells, mixed formats, random text, missing metadata) never make ``check`` raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checker import RULES, check
from assistant.formats import T3_APPLICANT_COLUMNS, T3_RESULT_ROWS, FormatId, cell_keys
from assistant.report import Cell, OrganKind, Report, Section, Span

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
counts = st.integers(min_value=0, max_value=40)


@st.composite
def consistent_tables(draw) -> Report:
    fmt = draw(st.sampled_from([FormatId.F2019, FormatId.F2021]))
    cells: dict[str, int] = {k: 0 for k in cell_keys(fmt)}
    for col in T3_APPLICANT_COLUMNS:
        total = 0
        for row in T3_RESULT_ROWS[fmt]:
            v = draw(st.integers(min_value=0, max_value=5))
            cells[f"t3.{row}.{col}"] = v
            total += v
        cf = draw(st.integers(min_value=0, max_value=5))
        cin = draw(st.integers(min_value=0, max_value=total + cf))
        cells[f"t3.total.{col}"] = total
        cells[f"t3.carried_forward.{col}"] = cf
        cells[f"t3.carried_in.{col}"] = cin
        cells[f"t3.new.{col}"] = total + cf - cin
    rows = {k.split(".")[1] for k in cells if k.startswith("t3.")}
    for row in rows:
        cells[f"t3.{row}.total"] = sum(cells[f"t3.{row}.{c}"] for c in T3_APPLICANT_COLUMNS)
    for g in ("review", "suit_direct", "suit_after_review"):
        parts = [draw(counts) for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending"), parts):
            cells[f"t4.{g}.{c}"] = v
        cells[f"t4.{g}.total"] = sum(parts)
    year = 2020 if fmt == FormatId.F2019 else 2022
    return Report(year=year, format=fmt, cells={k: Cell(key=k, value=v) for k, v in cells.items()})


@SETTINGS
@given(consistent_tables(), st.data())
def test_random_consistent_tables_pass_and_any_plus_minus_one_is_caught(report, data):
    result = check(report)
    assert not [f for f in result.errors if f.rule[0] == "T"]
    key = data.draw(st.sampled_from([k for k in report.cells if k[:2] in ("t3", "t4")]))
    delta = data.draw(st.sampled_from([1, -1]))
    cells = dict(report.cells)
    cells[key] = Cell(key=key, value=report.value(key) + delta)
    mutated = check(report.model_copy(update={"cells": cells}))
    assert any(key in f.cells for f in mutated.errors)


PHRASES = [
    "本年度新收政府信息公开申请 {n} 件", "上年结转 {n} 件", "办结 {n} 件", "结转下年度 {n} 件", "予以公开 {n} 件，占 {n}%",
    "被申请行政复议 {n} 件", "均获维持", "未发生行政诉讼", "公开发布规范性文件 {n} 件", "未收到政府信息公开申请",
    "未收取信息处理费", "收取信息处理费 {n} 元", "{y}年", "统计期限为{y}年1月1日", "身份证 11010519491231002X",
    "13800138000", "（一）", "一、总体情况", "。", "，", "\n", "共受理申请 {n} 件（含上年结转 {n} 件）", "十二件", "〔{y}〕",
]


@st.composite
def arbitrary_reports(draw) -> Report:
    fmt = draw(st.sampled_from(list(FormatId)))
    keys = list(cell_keys(FormatId.F2019)) + list(cell_keys(FormatId.F2021)) + ["t3.bogus.total", "t9.x.y"]
    chosen = draw(st.lists(st.sampled_from(keys), max_size=60, unique=True))
    values = st.one_of(st.none(), st.integers(-5, 1_000_000), st.floats(-10, 1e7, allow_nan=False))
    cells = {}
    for k in chosen:
        cand = draw(st.one_of(st.none(), st.lists(st.integers(0, 99), min_size=2, max_size=3)))
        cells[k] = Cell(key=k, value=None if cand else draw(values), candidates=cand, raw=draw(st.one_of(st.none(), st.text(max_size=8))))
    phrase = st.sampled_from(PHRASES).map(lambda p: ("phrase", p))
    noise = st.text(max_size=12).map(lambda p: ("noise", p))
    parts = draw(st.lists(st.one_of(phrase, noise), max_size=30))
    text = "".join(p.format(n=draw(st.integers(0, 200)), y=draw(st.integers(1990, 2030))) if kind == "phrase" else p
                   for kind, p in parts)
    sections = []
    if text and draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        for number in draw(st.lists(st.sampled_from("一二三四五六七"), max_size=7)):
            sections.append(Section(number=number, heading=draw(st.text(max_size=10)), text=text[:cut],
                                    span=Span(start=0, end=cut)))
    return Report(
        agency=draw(st.one_of(st.none(), st.sampled_from(["某县人民政府", "某市人民政府", "自然资源部", "某局"]))),
        year=draw(st.one_of(st.none(), st.integers(2008, 2030))),
        kind=draw(st.one_of(st.none(), st.sampled_from(list(OrganKind)))),
        format=fmt, text=text, preamble=text[:50], sections=sections, cells=cells,
        title=draw(st.one_of(st.none(), st.text(max_size=20))),
    )


@SETTINGS
@given(arbitrary_reports(), st.one_of(st.none(), arbitrary_reports()))
def test_check_never_raises_and_accounts_for_every_rule(report, previous):
    result = check(report, previous)
    assert {f.rule for f in result.findings} <= set(RULES)
    na = [n.rule for n in result.not_assessable]
    assert len(na) == len(set(na)) and all(n.reason for n in result.not_assessable)
    assert not {f.rule for f in result.findings} & set(na)
    for f in result.findings:
        assert f.message
        if f.span is not None:
            assert 0 <= f.span.start <= f.span.end <= len(report.text)
