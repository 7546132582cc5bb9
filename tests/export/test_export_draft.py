"""A saved draft (its number) exports like a report file: the workspace's organ, year and tables,
the draft's sections, and the table sections in between."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app
from assistant.export import export_docx, resolve_report
from assistant.load import load_report, load_report_bytes
from assistant.store import Store

DRAFT = """一、总体情况
2022年，本局认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息1826条。
（一）主动公开。通过门户网站发布政策文件46条。
五、存在的主要问题及改进情况
政策解读形式较为单一。下一步将丰富解读形式。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


def _saved_draft(gold_dir) -> tuple[int, dict]:
    gold = json.loads((gold_dir / "f2021_tabs.json").read_text(encoding="utf-8"))
    with Store() as store:
        ws = store.workspace(gold["agency"], gold["year"])
        store.put_tables(ws.id, gold["format"], gold["cells"])
        draft = store.create_draft(ws.id, DRAFT)
    return draft.id, gold


def test_draft_number_resolves_and_round_trips(gold_dir):
    draft_id, gold = _saved_draft(gold_dir)
    report = resolve_report(str(draft_id))
    assert (report.agency, report.year, report.format.value) == (gold["agency"], gold["year"], gold["format"])
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert report.canonical_cells() == gold["cells"]
    back = load_report_bytes(export_docx(report), "draft.docx")
    assert (back.agency, back.year) == (gold["agency"], gold["year"])
    assert back.canonical_cells() == gold["cells"]
    assert [s.number for s in back.sections] == ["一", "二", "三", "四", "五", "六"]
    assert "全年主动公开政府信息1826条" in back.section("一").text  # type: ignore[union-attr]


def test_export_cli_takes_a_draft_number(gold_dir, tmp_path):
    draft_id, gold = _saved_draft(gold_dir)
    out = tmp_path / "草稿.docx"
    result = CliRunner().invoke(app, ["export", str(draft_id), "--docx", str(out)])
    assert result.exit_code == 0, result.output
    assert load_report(out).canonical_cells() == gold["cells"]
    missing = CliRunner().invoke(app, ["export", str(draft_id + 99), "--docx", str(out)])
    assert missing.exit_code == 2 and "没有这个编号的草稿" in missing.output
