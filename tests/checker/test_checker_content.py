"""Checker: sections and content rules (C-01…C-06, C-08…C-10)."""

from __future__ import annotations

from assistant.checker import check
from assistant.findings import Severity
from assistant.report import OrganKind
from assistant.testing.reports import SECTIONS, make_report, with_section


def found(result, rule: str):
    return [f for f in result.findings if f.rule == rule]


def na(result) -> dict[str, str]:
    return {n.rule: n.reason for n in result.not_assessable}


def test_c_01_missing_section_is_an_error():
    sections = {k: v for k, v in SECTIONS.items() if k != "四"}
    f = found(check(make_report(sections=sections)), "C-01")
    assert len(f) == 1 and f[0].severity == Severity.ERROR and "第四部分" in f[0].message


def test_c_01_variant_heading_warns_unknown_heading_errs():
    r = make_report(sections=with_section("五", SECTIONS["五"][1], heading="存在的主要问题及下步工作思路"))
    f = found(check(r), "C-01")
    assert len(f) == 1 and f[0].severity == Severity.WARNING and "下步工作思路" in f[0].message
    assert f[0].span is not None
    r = make_report(sections=with_section("五", SECTIONS["五"][1], heading="下一步工作打算"))
    f = found(check(r), "C-01")
    assert len(f) == 1 and f[0].severity == Severity.ERROR


def test_c_01_order():
    sections = dict(SECTIONS)
    order = ["一", "二", "四", "三", "五", "六"]
    r = make_report(sections={k: sections[k] for k in order})
    f = found(check(r), "C-01")
    assert len(f) == 1 and "顺序" in f[0].message


def test_c_02_overview_topics():
    body = "我局坚持以公开为常态，主动公开政府信息 300 条。依法办理依申请公开。"
    f = found(check(make_report(sections=with_section("一", body))), "C-02")
    assert len(f) == 1 and f[0].severity == Severity.WARNING
    assert "政府信息管理" in f[0].message and "平台建设" in f[0].message and "主动公开" not in f[0].message


def test_c_03_government_reports_assessment_review_and_accountability():
    body = SECTIONS["一"][1].replace("开展社会评议，", "").replace("落实责任追究制度，未发生责任追究情况。", "")
    gov = make_report(sections=with_section("一", body), kind=OrganKind.GOVERNMENT)
    f = found(check(gov), "C-03")
    assert len(f) == 1 and f[0].severity == Severity.ERROR
    assert "社会评议" in f[0].message and "责任追究" in f[0].message and "工作考核" not in f[0].message
    dept = make_report(sections=with_section("一", body), kind=OrganKind.DEPARTMENT)
    assert not found(check(dept), "C-03")
    assert "人民政府" in na(check(dept))["C-03"]
    unknown = make_report(sections=with_section("一", body), kind=None)
    assert "机关类型" in na(check(unknown))["C-03"]


def test_c_04_fee_statement_in_section_six_2021():
    six = "办理人大代表建议 3 件、政协委员提案 2 件。"
    f = found(check(make_report("2021", sections=with_section("六", six))), "C-04")
    assert len(f) == 1 and f[0].severity == Severity.ERROR
    assert not found(check(make_report("2021")), "C-04")
    assert "2021" in na(check(make_report("2019", sections=with_section("六", six))))["C-04"]


def test_c_04_statement_contradicts_table():
    over = {"t3.new.natural": 11, "t3.new.total": 13, "t3.other_2.natural": 1, "t3.other_2.total": 1,
            "t3.total.natural": 10, "t3.total.total": 11}
    result = check(make_report("2021", overrides=over))  # section 六 says 未发出收费通知
    f = found(result, "C-04")
    assert len(f) == 1 and f[0].cells == ["t3.other_2.total"] and "未发出收费通知" in f[0].message


def test_c_05_c_06_work_points_and_proposals():
    one = SECTIONS["一"][1].replace("认真落实上级《{y}年政务公开工作要点》。", "")
    six = "本年度未收取信息处理费，未发出收费通知。"
    result = check(make_report(sections={**with_section("一", one), "六": (SECTIONS["六"][0], six)}))
    assert [f.severity for f in found(result, "C-05")] == [Severity.WARNING]
    assert [f.severity for f in found(result, "C-06")] == [Severity.WARNING]


def test_c_08_problems_and_measures():
    f = found(check(make_report(sections=with_section("五", "无。"))), "C-08")
    assert len(f) == 1 and "过短" in f[0].message and f[0].severity == Severity.WARNING
    assert not found(check(make_report()), "C-08")


def test_c_09_preamble():
    pre = "根据《中华人民共和国政府信息公开条例》编制本报告。"
    f = found(check(make_report(preamble=pre)), "C-09")
    assert len(f) == 1
    assert "统计期限" in f[0].message and "联系方式" in f[0].message and "法律依据" not in f[0].message


def test_c_10_personal_data():
    body = SECTIONS["三"][1] + "申请人张某（身份证号 230102198703150012，电话 13945678901）申请公开拆迁补偿信息。"
    r = make_report(sections=with_section("三", body))
    f = found(check(r), "C-10")
    assert len(f) == 2 and all(x.severity == Severity.ERROR for x in f)
    kinds = sorted(x.message[:10] for x in f)
    assert any("身份证" in k for k in kinds) and any("手机" in k for k in kinds)
    # The finding points at the number but does not repeat it in full.
    for x in f:
        printed = r.text[x.span.start:x.span.end]
        assert printed.replace(" ", "") in ("230102198703150012", "13945678901")
        assert printed not in x.message
    # The organ's office phone in the preamble contact is fine, and so is its listed contact mobile.
    assert not found(check(make_report()), "C-10")
    pre = "依据《条例》编制。统计期限自{y}年1月1日至12月31日。可在门户网站查阅。联系电话：13945678901。"
    assert not found(check(make_report(preamble=pre)), "C-10")


def test_content_rules_on_a_legacy_report_are_not_assessable():
    from assistant.formats import FormatId
    from assistant.report import Report

    r = Report(year=2018, format=FormatId.LEGACY, text="某局2018年政府信息公开工作年度报告\n一、概述\n2018年，我局……")
    result = check(r)
    reasons = na(result)
    for rule in ("C-01", "C-02", "C-05", "C-08", "C-09"):
        assert "旧格式" in reasons[rule]
    assert "C-10" not in reasons and "N-06" not in reasons  # judged on any report with text


def test_c_01_variant_heading_is_a_warning_naming_the_printed_heading():
    # A variant printed in full stays a variant.
    r = make_report(sections=with_section("五", SECTIONS["五"][1], heading="存在的问题"))
    f = found(check(r), "C-01")
    assert len(f) == 1 and "「存在的问题」" in f[0].message


def test_c_01_spec_accepted_headings_pass_silently():
    # report-format.md: 五、政府信息公开工作存在的主要问题及改进情况 and 四、因政府信息公开工作被申请行政复议、
    # 提起行政诉讼的情况 (and similar) are accepted headings, not variants to warn about.
    from assistant.formats import SECTION_HEADINGS_ACCEPTED

    for number, headings in SECTION_HEADINGS_ACCEPTED.items():
        for heading in headings:
            r = make_report(sections=with_section(number, SECTIONS[number][1], heading=heading))
            assert [s.heading for s in r.sections if s.number == number] == [heading]
            assert found(check(r), "C-01") == [], heading
    # A tolerated variant that is not accepted still warns.
    r = make_report(sections=with_section("五", SECTIONS["五"][1], heading="存在的问题及改进情况"))
    assert [f.severity for f in found(check(r), "C-01")] == [Severity.WARNING]
