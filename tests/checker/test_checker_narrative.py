"""Checker: narrative against tables (N-01…N-07), on hand-built texts of both formats."""

from __future__ import annotations

import pytest

from assistant.checker import check
from assistant.findings import Severity
from assistant.testing.reports import SECTIONS, cells_for, make_report, with_section

FORMATS = ["2019", "2021"]


def found(result, rule: str):
    return [f for f in result.findings if f.rule == rule]


def with_three(body: str, fmt: str = "2019", **kw):
    return make_report(fmt, sections=with_section("三", body), **kw)


def assert_span_quotes(report, finding, needle: str):
    assert finding.span is not None
    assert needle in report.text[finding.span.start:finding.span.end].replace(" ", "").replace("\n", "")


# --- N-01 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("body,key", [
    ("本年度新收政府信息公开申请 13 件。", "t3.new.total"),
    ("全年收到政府信息公开申请十五件。", "t3.new.total"),
    ("共办理政府信息公开申请 14 件，其中新收 13 件、上年结转 1 件。", "t3.new.total"),
    ("上年结转政府信息公开申请 2 件。", "t3.carried_in.total"),
    ("依法受理政府信息公开申请，全年办结 11 件。", "t3.total.total"),
    ("政府信息公开申请结转下年度继续办理 4 件。", "t3.carried_forward.total"),
])
def test_n_01_application_counts_against_table_three(fmt, body, key):
    r = with_three(body, fmt)
    f = found(check(r), "N-01")
    assert len(f) == 1 and f[0].cells == [key] and f[0].severity == Severity.ERROR
    assert f[0].span is not None and f[0].span.line is not None
    assert "件" in r.text[f[0].span.start:f[0].span.end]


def test_n_01_broken_lines_and_spaces_in_the_text():
    body = "截至目前，全市全年共受\n\n理政府信息公开申请 14 件。"
    r = with_three(body)
    f = found(check(r), "N-01")
    assert len(f) == 1 and "14" in f[0].message and "12" in f[0].message
    assert_span_quotes(r, f[0], "申请14件")


def test_n_01_total_including_last_year():
    ok = "全年共受理政府信息公开申请 13 件（含上年结转 1 件）。"
    assert not found(check(with_three(ok)), "N-01")
    bad = "全年共受理政府信息公开申请 14 件（含上年结转 1 件）。"
    f = found(check(with_three(bad)), "N-01")
    assert len(f) == 1 and set(f[0].cells) == {"t3.new.total", "t3.carried_in.total"} and "13" in f[0].message
    # 受理 N without 新收 may loosely mean new + carried in: not flagged.
    assert not found(check(with_three("全年共受理政府信息公开申请 13 件。")), "N-01")


@pytest.mark.parametrize("body", [
    "截至目前共接到 12345 市长热线转来市民投诉 5 件，目前已办结并答复 5 件。",
    "平台累计受理事项 41.6 万件，办结 41.5 万件，办结率 99.8%。",
    "其中市本级受理政府信息公开申请 3 件。",
    "全年收到人大代表建议 20 件，已全部办结。",
    "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5",
    "通过网络平台收到政府信息公开申请 9 件。",
    "区财政局收到政府信息公开申请 5 件。",
])
def test_n_01_numbers_that_merely_look_related_are_left_alone(body):
    result = check(with_three(SECTIONS["三"][1] + "\n" + body))
    assert not [f for f in result.findings if f.rule.startswith("N-")]


# --- N-02 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("phrase,first_key", [
    ("予以公开 8 件", "t3.granted.total"),
    ("部分公开 1 件", "t3.partial.total"),
    ("不予公开 2 件", "t3.denied_1.total"),
    ("无法提供 3 件", "t3.unable_1.total"),
    ("不予处理 1 件", "t3.not_processed_1.total"),
    ("予以公开及部分公开 10 件", "t3.granted.total"),
])
def test_n_02_outcome_counts(fmt, phrase, first_key):
    r = with_three(f"本年度新收政府信息公开申请 12 件。办理结果：{phrase}。", fmt)
    f = found(check(r), "N-02")
    assert len(f) == 1 and f[0].cells[0] == first_key


