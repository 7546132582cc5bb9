"""read_source: bytes/files in every layout → report text; every failure a Chinese ParseError."""

from __future__ import annotations

import io
import zipfile

import pytest

from assistant.parse.errors import ParseError
from assistant.parse.readers import detect_kind, read_source
from assistant.testing import render as mf

SAMPLE = "示例市交通运输局2022年政府信息公开工作年度报告\n一、总体情况\n本年度新收申请74件。“三安全一稳定”\n"


def _chinese(msg: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in msg)


# --- plain text and encodings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("gb18030"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom"],
)
def test_text_encodings_decode_to_the_same_text(encoded):
    assert read_source(encoded) == SAMPLE


def test_gb18030_only_characters_and_crlf():
    text = "㐀䶵 统计期限\r\n第二行\r第三行"  # CJK extension A is outside GBK
    assert read_source(text.encode("gb18030")) == "㐀䶵 统计期限\n第二行\n第三行"


def test_file_path_str_and_path(tmp_path):
    p = tmp_path / "报告.txt"
    p.write_bytes(SAMPLE.encode("gbk"))
    assert read_source(p) == SAMPLE
    assert read_source(str(p)) == SAMPLE


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", "\u3000\n".encode()])
def test_empty_input(data):
    with pytest.raises(ParseError, match="文件为空"):
        read_source(data)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ParseError, match="找不到文件"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(ParseError, match="文件夹"):
        read_source(tmp_path)


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x00def" * 20,
        bytes(range(1, 32)) * 20,
        "报告".encode() + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 10,
        b"\xff\xfe" + b"\x00\xd8" * 10,  # UTF-16 BOM then lone surrogates
    ],
    ids=["nul", "controls", "text-then-controls", "bad-utf16"],
)
def test_binary_is_rejected(data):
    with pytest.raises(ParseError) as exc:
        read_source(data)
    assert _chinese(str(exc.value))


def test_binary_message_names_binary():
    with pytest.raises(ParseError, match="二进制"):
        read_source(b"\x00\x01\x02 hello \x00" * 50)


def _zip_of(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, "<x/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "图片"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "图片"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl} \\par }", "RTF"),
        (_zip_of("OFD.xml"), "OFD"),
        (_zip_of("xl/workbook.xml"), "Excel"),
    ],
)
def test_known_binary_kinds_get_specific_messages(data, words):
    with pytest.raises(ParseError, match=words):
        read_source(data)


# --- detection -------------------------------------------------------------------------------------


def test_detection_content_before_extension(tmp_path):
    html_as_txt = tmp_path / "page.txt"
    html_as_txt.write_text("<html><body><p>一、总体情况</p><p>正文</p></body></html>", encoding="utf-8")
    assert read_source(html_as_txt) == "一、总体情况\n正文"
    pdf_as_txt = tmp_path / "report.txt"
    pdf_as_txt.write_bytes(_pdf_bytes(["二、主动公开政府信息情况"]))
    assert "二、主动公开政府信息情况" in read_source(pdf_as_txt)
    # Extension is the fallback: a .pdf / .docx that is not one is a broken file.
    fake_pdf = tmp_path / "a.pdf"
    fake_pdf.write_text("一、总体情况", encoding="utf-8")
    with pytest.raises(ParseError, match="PDF"):
        read_source(fake_pdf)
    fake_docx = tmp_path / "a.docx"
    fake_docx.write_text("一、总体情况", encoding="utf-8")
    with pytest.raises(ParseError, match="Word"):
        read_source(fake_docx)
    assert detect_kind(b"plain words", ".htm") == "html"
    assert detect_kind(b"plain words", ".txt") == "text"


# --- HTML ------------------------------------------------------------------------------------------

_HTML_TABLE = """<html><head><title>不要</title><style>td{color:red}</style>
<script>document.write("<p>脚本</p>")</script></head><body>
<h1>示例&nbsp;报告</h1><p>一、总体情况<br/>第二行 <b>加粗</b>&amp;实体</p>
<table>
<tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人</td><td rowspan="2">总计</td></tr>
<tr><td>自然人</td><td>法人</td></tr>
<tr><td rowspan="2">结果</td><td>（一）予以<br>公开</td><td>1</td><td>2</td><td>3</td></tr>
<tr><td>（二）部分公开</td><td>&nbsp;</td><td>0</td><td>0</td></tr>
</table>
<div>尾部<!-- 注释 --></div></body></html>"""


