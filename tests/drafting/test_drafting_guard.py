"""The number guard: planted errors flagged with spans, a correct draft gets no flag."""

from __future__ import annotations

import re

import pytest
from drafting_cases import NOTES, PLANTED, correct_draft, default_facts, tables_report

from assistant.drafting import guard
from assistant.report import Cell


def test_a_correct_draft_gets_no_flag():
    tables = tables_report()
    facts = default_facts()
    g = guard(correct_draft(), facts, tables=tables, notes=NOTES)
    assert g.flags == [] and g.findings == []
    traced = {t.to for t in g.traced}
    assert {"t3.new.total", "t4.suit.total", "t3.granted.pct", "notes"} <= traced


@pytest.mark.parametrize("name,find,replace,kind", PLANTED, ids=[p[0] for p in PLANTED])
def test_planted_errors_are_flagged_with_spans(name, find, replace, kind):
    tables = tables_report()
    facts = default_facts()
    good = correct_draft()
    text = good.replace(find, replace)
    at = good.index(find)
    g = guard(text, facts, tables=tables, notes=NOTES)
    hits = [f for f in g.flags if f.kind == kind and at <= f.span[0] < at + len(replace)]
    assert hits, [f.model_dump() for f in g.flags]
    f = hits[0]
    assert text[f.span[0]:f.span[1]] == f.text
    assert re.search(r"[\u4e00-\u9fff]", f.message)


def test_the_meaning_counts_not_only_the_value():
    """74 is this year's 新收; written next to 办结 it is wrong even though 74 is a fact."""
    tables = tables_report()
    facts = default_facts()
    text = correct_draft().replace("全年办结申请73件", "全年办结申请74件")
    g = guard(text, facts, tables=tables, notes=NOTES)
    [f] = [f for f in g.flags if f.text == "74件"]
    assert f.kind == "wrong_value" and f.expected == "73件" and f.fact == "t3.total.total"


def test_chinese_numerals_and_a_blank_cell():
    tables = tables_report()
    facts = default_facts()
    tables.cells["t4.review.total"] = Cell(key="t4.review.total", value=None)
    from assistant.drafting import build_facts

    facts = build_facts(tables, year=2022)
    text = correct_draft().replace("被申请行政复议4件", "被申请行政复议四件")
    g = guard(text, facts, tables=tables, notes=NOTES)
    [f] = [f for f in g.flags if f.text == "四件"]
    assert f.kind == "untraced" and "空白" in f.message


def test_a_number_only_in_the_notes_needs_the_same_meaning():
    tables = tables_report()
    facts = default_facts()
    text = correct_draft().replace("参训120人次", "参训130人次")
    g = guard(text, facts, tables=tables, notes=NOTES)
    assert [f.text for f in g.flags] == ["130人次"] and g.flags[0].kind == "untraced"
    # 560 is in the notes, but as 新媒体 posts, not as training sessions
    text = correct_draft().replace("培训2场", "培训560场")
    assert [f.text for f in guard(text, facts, tables=tables, notes=NOTES).flags] == ["560场"]


def test_years_comparisons_plans_and_titles_pass():
    tables = tables_report()
    facts = default_facts()
    text = correct_draft().replace(
        "将政务公开纳入年度考核。",
        "将政务公开纳入年度考核，新收申请较2021年有所增加。2023年将继续深化公开。"
        "落实《2022年政务公开工作要点》。2019年以来持续推进。围绕2035年远景目标谋划工作。")
    g = guard(text, facts, tables=tables, notes=NOTES)
    assert [f for f in g.flags if f.kind == "year"] == []


def test_copied_paragraphs_are_flagged_unless_marked():
    tables = tables_report()
    facts = default_facts()
    from assistant.parse import parse

    prev_text = ("示例市交通运输局\n2021年政府信息公开工作年度报告\n一、总体情况\n"
                 "严格落实公开前保密审查制度，坚持先审查、后公开，动态更新政府信息公开指南和公开目录，对历史信息进行核查清理，确保信息准确有效。\n"
                 "二、主动公开政府信息情况\n无。\n")
    previous = parse(prev_text, source="prev.txt")
    copied = "严格落实公开前保密审查制度，坚持先审查、后公开，动态更新政府信息公开指南和公开目录，对历史信息进行核查清理，确保信息准确有效。"
    text = correct_draft().replace("严格落实公开前保密审查制度，动态更新政府信息公开指南。", copied)
    g = guard(text, facts, tables=tables, notes=NOTES, previous=previous)
    [f] = [f for f in g.flags if f.kind == "copied"]
    assert text[f.span[0]:f.span[1]] == copied
    marked = text.replace(copied, "【请核实更新】" + copied)
    assert not [f for f in guard(marked, facts, tables=tables, notes=NOTES, previous=previous).flags if f.kind == "copied"]


def test_n_rules_run_on_the_draft():
    tables = tables_report()
    facts = default_facts()
    text = correct_draft().replace("本年度新收政府信息公开申请74件", "本年度新收政府信息公开申请70件")
    g = guard(text, facts, tables=tables, notes=NOTES)
    assert [f.rule for f in g.findings] == ["N-01"]
    assert g.findings[0].span is not None


def test_shares_of_each_outcome_and_against_new_applications():
    tables = tables_report()
    facts = default_facts()
    text = ("一、总体情况\n2022年，办结申请73件，其中予以公开40件，占新收申请的54.1%；不予公开3件，占4.1%；"
            "无法提供15件，占20.5%。予以公开占比54.8%。\n")
    g = guard(text, facts, tables=tables)
    assert g.flags == [] and {"t3.granted.pct", "t3.denied.pct", "t3.unable.pct"} <= {t.to for t in g.traced}
    wrong = text.replace("占20.5%", "占25.0%")
    [f] = guard(wrong, facts, tables=tables).flags
    assert f.kind == "wrong_percent" and f.text == "25.0%" and f.expected == "20.5%"


def test_received_answered_and_the_change_in_percent():
    from assistant.drafting import build_facts

    tables, prev = tables_report(), tables_report()
    prev.cells["t3.new.total"] = Cell(key="t3.new.total", value=62)
    facts = build_facts(tables, prev, year=2022)
    text = "一、总体情况\n2022年，全年共受理政府信息公开申请77件（含上年结转3件），较上年增长19.4%。答复73件。\n"
    assert guard(text, facts, tables=tables).flags == []
    [f] = guard(text.replace("19.4%", "21%"), facts, tables=tables).flags
    assert f.kind == "wrong_percent" and f.expected == "19.4%"


def test_the_verb_picks_the_column_of_a_normative_document_count():
    tables = tables_report()
    facts = default_facts()
    text = correct_draft().replace("废止行政规范性文件1件，截至年底现行有效行政规范性文件12件",
                                   "废止行政规范性文件12件，截至年底现行有效行政规范性文件1件")
    flags = guard(text, facts, tables=tables, notes=NOTES).flags
    assert [(f.text, f.expected) for f in flags] == [("12件", "1件"), ("1件", "12件")]


def test_ordinals_and_durations_are_not_counts():
    from assistant.checker.numbers import read_numbers

    raws = [t.raw for t in read_numbers("在20个工作日内答复，召开第3次会议，历时3个月，建成5个平台，第三次，两个专栏")]
    assert raws == ["5个", "两个"]