@pytest.mark.parametrize("fmt", FORMATS)
def test_n_02_sub_rows_named_by_their_alias(fmt):
    ok = "无法提供 1 件，均为本机关不掌握相关政府信息的 1 件；重复申请 0 件。"
    assert not found(check(with_three(ok, fmt)), "N-02")
    f = found(check(with_three("因本机关不掌握相关政府信息答复无法提供。不掌握相关政府信息 2 件。", fmt)), "N-02")
    assert len(f) == 1 and f[0].cells == ["t3.unable_1.total"]
    assert not found(check(with_three("清理涉及国家秘密文件 3 件。", fmt)), "N-02")


def test_n_02_other_rows_by_format():
    assert found(check(with_three("其他处理 1 件。", "2019")), "N-02")[0].cells == ["t3.other.total"]
    cells = found(check(with_three("其他处理 1 件。", "2021")), "N-02")[0].cells
    assert cells == ["t3.other_1.total", "t3.other_2.total", "t3.other_3.total"]


def test_n_02_percentages_of_the_total():
    ok = "全年办结政府信息公开申请 10 件，其中予以公开 7 件，占 70%；部分公开 2 件，占比 20.0%。"
    assert not found(check(with_three(ok)), "N-02")
    # Reports also take 新收 (12) as the base: 7/12 = 58.33%.
    assert not found(check(with_three("其中予以公开 7 件，占 58.33%。")), "N-02")
    bad = "全年办结政府信息公开申请 10 件，其中予以公开 7 件，占 75%。"
    f = found(check(with_three(bad)), "N-02")
    assert len(f) == 1 and "75" in f[0].message and "70.00" in f[0].message
    assert "t3.total.total" in f[0].cells


def test_n_02_blank_cell_is_not_compared():
    r = with_three("其中予以公开 8 件。", overrides={"t3.granted.total": None})
    assert not found(check(r), "N-02")


# --- N-03 ------------------------------------------------------------------------------------------


def with_four(body: str, **kw):
    return make_report("2019", sections=with_section("四", body), **kw)


def test_n_03_review_and_suit_counts():
    f = found(check(with_four("全年因政府信息公开被申请行政复议 3 件。")), "N-03")
    assert len(f) == 1 and f[0].cells == ["t4.review.total"]
    f = found(check(with_four("因政府信息公开被提起行政诉讼 1 起。")), "N-03")
    assert len(f) == 1 and f[0].cells == ["t4.suit_direct.total", "t4.suit_after_review.total"]
    over = {"t4.suit_after_review.upheld": 1, "t4.suit_after_review.total": 1}
    assert not found(check(with_four("因政府信息公开被提起行政诉讼 1 件。", overrides=over)), "N-03")


def test_n_03_all_upheld_needs_no_correction_and_nothing_pending():
    f = found(check(with_four("因政府信息公开被申请行政复议 2 件，均获维持。")), "N-03")
    assert len(f) == 1 and "尚未审结 1" in f[0].message and f[0].cells == ["t4.review.pending"]
    over = {"t4.review.upheld": 2, "t4.review.pending": 0}
    assert not found(check(with_four("因政府信息公开被申请行政复议 2 件，均获维持。", overrides=over)), "N-03")
    over = {"t4.suit_direct.corrected": 1, "t4.suit_direct.total": 1}
    f = found(check(with_four("政府信息公开行政诉讼案件无败诉。", overrides=over)), "N-03")
    assert len(f) == 1 and "纠正 1" in f[0].message


