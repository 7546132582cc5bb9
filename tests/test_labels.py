"""Printed labels → specs of assistant.formats."""

from __future__ import annotations

import pytest

from assistant.formats import FORMATS, FormatId
from assistant.labels import match_column, match_row, normalize_label


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("（三）不予公开", "不予公开"),
        ("(三) 不予公开", "不予公开"),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("三安全一稳定", "三安全一稳定"),  # a leading 三 that is not numbering stays
        ("法 律 服 务 机 构", "法律服务机构"),
        ("\u3000（ 六 ）其他处理\xa0", "其他处理"),
        ("本年增/减", "本年增减"),
        ("三、本年度办理结果（一）予以公开", "本年度办理结果一予以公开"),
        ("", ""),
    ],
)
def test_normalize_label(printed, expected):
    assert normalize_label(printed) == expected


@pytest.mark.parametrize(
    ("label", "table", "fmt", "group", "key"),
    [
        ("1.属于国家秘密", "t3", "2021", None, "denied_1"),
        ("1.本机关不掌", "t3", "2021", None, "unable_1"),  # label cut short
        ("本年新收政府信息公开申", "t3", "2019", None, "new"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "t3", "2021", None, "partial"),
        ("结转下年度继续办理", "t3", "2021", None, "carried_forward"),
        ("要求行政机关确认或重新出具已获取信息", "t3", "2021", None, "not_processed_5"),
        ("规范性文件", "t2", "2021", None, "normative"),
        ("行政规范性文件", "t2", "2019", None, "normative"),
        ("其他", "t3", "2021", "（六）其他处理", "other_3"),
        ("3.其他", "t3", "2021", None, "other_3"),
        ("未经复议直接起诉", "t4", "2021", "行政诉讼", "suit_direct"),
        ("复议后起诉", "t4", "2019", None, "suit_after_review"),
        ("政府集中采购", "t2", "2019", None, "procurement"),
        ("社会公益组织（missing）", "t3", "2021", None, None),
    ],
)
def test_match_row(label, table, fmt, group, key):
    row = match_row(label, table, fmt, group)
    assert (row.key if row else None) == key


def test_group_restricts_rows():
    # "1." alone fits eight rows; a label only inside another group does not match.
    assert match_row("1.属于国家秘密", "t3", "2021", group="（四）无法提供") is None
    assert match_row("1.", "t3", "2021", group="（三）不予公开") is None
    assert match_row("其他", "t3", "2021", group="（三）不予公开") is None


def test_non_rows_do_not_match():
    assert match_row("三、本年度办理结果", "t3", "2021") is None
    assert match_row("信息内容", "t2", "2021") is None
    assert match_row("不予公开", "t3", "2021", group="（三）不予公开") is None


@pytest.mark.parametrize(
    ("label", "table", "fmt", "key"),
    [
        ("社会组织", "t3", "2021", "public_interest"),
        ("社会\n公益\n组织", "t3", "2019", "public_interest"),
        ("其他", "t3", "2021", "other_org"),
        ("法人或其他组织", "t3", "2021", None),
        ("总 计", "t3", "2019", "total"),
        ("本年制发件数", "t2", "2021", "issued"),
        ("本年新制作数量", "t2", "2021", None),  # a 2019 column is not a 2021 column
        ("本年新制作数量", "t2", "2019", "made"),
        ("本年增/减", "t2", "2019", "delta"),
        ("本年收费金额（单位：万元）", "t2", "2021", "amount_wan"),
        ("其他结果", "t4", "2021", "other"),
        ("尚未审结", "t4", "2019", "pending"),
    ],
)
def test_match_column(label, table, fmt, key):
    col = match_column(label, table, fmt)
    assert (col.key if col else None) == key


@pytest.mark.parametrize("fmt", [FormatId.F2019, FormatId.F2021])
def test_every_official_label_matches_itself(fmt):
    for table in FORMATS[fmt].tables:
        for block in table.blocks:
            for row in block.rows:
                printed = f"{row.group or ''}{row.label}" if table.id == "t3" else row.label
                assert match_row(row.label, table.id, fmt, row.group).key == row.key, printed
            for col in block.columns:
                assert match_column(col.label, table.id, fmt).key == col.key


def test_legacy_has_no_tables():
    assert match_row("规章", "t2", "legacy") is None
    assert match_column("总计", "t3", FormatId.LEGACY) is None
