"""The offline drafter on every labelled report with tables: guard and N-* find nothing."""

from __future__ import annotations

import json
import re

import pytest
from drafting_cases import default_facts

from assistant.drafting import build_facts, draft_offline, guard
from assistant.drafting.offline import note_sentences
from assistant.drafting.sources import from_report
from assistant.load import load_report
from assistant.report import Report

NOTES = ("全年组织政务公开业务培训3次，参训120人次。政务新媒体发布信息500条。严格落实保密审查制度。"
         "承办人大代表建议5件、政协委员提案3件。本年度未收取信息处理费。")


def test_offline_draft_of_every_labelled_report_passes_the_guard(gold_path):
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    if data["format"] == "legacy":
        pytest.skip("旧格式报告没有统计表")
    path = gold_path
    tables = Report.from_canonical(data)
    facts = build_facts(tables)
    for notes in (None, NOTES):
        d = draft_offline(facts, notes)
        g = guard(d.text, facts, tables=tables, notes=notes)
        assert g.flags == [] and g.findings == [], (path.name, g.flags, g.findings)
        for heading in ("一、总体情况", "（二）依申请公开", "（五）监督保障", "五、", "六、"):
            assert heading in d.text
    new = facts.get("t3.new.total")
    if new is not None:
        assert f"新收政府信息公开申请{new.value}件" in d.text
    else:  # blank: no number, and the cell is listed as missing
        assert "t3.new.total" in facts.missing and "新收政府信息公开申请" not in d.text


def test_offline_draft_from_a_parsed_report_with_its_wording_as_last_years(seed_with_tables):
    """The seed report's tables, and its own text as last year's: stale wording is marked."""
    report = load_report(seed_with_tables)
    assert report.has_tables
    facts = build_facts(report, organ=report.agency, year=(report.year or 2020) + 1)
    past = from_report(report)
    d = draft_offline(facts, None, past)
    g = guard(d.text, facts, tables=report, previous=report, citations={c.id for c in d.citations})
    assert g.flags == [] and [f for f in g.findings if f.rule != "N-07"] == [], (g.flags, g.findings)
    # every reused passage is marked, cited, and has no number of last year left
    for c in d.citations:
        line = next(ln for ln in d.text.splitlines() if c.id in ln)
        assert line.startswith("【请核实更新】")
        assert not re.search(r"\d", line.replace(c.id, ""))


def test_notes_are_sorted_into_topics():
    topics = dict((s, t) for t, s in note_sentences(NOTES))
    assert topics["全年组织政务公开业务培训3次，参训120人次。"] == "监督保障"
    assert topics["政务新媒体发布信息500条。"] == "平台建设"
    assert topics["严格落实保密审查制度。"] == "政府信息管理"
    assert topics["承办人大代表建议5件、政协委员提案3件。"] == "六"


def test_a_notes_sentence_that_contradicts_the_tables_is_not_used():
    facts = default_facts()
    d = draft_offline(facts, "通过政务新媒体发布信息200条。本年度办结政府信息公开申请99件。")
    assert "办结政府信息公开申请99件" not in d.text
    assert "通过政务新媒体发布信息200条。" in d.text
