"""Layouts real published reports arrive in: crawler text, converter Markdown, page marks, Word
frames and text boxes, PDF cells in reading order, wrapped and flattened rows."""

from __future__ import annotations

import io
import json

import pytest
from conftest import GOLD

from assistant.parse import parse, parse_text
from assistant.parse.readers import read_source
from assistant.parse.readers.crawler import is_collapsed, read_header, unfold
from assistant.parse.readers.markdown import markdown_to_text
from assistant.parse.readers.pages import is_page_mark, strip_page_marks
from assistant.testing.layouts import render

GOLD_TABS = json.loads((GOLD / "f2021_tabs.json").read_text(encoding="utf-8"))


def _canon(data: bytes, name: str) -> dict:
    return parse(data, source=name).to_canonical()


def test_crawler_header_gives_title_and_publisher():
    text = "标题: 某县2021年度政府信息公开工作年度报告\n发布时间: 2022-01-20\n发布机构: 某县人民政府\n==== 正文 ====\n正文开始"
    header, body = read_header(text)
    assert header is not None
    assert (header.title, header.publisher, header.published) == ("某县2021年度政府信息公开工作年度报告", "某县人民政府", "2022-01-20")
    assert body == "正文开始"


def test_no_header_without_body_mark():
    header, body = read_header("标题: 随便\n正文")
    assert header is None and body == "标题: 随便\n正文"


def test_collapsed_report_is_unfolded_at_headings_and_rows():
    one_line = (
        "一、总体情况本年度工作稳步推进。" * 20
        + "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件 3 1 8"
        + "三、收到和处理政府信息公开申请情况申请人情况自然人一、本年新收政府信息公开申请数量5000005二、上年结转政府信息公开申请数量0000000"
        + "（七）总计5000005四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况结果维持总计000000000000000"
        + "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。"
    )
    assert is_collapsed(one_line)
    lines = unfold(one_line).split("\n")
    assert "规章 000" in lines
    assert "行政规范性文件 3 1 8" in lines
    assert "一、本年新收政府信息公开申请数量 5000005" in lines
    assert "000000000000000" in lines
    assert any(ln.startswith("五、存在的主要问题") for ln in lines)


def test_crawler_rendering_parses_to_gold():
    data, suffix = render(GOLD_TABS, "crawler")
    assert data.count(b"\n") < 12  # the body is one line
    canon = _canon(data, "x" + suffix)
    assert canon["cells"] == GOLD_TABS["cells"]
    assert (canon["agency"], canon["year"], canon["format"]) == (GOLD_TABS["agency"], GOLD_TABS["year"], GOLD_TABS["format"])


def test_markdown_generic_headers_and_placeholders():
    md = "\n".join(
        [
            "| 类别 | 数据1 | 数据2 | 总计 |",
            "|---|---|---|---|",
            "| 予以公开 | 3 | - | 3 |",
            "| — 3 — |",
        ]
    )
    out = markdown_to_text(md).split("\n")
    assert "予以公开\t3\t-\t3" in out
    assert not any("数据1" in ln for ln in out)
    assert not any("3 —" in ln for ln in out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- 3 -", ""),
        ("第3页", ""),
        ("第 3 页 共 10 页", ""),
        ("我县积极推进 — 3 — 政务公开", "我县积极推进 政务公开"),
        ("2021-3-5", "2021-3-5"),
        ("增减 -3 -5", "增减 -3 -5"),
    ],
)
def test_page_marks(text, expected):
    assert strip_page_marks(text) == expected


def test_page_mark_cells():
    assert is_page_mark("— 12 —") and is_page_mark("第2页") and not is_page_mark("12")


def test_single_other_row_zero_pins_sub_rows():
    text = _t3_text(other="（六）其他处理\t0\t0\t0\t0\t0\t0\t0")
    report = parse_text(text)
    assert report.value("t3.other_1.natural") == 0 and report.value("t3.other_3.total") == 0
    assert any("其他处理" in n and "记为 0" in n for n in report.notes)


def test_single_other_row_nonzero_leaves_sub_rows_blank():
    text = _t3_text(other="（六）其他处理\t2\t0\t0\t0\t0\t0\t2", new=(7, 7), total=(7, 7))
    report = parse_text(text)
    assert report.value("t3.other_1.natural") is None
    assert report.value("t3.other_1.business") == 0  # that column's aggregate is 0
    assert report.value("t3.other.natural") == 2


