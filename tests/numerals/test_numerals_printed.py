"""Numbers as reports print them: one reader for parser, extractor and checker."""

from __future__ import annotations

import pytest

from assistant.extract import extract_rules
from assistant.numerals import parse_amount, parse_number
from assistant.parse import parse_text


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("1,203", 1203),
        ("1，203", 1203),
        ("１，２０３", 1203),
        ("12,345.5", 12345.5),
        ("7730.28", 7730.28),
        ("+146", 146),
        ("-640", -640),
        ("－640", -640),
        ("三万五千", 35000),
        ("1.2万", 12000),
        ("3万5千", 35000),
        ("两亿", 200000000),
    ],
)
def test_printed_numbers(token, value):
    got = parse_number(token)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize("token", ["1,20", "12,3456", "万", "亿", "1,2,3"])
def test_not_numbers(token):
    assert parse_number(token) is None


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("218827.31（万元）", 218827.31, None),
        ("251000元", 25.1, "元"),
        ("1.2亿元", 12000, "亿元"),
        ("69.0447 万元", 69.0447, None),
        ("4068.208", 4068.208, None),
    ],
)
def test_amounts_in_wan(raw, value, unit):
    amount = parse_amount(raw)
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert amount.printed_unit == unit


def test_extractor_reads_thousands_separators():
    facts = extract_rules("行政许可处理决定1,203件，行政处罚1，020件。", "2021")
    assert facts.cells["t2.license.decisions"] == 1203
    assert facts.cells["t2.penalty.decisions"] == 1020


def test_table_cells_with_separators_and_yuan():
    text = "\n".join(
        [
            "XX县人民政府2021年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度工作稳步推进。",
            "二、主动公开政府信息情况",
            "第二十条第（五）项",
            "信息内容\t本年处理决定数量",
            "行政许可\t1,203",
            "第二十条第（八）项",
            "信息内容\t本年收费金额（单位：万元）",
            "行政事业性收费\t251000元",
        ]
    )
    report = parse_text(text)
    assert report.value("t2.license.decisions") == 1203
    assert report.value("t2.fee.amount_wan") == pytest.approx(25.1)
    assert any("换算" in n and "第 10 行" in n for n in report.notes)
