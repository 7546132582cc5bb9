"""extract(): the result, the rule/model merge, model failures, and ``nianbao extract``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import NianbaoError
from assistant.extract import OFFLINE_NOTICE, extract
from assistant.formats import cell_keys
from assistant.llm.fake import FakeChat

NOTES = "本年新收政府信息公开申请10件，予以公开6件。上年结转2件。"
runner = CliRunner()


def cell(key, value, evidence):
    return {"key": key, "value": value, "evidence": evidence}


def test_offline_extraction():
    result = extract(NOTES, 2022)
    assert result.mode == "offline" and OFFLINE_NOTICE in result.notes
    assert result.format == "2021" and set(result.cells) == set(cell_keys("2021"))
    assert result.cells["t3.new.total"] == 10 and result.sources["t3.new.total"] == "rule"
    assert result.evidence["t3.new.total"].text.endswith("10件")
    assert result.cells["t3.partial.total"] is None  # blank is not zero
    assert "t3.partial.total" in result.missing and "t3.new.total" not in result.missing
    assert result.attempts == [] and result.model_calls == 0
    # The checker ran over the cells: 新收 10 + 结转 2 has no 总计 to balance it.
    assert any(f.rule == "T3-01" for f in result.findings)


def test_format_follows_year_and_legacy_is_refused():
    assert extract("收到申请3件。", 2020).format == "2019"
    assert extract("收到申请3件。", 2024, "2019").format == "2019"
    with pytest.raises(NianbaoError, match="旧格式"):
        extract("收到申请3件。", 2017)


def test_canonical_json():
    data = extract(NOTES, 2022).to_canonical()
    assert {"agency", "year", "format", "cells", "missing", "flags", "findings"} <= set(data)
    assert data["agency"] is None and data["year"] == 2022 and data["format"] == "2021"
    assert len(data["cells"]) == len(cell_keys("2021"))
    json.dumps(data, ensure_ascii=False)


def test_derived_cells_are_marked():
    result = extract("收到申请5件，其中自然人3件、商业企业2件。", 2022)
    assert result.cells["t3.new.research"] == 0
    assert result.sources["t3.new.research"] == "derived"
    assert result.sources["t3.new.natural"] == "rule"


def test_model_merge_confirmed_disagree_model_only():
    chat = FakeChat.scripted(
        {
            "cells": [
                cell("t3.new.total", 10, "新收政府信息公开申请10件"),
                cell("t3.granted.total", 7, "予以公开6件"),
                cell("t3.carried_in.total", 2, "上年结转2件"),
                cell("t3.partial.total", 0, "予以公开6件"),
            ]
        }
    )
    result = extract(NOTES, 2022, chat=chat)
    assert result.mode == "model" and result.model_calls >= 1 and result.attempts
    assert result.sources["t3.new.total"] == "both"
    assert result.sources["t3.carried_in.total"] == "both"
    # Disagreement: the rule value stays, both values are in the flag.
    assert result.cells["t3.granted.total"] == 6
    flags = {f.key: f for f in result.flags}
    assert flags["t3.granted.total"].kind == "disagree"
    assert (flags["t3.granted.total"].rule_value, flags["t3.granted.total"].model_value) == (6, 7)
    # Only the model: accepted, marked, flagged.
    assert result.cells["t3.partial.total"] == 0 and result.sources["t3.partial.total"] == "model"
    assert flags["t3.partial.total"].kind == "model_only"
    assert "t3.new.total" not in flags
    assert OFFLINE_NOTICE not in result.notes


def test_model_failure_keeps_rule_result():
    offline = extract(NOTES, 2022, offline=True)
    chat = FakeChat.scripted(*[RuntimeError("连接被重置")] * 6)
    result = extract(NOTES, 2022, chat=chat)
    assert result.cells == offline.cells
    assert result.mode == "offline"
    assert any("模型抽取失败" in n for n in result.notes)


def test_model_garbage_keeps_rule_result():
    chat = FakeChat.scripted("不是 JSON", "还不是", "依旧不是")
    result = extract(NOTES, 2022, chat=chat)
    assert result.cells["t3.new.total"] == 10 and result.mode == "offline"
    assert any("模型抽取失败" in n for n in result.notes)


def test_offline_flag_never_calls_the_model():
    chat = FakeChat.scripted({"cells": []})
    result = extract(NOTES, 2022, chat=chat, offline=True)
    assert chat.calls == [] and result.mode == "offline"


# --- CLI ----------------------------------------------------------------------------------


def test_cli_json(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(path), "--year", "2022", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["cells"]["t3.new.total"] == 10 and data["cells"]["t3.partial.total"] is None
    assert "t3.partial.total" in data["missing"]
    assert isinstance(data["flags"], list) and isinstance(data["findings"], list)


def test_cli_summary_gbk_and_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("本年新收政府信息公开申请10件。未发生行政复议、行政诉讼。".encode("gbk"))
    res = runner.invoke(app, ["extract", str(path), "--year", "2020", "--offline"])
    assert res.exit_code == 0, res.output
    assert OFFLINE_NOTICE in res.stdout
    assert "2019 年格式" in res.stdout and "缺失" in res.stdout and "表四" in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "/nonexistent/notes.txt", "--year", "2022"], "找不到笔记文件"),
        (["extract", "NOTES", "--year", "2022", "--format", "2030"], "只能是 2021 或 2019"),
        (["extract", "NOTES", "--year", "2016"], "旧格式"),
    ],
)
def test_cli_errors(tmp_path, args, message):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    args = [str(path) if a == "NOTES" else a for a in args]
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert message in res.stderr and "Traceback" not in res.output


def test_cli_binary_file(tmp_path):
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x00\x01\x02" * 50)
    res = runner.invoke(app, ["extract", str(path), "--year", "2022"])
    assert res.exit_code == 2 and "无法读取" in res.stderr


def test_sheet_and_prose_together_conflict_is_flagged():
    notes = (
        "依申请公开情况如下表：\n"
        "本年新收政府信息公开申请数量\t50\t10\t0\t1\t2\t0\t63\n"
        "另据办公室统计，全年收到政府信息公开申请60件，上年结转2件。\n"
    )
    result = extract(notes, 2022, offline=True)
    assert result.cells["t3.new.total"] == 63  # the sheet row comes first and stays
    assert result.cells["t3.carried_in.total"] == 2  # the prose still adds what the sheet lacks
    flag = next(f for f in result.flags if f.key == "t3.new.total")
    assert flag.kind == "conflict" and "63" in flag.reason and "60" in flag.reason


def test_real_reports_do_not_contradict_their_tables(seed_paths, gold_for):
    """Run over the seed reports (tables as extracted text, lines broken by the PDF), every filled
    cell equals the parse gold. 001's narrative says 行政规范性文件 57 件（截至目前） where its
    table says 58: the table value is kept and the disagreement is flagged."""
    filled = 0
    for path in seed_paths:
        gold = gold_for(path)
        if gold["format"] == "legacy":
            continue
        result = extract(path.read_text(encoding="utf-8"), gold["year"], gold["format"], offline=True)
        wrong = {k for k, v in result.filled().items() if gold["cells"].get(k) is None or abs(v - gold["cells"][k]) > 1e-6}
        filled += len(result.filled())
        assert not wrong, (path.name, wrong)
        if path.name.startswith("001"):
            flag = next(f for f in result.flags if f.key == "t2.normative.published")
            assert flag.kind == "conflict" and "57" in flag.reason
    assert filled > 600


def test_broken_model_configuration_falls_back(monkeypatch):
    import assistant.llm.client as client

    def boom(settings=None):
        raise ValueError("未知的服务类型 foo")

    monkeypatch.setattr(client, "chat_model", boom)
    result = extract(NOTES, 2022)
    assert result.mode == "offline" and result.cells["t3.new.total"] == 10
    assert any("模型配置无法使用" in n and "foo" in n for n in result.notes)
    assert OFFLINE_NOTICE not in result.notes  # it is configured, just not usable


def test_result_with_attempts_serialises():
    chat = FakeChat.scripted({"cells": [cell("t3.new.total", 10, "新收政府信息公开申请10件")]})
    result = extract(NOTES, 2022, chat=chat)
    data = json.loads(result.model_dump_json())
    assert data["attempts"] and data["attempts"][0]["number"] == 1
    assert data["sources"]["t3.new.total"] == "both"


def test_cli_word_notes_with_a_table(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("全年共收到政府信息公开申请12件，上年结转1件。")
    table = doc.add_table(rows=2, cols=6)
    for i, text in enumerate(["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        table.rows[0].cells[i].text = text
    for i, text in enumerate(["行政复议", "1", "0", "0", "1", "2"]):
        table.rows[1].cells[i].text = text
    path = tmp_path / "笔记.docx"
    doc.save(path)
    res = runner.invoke(app, ["extract", str(path), "--year", "2023", "--json"])
    assert res.exit_code == 0, res.output
    cells = json.loads(res.stdout)["cells"]
    assert cells["t3.new.total"] == 12 and cells["t3.carried_in.total"] == 1
    assert cells["t4.review.pending"] == 1 and cells["t4.review.total"] == 2
    assert cells["t4.suit_direct.total"] is None


def test_cli_empty_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"  \n")
    res = runner.invoke(app, ["extract", str(path), "--year", "2022"])
    assert res.exit_code == 2 and "空的" in res.stderr
