"""Drafting with the store: versions, the conversation kept, concurrent saves refused, a process
killed mid-stream loses only the turn in flight."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from drafting_cases import NOTES, ORGAN, YEAR, correct_draft, tables_report

from assistant.drafting import new_draft, revise_saved
from assistant.llm.fake import FakeChat
from assistant.store import StaleVersion, Store


@pytest.fixture
def db(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'd.sqlite'}") as s:
        yield s


def test_an_offline_draft_can_be_revised_by_a_model(db):
    saved = new_draft(db, organ=ORGAN, year=YEAR, tables=tables_report(), notes=NOTES)
    assert saved.version == 1 and saved.draft.model is None and saved.draft.flags == []
    chat = FakeChat.scripted(correct_draft())
    v2 = revise_saved(db, saved.id, "加上政务新媒体的内容", chat, model_name="fake")
    assert v2.version == 2 and v2.draft.flags == []
    sent = chat.calls[0]["messages"]
    assert sent[0][0] == "system" and ("ai", saved.draft.text) in sent and "加上政务新媒体的内容" in sent[-1][1]
    assert db.version(saved.id, 2).instruction == "加上政务新媒体的内容"
    assert [t.role for t in db.turns(saved.id)] == ["system", "user", "assistant", "user", "assistant"]


def test_a_save_on_top_of_an_older_version_is_refused(db):
    saved = new_draft(db, organ=ORGAN, year=YEAR, tables=tables_report(), notes=NOTES)

    def someone_else_saves(_piece: str) -> None:
        if db.draft(saved.id).current_version == 1:
            db.save_version(saved.id, 1, "另一处的修改")

    with pytest.raises(StaleVersion) as exc:
        revise_saved(db, saved.id, "压缩到800字", FakeChat.scripted(correct_draft()), on_token=someone_else_saves)
    assert "第 2 版" in exc.value.message
    assert db.draft(saved.id).current.text == "另一处的修改"


_CHILD = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from langchain_core.messages import AIMessageChunk
    from assistant.drafting import new_draft, revise_saved
    from assistant.llm.fake import FakeChat
    from assistant.store import Store
    from drafting_cases import NOTES, ORGAN, YEAR, correct_draft, tables_report

    class Dying(FakeChat):
        def _stream(self, messages, stop=None, run_manager=None, **kw):
            yield __import__("langchain_core.outputs", fromlist=["x"]).ChatGenerationChunk(
                message=AIMessageChunk(content="一、总体情况\\n半句"))
            os._exit(9)  # killed while the model streams

    store = Store({url!r})
    if sys.argv[1] == "draft":
        new_draft(store, organ=ORGAN, year=YEAR, tables=tables_report(), notes=NOTES, chat=Dying())
    else:
        revise_saved(store, int(sys.argv[2]), "压缩到800字", Dying())
""")


def test_a_process_killed_mid_stream_loses_only_the_turn_in_flight(tmp_path, root):
    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    script = tmp_path / "child.py"
    script.write_text(_CHILD.format(root=str(root / "tests" / "drafting"), url=url), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), "draft"], capture_output=True, text=True, timeout=180)
    assert out.returncode == 9, out.stderr[-2000:]
    with Store(url) as s:
        [draft_id] = s.drafts(s.workspace(ORGAN, YEAR).id)
        d = s.draft(draft_id)
        assert d.current_version == 0 and d.current is None  # nothing half-written saved as a version
        assert [t.role for t in s.turns(draft_id)] == ["system", "user"]  # the request is kept
        assert s.tables(d.workspace.id) is not None and s.notes(d.workspace.id) == [NOTES]
        # the clerk goes on: an offline draft, then a revision killed mid-stream
        saved = new_draft(s, organ=ORGAN, year=YEAR, tables=tables_report(), notes=NOTES)
    out = subprocess.run([sys.executable, str(script), "revise", str(saved.id)], capture_output=True, text=True,
                         timeout=180)
    assert out.returncode == 9, out.stderr[-2000:]
    with Store(url) as s:
        d = s.draft(saved.id)
        assert d.current_version == 1 and d.current.text == saved.draft.text
        assert [t.role for t in s.turns(saved.id)][-1] == "user"
        assert "半句" not in "".join(t.content for t in s.turns(saved.id))


def test_last_years_report_is_kept_for_revisions(db, corpus_dir):
    from assistant.load import load_report
    previous = load_report(corpus_dir / "001_2f293616a0ca3bc1.txt")  # 牡丹江市人民政府 2020
    saved = new_draft(db, organ="牡丹江市人民政府", year=2021, tables=tables_report(), previous=previous)
    assert saved.draft.citations and all(c.year == 2020 for c in saved.draft.citations)
    assert "较上年" in saved.draft.text  # changes against last year's table 三
    copied = saved.draft.text.replace("【请核实更新】", "")  # the model drops the marks: 照搬 is flagged
    v2 = revise_saved(db, saved.id, "去掉标记", FakeChat.scripted(copied, copied, copied))
    assert any(f.kind == "copied" for f in v2.draft.flags)