def test_html_blocks_and_merged_grid():
    assert read_source(_HTML_TABLE.encode("utf-8")).split("\n") == [
        "示例 报告",
        "一、总体情况",
        "第二行 加粗&实体",
        "",
        "项目\t\t申请人\t\t总计",
        "\t\t自然人\t法人\t",
        "结果\t（一）予以 公开\t1\t2\t3",
        "\t（二）部分公开\t\t0\t0",
        "",
        "尾部",
    ]


def test_html_table_caption_is_a_line_before_the_table():
    page = "<p>三、收到和处理政府信息公开申请情况</p><table><caption>表三 申请情况</caption><tr><td>自然人</td><td>71</td></tr></table>"
    assert read_source(page.encode()).split("\n") == ["三、收到和处理政府信息公开申请情况", "表三 申请情况", "", "自然人\t71"]


def test_html_gbk_page_in_layout_tables():
    """Old CMS pages wrap the article in layout tables: those become blocks, not grids."""
    page = (
        '<html><head><meta charset="gbk"></head><body><table width="100%"><tr><td>导航</td><td>'
        "<p>一、总体情况</p><table><tr><td>行政许可</td><td>1486</td></tr></table>"
        "</td></tr></table>"
        "<table><tr><td><p>五、存在的主要问题及改进情况</p><p>问题一。</p></td></tr></table>"
        "<table><tr><td>单列数据表</td></tr><tr><td>7</td></tr></table></body></html>"
    )
    assert read_source(page.encode("gbk")).split("\n") == [
        "导航",
        "一、总体情况",
        "",
        "行政许可\t1486",
        "",
        "五、存在的主要问题及改进情况",
        "问题一。",
        "",
        "单列数据表",
        "7",
    ]


def test_html_fixture_tables_are_the_fixture_grids(reports_dir):
    text = read_source(reports_dir / "f2021_html.html")
    lines = text.split("\n")
    for kind, grid in mf.document(mf.V):
        if kind == "table":
            expected = mf.grid_lines(grid)
            start = lines.index(expected[0])
            assert lines[start : start + len(expected)] == expected
    assert "统计代码" not in text and "console" not in text
    assert lines[1] == mf.TITLE


# --- Word ------------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("一、总体情况")
    table = doc.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "项目"  # 2x2 block: gridSpan + vMerge
    table.cell(0, 2).merge(table.cell(0, 3)).text = "申请人"
    table.cell(1, 2).text = "自然人"
    table.cell(1, 3).text = "法人"
    for c, v in enumerate(["结果", "", "7", ""]):
        table.cell(2, c).text = v
    doc.add_paragraph("二、主动公开政府信息情况")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_body_order_and_merged_cells_once():
    assert read_source(_docx_bytes()).split("\n") == [
        "一、总体情况",
        "",
        "项目\t\t申请人\t",
        "\t\t自然人\t法人",
        "结果\t\t7\t",
        "",
        "二、主动公开政府信息情况",
    ]


def test_docx_fixture_tables_are_the_fixture_grids(reports_dir):
    lines = read_source(reports_dir / "f2021_word.docx").split("\n")
    n = 0
    for kind, grid in mf.document(mf.V):
        if kind == "table":
            expected = mf.grid_lines(grid)
            start = lines.index(expected[0])
            assert lines[start : start + len(expected)] == expected
            n += 1
    assert n == 3
    assert lines[0] == mf.TITLE


@pytest.mark.parametrize("cut", [30, 200, 1000, -200])
def test_truncated_docx(cut):
    with pytest.raises(ParseError) as exc:
        read_source(_docx_bytes()[:cut])
    assert _chinese(str(exc.value))


def test_zip_that_is_not_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "一、总体情况")
    with pytest.raises(ParseError, match="不是 Word"):
        read_source(buf.getvalue())


def test_docx_with_broken_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    with pytest.raises(ParseError, match="Word"):
        read_source(buf.getvalue())


# --- PDF -------------------------------------------------------------------------------------------


def _pdf_bytes(pages: list[str]) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        if text:
            page.insert_text((72, 72), text, fontname="china-s", fontsize=11)
        else:  # a "scan": drawings, no text layer
            page.draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    data = doc.tobytes()
    doc.close()
    return data