def test_n_03_none_happened_needs_zero_cells():
    f = found(check(with_four("本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。")), "N-03")
    assert len(f) == 1 and "t4.review.total" in f[0].cells and "2" in f[0].message
    zero = {"t4.review.upheld": 0, "t4.review.pending": 0, "t4.review.total": 0}
    assert not found(check(with_four("本年度未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。", overrides=zero)), "N-03")
    # Only 诉讼 denied, and the table has none: fine.
    assert not found(check(with_four("全年因政府信息公开被申请行政复议 2 件；未发生行政诉讼。")), "N-03")


# --- N-04 ------------------------------------------------------------------------------------------


def with_one(extra: str, fmt: str = "2019", **kw):
    body = SECTIONS["一"][1] + extra
    return make_report(fmt, sections=with_section("一", body), **kw)


def test_n_04_normative_documents_2019():
    r = with_one("本年度全市共公开发布行政规范性文件 4 件。")
    f = found(check(r), "N-04")
    assert len(f) == 1 and f[0].cells[0] == "t2.normative.published" and f[0].severity == Severity.ERROR
    assert "4" in f[0].message and "5" in f[0].message
    assert_span_quotes(r, f[0], "规范性文件4件")
    assert not found(check(with_one("本年度共制定规范性文件 5 件。")), "N-04")


def test_n_04_normative_documents_2021():
    assert not found(check(with_one("全年制发行政规范性文件 5 件，现行有效规范性文件 40 件。", "2021")), "N-04")
    f = found(check(with_one("全年废止行政规范性文件 2 件。", "2021")), "N-04")
    assert len(f) == 1 and f[0].cells == ["t2.normative.repealed"]
    f = found(check(with_one("本年制定规章 1 件。", "2021")), "N-04")
    assert len(f) == 1 and f[0].cells == ["t2.rules.issued"]


@pytest.mark.parametrize("extra", [
    "主动公开政府信息 500 条。",
    "对 12 件规范性文件进行合法性审查。",
    "全年发布涉企政策文件 63 部、涉企活动信息 40 条。",
    "全年发布的规范性文件做到了解读率 100%。",
    "其中涉企规范性文件 3 件。",
    "组织学习部门规章 4 部。",
])
def test_n_04_other_documents_are_not_compared(extra):
    assert not found(check(with_one(extra)), "N-04")


@pytest.mark.parametrize("extra", [
    "主动公开市政府规章 13 件（含新制定 5 件，修改 4 件，废止 4 件）。",
    "主动公开行政规范性文件 42 件。",  # 2021 counts 制发, not 公开
])
def test_n_04_2021_published_counts_are_not_issued_counts(extra):
    assert not found(check(with_one(extra, "2021")), "N-04")


# --- N-05 ------------------------------------------------------------------------------------------


def test_n_05_no_applications():
    f = found(check(with_three("本年度未收到政府信息公开申请。")), "N-05")
    assert len(f) == 1 and f[0].cells == ["t3.new.total"] and "12" in f[0].message
    zero = {k: 0 for k in cells_for("2019") if k.startswith("t3.")}
    assert not found(check(with_three("本年度未收到政府信息公开申请。", overrides=zero)), "N-05")


def test_n_05_no_fee_against_a_fee_stated():
    six = "本年度未收取信息处理费。人大代表建议和政协委员提案均按时办结。"
    r = make_report("2021", sections={**with_section("六", six),
                                      "三": (SECTIONS["三"][0], SECTIONS["三"][1] + "共收取信息处理费 200 元。")})
    f = found(check(r), "N-05")
    assert len(f) == 1 and "200" in f[0].message
    assert not found(check(make_report("2021")), "N-05")


# --- N-06 ------------------------------------------------------------------------------------------


def test_n_06_years_from_an_old_report():
    r = with_one("2019年，我局共组织培训 3 次。")
    f = found(check(r), "N-06")
    assert len(f) == 1 and "2019" in f[0].message and f[0].severity == Severity.ERROR
    assert r.text[f[0].span.start:f[0].span.end].startswith("2019")