def _t3_text(other: str, new=(5, 5), total=(5, 5)) -> str:
    rows = [
        "某县人民政府2021年政府信息公开工作年度报告",
        "一、总体情况",
        "工作稳步推进。",
        "三、收到和处理政府信息公开申请情况",
        "\t\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
        f"一、本年新收政府信息公开申请数量\t\t\t{new[0]}\t0\t0\t0\t0\t0\t{new[1]}",
        "二、上年结转政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t0",
        f"三、本年度办理结果\t（一）予以公开\t\t{total[0] - (2 if '2' in other else 0)}\t0\t0\t0\t0\t0\t{total[1] - (2 if '2' in other else 0)}",
        "\t" + other,
        f"\t（七）总计\t\t{total[0]}\t0\t0\t0\t0\t0\t{total[1]}",
        "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "无。",
    ]
    return "\n".join(rows)


def test_flattened_table_four_with_a_label():
    text = "\n".join(
        [
            "某县人民政府2021年政府信息公开工作年度报告",
            "一、总体情况",
            "工作稳步推进。",
            "四、政府信息公开行政复议、行政诉讼情况",
            "项目\t数据1\t数据2",
            "行政复议行政诉讼\t1\t0\t0\t0\t1\t2\t0\t0\t0\t2\t0\t0\t0\t0\t0",
            "五、存在的主要问题及改进情况",
        ]
    )
    report = parse_text(text)
    assert report.value("t4.review.total") == 1
    assert report.value("t4.suit_direct.upheld") == 2
    assert report.value("t4.suit_after_review.total") == 0


def test_row_numbers_wrapped_onto_next_lines():
    text = "\n".join(
        [
            "某县人民政府2021年政府信息公开工作年度报告",
            "三、收到和处理政府信息公开申请情况",
            "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "一、本年新收政府信息公开申请数量 4 1 0",
            "0 0 0 5",
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
            "五、存在的主要问题及改进情况",
        ]
    )
    report = parse_text(text)
    assert [report.value(f"t3.new.{c}") for c in ("natural", "business", "total")] == [4, 1, 5]


def test_pdf_keeps_decimal_points_and_commas():
    gold = {**GOLD_TABS, "cells": {**GOLD_TABS["cells"], "t2.fee.amount_wan": 7730.28}}
    data, suffix = render(gold, "pdf")
    report = parse(data, source="x" + suffix)
    assert report.value("t2.fee.amount_wan") == pytest.approx(7730.28)
    assert "三、本年度办理结果" in report.text  # the enumeration comma stays in place


def _docx_with_text_box_table() -> bytes:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{v}</w:t></w:r></w:p></w:tc>" for v in [1, 0, 0, 0, 1, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0])
    box = (
        f'<w:r {ns}><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>表四</w:t></w:r></w:p>"
        f"<w:tbl><w:tr>{cells}</w:tr></w:tbl><w:p/>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    p = d.add_paragraph("见下表：")
    p._p.append(parse_xml(box))
    d.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_table_in_a_text_box():
    text = read_source(_docx_with_text_box_table())
    assert "见下表：" in text.split("\n")
    assert "1\t0\t0\t0\t1\t2\t0\t0\t0\t2\t0\t0\t0\t0\t0" in text.split("\n")
    report = parse(_docx_with_text_box_table(), source="x.docx")
    assert report.value("t4.suit_direct.total") == 2


def test_docx_frame_table_holds_the_report_tables():
    import docx

    d = docx.Document()
    d.add_paragraph("某县人民政府2021年政府信息公开工作年度报告")
    d.add_paragraph("二、主动公开政府信息情况")
    frame = d.add_table(rows=1, cols=1).cell(0, 0)
    frame.add_paragraph("第二十条第（五）项")
    inner = frame.add_table(rows=2, cols=2)
    for (r, c), v in {(0, 0): "信息内容", (0, 1): "本年处理决定数量", (1, 0): "行政许可", (1, 1): "1,203"}.items():
        inner.cell(r, c).text = v
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    buf = io.BytesIO()
    d.save(buf)
    assert parse(buf.getvalue(), source="x.docx").value("t2.license.decisions") == 1203


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding):
    text = (GOLD.parent.parent.parent / "corpus" / "001_2f293616a0ca3bc1.txt").read_text(encoding="utf-8")
    assert read_source(text.encode(encoding)).startswith(text.lstrip("\ufeff")[:20])