def test_pdf_text_layers_concatenated():
    text = read_source(_pdf_bytes(["第一页 一、总体情况", "第二页 二、主动公开"]))
    assert text.index("第一页 一、总体情况") < text.index("第二页 二、主动公开")


def test_scanned_pdf():
    with pytest.raises(ParseError, match="没有可提取的文字.*扫描件"):
        read_source(_pdf_bytes(["", ""]))


def test_pdf_whose_text_layer_has_no_chinese():
    """A scan with only page numbers in its text layer is still a scan."""
    with pytest.raises(ParseError, match="没有中文.*OCR"):
        read_source(_pdf_bytes(["- 1 -", "- 2 -"]))


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + b"junk " * 50, _pdf_bytes(["一、总体情况"])[:300]])
def test_broken_pdf(data):
    with pytest.raises(ParseError) as exc:
        read_source(data)
    assert _chinese(str(exc.value))


def test_pdf_fixture_text_layer(reports_dir):
    text = read_source(reports_dir / "f2021_textlayer.pdf")
    assert text.split("\n")[0] == mf.TITLE
    assert "一、本年新收政府信息公开申请数量  71  3  0  0  0  0  74" in text


def test_ruled_pdf_tables_are_the_fixture_grids(reports_dir):
    """Word-exported PDFs draw tables as ruled grids; they come out like Word and HTML tables,
    wrapped cell text joined, merged cells once."""
    lines = read_source(reports_dir / "f2021_ruled.pdf").split("\n")
    n = 0
    for kind, grid in mf.document(mf.V):
        if kind == "table":
            expected = mf.grid_lines(grid)
            start = lines.index(expected[0])
            assert lines[start : start + len(expected)] == expected
            n += 1
    assert n == 3
    assert lines[0] == mf.TITLE
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index(mf.grid_lines(mf.t3_grid(mf.V))[0])


def test_pdf_page_frame_is_not_a_table():
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(20, 20, 575, 820), color=(0, 0, 0))  # a page border
    for i in range(10):  # underlines
        page.draw_line((72, 90 + 20 * i), (300, 90 + 20 * i))
    page.insert_text((72, 85), "一、总体情况", fontname="china-s", fontsize=11)
    page.insert_text((72, 105), "本年度新收申请 74 件", fontname="china-s", fontsize=11)
    text = read_source(doc.tobytes())
    assert text == page.get_text("text").rstrip("\n") and "\t" not in text
    assert text.startswith("一、总体情况\n本年度新收申请")


# --- the encodings fixtures ------------------------------------------------------------------------


def test_encoding_fixtures_read_as_their_utf8_twins(reports_dir):
    full = mf.document(mf.V)
    assert read_source(reports_dir / "f2021_gbk.txt") == read_source(reports_dir / "f2021_tabs.txt") == mf.render_tabs(full)
    assert read_source(reports_dir / "f2021_utf8bom.txt") == read_source(reports_dir / "f2021_pdftext.txt")


def test_web_page_saved_as_pdf(fixtures_dir):
    with pytest.raises(ParseError, match="网页"):
        read_source(fixtures_dir / "parse" / "html_error_page.pdf")


def test_text_given_as_str_and_unicode_line_separators():
    assert read_source("一、总体情况\u2028正文\r\n二、主动公开") == "一、总体情况\n正文\n二、主动公开"


def test_docx_deleted_text_is_not_read():
    import docx
    from docx.oxml import OxmlElement

    doc = docx.Document()
    para = doc.add_paragraph("本年新收申请")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = "999"
    run.append(del_text)
    deleted.append(run)
    para._p.append(deleted)
    para.add_run("74件")
    buf = io.BytesIO()
    doc.save(buf)
    assert read_source(buf.getvalue()) == "本年新收申请74件"


