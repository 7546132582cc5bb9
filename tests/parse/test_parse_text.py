"""parse_text on the seeds and on hand-written 2021 fixtures in each layout."""

from __future__ import annotations

import pytest

from assistant.formats import FormatId, cell_keys
from assistant.parse import ParseError, parse, parse_text
from assistant.parse.text import normalize_text
from assistant.report import OrganKind

# The 2021 fixtures' table 三, written by hand (natural, business, research, public_interest,
# legal_service, other_org, total).
T3_2021 = {
    "new": (20, 3, 0, 1, 0, 0, 24),
    "carried_in": (2, 0, 0, 0, 0, 0, 2),
    "granted": (10, 1, 0, 0, 0, 0, 11),
    "partial": (2, 0, 0, 0, 0, 0, 2),
    "denied_4": (1, 0, 0, 0, 0, 0, 1),
    "unable_1": (5, 1, 0, 1, 0, 0, 7),
    "unable_3": (1, 0, 0, 0, 0, 0, 1),
    "not_processed_1": (1, 0, 0, 0, 0, 0, 1),
    "other_1": (1, 0, 0, 0, 0, 0, 1),
    "total": (21, 2, 0, 1, 0, 0, 24),
    "carried_forward": (1, 1, 0, 0, 0, 0, 2),
}
ZERO_ROWS = ["denied_1", "denied_2", "denied_3", "denied_5", "denied_6", "denied_7", "denied_8",
             "unable_2", "not_processed_2", "not_processed_3", "not_processed_4", "not_processed_5",
             "other_2", "other_3"]
COLS = ["natural", "business", "research", "public_interest", "legal_service", "other_org", "total"]
T2_2021 = {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0,
           "t2.normative.issued": 5, "t2.normative.repealed": 1, "t2.normative.in_force": 30,
           "t2.license.decisions": 120, "t2.penalty.decisions": 45, "t2.coercion.decisions": 3,
           "t2.fee.amount_wan": 12.5}
T4_2021 = dict(zip([f"t4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
                    for c in ("upheld", "corrected", "other", "pending", "total")],
                   (1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0), strict=True))


def expected_2021() -> dict:
    out = dict(T2_2021)
    for row in [*T3_2021, *ZERO_ROWS]:
        vals = T3_2021.get(row, (0,) * 7)
        out.update({f"t3.{row}.{c}": v for c, v in zip(COLS, vals, strict=True)})
    out.update(T4_2021)
    return out


@pytest.fixture
def read(fixtures_dir):
    """``read(name)``: a hand-made input of ``tests/fixtures/parse``."""
    return lambda name: (fixtures_dir / "parse" / name).read_text(encoding="utf-8")


# -- seeds ---------------------------------------------------------------------------------------


def test_seed_parses_to_gold(seed):
    path, gold = seed
    report = parse(path)
    canon = report.to_canonical()
    assert canon["agency"] == gold["agency"]
    assert canon["year"] == gold["year"]
    assert canon["format"] == gold["format"]
    assert canon["cells"] == gold["cells"]
    assert "ambiguous" not in canon and "extra_cells" not in canon
    if gold["format"] == "legacy":
        assert report.cells == {}
    else:
        assert set(report.cells) == set(cell_keys(gold["format"]))


def test_seed_spans_point_at_printed_values(seed):
    path, _ = seed
    report = parse(path)
    for cell in report.cells.values():
        assert cell.span is not None
        assert report.text[cell.span.start : cell.span.end] == cell.raw
        assert report.text.count("\n", 0, cell.span.start) + 1 == cell.span.line
    for section in report.sections:
        assert report.text[section.span.start : section.span.end] == section.text
        for sub in section.subsections:
            assert report.text[sub.span.start : sub.span.end] == sub.text
            assert sub.text.lstrip("（( ").startswith(sub.number.strip("（）"))


def test_seed_sections(corpus_dir):
    rep = parse(corpus_dir / "001_2f293616a0ca3bc1.txt")
    assert [s.number for s in rep.sections] == list("一二三四五六")
    assert rep.section("五").heading == "存在的问题及改进情况"
    assert [s.title for s in rep.section("一").subsections][:2] == ["加大主动公开力度", "依法办理依申请公开"]
    # table 三 rows (一、本年新收… 四、结转下年度…) are not headings and hold no subsections
    assert rep.section("三").subsections == []
    assert "结转下年度继续办理" in rep.section("三").text
    assert rep.preamble.startswith("牡丹江市人民政府")
    assert rep.kind == OrganKind.GOVERNMENT


