import json

from assistant.formats import FormatId, cell_keys, format_for_year, label_of, value_kind


def test_gold_files_hold_exactly_the_cells_of_their_format(gold_dir):
    for path in gold_dir.glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["format"] == "legacy":
            assert gold["cells"] == {}
        else:
            assert list(gold["cells"]) == list(cell_keys(gold["format"])), path.name


def test_format_sizes():
    assert len(cell_keys("2019")) == 22 + 23 * 7 + 15
    assert len(cell_keys("2021")) == 10 + 25 * 7 + 15
    assert "t3.other_2.total" in cell_keys("2021") and "t3.other.total" not in cell_keys("2021")


def test_format_for_year():
    assert format_for_year(2018) == FormatId.LEGACY
    assert format_for_year(2020) == FormatId.F2019
    assert format_for_year(2021) == FormatId.F2021


def test_labels_and_kinds():
    assert label_of("t3.unable_1.business") == "表三「（四）无法提供1.本机关不掌握相关政府信息」商业企业"
    assert value_kind("t2.procurement.amount_wan") == "amount_wan"
    assert value_kind("t2.license.delta") == "signed"
