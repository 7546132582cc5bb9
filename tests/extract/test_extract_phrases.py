"""Prose phrasings → cells, and the traps that must not fill a cell."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.extract import extract_rules
from assistant.extract.phrases import extract_phrases
from assistant.formats import ValueKind, cell_keys, value_kind


def cells(notes: str, fmt: str = "2021") -> dict:
    facts = extract_rules(notes, fmt)
    return dict(facts.cells)


def test_applicants_and_results():
    got = cells(
        "共收到政府信息公开申请120件，其中自然人申请100件，法人或其他组织申请20件（商业企业15件、科研机构5件）。"
        "予以公开60件，部分公开二十件。"
    )
    assert got["t3.new.total"] == 120
    assert got["t3.new.natural"] == 100
    assert got["t3.new.business"] == 15
    assert got["t3.new.research"] == 5
    # 法人或其他组织 20 = 15 + 5: the other organisation columns are 0, derived.
    assert got["t3.new.legal_service"] == 0
    assert got["t3.granted.total"] == 60
    assert got["t3.partial.total"] == 20


def test_chinese_numerals():
    got = cells("收到申请十二件，上年结转两件，予以公开一百零五件。")
    assert (got["t3.new.total"], got["t3.carried_in.total"], got["t3.granted.total"]) == (12, 2, 105)


def test_carried_in_vs_carried_forward():
    got = cells("截至年底，结转下年度继续办理的申请3件；本年新收申请40件，上年结转5件。")
    assert got["t3.carried_forward.total"] == 3
    assert got["t3.carried_in.total"] == 5
    got = cells("上年度结转至本年度办理的申请2件，办结后结转至下一年度的申请1件。")
    assert got["t3.carried_in.total"] == 2
    assert got["t3.carried_forward.total"] == 1


def test_suit_direct_vs_after_review():
    got = cells("复议后起诉的行政诉讼案件1件，结果维持；未经复议直接起诉的行政诉讼案件2件，其中1件结果纠正，1件尚未审结。")
    assert got["t4.suit_after_review.total"] == 1
    assert got["t4.suit_after_review.upheld"] == 1
    assert got["t4.suit_direct.total"] == 2
    assert got["t4.suit_direct.corrected"] == 1
    assert got["t4.suit_direct.pending"] == 1
    assert "t4.review.total" not in got


def test_suit_without_group_is_a_sum_until_split():
    got = cells("行政诉讼3件。")
    assert "t4.suit_direct.total" not in got and "t4.suit_after_review.total" not in got
    got = cells("行政诉讼3件，均为未经复议直接起诉。")
    assert got["t4.suit_direct.total"] == 3
    assert got["t4.suit_after_review.total"] == 0  # 3 = 3 + x


def test_irrelevant_numbers_fill_nothing():
    notes = (
        "2022年，全区主动公开政府信息500条，其中主动公开规范性文件12件。12345热线投诉3000件，"
        "办理人大代表建议36件、政协委员提案41件，均已办结。政务公开培训3次，参训120人次。"
        "全年收到各类咨询约300件。同比增长20%。"
    )
    assert cells(notes) == {}


def test_review_counts_and_results():
    got = cells("全年发生政府信息公开行政复议5件，其中维持3件、纠正1件、尚未审结1件。")
    assert [got[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [3, 1, 0, 1, 5]


def test_included_carried_in_is_not_new():
    got = cells("本年度共受理政府信息公开申请58件（含上年结转3件），已办结56件，结转下年度2件。")
    assert got["t3.new.total"] == 55
    assert got["t3.carried_in.total"] == 3
    assert got["t3.total.total"] == 56


def test_no_applications_zeroes_only_the_new_row():
    got = cells("本年度未收到政府信息公开申请。")
    assert all(got[f"t3.new.{c}"] == 0 for c in ("natural", "business", "other_org", "total"))
    assert not [k for k in got if not k.startswith("t3.new.")]


def test_no_review_no_suit_zeroes_table_four():
    got = cells("本年度未发生因政府信息公开引起的行政复议、行政诉讼。")
    t4 = [k for k in cell_keys("2021") if k.startswith("t4.")]
    assert {k: got.get(k) for k in t4} == dict.fromkeys(t4, 0)
    got = cells("未发生行政复议。")
    assert got["t4.review.total"] == 0 and "t4.suit_direct.total" not in got


def test_no_zero_without_words():
    got = cells("予以公开12件，部分公开3件。")
    assert got == {"t3.granted.total": 12, "t3.partial.total": 3}


def test_group_reason_and_derived_zeros():
    got = cells("不予公开3件，均属于三类内部事务信息；不予处理2件（重复申请）。")
    assert got["t3.denied_5.total"] == 3
    assert got["t3.denied_1.total"] == 0 and got["t3.denied_1.natural"] == 0
    assert got["t3.not_processed_2.total"] == 2
    assert got["t3.not_processed_1.total"] == 0
    facts = extract_rules("不予公开3件，均属于三类内部事务信息。", "2021")
    assert facts.sources["t3.denied_5.total"] == "rule"
    assert facts.sources["t3.denied_1.total"] == "derived"


def test_group_without_reason_fills_no_row():
    got = cells("不予公开4件，无法提供6件。")
    assert got == {}


def test_table_two_2021():
    got = cells("本单位未制发规章，现行有效规章3件；印发行政规范性文件7件，废止2件。作出行政许可决定1200件。"
                "本年度行政事业性收费金额85600元，未收取信息处理费。")
    assert got == {
        "t2.rules.issued": 0,
        "t2.rules.in_force": 3,
        "t2.normative.issued": 7,
        "t2.normative.repealed": 2,
        "t2.license.decisions": 1200,
        "t2.fee.amount_wan": 8.56,
    }


def test_table_two_items_are_not_decisions():
    assert cells("本机关共有行政许可事项32项。") == {}


def test_table_two_2019_signed_delta():
    got = cells("行政许可事项上一年项目数量214项，本年减少9项，作出处理决定1860件。", "2019")
    assert got == {"t2.license.prev": 214, "t2.license.delta": -9, "t2.license.decisions": 1860}


def test_evidence_span_points_into_the_notes():
    notes = "今年  收到政府信息公开申请１５件。"
    facts = extract_phrases(notes, "2021")
    ev = facts.evidence["t3.new.total"]
    assert notes[ev.start : ev.end] == ev.text
    assert "１５件" in ev.text


def test_other_format_rows():
    got = cells("其他处理1件。", "2019")
    assert got == {"t3.other.total": 1}
    got = cells("其他处理2件（逾期不补正1件，其他1件）。", "2021")
    assert got["t3.other_1.total"] == 1 and got["t3.other_3.total"] == 1 and got["t3.other_2.total"] == 0


@pytest.mark.parametrize(
    "notes",
    [
        "受理行政许可申请5000件。",
        "网站发布信息1200条，召开新闻发布会5场，发布政策解读15篇。",
        "收到群众来信45件，接到投诉举报20件。",
        "作为复议机关，受理政府信息公开类行政复议案件8件。",
        "行政处罚案件听证申请12件。",
        "办理延期答复5件。",
        "全年处理市民诉求2300余件。",
        "一、总体情况\n三、收到和处理政府信息公开申请情况\n（三）不予公开",
        "依申请公开办理时限平均10个工作日。",
    ],
)
def test_sentences_about_other_things_fill_nothing(notes):
    assert cells(notes) == {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("收到申请予以公开部分不予结转上年下年度行政复议诉讼维持纠正其他件万元，。：（）\t\n 0123456789十二两零无未")), max_size=120))
def test_any_text_gives_valid_cells(notes):
    for fmt in ("2019", "2021"):
        facts = extract_rules(notes, fmt)
        keys = set(cell_keys(fmt))
        for key, value in facts.cells.items():
            assert key in keys
            if value_kind(key) == ValueKind.COUNT:
                assert isinstance(value, int) and value >= 0


def test_fee_notices_are_not_the_unpaid_fee_row():
    assert cells("共发出收费通知0件，收取信息处理费0元。") == {}
    got = cells("其他处理1件（申请人逾期未按收费通知要求缴纳费用）。")
    assert got["t3.other_2.total"] == 1


def test_unit_before_the_number_and_bu():
    got = cells("本年新收申请（件）：31；上年结转（件）：4。本年收费金额（万元）：12.5")
    assert got == {"t3.new.total": 31, "t3.carried_in.total": 4, "t2.fee.amount_wan": 12.5}
    got = cells("本年度出台政府规章2部，废止1部，现行有效规章共计45部。")
    assert got == {"t2.rules.issued": 2, "t2.rules.repealed": 1, "t2.rules.in_force": 45}
    assert cells("对其中一部分予以公开。") == {}