@pytest.mark.parametrize("extra", [
    "与2019年相比，申请数量有所增加。",
    "认真落实《2019年政务公开工作要点》的要求。",
    "根据《通知》（国办公开办函〔2019〕60号）的要求编制。",
    "2021年，我局将进一步做好政务公开工作。",
    "新修订的条例自2019年5月15日起施行。",
    "自2008年以来，我局持续推进政务公开。",
    "到2035年基本建成法治政府。",
    "截至2019年底，我局共有政务新媒体 3 个。",
    "我局曾于2017年被评为政务公开先进单位。",
])
def test_n_06_allowed_years(extra):
    assert not found(check(with_one(extra)), "N-06")


def test_n_06_old_report_work_named():
    assert not found(check(with_one("按时发布2019年政府信息公开工作年度报告。")), "N-06")
    f = found(check(with_one("2018年度政府信息公开工作取得新成效。")), "N-06")
    assert len(f) == 1 and "2018" in f[0].message


def test_n_06_title_and_period():
    f = found(check(make_report("2019", title="某某市某某局2019年政府信息公开工作年度报告")), "N-06")
    assert [x.message for x in f if "标题" in x.message]
    pre = "本报告统计期限为2019年1月1日至12月31日。联系电话：0453-6226001，可在门户网站查阅。依据《条例》编制。"
    f = found(check(make_report("2019", preamble=pre)), "N-06")
    assert len(f) == 1 and "统计期限" in f[0].message


# --- N-07 ------------------------------------------------------------------------------------------


def test_n_07_same_quantity_quoted_twice():
    body = SECTIONS["三"][1] + "综上，全年新收政府信息公开申请 14 件。"
    result = check(with_three(body))
    f = found(result, "N-07")
    assert len(f) == 1 and f[0].severity == Severity.WARNING and "12" in f[0].message and "14" in f[0].message
    assert not found(check(make_report()), "N-07")


def test_narrative_rules_need_text():
    result = check(make_report(text=False))
    reasons = {n.rule: n.reason for n in result.not_assessable}
    for rule in ("N-01", "N-02", "N-03", "N-04", "N-05", "N-06", "N-07"):
        assert rule in reasons


REALISTIC = (
    "{y}年，本机关共收到政府信息公开申请 12 件，其中自然人申请 10 件、法人或其他组织申请 2 件；上年结转 1 件。"
    "全年办结 10 件，办结率 100%，结转下年度继续办理 3 件。办理结果：予以公开 7 件，占 70%；部分公开 2 件；"
    "无法提供 1 件。全年因政府信息公开被申请行政复议 2 件，1 件维持，1 件尚未审结；未发生行政诉讼。"
    "全年通过政府网站主动公开信息 1200 条，回应 12345 热线转办事项 56 件，办结 56 件。"
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_realistic_paragraph_agrees_and_one_changed_number_is_named(fmt):
    r = make_report(fmt, sections=with_section("三", REALISTIC))
    assert not [f for f in check(r).findings if f.rule.startswith("N-")]
    changed = make_report(fmt, sections=with_section("三", REALISTIC.replace("予以公开 7 件", "予以公开 8 件")))
    n = [f for f in check(changed).findings if f.rule.startswith("N-")]
    assert [f.rule for f in n] == ["N-02"] and n[0].cells == ["t3.granted.total"]
    assert changed.text[n[0].span.start:n[0].span.end].replace(" ", "").startswith("予以公开8件")


def test_n_03_in_section_four_the_subject_is_implied():
    f = found(check(with_four("全年被申请行政复议 3 件。")), "N-03")
    assert len(f) == 1 and f[0].cells == ["t4.review.total"]
    f = found(check(with_four("全年被申请行政复议 2 件，均获维持。")), "N-03")
    assert len(f) == 1 and "尚未审结 1" in f[0].message
    # Outside section 四, a 行政复议 count without 信息公开 may be about anything: left alone.
    assert not found(check(with_one("全市办理行政复议案件 300 件。")), "N-03")