def test_legacy_seed_keeps_its_sections(corpus_dir):
    rep = parse(corpus_dir / "002_2d3cf361b2c783f2.txt")
    assert rep.format == FormatId.LEGACY
    assert [(s.number, s.heading) for s in rep.sections] == [
        ("一", "概述"), ("二", "政府信息公开情况"), ("三", "存在的主要问题"), ("四", "改进情况"),
        ("五", "2019 年工作思路"),
    ]
    assert len(rep.section("二").subsections) == 5
    assert rep.kind == OrganKind.DEPARTMENT


def test_development_zone_committee_is_a_government(corpus_dir):
    rep = parse(corpus_dir / "000_303eb4e463f9f12c.txt")
    assert rep.agency == "牡丹江经济技术开发区管理委员会"
    assert rep.kind == OrganKind.GOVERNMENT


# -- 2021 fixtures ---------------------------------------------------------------------------------


def test_2021_pdf_broken_layout(read):
    rep = parse_text(read("r2021_pdf.txt"))
    assert (rep.agency, rep.year, rep.format, rep.kind) == ("某某市生态环境局", 2021, FormatId.F2021, OrganKind.DEPARTMENT)
    canon = rep.to_canonical()
    assert canon["cells"] == expected_2021()
    assert "extra_cells" not in canon and "ambiguous" not in canon
    assert [s.number for s in rep.sections] == list("一二三四五六")
    assert len(rep.section("一").subsections) == 5


def test_2021_tab_layout_with_blank_cells(read):
    rep = parse_text(read("r2021_tab_blanks.txt"))
    assert (rep.agency, rep.year, rep.format) == ("某某县人民政府办公室", 2021, FormatId.F2021)
    want = expected_2021()
    # printed blank, not zero
    blanks = {"t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force", "t2.coercion.decisions",
              "t3.carried_in.other_org", "t3.carried_in.total",
              *(k for k in want if k.startswith("t4.suit_after_review."))}
    for k in blanks:
        want[k] = None
    got = rep.to_canonical()["cells"]
    assert got == want
    assert rep.cells["t3.carried_in.other_org"].blank
    assert rep.cells["t3.carried_in.legal_service"].value == 0  # a printed 0 is 0


