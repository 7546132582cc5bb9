"""``nianbao parse``: JSON lines, Chinese summaries, unreadable files."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.formats import cell_keys

runner = CliRunner()


@pytest.fixture
def seeds(corpus_dir):
    return corpus_dir / "001_2f293616a0ca3bc1.txt", corpus_dir / "002_2d3cf361b2c783f2.txt"


def test_parse_json_one_line_per_file(seeds):
    SEED_001, SEED_002 = seeds
    result = runner.invoke(app, ["parse", "--json", str(SEED_001), str(SEED_002)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [x["file"] for x in lines] == [str(SEED_001), str(SEED_002)]
    first, legacy = lines
    assert first["agency"] == "牡丹江市人民政府" and first["year"] == 2020 and first["format"] == "2019"
    assert list(first["cells"]) == list(cell_keys("2019"))
    assert first["cells"]["t2.normative.made"] == 58
    assert legacy["format"] == "legacy" and legacy["cells"] == {}


def test_parse_json_lists_ambiguous_cells_as_null(tmp_path, fixtures_dir):
    text = (fixtures_dir / "parse" / "r2021_pdf.txt").read_text(encoding="utf-8").replace("行政规范性文件 5 1 30", "行政规范性文件 5130")
    path = tmp_path / "amb.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", "--json", str(path)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["cells"]["t2.normative.issued"] is None
    assert data["ambiguous"]["t2.normative.issued"] == [5, 51]
    assert len(data["cells"]) == len(cell_keys("2021"))


def test_parse_summary_is_chinese_and_counts_cells(tmp_path, fixtures_dir):
    result = runner.invoke(app, ["parse", str(fixtures_dir / "parse" / "r2021_tab_blanks.txt")])
    assert result.exit_code == 0
    out = result.stdout
    assert "机关：某某县人民政府办公室" in out
    assert "年度：2021" in out
    assert "格式：2021 版" in out
    assert "章节：一、总体情况" in out
    # 10 t2 + 25x7 t3 + 15 t4 = 200 cells; 4 blank in t2, 2 in t3, 5 in t4
    assert "共 200 个，已填 189，空白 11，存疑 0" in out


def test_unreadable_file_is_reported_and_the_rest_continue(tmp_path, seeds):
    SEED_001 = seeds[0]
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 10)
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["parse", "--json", str(garbage), str(missing), str(SEED_001)])
    assert result.exit_code == 2
    assert json.loads(result.stdout.strip())["file"] == str(SEED_001)
    assert "无法解析" in result.stderr or "无法读取" in result.stderr
    assert "Traceback" not in result.output
