"""Checker: table rules (T3-*, T4-*, T2-*), cross-year rules (X-01, X-06), rule table, check_cells."""

from __future__ import annotations

import re

import pytest

from assistant.checker import RULES, check, check_cells
from assistant.findings import Severity
from assistant.formats import FormatId
from assistant.report import Cell, OrganKind, Report
from assistant.testing.reports import cells_for, make_report

FORMATS = [FormatId.F2019, FormatId.F2021]
REQUIRED = (
    [f"T3-0{i}" for i in range(1, 7)] + ["T3-08", "T3-10", "T4-01", "T4-02"]
    + [f"T2-0{i}" for i in range(1, 9)] + [f"N-0{i}" for i in range(1, 8)]
    + ["X-01", "X-06"] + [f"C-0{i}" for i in range(1, 7)] + ["C-08", "C-09", "C-10"]
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def rules_of(result, severity: Severity | None = None) -> list[str]:
    return [f.rule for f in result.findings if severity is None or f.severity == severity]


def findings(result, rule: str):
    return [f for f in result.findings if f.rule == rule]


def na(result) -> dict[str, str]:
    return {n.rule: n.reason for n in result.not_assessable}


# --- the rule table -----------------------------------------------------------------------------


def test_rule_table_covers_the_required_rules_with_chinese_templates():
    assert set(REQUIRED) <= set(RULES)
    for rule in RULES.values():
        assert rule.severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        assert CJK.search(rule.statement)
        for template in rule.messages.values():
            assert CJK.search(template), rule.id
        assert rule.needs <= {"tables", "t2", "t3", "t4", "text", "previous", "previous_tables", "previous_text",
                              "kind", "year"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", [OrganKind.DEPARTMENT, OrganKind.GOVERNMENT])
def test_clean_report_has_no_findings_and_every_rule_is_judged_or_not_assessable(fmt, kind):
    result = check(make_report(fmt, kind=kind))
    assert result.findings == []
    reasons = na(result)
    # Without a previous report the cross-year rules are not assessable, never passed.
    assert "X-01" in reasons and "上一年度" in reasons["X-01"]
    assert all(CJK.search(r) for r in reasons.values())
    # The format-specific rules of the other format are listed, with a reason.
    assert ("T3-10" in reasons) == (fmt == FormatId.F2019)
    assert ("T2-07" in reasons) == (fmt == FormatId.F2021)


# --- table 三 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_t3_01_column_identity(fmt):
    r = make_report(fmt, text=False, overrides={"t3.carried_forward.natural": 3})
    result = check(r)
    f = findings(result, "T3-01")
    assert len(f) == 1  # only the 自然人 column changed (its 总计 row cell then fails T3-03)
    assert f[0].severity == Severity.ERROR
    assert "t3.carried_forward.natural" in f[0].cells
    assert "自然人" in f[0].message and "= 11" in f[0].message and "= 12" in f[0].message


def test_t3_01_message_names_the_values():
    r = make_report(text=False, overrides={"t3.new.research": 1, "t3.new.total": 13})
    msg = findings(check(r), "T3-01")
    cols = {tuple(f.cells) for f in msg}
    assert ("t3.new.research", "t3.carried_in.research", "t3.total.research", "t3.carried_forward.research") in cols
    research = next(f for f in msg if "t3.new.research" in f.cells)
    assert "科研机构" in research.message and "新收 1" in research.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_t3_02_results_sum_to_total(fmt):
    r = make_report(fmt, text=False, overrides={"t3.denied_4.business": 1, "t3.denied_4.total": 1})
    f = findings(check(r), "T3-02")
    assert {tuple(x.cells[:1]) for x in f} == {("t3.total.business",), ("t3.total.total",)}
    assert all("t3.denied_4.business" in x.cells or "t3.denied_4.total" in x.cells for x in f)


def test_t3_02_counts_the_rows_of_either_format_printed():
    # A 2021 report that printed the 2019 （六）其他处理 row: its numbers still count toward 总计.
    cells = cells_for("2021")
    for c in ("natural", "business", "research", "public_interest", "legal_service", "other_org", "total"):
        del cells[f"t3.other_1.{c}"], cells[f"t3.other_2.{c}"], cells[f"t3.other_3.{c}"]
        cells[f"t3.other.{c}"] = 0
    cells.update({"t3.unable_1.natural": 0, "t3.unable_1.total": 0, "t3.other.natural": 1, "t3.other.total": 1})
    result = check(make_report("2021", text=False, cells=cells))
    assert "T3-02" not in rules_of(result)
    assert {f.message.split("：")[0] for f in findings(result, "T3-06")} == {"表三缺少 2021 年格式应有的行", "表三出现不属于 2021 年格式的行"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_t3_03_row_identity(fmt):
    r = make_report(fmt, text=False, overrides={"t3.partial.total": 3})
    f = findings(check(r), "T3-03")
    assert len(f) == 1 and f[0].cells[0] == "t3.partial.total"
    assert "部分公开" in f[0].message and "为 2" in f[0].message and "为 3" in f[0].message


def test_t3_04_negative_fraction_and_ambiguous_cells():
    r = make_report(text=False, overrides={"t3.denied_1.natural": -1, "t3.denied_1.business": 1.5})
    f = findings(check(r), "T3-04")
    assert {x.cells[0] for x in f} == {"t3.denied_1.natural", "t3.denied_1.business"}
    r = make_report(text=False)
    r.cells["t3.new.natural"] = Cell(key="t3.new.natural", value=None, candidates=[10, 1])
    result = check(r)
    amb = findings(result, "T3-04")
    assert len(amb) == 1 and "10、1" in amb[0].message and amb[0].severity == Severity.ERROR
    # Identities through an unsettled cell are not judged on a guess.
    assert not [f for f in result.findings if f.rule in ("T3-01", "T3-03") and "t3.new.natural" in f.cells]


def test_t3_05_blank_counts_as_zero_and_is_reported_on_its_own():
    r = make_report(text=False, overrides={"t3.denied_1.natural": None})
    result = check(r)
    assert rules_of(result) == ["T3-05"]
    assert findings(result, "T3-05")[0].severity == Severity.WARNING
    assert findings(result, "T3-05")[0].cells == ["t3.denied_1.natural"]
    # A blank where a number belongs: the identity fails (blank = 0) and the blank is named.
    result = check(make_report(text=False, overrides={"t3.granted.natural": None}))
    assert set(rules_of(result)) == {"T3-05", "T3-02", "T3-03"}


def test_t3_06_row_set_of_the_format():
    cells = cells_for("2019")
    for c in ("natural", "business", "research", "public_interest", "legal_service", "other_org", "total"):
        cells[f"t3.other_1.{c}"] = 0
    f = findings(check(make_report("2019", text=False, cells=cells)), "T3-06")
    assert len(f) == 1 and "不属于 2019 年格式" in f[0].message and "t3.other_1.natural" in f[0].cells
    r = make_report("2021", text=False, drop=tuple(f"t3.other_3.{c}" for c in ("natural", "business", "research",
                    "public_interest", "legal_service", "other_org", "total")))
    f = findings(check(r), "T3-06")
    assert len(f) == 1 and "缺少" in f[0].message and "3.其他" in f[0].message


def test_t3_08_large_carry_forward_warns():
    over = {"t3.new.natural": 9, "t3.new.total": 11, "t3.granted.natural": 5, "t3.granted.total": 6,
            "t3.total.natural": 8, "t3.total.total": 9}
    result = check(make_report(text=False, overrides=over))
    assert rules_of(result) == ["T3-08"]
    assert findings(result, "T3-08")[0].severity == Severity.WARNING
    assert "3 件" in findings(result, "T3-08")[0].message and "11 件" in findings(result, "T3-08")[0].message


FEE_2021 = {"t3.new.natural": 11, "t3.new.total": 13, "t3.other_2.natural": 1, "t3.other_2.total": 1,
            "t3.total.natural": 10, "t3.total.total": 11}


def test_t3_10_fee_notices_must_be_reported_in_section_six():
    six = "办理人大代表建议 3 件、政协委员提案 2 件。"
    from assistant.testing.reports import with_section

    result = check(make_report("2021", overrides=FEE_2021, sections=with_section("六", six)))
    assert "T3-10" in rules_of(result, Severity.ERROR)
    assert findings(result, "T3-10")[0].cells == ["t3.other_2.total"]
    ok = "本年度发出收费通知 1 件，申请人逾期未缴费，未收取信息处理费。" + six
    result = check(make_report("2021", overrides=FEE_2021, sections=with_section("六", ok)))
    assert "T3-10" not in rules_of(result) and "C-04" not in rules_of(result)
    # 2019 format: not applicable, listed with a reason.
    assert "2021" in na(check(make_report("2019")))["T3-10"]


# --- table 四 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("group", ["review", "suit_direct", "suit_after_review"])
def test_t4_01_group_identity(fmt, group):
    key = f"t4.{group}.corrected"
    result = check(make_report(fmt, text=False, overrides={key: 1}))
    f = findings(result, "T4-01")
    assert len(f) == 1 and key in f[0].cells and f[0].severity == Severity.ERROR


def test_t4_02_negative_and_blank_cells():
    result = check(make_report(text=False, overrides={"t4.suit_direct.other": -1, "t4.suit_direct.total": -1}))
    assert {f.cells[0] for f in findings(result, "T4-02")} == {"t4.suit_direct.other", "t4.suit_direct.total"}
    result = check(make_report(text=False, overrides={"t4.suit_direct.other": None}))
    f = findings(result, "T4-02")
    assert len(f) == 1 and f[0].cells == ["t4.suit_direct.other"] and "空白" in f[0].message


# --- table 二 -------------------------------------------------------------------------------------


def test_t2_01_mixed_and_missing_cells():
    result = check(make_report("2021", text=False, overrides={"t2.license.prev": 10}))
    f = findings(result, "T2-01")
    assert len(f) == 1 and f[0].cells == ["t2.license.prev"] and "混用" in f[0].message
    result = check(make_report("2019", text=False, drop=("t2.procurement.count", "t2.procurement.amount_wan")))
    f = findings(result, "T2-01")
    assert len(f) == 1 and set(f[0].cells) == {"t2.procurement.count", "t2.procurement.amount_wan"}


def _prev(fmt: str, year: int, **over) -> Report:
    return make_report(fmt, year, text=False, overrides=over)


def test_t2_02_and_t2_03_against_last_year():
    cur = make_report("2021", text=False)  # normative: issued 5, repealed 1, in_force 40
    result = check(cur, _prev("2021", 2020, **{"t2.normative.in_force": 36}))
    assert not {"T2-02", "T2-03"} & set(rules_of(result))
    result = check(cur, _prev("2021", 2020, **{"t2.normative.in_force": 30}))
    f = findings(result, "T2-02")
    assert len(f) == 1 and f[0].severity == Severity.WARNING and "34" in f[0].message
    cur = make_report("2021", text=False, overrides={"t2.normative.repealed": 50})
    f = findings(check(cur, _prev("2021", 2020, **{"t2.normative.in_force": 36})), "T2-03")
    assert len(f) == 1 and f[0].severity == Severity.ERROR and "41" in f[0].message
    # Last year in the 2019 format has no 现行有效件数: not assessable, with a reason.
    reasons = na(check(cur, _prev("2019", 2020)))
    assert "2019" in reasons["T2-02"] and "2019" in reasons["T2-03"]
    assert "上一年度" in na(check(cur))["T2-02"]


def test_t2_04_fee_amount_in_wan():
    r = make_report("2021", text=False)
    r.cells["t2.fee.amount_wan"] = Cell(key="t2.fee.amount_wan", value=250000, raw="250000元")
    f = findings(check(r), "T2-04")
    assert len(f) == 1 and "元" in f[0].message and f[0].severity == Severity.WARNING
    f = findings(check(make_report("2021", text=False, overrides={"t2.fee.amount_wan": 1.123456})), "T2-04")
    assert len(f) == 1 and "4 位" in f[0].message
    assert not findings(check(make_report("2021", text=False, overrides={"t2.fee.amount_wan": 1.2345})), "T2-04")


def test_t2_05_rules_only_for_organs_that_can_make_them():
    over = {"t2.rules.issued": 2, "t2.rules.in_force": 2}
    county = make_report("2021", text=False, overrides=over, agency="某某县人民政府", kind=OrganKind.GOVERNMENT)
    assert len(findings(check(county), "T2-05")) == 1
    city = make_report("2021", text=False, overrides=over, agency="某某市人民政府", kind=OrganKind.GOVERNMENT)
    assert not findings(check(city), "T2-05")
    ministry = make_report("2021", text=False, overrides=over, agency="自然资源部")
    assert not findings(check(ministry), "T2-05")
    bureau = make_report("2021", text=False, overrides=over, agency="某某市生态环境局")
    assert len(findings(check(bureau), "T2-05")) == 1
    unknown = make_report("2021", text=False, overrides=over, kind=None)
    assert "机关类型" in na(check(unknown))["T2-05"]


def test_t2_06_items_carry_over_from_last_year():
    cur = make_report("2019", text=False)  # license.prev 10, penalty.prev 8
    last = {"t2.license.prev": 12, "t2.license.delta": -2, "t2.penalty.delta": 0}
    assert not findings(check(cur, _prev("2019", 2019, **last)), "T2-06")
    f = findings(check(cur, _prev("2019", 2019, **{**last, "t2.license.prev": 11})), "T2-06")
    assert len(f) == 1 and f[0].cells == ["t2.license.prev"] and "9" in f[0].message


def test_t2_07_total_at_least_published():
    f = findings(check(make_report("2019", text=False, overrides={"t2.normative.total": 3})), "T2-07")
    assert len(f) == 1 and f[0].severity == Severity.WARNING


def test_t2_08_negative_only_in_delta():
    result = check(make_report("2019", text=False, overrides={"t2.license.delta": -5}))
    assert not findings(result, "T2-08")
    f = findings(check(make_report("2019", text=False, overrides={"t2.penalty.decisions": -5})), "T2-08")
    assert len(f) == 1 and f[0].cells == ["t2.penalty.decisions"]
    f = findings(check(make_report("2021", text=False, overrides={"t2.license.decisions": 2.5})), "T2-08")
    assert len(f) == 1 and "整数" in f[0].message
    r = make_report("2021", text=False)
    r.cells["t2.penalty.decisions"] = Cell(key="t2.penalty.decisions", value=None, candidates=[120, 12])
    f = findings(check(r), "T2-08")
    assert len(f) == 1 and "120、12" in f[0].message


# --- cross-year -----------------------------------------------------------------------------------


def test_x_01_carried_in_equals_last_years_carried_forward():
    cur = make_report("2021", text=False)  # carried_in: natural 1, total 1
    prev = make_report("2019", 2020, text=False, overrides={
        "t3.carried_forward.natural": 1, "t3.carried_forward.business": 0, "t3.carried_forward.total": 1})
    assert not findings(check(cur, prev), "X-01")
    prev.cells["t3.carried_forward.business"] = Cell(key="t3.carried_forward.business", value=2)
    f = findings(check(cur, prev), "X-01")
    assert len(f) == 1 and f[0].cells == ["t3.carried_in.business"] and f[0].severity == Severity.ERROR
    wrong_year = make_report("2019", 2018, text=False)
    assert "2018" in na(check(cur, wrong_year))["X-01"]
    assert "上一年度" in na(check(cur))["X-01"]


def test_x_04_x_05_copied_text_from_last_year():
    from assistant.testing.reports import SECTIONS, with_section

    cur = make_report("2021")
    same_text_other_numbers = make_report("2019", 2020, sections=with_section(
        "三", SECTIONS["三"][1].replace("12", "30").replace("10", "25")))
    result = check(cur, same_text_other_numbers)
    assert [f.severity for f in findings(result, "X-05")] == [Severity.WARNING]
    assert [f.severity for f in findings(result, "X-04")] == [Severity.WARNING]
    assert "%" in findings(result, "X-04")[0].message
    fresh_five = "本年度发现的问题：政务新媒体内容更新慢，年报编制质量不高。针对上年指出的栏目不全问题，已新增五个专栏。" \
                 "下一步将建立月度巡检机制，组织业务骨干专题培训，完善信息发布审核流程。"
    prev = make_report("2019", 2020, sections=with_section("五", fresh_five))
    result = check(cur, prev)
    assert not findings(result, "X-04")
    unrelated = make_report("2019", 2020, sections={n: (h, "本部分内容另行撰写，与今年完全不同。" * (i + 1))
                                                    for i, (n, (h, _)) in enumerate(SECTIONS.items())})
    assert not findings(check(cur, unrelated), "X-05")
    # Last year's report as canonical JSON has no text: not assessable.
    tables_only = make_report("2019", 2020, text=False)
    assert "正文" in na(check(cur, tables_only))["X-05"]


def test_x_06_format_matches_year():
    f = findings(check(make_report("2019", 2021, text=False)), "X-06")
    assert len(f) == 1 and "2021" in f[0].message
    assert not findings(check(make_report("2021", 2021, text=False)), "X-06")
    legacy = Report(year=2018, format=FormatId.LEGACY, text="某局2018年政府信息公开工作年度报告\n一、概述\n……")
    result = check(legacy)
    assert not findings(result, "X-06")
    reasons = na(result)
    for rule in ("T3-01", "T4-01", "T2-01", "N-01", "C-01"):
        assert "旧格式" in reasons[rule] or "统计表" in reasons[rule]


def test_canonical_json_report_has_text_rules_not_assessable():
    r = Report.from_canonical({"agency": "某局", "year": 2020, "format": "2019", "cells": cells_for("2019")})
    result = check(r)
    assert result.findings == []
    reasons = na(result)
    for rule in ("N-01", "N-04", "N-06", "C-01", "C-10", "C-09"):
        assert "正文" in reasons[rule]


def test_check_cells_convenience():
    cells = cells_for("2021")
    assert check_cells(cells, 2021, "2021").errors == []
    cells["t4.review.total"] = 3
    result = check_cells(cells, 2021, FormatId.F2021)
    assert [f.rule for f in result.errors] == ["T4-01"]
    assert result.errors[0].cells[-1] == "t4.review.total"


def test_x_07_large_unexplained_swings():
    prev = make_report("2019", 2020, text=False, overrides={"t3.new.total": 40})
    cur = make_report("2021")  # 12 new applications, text does not explain the drop
    f = findings(check(cur, prev), "X-07")
    assert len(f) == 1 and f[0].severity == Severity.WARNING and "40" in f[0].message and "12" in f[0].message
    from assistant.testing.reports import SECTIONS, with_section

    why = SECTIONS["三"][1] + "受疫情影响，政府信息公开申请数量较上年明显下降。"
    assert not findings(check(make_report("2021", sections=with_section("三", why)), prev), "X-07")
    assert not findings(check(cur, make_report("2019", 2020, text=False, overrides={"t3.new.total": 20})), "X-07")
    prev_no_review = make_report("2019", 2020, text=False, overrides={"t4.review.total": 0, "t3.new.total": 12})
    many = make_report("2021", overrides={"t4.review.upheld": 4, "t4.review.total": 5})
    f = findings(check(many, prev_no_review), "X-07")
    assert len(f) == 1 and f[0].cells == ["t4.review.total"]