def _run_together(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_run_together_digits_split_by_row_sums_and_group_totals(read):
    text = _run_together(read("r2021_pdf.txt"), {
        "20 3 0 1 0 0 24": "203010024",
        "5 1 0 1 0 0 7": "5101007",
        "1 0 0 1 2 0 1 0 0 1 0 0 0 0 0": "100120100100000",
    })
    rep = parse_text(text)
    assert rep.to_canonical()["cells"] == expected_2021()
    assert rep.cells["t3.new.natural"].raw == "203010024"
    assert rep.text[rep.cells["t3.new.total"].span.start:rep.cells["t3.new.total"].span.end] == "203010024"


def test_run_together_settled_by_column_identities(read):
    # granted "1 10 0 0 0 0 11" or "11 0 0 0 0 0 11"? Only 10+1 in natural fits 总计 21.
    text = _run_together(read("r2021_pdf.txt"), {"（一）予以公开 10 1 0 0 0 0 11": "（一）予以公开 101000011"})
    rep = parse_text(text)
    assert rep.value("t3.granted.natural") == 10 and rep.value("t3.granted.business") == 1
    assert not rep.ambiguous_cells()


def test_run_together_ambiguous_is_never_guessed(read):
    # two rows whose splits can be swapped without breaking any identity
    text = _run_together(read("r2021_pdf.txt"), {
        "（一）予以公开 10 1 0 0 0 0 11": "（一）予以公开 110000011",
        "2 0 0 0 0 0 2\n三、": "2 0 0 0 0 0 2\n三、",
        "（七）总计 21 2 0 1 0 0 24": "（七）总计 22 12 0 1 0 0 35",
        "一、本年新收政府信息公开申\n请数量\n20 3 0 1 0 0 24": "一、本年新收政府信息公开申\n请数量\n21 13 0 1 0 0 35",
        "4.保护第三方\n合法权益\n1 0 0 0 0 0 1": "4.保护第三方\n合法权益\n110000011",
    })
    rep = parse_text(text)
    amb = rep.ambiguous_cells()
    assert amb["t3.granted.natural"] == [1, 11]
    assert amb["t3.granted.business"] == [0, 10]
    assert amb["t3.denied_4.natural"] == [1, 11]
    assert rep.value("t3.granted.natural") is None
    assert rep.value("t3.granted.total") == 11  # the same in every split
    assert rep.value("t3.granted.research") == 0
    assert any("存疑" in n for n in rep.notes)
    canon = rep.to_canonical()
    assert canon["cells"]["t3.denied_4.business"] is None
    assert canon["ambiguous"]["t3.denied_4.business"] == [0, 10]


def test_run_together_table_two_ambiguous_and_unique(read):
    text = _run_together(read("r2021_pdf.txt"), {"规章 0 0 0": "规章 000", "行政规范性文件 5 1 30": "行政规范性文件 5130"})
    rep = parse_text(text)
    assert [rep.value(f"t2.rules.{c}") for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert rep.value("t2.normative.issued") is None
    # 5|1|30, 5|13|0, 51|3|0
    assert rep.cells["t2.normative.in_force"].candidates == [0, 30]
    assert rep.cells["t2.normative.issued"].candidates == [5, 51]


# -- deviations ------------------------------------------------------------------------------------


SIX_2021 = (
    "（六）\n其他处\n理\n1.申请人无正\n当理由逾期不\n补正、行政机\n关不再处理其\n政府信息公开\n申请\n1 0 0 0 0 0 1\n"
    "2.申请人逾期\n未按收费通知\n要求缴纳费\n用、行政机关\n不再处理其政\n府信息公开申\n请\n0 0 0 0 0 0 0\n3.其他 0 0 0 0 0 0 0"
)
T2_2019_HEADER = "本年新\n制作数量\n本年新\n公开数量\n对外公开总数\n量"


def test_2021_report_printing_one_other_row(read):
    rep = parse_text(_run_together(read("r2021_pdf.txt"), {SIX_2021: "（六）其他处理 1 0 0 0 0 0 1"}))
    assert rep.format == FormatId.F2021  # table 二 is printed in the 2021 format
    # the printed row is kept under its 2019 key; nothing is repaired or invented
    assert rep.value("t3.other.natural") == 1 and rep.value("t3.other.total") == 1
    assert "t3.other_1.natural" not in rep.cells
    canon = rep.to_canonical()
    assert canon["extra_cells"]["t3.other.total"] == 1
    assert canon["cells"]["t3.other_1.total"] is None


def test_2021_report_printed_in_2019_format(read):
    text = _run_together(read("r2021_pdf.txt"), {
        "本年制发\n件数\n本年废止\n件数\n现行有效\n件数": T2_2019_HEADER,
        SIX_2021: "（六）其他处理 1 0 0 0 0 0 1",
    })
    rep = parse_text(text)
    assert rep.year == 2021
    assert rep.format == FormatId.F2019  # what is printed; the checker names the deviation
    assert any("2019" in n and "2021" in n for n in rep.notes)
    assert rep.value("t2.normative.made") == 5 and rep.value("t2.normative.total") == 30
    assert rep.to_canonical()["extra_cells"] == {"t2.fee.amount_wan": 12.5}


def test_2021_table_two_with_2019_columns(read):
    rep = parse_text(_run_together(read("r2021_pdf.txt"), {"本年制发\n件数\n本年废止\n件数\n现行有效\n件数": T2_2019_HEADER}))
    assert rep.format == FormatId.F2021  # table 三's three （六） rows
    assert rep.value("t2.rules.made") == 0 and rep.value("t2.normative.published") == 1
    assert rep.to_canonical()["cells"]["t2.normative.issued"] is None
    assert "t2.normative.total" in rep.to_canonical()["extra_cells"]


def test_amounts_and_signs():
    text = (
        "某某区财政局\n2020 年政府信息公开工作年度报告\n一、总体情况\n概况。\n二、主动公开政府信息情况\n"
        "第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 5434 -640 387576\n"
        "其他对外管理服务事项 3057 +146 549605\n第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n"
        "政府集中采购 12 251000元\n第二十条第（八）项\n信息内容 上一年项目数量 本年增/减\n行政事业性收费 3 —\n"
        "三、收到和处理政府信息公开申请情况\n无。\n"
    )
    rep = parse_text(text)
    assert rep.format == FormatId.F2019
    assert rep.value("t2.license.delta") == -640
    assert rep.value("t2.other_service.delta") == 146
    assert rep.value("t2.procurement.amount_wan") == pytest.approx(25.1)
    assert rep.cells["t2.procurement.amount_wan"].raw == "251000元"
    assert rep.value("t2.fee.prev") == 3
    assert rep.value("t2.fee.delta") is None and rep.cells["t2.fee.delta"].raw == "—"  # printed as a dash
    assert "t2.rules.made" not in rep.cells  # not printed at all


@pytest.mark.parametrize(
    ("printed", "value"),
    [("69.0447 万元", 69.0447), ("218827.31（万元）", 218827.31), ("251000元", 25.1), ("25.1万", 25.1), ("0", 0), ("1,250.5", 1250.5)],
)
def test_procurement_amounts_in_wan(printed, value):
    text = (
        "某某区财政局\n2020 年政府信息公开工作年度报告\n一、总体情况\n概况。\n二、主动公开政府信息情况\n"
        f"第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n政府集中采购 12 {printed}\n"
    )
    cell = parse_text(text).cells["t2.procurement.amount_wan"]
    assert cell.value == pytest.approx(value) and cell.raw == printed


def test_normalisation_keeps_spans_in_report_text():
    raw = "某某市人民政府\r\n２０２１年政府信息公开工作年度报告\r\n一、总体情况\r\n（一）主动公开。\u00a0好。\r\n"
    rep = parse_text(raw)
    assert rep.year == 2021 and rep.agency == "某某市人民政府"
    assert "\r" not in rep.text and "\u00a0" not in rep.text
    assert rep.text == normalize_text(raw)
    sub = rep.sections[0].subsections[0]
    assert rep.text[sub.span.start:sub.span.end] == sub.text


@pytest.mark.parametrize("bad", ["", "   \n\t  ", "hello world", "12345 67890", "\x00\x01\x02"])
def test_not_a_report_is_a_parse_error(bad):
    with pytest.raises(ParseError) as exc:
        parse_text(bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_truncated_report_still_parses_what_is_there(read):
    text = read("r2021_pdf.txt")
    cut = text[: text.index("（四）\n无法提")]
    rep = parse_text(cut)
    assert rep.value("t3.new.total") == 24
    assert "t3.unable_1.natural" not in rep.cells


def test_seeds_with_separators_lost_are_never_guessed(seed):
    """Remove every space/tab between two digits (cells run together): whatever the parser still
    settles must equal the gold; the rest is blank or ambiguous, never a wrong number."""
    import re

    path, gold = seed
    text = re.sub(r"(?<=\d)[ \t]+(?=\d)", "", path.read_text(encoding="utf-8"))
    rep = parse_text(text)
    cells = rep.to_canonical()["cells"]
    wrong = {k: (v, cells.get(k)) for k, v in gold["cells"].items() if cells.get(k) is not None and cells[k] != v}
    assert wrong == {}
    for key, cands in rep.ambiguous_cells().items():
        assert gold["cells"][key] in cands
    if gold["cells"]:
        settled_t3 = sum(1 for k, v in cells.items() if k.startswith("t3.") and v is not None)
        assert settled_t3 >= 150  # table 三 rows split by their own sums and the column identities


@pytest.mark.parametrize("drop", [
    ("三、收到和处理政府信息公开申请情况",),
    ("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"),
    ("二、主动公开政府信息情况", "二、政府信息公开情况", "三、收到和处理政府信息公开申请情况",
     "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况"),
])
def test_tables_found_without_their_section_headings(seed, drop):
    path, gold = seed
    text = path.read_text(encoding="utf-8")
    for heading in drop:
        text = text.replace(heading, "")
    rep = parse_text(text)
    assert rep.to_canonical()["cells"] == gold["cells"]


def test_tables_alone_without_title_or_sections(read):
    text = read("r2021_tab_blanks.txt")
    start = text.index("第二十条第（一）项")
    end = text.index("五、存在的主要问题")
    headings = {"三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"}
    body = "\n".join(ln for ln in text[start:end].splitlines() if ln not in headings)
    rep = parse_text(body)
    assert rep.sections == [] and rep.agency is None
    assert rep.format == FormatId.F2021
    assert rep.value("t3.total.total") == 24 and rep.value("t4.review.total") == 2
    assert rep.value("t3.granted.natural") == 10
    assert rep.value("t2.normative.in_force") == 30


def test_sentence_before_table_three_is_not_a_row(read):
    text = read("r2021_pdf.txt").replace(
        "申请人情况", "本年新收政府信息公开申请数量共\n24\n件，其中自然人申请较多。\n申请人情况", 1
    )
    rep = parse_text(text)
    assert rep.to_canonical()["cells"] == expected_2021()
    assert any("出现多次" in n for n in rep.notes)


def test_heading_with_body_on_the_same_line():
    text = (
        "某某市统计局\n2021年政府信息公开工作年度报告\n"
        "一、总体情况 2021年，本局认真贯彻《条例》，全面推进政务公开工作，各项工作取得实效，现将有关情况报告如下，请审阅并提出意见。\n"
        "（一）主动公开。公开信息 50 条。\n"
        "五、存在的主要问题及改进情况：人员不足。\n六、其他需要报告的事项：本机关未收取信息处理费。\n"
    )
    rep = parse_text(text)
    assert [(s.number, s.heading) for s in rep.sections] == [
        ("一", "总体情况"), ("五", "存在的主要问题及改进情况"), ("六", "其他需要报告的事项")]
    assert rep.section("一").text.startswith("2021年，本局认真贯彻")
    assert rep.section("六").text == "本机关未收取信息处理费。"
    assert rep.section("一").subsections[0].title == "主动公开"


def test_table_four_printed_one_group_per_row(read):
    text = read("r2021_pdf.txt")
    i, j = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    t4 = ("四、政府信息公开行政复议、行政诉讼情况\n类别 结果维持 结果纠正 其他结果 尚未审结 总计\n"
          "行政复议 1 0 0 1 2\n未经复议直接起诉 0 1 0 0 1\n复议后起诉 0 0 0 0 0\n")
    rep = parse_text(text[:i] + t4 + text[j:])
    assert {k: v for k, v in rep.to_canonical()["cells"].items() if k.startswith("t4.")} == T4_2021


def test_full_heading_wins_over_a_shorter_variant_prefix(corpus_dir):
    """五、存在的主要问题及改进情况 is one heading, not 存在的主要问题 + a body of 及改进情况."""
    headings = {p.name[:3]: parse(p).section("五").heading for p in sorted(corpus_dir.glob("0*.txt"))}
    assert headings["000"] == "存在的主要问题及改进情况"
    assert headings["003"] == "存在的主要问题及改进情况"
    assert headings["004"] == "存在的主要问题及下步工作思路"
    body = parse(corpus_dir / "000_303eb4e463f9f12c.txt").section("五").text
    assert not body.lstrip().startswith("及改进情况")


def test_mixed_report_keeps_every_printed_number_and_the_checker_names_the_mix(corpus_dir, reports_dir):
    """A 2022 report printing a 2019 table 二 beside a 2021 table 三: the format follows the
    majority of what is printed, no printed number is dropped, and the checker names the mix."""
    from assistant.checker import check

    fixture = (reports_dir / "f2021_tabs.txt").read_text(encoding="utf-8")
    old_t2 = corpus_dir.joinpath("003_ac7dc73dff26925e.txt").read_text(encoding="utf-8")
    t2_2019 = old_t2[old_t2.index("二、主动公开政府信息情况"):old_t2.index("三、收到和处理政府信息公开申请情况")]
    text = fixture[:fixture.index("二、主动公开政府信息情况")] + t2_2019 + fixture[fixture.index("三、收到和处理政府信息公开申请情况"):]
    rep = parse_text(text)
    assert rep.year == 2022
    assert rep.value("t2.license.prev") == 134 and rep.value("t2.procurement.amount_wan") == 2167.0875
    assert rep.value("t3.other_2.total") is not None  # table 三's 2021 rows kept under their keys
    rules = {f.rule for f in check(rep).errors}
    assert rules & {"T2-01", "T3-06", "X-06"}
