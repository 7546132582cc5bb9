"""Spreadsheet copies: rows matched to official labels, columns by header or printed order."""

from __future__ import annotations

from assistant.extract import extract_rules
from assistant.extract.spreadsheet import extract_spreadsheet, split_row

T = "\t"


def sheet(*rows: list[str]) -> str:
    return "\n".join(T.join(r) for r in rows) + "\n"


def test_split_row():
    assert split_row("予以公开\t5\t\t1") == ["予以公开", "5", "", "1"]
    assert split_row("予以公开   5  1") == ["予以公开", "5", "1"]
    assert split_row("收到申请5件。") is None


def test_merged_header_and_group_relative_labels():
    notes = sheet(
        ["", "", "", "申请人情况"],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", "50", "10", "0", "1", "2", "0", "63"],
        ["", "（三）不予公开", "1．属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ["", "", "2．其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "0", "1"],
        ["", "（六）其他处理", "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2", "0", "0", "0", "0", "0", "2"],
        ["", "", "3．其他", "1", "0", "0", "0", "0", "0", "1"],
    )
    facts, consumed = extract_spreadsheet(notes, "2021")
    got = facts.cells
    assert [got[f"t3.new.{c}"] for c in ("natural", "business", "public_interest", "legal_service", "total")] == [50, 10, 1, 2, 63]
    assert got["t3.denied_2.natural"] == 1
    assert got["t3.other_1.total"] == 2
    assert got["t3.other_3.natural"] == 1  # 3.其他 under （六）其他处理, not an applicant column
    assert len(consumed) == 5


def test_space_separated_rows():
    notes = "项目  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  合计\n本年新收  40件  3件  0件  0件  1件  0件  44件\n"
    got = extract_rules(notes, "2021").cells
    assert got["t3.new.natural"] == 40 and got["t3.new.total"] == 44


def test_blank_cells_stay_blank():
    notes = sheet(
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        ["本年新收政府信息公开申请数量", "50", "10", "", "", "2", "0", ""],
    )
    got = extract_rules(notes, "2021").cells
    assert got["t3.new.natural"] == 50
    for col in ("research", "public_interest", "total"):
        assert f"t3.new.{col}" not in got


def test_table_four_in_one_row_and_per_group():
    row15 = ["2", "1", "0", "1", "4", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"]
    got = extract_rules(sheet(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3, row15), "2021").cells
    assert got["t4.review.total"] == 4 and got["t4.suit_direct.pending"] == 1 and got["t4.suit_after_review.total"] == 0
    got = extract_rules(sheet(["复议后起诉", "1", "0", "0", "0", "1"], ["行政复议", "3", "0", "1", "0", "4"]), "2021").cells
    assert got["t4.suit_after_review.upheld"] == 1 and got["t4.review.other"] == 1
    assert "t4.suit_direct.total" not in got


def test_table_two_2019_signed():
    notes = sheet(["行政许可", "120", "+6", "2301"], ["其他对外管理服务事项", "45", "-3", "610"], ["政府集中采购", "27", "1320.5"])
    got = extract_rules(notes, "2019").cells
    assert got["t2.license.delta"] == 6 and got["t2.other_service.delta"] == -3
    assert got["t2.procurement.amount_wan"] == 1320.5


def test_rows_that_fit_no_table_are_left_alone():
    notes = sheet(["主动公开信息", "500"], ["会议次数", "12"], ["予以公开", "5", "6"])
    assert extract_rules(notes, "2021").cells == {}


def test_single_space_rows():
    got = extract_rules("予以公开 30 5 0 0 1 0 36\n行政复议 1 0 0 1 2\n", "2021").cells
    assert got["t3.granted.natural"] == 30 and got["t3.granted.total"] == 36
    assert got["t4.review.pending"] == 1 and got["t4.review.total"] == 2
    assert split_row("收到申请 5件") is None


def test_single_space_noise_fills_nothing():
    assert extract_rules("人大建议 36 件\n12345热线 投诉 3000 件\n网站访问量 12 000 次\n", "2021").cells == {}