# --- merged-cell grids, property-tested against the fixture generator's expansion ----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def merged_grids(draw):
    """A random partition of an R x C table into rectangles, as rows of top-left cells."""
    n_rows, n_cols = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    free = {(r, c) for r in range(n_rows) for c in range(n_cols)}
    grid = [[] for _ in range(n_rows)]
    k = 0
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) not in free:
                continue
            max_cs = 1
            while c + max_cs < n_cols and (r, c + max_cs) in free:
                max_cs += 1
            cs = draw(st.integers(1, max_cs))
            rs = draw(st.integers(1, n_rows - r))
            for dr in range(rs):
                for dc in range(cs):
                    free.discard((r + dr, c + dc))
            k += 1
            text = draw(st.sampled_from(["", f"格{k}", f"{k}", f"第{k}项 说明"]))
            grid[r].append(mf.C(text, rs=rs, cs=cs))
    # A rectangle's height was drawn without looking at the rows below: cap it where it would
    # overlap a rectangle placed earlier.
    return mf, _fix_overlaps(grid, n_rows, n_cols, mf)


def _fix_overlaps(grid, n_rows, n_cols, mf):
    taken: set[tuple[int, int]] = set()
    fixed = [[] for _ in range(n_rows)]
    for r in range(n_rows):
        c = 0
        for cell in grid[r]:
            while (r, c) in taken:
                c += 1
            rs = 1
            while rs < cell.rs and all((r + rs, c + dc) not in taken for dc in range(cell.cs)):
                rs += 1
            for dr in range(rs):
                for dc in range(cell.cs):
                    taken.add((r + dr, c + dc))
            fixed[r].append(mf.C(cell.text, rs=rs, cs=cell.cs))
            c += cell.cs
    return fixed


def _table_lines(text: str) -> list[str]:
    """The table's lines between the paragraphs 头 and 尾 (a table is framed by one blank line)."""
    lines = text.split("\n")
    i, j = lines.index("头"), lines.index("尾")
    if j == i + 1:
        return []
    assert lines[i + 1] == "" and lines[j - 1] == ""
    return lines[i + 2 : j - 1]


@settings(max_examples=60, deadline=None)
@given(merged_grids())
def test_html_tables_expand_like_the_generator(case):
    mf, grid = case
    expected = mf.grid_lines(grid)
    if not any(c.text for row in grid for c in row):
        expected = []
    page = mf.render_html([("p", "头"), ("table", grid), ("p", "尾")])
    assert _table_lines(read_source(page.encode("utf-8"))) == expected


@settings(max_examples=25, deadline=None)
@given(merged_grids())
def test_docx_tables_expand_like_the_generator(case):
    mf, grid = case
    expected = mf.grid_lines(grid)
    if not any(c.text for row in grid for c in row):
        expected = []
    data = mf.render_docx([("p", "头"), ("table", grid), ("p", "尾")])
    assert _table_lines(read_source(data)) == expected


def _numbered_docx() -> bytes:
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int):
        para = doc.add_paragraph(text)
        para._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))
        return para

    numbered("总体情况", 0)
    numbered("主动公开。正文", 1)
    numbered("依申请公开。正文", 1)
    numbered("要点", 2)
    numbered("主动公开政府信息情况", 0)
    numbered("新的小节", 1)
    doc.add_paragraph("属于国家秘密", style="List Number")  # numbered through its style: "%1."
    doc.add_paragraph("其他法律行政法规禁止公开", style="List Number")
    doc.add_paragraph("未编号段落")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_automatic_numbering_is_shown():
    assert read_source(_numbered_docx()).split("\n") == [
        "一、总体情况",
        "（一）主动公开。正文",
        "（二）依申请公开。正文",
        "要点",
        "二、主动公开政府信息情况",
        "（一）新的小节",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "未编号段落",
    ]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_report_text_survives_every_supported_encoding(seed_texts, data):
    text = seed_texts[data.draw(st.sampled_from(sorted(seed_texts)))]
    start = data.draw(st.integers(0, len(text) - 200))
    piece = text[start : start + data.draw(st.integers(200, 2000))]
    expected = piece.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not expected.strip():
        return
    for encoded in (
        piece.encode("utf-8"),
        b"\xef\xbb\xbf" + piece.encode("utf-8"),
        piece.encode("gb18030"),
        b"\xff\xfe" + piece.encode("utf-16-le"),
    ):
        assert read_source(encoded) == expected


def test_kangxi_radicals_from_pdf_fonts_become_ordinary_characters():
    # U+2F00, U+2F06, U+2F0A are Kangxi radicals (⼀ ⼆ ⼊), U+F900 a compatibility ideograph:
    # PDF text layers use them for the ordinary characters
    assert read_source("\u2f00、总体情况\n\u2f06、收\u2f0a\n\uf900".encode()) == "一、总体情况\n二、收入\n豈"
