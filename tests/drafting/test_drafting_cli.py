"""``nianbao draft`` / ``revise`` / ``guard``: JSON shapes, streaming, saved versions, exit codes."""

from __future__ import annotations

import json

import pytest
from drafting_cases import (
    NOTES,
    ORGAN,
    PLANTED,
    YEAR,
    correct_draft,
    tables_report,
)
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path):
    tables = tmp_path / "tables.json"
    t = tables_report()
    tables.write_text(json.dumps({"agency": ORGAN, "year": YEAR, "format": "2021", "cells": t.canonical_cells()},
                                 ensure_ascii=False), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    return tables, notes


def test_offline_draft_json_and_saved(inputs, tmp_path):
    tables, notes = inputs
    out = tmp_path / "draft.md"
    r = runner.invoke(app, ["draft", "--organ", ORGAN, "--year", str(YEAR), "--tables", str(tables),
                            "--notes", str(notes), "--offline", "--json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    obj = json.loads(r.output)
    assert set(obj) >= {"id", "version", "text", "flags", "findings", "citations", "model"}
    assert obj["version"] == 1 and obj["model"] is None and obj["flags"] == [] and obj["findings"] == []
    assert out.read_text(encoding="utf-8") == obj["text"]
    from assistant.store import Store

    with Store() as store:
        assert store.draft(obj["id"]).current.text == obj["text"]
    # revising needs a model
    r = runner.invoke(app, ["revise", str(obj["id"]), "压缩到800字"])
    assert r.exit_code == 2 and "需要配置模型" in r.output


def test_guard_json_flags_a_hand_written_draft(inputs, tmp_path):
    tables, notes = inputs
    name, find, replace, kind = PLANTED[0]
    draft = tmp_path / "hand.txt"
    draft.write_text(correct_draft().replace(find, replace), encoding="utf-8")
    r = runner.invoke(app, ["guard", str(draft), "--tables", str(tables), "--notes", str(notes), "--json"])
    assert r.exit_code == 1, r.output
    obj = json.loads(r.output)
    assert set(obj) == {"flags", "findings"}
    [flag] = obj["flags"]
    assert set(flag) >= {"kind", "text", "span", "message", "expected"} and flag["kind"] == kind
    text = draft.read_text(encoding="utf-8")
    assert text[flag["span"][0]:flag["span"][1]] == flag["text"] == "75件" and flag["expected"] == "74件"
    assert [f["rule"] for f in obj["findings"]] == ["N-01"]
    draft.write_text(correct_draft(), encoding="utf-8")
    r = runner.invoke(app, ["guard", str(draft), "--tables", str(tables), "--notes", str(notes)])
    assert r.exit_code == 0 and "未发现问题" in r.output


def test_model_draft_streams_then_revise_makes_version_two(inputs, monkeypatch, openai_server):
    tables, notes = inputs
    server = openai_server
    monkeypatch.setenv("NIANBAO_BASE_URL", server.base_url)
    monkeypatch.setenv("NIANBAO_MODEL", "test-model")
    monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
    server.chat_text(correct_draft())
    r = runner.invoke(app, ["draft", "--organ", ORGAN, "--year", str(YEAR), "--tables", str(tables),
                            "--notes", str(notes)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("一、总体情况") and "草稿 1" in r.output and "test-model" in r.output
    shorter = correct_draft().replace("持续深化政务公开。", "")
    server.chat_text(shorter)
    r = runner.invoke(app, ["revise", "1", "压缩到800字", "--json"])
    assert r.exit_code == 0, r.output
    obj = json.loads(r.output)
    assert obj["version"] == 2 and obj["text"].strip() == shorter.strip() and obj["model"] == "test-model"
    revise_request = server.chat_requests()[-1]
    assert "压缩到800字" in revise_request.text() and correct_draft().strip() in revise_request.text()
    # a fault on revise keeps version 2
    server.error(500, "down")
    r = runner.invoke(app, ["revise", "1", "加上政务新媒体的内容", "--json"])
    obj = json.loads(r.output)
    assert obj["version"] == 2 and any("保留上一版本" in n for n in obj["notices"])
    from assistant.store import Store

    with Store() as store:
        roles = [t.role for t in store.turns(1)]
        assert roles[:3] == ["system", "user", "assistant"] and roles.count("assistant") == 2
        assert [v.version for v in store.versions(1)] == [1, 2]


def test_unreadable_tables_is_a_chinese_error(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text("{not json", encoding="utf-8")
    r = runner.invoke(app, ["draft", "--organ", ORGAN, "--year", "2022", "--tables", str(bad), "--offline"])
    assert r.exit_code == 2 and "JSON" in r.output
