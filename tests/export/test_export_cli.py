from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app
from assistant.load import load_report

runner = CliRunner()


def test_export_writes_docx_md_json(tmp_path, corpus_dir):
    src = corpus_dir / "003_ac7dc73dff26925e.txt"
    result = runner.invoke(app, ["export", str(src), "--docx", str(tmp_path / "a.docx"), "--md", str(tmp_path / "a.md"),
                                 "--json", str(tmp_path / "a.json")])
    assert result.exit_code == 0, result.output
    assert "已写出 Word 文件" in result.output
    report = load_report(src)
    assert load_report(tmp_path / "a.docx").canonical_cells() == report.canonical_cells()
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# ")
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["agency"] == report.agency


def test_export_of_canonical_json_and_errors(tmp_path, gold_dir):
    ok = runner.invoke(app, ["export", str(gold_dir / "f2021_tabs.json"), "--docx", str(tmp_path / "t.docx")])
    assert ok.exit_code == 0, ok.output
    none = runner.invoke(app, ["export", str(gold_dir / "f2021_tabs.json")])
    assert none.exit_code == 2 and "请至少指定一种输出" in none.output
    missing = runner.invoke(app, ["export", "没有这个草稿", "--md", str(tmp_path / "x.md")])
    assert missing.exit_code == 2 and "导出失败" in missing.output
    legacy = runner.invoke(app, ["export", str(gold_dir / "002_2d3cf361b2c783f2.json"), "--docx", str(tmp_path / "l.docx")])
    assert legacy.exit_code == 2 and "没有可导出的内容" in legacy.output
