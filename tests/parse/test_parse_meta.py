"""Organ, year and kind from titles in the word orders reports use."""

from __future__ import annotations

import pytest

from assistant.parse import parse_text
from assistant.parse.meta import organ_kind
from assistant.report import OrganKind

BODY = "\n一、总体情况\n（一）主动公开。本年公开信息 10 条。\n二、主动公开政府信息情况\n略。\n"


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("牡丹江市人民政府 2020 年政府信息公开工作年度报告", "牡丹江市人民政府", 2020),
        ("东安区人民政府 2020 年政府信息公开工作 年度报告", "东安区人民政府", 2020),
        (" 牡丹江市人民政府\n2020 年政府信息公开工作年度报告\n\n2021 年 3 月 1 日", "牡丹江市人民政府", 2020),
        ("2021年度某某市交通运输局政府信息公开工作年度报告", "某某市交通运输局", 2021),
        ("某某市交通运输局关于2022年度政府信息公开工作的报告", "某某市交通运输局", 2022),
        ("某某县卫生健康局政府信息公开工作年度报告（2021年）", "某某县卫生健康局", 2021),
        ("某某镇人民政府\n2023年度政府信息公开工作年度报告", "某某镇人民政府", 2023),
    ],
)
def test_title_forms(head, agency, year):
    rep = parse_text(head + "\n" + BODY)
    assert (rep.agency, rep.year) == (agency, year)
    assert rep.title and rep.title.endswith(("报告", "）"))


def test_year_from_statistics_period_when_title_has_none():
    rep = parse_text("某某区司法局政府信息公开工作年度报告\n本报告统计期限自 2021 年 1 月 1 日起至 2021 年 12 月 31 日止。" + BODY)
    assert rep.agency == "某某区司法局" and rep.year == 2021


def test_no_title_is_noted():
    rep = parse_text(BODY)
    assert rep.agency is None and rep.year is None
    assert any("机关名称" in n for n in rep.notes) and any("年度" in n for n in rep.notes)


@pytest.mark.parametrize(
    ("organ", "kind"),
    [
        ("牡丹江市人民政府", OrganKind.GOVERNMENT),
        ("牡丹江经济技术开发区管理委员会", OrganKind.GOVERNMENT),
        ("某某高新区管委会", OrganKind.GOVERNMENT),
        ("木兰县营商环境建设监督局", OrganKind.DEPARTMENT),
        ("某某市发展和改革委员会", OrganKind.DEPARTMENT),
        ("某某市人民政府办公室", OrganKind.DEPARTMENT),
        ("某某市政务服务中心", OrganKind.DEPARTMENT),
        ("某某县", None),
        (None, None),
    ],
)
def test_organ_kind(organ, kind):
    assert organ_kind(organ) == kind
