from __future__ import annotations

import json

from review_cases import THIS
from typer.testing import CliRunner

from assistant.cli import app
from assistant.testing.reports import shift_years

runner = CliRunner()


def test_compare_json_and_html(tmp_path):
    last = tmp_path / "上年.txt"
    last.write_text(shift_years(THIS.read_text(encoding="utf-8")), encoding="utf-8")
    html = tmp_path / "对比.html"
    result = runner.invoke(app, ["compare", str(THIS), str(last), "--json", "--html", str(html)])
    assert result.exit_code == 1, result.output  # X-01 is an error
    data = json.loads(result.output)
    assert {"sections", "findings", "deltas", "summary"} <= set(data)
    five = next(s for s in data["sections"] if s["section"] == "五")
    assert five["copied"] is True and five["similarity"] == 1.0
    assert {"X-01", "X-04", "X-05"} <= {f["rule"] for f in data["findings"]}
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="sec-五"' in page


def test_compare_summary_and_tables_only_reports(tmp_path, gold_dir):
    result = runner.invoke(app, ["compare", str(gold_dir / "001_2f293616a0ca3bc1.json"), str(gold_dir / "000_303eb4e463f9f12c.json")])
    assert result.exit_code in (0, 1), result.output
    assert "与2019 年度报告相比" in result.output and "没有可比的部分" in result.output
    bad = runner.invoke(app, ["compare", str(tmp_path / "无.txt"), str(THIS)])
    assert bad.exit_code == 2 and "无法读取" in bad.output
