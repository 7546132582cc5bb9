"""The web app's workspace logic (``assistant.app.workspace``) on both engines: SQLite and a real
PostgreSQL — drafts and versions survive a new connection (a server restart), a stale save is
refused, the tables being made and the workspace last open are found again."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.app import grid, workspace
from assistant.errors import NianbaoError
from assistant.load import load_report
from assistant.store import StaleVersion, Store

ROOT = Path(__file__).resolve().parents[2]
NOTES = ("今年共收到政府信息公开申请12件，其中自然人10件，商业企业2件。上年结转1件。予以公开8件，"
         "部分公开2件，结转下年度继续办理1件。")


def test_workspace_draft_versions_and_restart(store):
    state = grid.fill_from_notes(NOTES, 2021)
    workspace.save_tables_state(store, state)
    opened = workspace.open_workspace(store, "牡丹江市人民政府", 2021)
    workspace.put_previous(store, opened, load_report(ROOT / "corpus" / "001_2f293616a0ca3bc1.txt"))
    saved = workspace.start_draft(store, opened, workspace.tables_report(state, opened.organ), notes=NOTES)
    stale = opened.model_copy()
    v2 = workspace.save_edit(store, opened, saved.draft.text.replace("申请12件", "申请15件", 1))
    assert v2.version == 2 and any(f["kind"] == "wrong_value" and f["text"] == "15件" for f in v2.flags)
    with pytest.raises(StaleVersion, match="已有第 2 版"):
        workspace.save_edit(store, stale, saved.draft.text + "另一处修改。")
    with pytest.raises(NianbaoError, match="不是上一年度"):
        workspace.put_previous(store, opened, load_report(ROOT / "corpus" / "000_303eb4e463f9f12c.txt"))

    again = Store(store.url)  # a restarted server: a new engine on the same database
    try:
        last = workspace.last_opened(again)
        assert last is not None and (last.organ, last.year, last.draft_id, last.version) == (
            "牡丹江市人民政府", 2021, saved.id, 2)
        assert workspace.load_tables_state(again).cells == state.cells
        assert [v.version for v in again.versions(saved.id)] == [1, 2]
        assert workspace.stored_previous(again, last).year == 2020
    finally:
        again.close()


def test_the_draft_page_on_postgresql(postgres_url, monkeypatch):
    """起草 with NIANBAO_DATABASE_URL set: the draft is written to PostgreSQL and shown again."""
    from sqlalchemy import create_engine, text

    eng = create_engine(postgres_url)
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    monkeypatch.setenv("NIANBAO_DATABASE_URL", postgres_url)
    with Store() as db:
        assert db.engine.dialect.name == "postgresql"
        state = grid.fill_from_notes(NOTES, 2021)
        workspace.save_tables_state(db, state)
        workspace.open_workspace(db, "示例县交通运输局", 2021)
    page = ROOT / "ui" / "views" / "draft.py"
    at = AppTest.from_file(str(page), default_timeout=90).run()
    next(b for b in at.button if b.label == "离线起草").click()
    at.run()
    assert not at.exception
    fresh = AppTest.from_file(str(page), default_timeout=90).run()
    assert any("草稿 1 第 1 版" in c.value for c in fresh.caption)
    with Store() as db:
        assert db.count("drafts") == 1
