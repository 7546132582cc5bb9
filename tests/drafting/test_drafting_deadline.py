"""Drafting's streamed model calls run under the one overall deadline (``NIANBAO_DEADLINE``): a
silent model server ends ``nianbao draft`` / ``revise`` at the deadline, with a Chinese message
naming the operation, and the previous version (or the offline draft) is kept."""

from __future__ import annotations

import json
import threading
import time

from drafting_cases import NOTES, ORGAN, PLANTED, YEAR, correct_draft, default_facts, tables_report
from typer.testing import CliRunner

from assistant.cli import app
from assistant.drafting.chain import DraftChat
from assistant.llm.fake import FakeChat

runner = CliRunner()


def _tables(tmp_path):
    tables = tmp_path / "tables.json"
    t = tables_report()
    tables.write_text(json.dumps({"agency": ORGAN, "year": YEAR, "format": "2021", "cells": t.canonical_cells()},
                                 ensure_ascii=False), encoding="utf-8")
    return tables


def test_draft_and_revise_against_a_silent_server_end_at_the_deadline(tmp_path, silent_server, monkeypatch):
    tables = _tables(tmp_path)
    draft = ["draft", "--organ", ORGAN, "--year", str(YEAR), "--tables", str(tables), "--json"]
    offline = runner.invoke(app, [*draft, "--offline"])
    assert offline.exit_code == 0, offline.output
    first = json.loads(offline.output)

    monkeypatch.setenv("NIANBAO_BASE_URL", silent_server)
    monkeypatch.setenv("NIANBAO_MODEL", "qwen2.5")
    monkeypatch.setenv("NIANBAO_TIMEOUT", "60")  # per request: the overall deadline is what ends it
    monkeypatch.setenv("NIANBAO_DEADLINE", "2")
    started = time.monotonic()
    revised = runner.invoke(app, ["revise", str(first["id"]), "压缩到800字", "--json"])
    assert time.monotonic() - started < 8
    assert revised.exit_code == 0, revised.output
    kept = json.loads(revised.output)
    assert kept["version"] == first["version"] == 1 and kept["text"] == first["text"]
    said = " ".join(kept["notices"])
    assert "模型修改草稿超过总时限 2 秒" in said and "能连上" in said and "已保留上一版本" in said
    from assistant.store import Store

    with Store() as store:
        assert store.draft(first["id"]).current_version == 1

    started = time.monotonic()
    drafted = runner.invoke(app, draft)
    assert time.monotonic() - started < 8
    assert drafted.exit_code == 0, drafted.output
    obj = json.loads(drafted.output)
    said = " ".join(obj["notices"])
    assert "模型起草超过总时限 2 秒" in said and "已改用离线起草" in said
    assert obj["text"] == first["text"] and obj["flags"] == []  # the offline draft, guarded clean


class _StallsOnReask(FakeChat):
    """Answers the first request, then never answers (until released)."""

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        if self.calls:
            _release.wait(20)
        return super()._generate(messages, stop, run_manager, **kwargs)


_release = threading.Event()


def test_the_reasks_are_under_the_same_deadline_and_the_best_answer_is_kept(monkeypatch):
    monkeypatch.setenv("NIANBAO_DEADLINE", "1")
    tables, facts = tables_report(), default_facts()
    wrong = correct_draft().replace(*next((f, r) for n, f, r, _ in PLANTED if n == "changed count"))
    chat = _StallsOnReask(responses=[wrong, correct_draft()])
    tokens: list[str] = []
    started = time.monotonic()
    try:
        d = DraftChat(chat, facts, tables=tables, notes=NOTES).draft(tokens.append)
    finally:
        _release.set()
    assert time.monotonic() - started < 5
    assert d.text == wrong and d.flags  # the only answer, kept with its flag
    said = " ".join(d.notices)
    assert "模型起草超过总时限 1 秒" in said and "第 1 次改正" in said
    time.sleep(0.2)  # the abandoned stream ends once released: its tokens are not passed on
    assert "".join(tokens) == wrong
