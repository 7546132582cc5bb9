"""Organ names: cleaned, never a sentence fragment, checked against the administrative divisions."""

from __future__ import annotations

import pytest

from assistant.parse import parse_text
from assistant.parse.organ import (
    clean_organ,
    correct_places,
    division_names,
    likeness,
    normalize_organ,
)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("# 某县人民政府", "某县人民政府"),
        ("某 县 人 民 政 府", "某县人民政府"),
        ("XX市司法局关于2021年度政府信息公开工作的报告", "XX市司法局"),
        ("XX市政务公开办公室2021年政府信息公开工作年度报告", "XX市政务公开办公室"),
        ("《平潭综合实验区》", "平潭综合实验区"),
        ("本报告由淮安市洪泽区人民政府办公室根据", None),
        ("现将我县2021年政府信息公开工作情况报告如下", None),
        ("一、总体情况", None),
    ],
)
def test_clean_organ(printed, name):
    assert clean_organ(printed) == name


def test_divisions_list_is_packaged():
    names = division_names()
    assert {"沭阳县", "淮安市", "洪泽区", "平潭县"} <= names


def test_ocr_misreading_is_corrected_with_a_note():
    name, notes = correct_places("江苏省沐阳县人民政府")
    assert name == "江苏省沭阳县人民政府"
    assert len(notes) == 1 and "沐阳县" in notes[0] and "沭阳县" in notes[0]


def test_alike_glyphs_decide_between_candidates():
    # 沐阳县 is one character away from 沭阳县, 汝阳县 and 濮阳县: only 沭 looks like 沐
    assert likeness("沐", "沭") > 0.6 > likeness("沐", "汝")


@pytest.mark.parametrize("name", ["淮安市洪泽区人民政府", "某县人民政府", "示例市交通运输局", "平潭综合实验区"])
def test_real_or_unknown_names_stay(name):
    assert correct_places(name) == (name, [])


def test_normalize_organ_keeps_printed_spelling():
    organ = normalize_organ("沐阳县人民政府 2025 年政府信息公开工作年度报告")
    assert organ is not None and organ.name == "沭阳县人民政府" and organ.printed == "沐阳县人民政府"


def test_parser_corrects_the_title_organ_and_notes_it():
    report = parse_text("沐阳县人民政府2025年政府信息公开工作年度报告\n一、总体情况\n工作稳步推进。")
    assert report.agency == "沭阳县人民政府"
    assert any("沭阳县" in n for n in report.notes)


def test_organ_from_the_signature_when_the_title_has_none():
    text = "\n".join(["2021年政府信息公开工作年度报告", "一、总体情况", "工作稳步推进。", "六、其他需要报告的事项", "无。", "某县民政局", "2022年1月20日"])
    report = parse_text(text)
    assert report.agency == "某县民政局"
    assert any("落款" in n for n in report.notes)


def test_organ_from_crawler_publisher():
    text = "标题: 2021年政府信息公开工作年度报告\n发布机构: 某县民政局\n====== 正文 ======\n一、总体情况\n工作稳步推进。"
    assert parse_text(text).agency == "某县民政局"
