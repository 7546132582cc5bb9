"""Facts from tables: sums, changes against last year, percentages, blanks listed."""

from __future__ import annotations

from drafting_cases import default_facts, tables_report

from assistant.drafting import build_facts
from assistant.drafting.facts import percent
from assistant.report import Cell, Report


def test_application_facts_come_from_tables_three_and_four():
    facts = default_facts()
    t = tables_report()
    assert facts.get("t3.new.total").value == t.value("t3.new.total")
    assert facts.get("t3.new.total").text == f"本年新收政府信息公开申请{t.value('t3.new.total')}件"
    suit = facts.get("t4.suit.total")
    assert suit.value == t.value("t4.suit_direct.total") + t.value("t4.suit_after_review.total") == 3
    denied = sum(t.value(f"t3.denied_{i}.total") for i in range(1, 9))
    assert facts.get("t3.denied").value == denied
    total = t.value("t3.total.total")
    assert facts.get("t3.granted.pct").value == percent(t.value("t3.granted.total"), total) == 54.8
    assert {f.topic for f in facts.facts} == {"主动公开", "依申请公开"}


def test_changes_against_last_year():
    t = tables_report()
    prev = tables_report()
    prev.cells["t3.new.total"] = Cell(key="t3.new.total", value=62)
    prev.cells["t4.review.total"] = Cell(key="t4.review.total", value=4)
    facts = build_facts(t, prev, year=2022)
    assert facts.get("t3.new.total.change").text == "新收申请较上年增加12件"
    assert facts.get("t4.review.total.change").text == "行政复议与上年持平"


def test_blank_cells_give_no_fact_and_are_listed():
    t = tables_report()
    t.cells["t3.new.total"] = Cell(key="t3.new.total", value=None)
    t.cells["t3.denied_3.total"] = Cell(key="t3.denied_3.total", value=None)
    facts = build_facts(t, year=2022)
    assert facts.get("t3.new.total") is None and facts.get("t3.denied") is None
    assert "t3.new.total" in facts.missing and "t3.denied_3.total" in facts.missing
    assert facts.get("t3.carried_in.total") is not None


def test_percentages_round_half_up_to_one_decimal():
    assert percent(1, 8) == 12.5
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(1, 16) == 6.3  # 6.25 → 6.3, as clerks round


def test_year_missing_is_a_chinese_error():
    import pytest

    from assistant.errors import NianbaoError

    with pytest.raises(NianbaoError):
        build_facts(Report(format="2021"))
