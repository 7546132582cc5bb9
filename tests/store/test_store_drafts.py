"""The store on SQLite and PostgreSQL: workspaces, versions with optimistic concurrency, turns."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import inspect

from assistant.errors import NianbaoError
from assistant.store import StaleVersion, Store
from assistant.store.schema import Base


def test_workspace_is_unique_per_organ_and_year(store):
    a = store.workspace("示例市交通运输局", 2023)
    b = store.workspace("示例市交通运输局", 2023)
    c = store.workspace("示例市交通运输局", 2024)
    assert a.id == b.id != c.id
    assert store.count("workspaces") == 2


def test_versions_move_forward_and_a_stale_save_is_refused(store):
    ws = store.workspace("甲局", 2023)
    d = store.create_draft(ws.id, "第一版", model=None, citations=[{"id": "x"}])
    assert d.current_version == 1 and d.current.text == "第一版"
    v2 = store.save_version(d.id, 1, "第二版", instruction="压缩到800字", model="m")
    assert v2.version == 2
    with pytest.raises(StaleVersion) as exc:
        store.save_version(d.id, 1, "基于旧版的修改")
    assert isinstance(exc.value, NianbaoError) and "第 2 版" in exc.value.message
    assert store.draft(d.id).current.text == "第二版"
    assert [v.text for v in store.versions(d.id)] == ["第一版", "第二版"]
    assert store.version(d.id, 1).citations == [{"id": "x"}]


def test_tables_notes_turns_and_settings(store):
    ws = store.workspace("乙局", 2022)
    store.put_tables(ws.id, "2021", {"t3.new.total": 5, "t3.carried_in.total": None})
    store.put_tables(ws.id, "2021", {"t3.new.total": 6, "t3.carried_in.total": None})
    assert store.tables(ws.id) == ("2021", {"t3.new.total": 6, "t3.carried_in.total": None})
    store.add_note(ws.id, "培训3次")
    assert store.notes(ws.id) == ["培训3次"]
    d = store.create_draft(ws.id, "草稿")
    store.add_turn(d.id, "user", "第二段写具体一些")
    store.add_turn(d.id, "assistant", "改好了", version=2)
    assert [(t.role, t.content, t.version) for t in store.turns(d.id)] == [
        ("user", "第二段写具体一些", None), ("assistant", "改好了", 2)]
    store.set_setting("theme", {"dark": True})
    store.set_setting("theme", {"dark": False})
    assert store.get_setting("theme") == {"dark": False}
    assert store.get_setting("absent", 7) == 7


def test_migrations_match_the_models(store):
    """The tables the migrations create are the tables the models declare."""
    insp = inspect(store.engine)
    for table in Base.metadata.sorted_tables:
        cols = {c["name"] for c in insp.get_columns(table.name)}
        assert cols == {c.name for c in table.columns}, table.name


def test_reopening_runs_no_migration_twice_and_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with Store(url) as s:
        ws = s.workspace("丙局", 2023)
        d = s.create_draft(ws.id, "保存的草稿")
    with Store(url) as s:
        assert s.draft(d.id).current.text == "保存的草稿"


def test_a_process_killed_mid_stream_loses_only_the_turn_in_flight(tmp_path):
    """A child process saves a draft and a user turn, then dies before its reply is saved."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    code = f"""
import os
from assistant.store import Store
s = Store({url!r})
ws = s.workspace("丁局", 2023)
d = s.create_draft(ws.id, "第一版")
s.add_turn(d.id, "user", "压缩到800字")
print(d.id, flush=True)
os._exit(9)  # killed while the model streams its reply
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 9, out.stderr
    draft_id = int(out.stdout.split()[0])
    with Store(url) as s:
        assert s.draft(draft_id).current.text == "第一版"
        assert [t.content for t in s.turns(draft_id)] == ["压缩到800字"]


def test_a_bad_database_url_is_a_chinese_error(tmp_path):
    with pytest.raises(NianbaoError) as exc:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "数据库" in exc.value.message


def test_two_writers_saving_on_the_same_version_one_wins(store):
    """Two stores on one database save on top of version 1 at once: one is refused."""
    import threading

    ws = store.workspace("戊局", 2023)
    d = store.create_draft(ws.id, "第一版")
    other = Store(store.url)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def save(s: Store, text: str) -> None:
        barrier.wait()
        try:
            s.save_version(d.id, 1, text)
            results.append("saved")
        except StaleVersion:
            results.append("refused")

    threads = [threading.Thread(target=save, args=(s, t)) for s, t in ((store, "甲的修改"), (other, "乙的修改"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.close()
    assert sorted(results) == ["refused", "saved"]
    assert store.draft(d.id).current_version == 2 and len(store.versions(d.id)) == 2
    assert [w.organ for w in store.workspaces()] == ["戊局"]
