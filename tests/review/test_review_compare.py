from __future__ import annotations

from review_cases import (
    last_with_copied_five,
    last_with_rewritten_five,
    other_report,
    this_report,
)

from assistant.checker.rules import RULES
from assistant.parse import parse_text
from assistant.report import Section, Span
from assistant.review import compare, frequent_sentences, is_boilerplate
from assistant.review.compare import align_sentences, char_diff, national_number
from assistant.testing.synthetic import report_params, synthetic_report


def _section(review, number):
    return next(s for s in review.sections if s.section == number)


def test_copied_section_five_is_flagged_x04():
    review = compare(this_report(), last_with_copied_five())
    five = _section(review, "五")
    assert five.copied and five.similarity == 1.0
    assert all(p.status in ("same", "numbers") for p in five.sentences)
    x04 = [f for f in review.findings if f.rule == "X-04"]
    assert len(x04) == 1 and x04[0].anchor == "sec-五"
    assert x04[0].message == RULES["X-04"].render(similarity=100)
    assert not _section(review, "一").copied  # written differently last year
    assert "第五部分" in review.summary and "X-04" in review.summary


def test_rewritten_section_is_not_flagged():
    review = compare(this_report(), last_with_rewritten_five())
    five = _section(review, "五")
    assert not five.copied and five.similarity is not None and five.similarity < 0.2
    assert not any(f.rule in ("X-04", "X-05") for f in review.findings)


def test_two_organs_of_the_same_year_are_not_copies():
    review = compare(this_report(), other_report())
    assert not any(s.copied for s in review.sections)
    assert not any(f.rule in ("X-04", "X-05") for f in review.findings)
    assert review.copy_ratio is not None and review.copy_ratio < 0.1
    assert "机关名称不同" in review.summary


def test_two_synthetic_organs_share_templates_but_corpus_boilerplate_keeps_them_apart():
    # Synthetic reports are written from a small pool of template sentences: without the corpus's
    # frequent sentences two organs look alike; with them, they do not.
    first_2022 = next(i for i in range(20000) if report_params(i)[3] == 2022)
    a, b = (parse_text(synthetic_report(first_2022 + k).text) for k in (0, 7))
    corpus = frequent_sentences((r.agency or "", r.text) for r in (synthetic_report(first_2022 + k) for k in range(0, 600, 3)))
    plain, with_corpus = compare(a, b), compare(a, b, corpus)
    assert any(s.copied for s in plain.sections)
    assert not any(s.copied for s in with_corpus.sections)
    assert with_corpus.copy_ratio is not None and with_corpus.copy_ratio < plain.copy_ratio  # type: ignore[operator]


def test_boilerplate_from_the_format():
    assert is_boilerplate("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。")
    assert is_boilerplate("本报告所列数据的统计期限为2022年1月1日至2022年12月31日。")
    assert is_boilerplate("如对本报告有疑问，请与示例市交通运输局办公室联系（电话：0999-1234567）。")
    assert is_boilerplate("收到和处理政府信息公开申请情况")
    assert not is_boilerplate("全年主动公开政府信息1826条，其中政策文件46条。")


def test_character_diff_keeps_function_words_and_punctuation():
    last = "加强政府信息管理的规范化，做好公开工作。"
    this = "加强政府信息管理的标准化，做好公开工作。"
    ops = char_diff(last, this)
    assert [(o.tag, o.text) for o in ops if o.tag != "equal"] == [("delete", "规范"), ("insert", "标准")]
    assert "".join(o.text for o in ops if o.tag != "delete") == this
    assert "".join(o.text for o in ops if o.tag != "insert") == last


def test_sentences_align_in_order_with_added_removed_and_number_only_changes():
    last = ["全年收到申请12件。", "加强培训工作。", "做好网站建设工作，优化栏目设置。"]
    this = ["全年收到申请15件。", "做好网站建设工作，优化专栏设置。", "新开设政策解读专栏。"]
    pairs = align_sentences(this, last)
    assert [p.status for p in pairs] == ["numbers", "removed", "changed", "added"]
    assert pairs[1].last == "加强培训工作。" and pairs[3].this == "新开设政策解读专栏。"


def test_sections_align_by_heading_not_number():
    s = Section(number="四", heading="存在的主要问题及改进措施", text="", span=Span(start=0, end=0))
    assert national_number(s) == "五"
    s = Section(number="二", heading="依申请公开情况", text="", span=Span(start=0, end=0))
    assert national_number(s) == "三"


def test_table_deltas_leave_out_zero_in_both_years_and_flag_swings():
    this, last = this_report(), last_with_rewritten_five()
    last.cells["t3.new.natural"] = last.cells["t3.new.natural"].model_copy(update={"value": 20})
    last.cells["t3.new.total"] = last.cells["t3.new.total"].model_copy(update={"value": 38})
    review = compare(this, last)
    keys = {d.key: d for d in review.deltas}
    zero_both = [k for k in this.canonical_cells() if this.value(k) == 0 and last.value(k) == 0]
    assert zero_both and not any(k in keys for k in zero_both)
    d = keys["t3.new.total"]
    assert (d.last, d.this, d.delta, d.swing) == (38, 130, 92, True)
    assert keys["t3.new.natural"].swing  # 20 → 112
    assert not keys["t3.new.business"].swing  # 13 → 13
    # new applications ×3 without a word of explanation in the text.
    x07 = [f for f in review.findings if f.rule == "X-07"]
    assert x07 and d.rules == ["X-07"] and x07[0].anchor == "cell-t3.new.total"


def test_cross_year_rules_come_from_the_checker():
    review = compare(this_report(), last_with_copied_five())
    rules = {f.rule for f in review.findings}
    # Last year's text is this year's: its carried-forward (6) is not this year's carried-in (3),
    # and its 2019-format item counts do not add up to this year's (T2-06).
    assert {"X-01", "T2-06"} <= rules
    x01 = next(f for f in review.findings if f.rule == "X-01")
    assert x01.anchor.startswith("cell-t3.carried_in.")
