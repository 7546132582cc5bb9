"""Faults the index must survive: concurrent writers, a writer killed half-way, a stale or missing
keyword index, a damaged corpus.sqlite, an unreachable embedding server, the same report in two
encodings, and vectors the manifest no longer lists."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus import CorpusIndex, Outcome, Retriever, ingest_paths
from assistant.corpus.lock import DirectoryLock, IndexBusy
from assistant.testing.synthetic import synthetic_report
from assistant.testing.synthetic import write_synthetic as _write

runner = CliRunner()


def _agree(data_dir: Path | None = None) -> tuple[set[str], set[str], set[str]]:
    """Sources per the manifest, per the vector store and per the keyword index."""
    index = CorpusIndex(data_dir=data_dir)
    try:
        with index.reading():
            listed = {e.source for e in index.files()}
            ids = index.vectors.all_ids()
            vec_sources = {m["source"] for m in index.vectors.collection.get(ids=sorted(ids), include=["metadatas"])
                           ["metadatas"]} if ids else set()
            index.keyword.load()
            kw_sources = {c.source for c in index.manifest.chunks(str(i) for i in index.keyword.ids).values()}
            assert len(index.keyword.ids) == len(ids) == index.manifest.count_chunks()
    finally:
        index.close()
    return listed, vec_sources, kw_sources


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


# -- the lock ------------------------------------------------------------------------------

def test_a_second_writer_waits_with_a_message_and_gives_up_in_chinese(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from pathlib import Path\n"
         "from assistant.corpus.lock import DirectoryLock\n"
         "with DirectoryLock(Path(sys.argv[1])).exclusive():\n"
         "    print('held', flush=True)\n"
         "    time.sleep(30)\n", str(data)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        said: list[str] = []
        lock = DirectoryLock(data, timeout=0.5, on_wait=said.append)
        started = time.monotonic()
        with pytest.raises(IndexBusy) as exc:
            with lock.shared():
                pass
        assert time.monotonic() - started < 5
        assert said and "另一个 nianbao 进程" in said[0] and "等待" in said[0]
        assert "占用" in str(exc.value) and "NIANBAO_LOCK_TIMEOUT" in str(exc.value)
    finally:
        holder.kill()
        holder.wait()
    with DirectoryLock(data, timeout=2).exclusive():  # released by the OS when its holder died
        pass


def test_holds_nest_within_one_process(tmp_path):
    a, b = DirectoryLock(tmp_path, timeout=0.5), DirectoryLock(tmp_path, timeout=0.5)
    with a.shared(), b.exclusive(), a.shared(), b.exclusive():
        pass
    with a.exclusive(), b.shared():
        pass


def test_two_ingests_at_once_both_finish_and_the_index_is_whole(tmp_path, nianbao_cmd):
    paths = _write(tmp_path / "r", list(range(12)))
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    procs = [subprocess.Popen([*nianbao_cmd, "ingest", str(tmp_path / "r")], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert any("等待" in err for _, err in outs)  # one of them waited for the other, and said so
    listed, vec_sources, kw_sources = _agree(tmp_path / "data")
    assert listed == vec_sources == kw_sources == {str(p) for p in paths}


# -- a writer killed half-way ------------------------------------------------------------

def test_a_writer_killed_after_writing_vectors_is_undone_and_remove_all_leaves_no_hits(tmp_path):
    paths = _write(tmp_path / "r", [0, 1, 2])
    index = CorpusIndex()
    ingest_paths(index, paths[:1])

    def die(*args, **kwargs):
        raise Crash

    index.manifest.put_files = die  # vectors written, the manifest never updated
    with pytest.raises(Crash):
        ingest_paths(index, paths[1:])
    index.close()

    listed, vec_sources, kw_sources = _agree()
    assert listed == vec_sources == kw_sources == {str(paths[0])}

    result = runner.invoke(app, ["corpus", "remove", "--all"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["search", "政府信息公开", "--json", "-k", "50"])
    assert result.exit_code == 0 and result.output.strip() == ""
    for mode in ("vector", "keyword"):
        assert runner.invoke(app, ["search", "政府信息公开", "--json", "--mode", mode]).output.strip() == ""


def test_vectors_left_behind_by_a_crash_are_removed_whatever_the_manifest_says(tmp_path):
    paths = _write(tmp_path / "r", [3, 4])
    index = CorpusIndex()
    ingest_paths(index, paths)
    key = str(paths[0].resolve())
    # The manifest lost the chunk list of this report (as after a crash), its vectors remain.
    with index.manifest.db:
        index.manifest.db.execute("DELETE FROM chunks WHERE file_key=?", (key,))
    assert index.vectors.collection.get(where={"source": str(paths[0])}, include=[])["ids"]  # still there
    assert index.remove(key) == 0
    for where in ({"report": key}, {"source": str(paths[0])}):
        assert index.vectors.collection.get(where=where, include=[])["ids"] == []
    assert index.vectors.collection.get(where={"source": str(paths[1])}, include=[])["ids"]  # the other stays
    index.close()


# -- the keyword index ---------------------------------------------------------------------

def test_a_crash_while_the_keyword_index_is_written_is_repaired_by_the_rerun(tmp_path):
    paths = _write(tmp_path / "r", [5, 6])
    index = CorpusIndex()
    ingest_paths(index, paths[:1])
    def die(*args):
        raise Crash

    index.keyword._publish = die  # the manifest has both reports, the keyword index is not saved
    with pytest.raises(Crash):
        ingest_paths(index, paths)
    index.close()

    result = runner.invoke(app, ["ingest", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "未变 2 份" in result.output  # the manifest had both
    marker = synthetic_report(6).agency
    index = CorpusIndex()
    hits = Retriever(index).search(marker, k=50, mode="keyword")
    assert str(paths[1]) in {h.source for h in hits}
    index.close()
    assert len({*_agree()[0]}) == 2


def test_a_missing_keyword_index_is_rebuilt(tmp_path):
    import shutil

    paths = _write(tmp_path / "r", [7])
    index = CorpusIndex()
    ingest_paths(index, paths)
    index.close()
    shutil.rmtree(tmp_path / "data" / "keyword")
    result = runner.invoke(app, ["search", "政府信息公开", "--mode", "keyword", "--json"])
    assert result.exit_code == 0 and str(paths[0]) in result.output


# -- a damaged manifest ----------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage"])
def test_a_damaged_manifest_is_named_in_chinese_and_rebuild_recovers(tmp_path, damage):
    paths = _write(tmp_path / "r", [8, 9])
    index = CorpusIndex()
    ingest_paths(index, paths)
    index.close()
    manifest = tmp_path / "data" / "corpus.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{manifest}{suffix}").unlink(missing_ok=True)
    size = manifest.stat().st_size
    if damage == "truncate":
        with manifest.open("r+b") as fh:
            fh.truncate(size // 3)
    elif damage == "empty":
        manifest.write_bytes(b"")
    else:
        manifest.write_bytes(b"not a database at all" * 100)

    for args in (["corpus", "list"], ["search", "政府信息公开"], ["ingest", str(tmp_path / "r")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "corpus.sqlite" in result.output and "--rebuild" in result.output
        assert "DatabaseError" not in result.output and "Traceback" not in result.output
    if damage == "empty":
        assert "0 字节" in runner.invoke(app, ["corpus", "list"]).output

    result = runner.invoke(app, ["ingest", "--rebuild", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "新增 2 份" in result.output
    listed, vec_sources, kw_sources = _agree()
    assert listed == vec_sources == kw_sources == {str(p) for p in paths}


# -- an unreachable embedding server ----------------------------------------------------------

def test_an_unreachable_embedding_server_fails_in_chinese_within_the_timeout(tmp_path, monkeypatch, silent_server):
    _write(tmp_path / "r", [10])
    monkeypatch.setenv("NIANBAO_BASE_URL", silent_server)
    monkeypatch.setenv("NIANBAO_EMBEDDING_MODEL", "bge-m3")
    monkeypatch.setenv("NIANBAO_TIMEOUT", "1.5")
    for args in (["ingest", str(tmp_path / "r")], ["search", "政府信息公开"]):
        started = time.monotonic()
        result = runner.invoke(app, args)
        elapsed = time.monotonic() - started
        assert result.exit_code == 2, result.output
        assert elapsed < 8, elapsed
        assert "Traceback" not in result.output and "向量嵌入服务" in result.output
        assert "1.5 秒" in result.output and "能连上" in result.output

    # Nothing was written: the index is not bound to that embedding; the offline one works.
    monkeypatch.delenv("NIANBAO_EMBEDDING_MODEL")
    monkeypatch.delenv("NIANBAO_BASE_URL")
    result = runner.invoke(app, ["ingest", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "新增 1 份" in result.output


# -- the same report twice -------------------------------------------------------------------

def test_the_same_report_in_two_encodings_is_indexed_once(tmp_path):
    text = synthetic_report(11).text
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a_utf8.txt").write_text(text, encoding="utf-8")
    (folder / "b_gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    index = CorpusIndex()
    result = ingest_paths(index, [folder])
    assert [f.outcome for f in result.files] == [Outcome.ADDED, Outcome.DUPLICATE]
    assert "a_utf8.txt" in (result.files[1].reason or "")
    again = ingest_paths(index, [folder / "b_gbk.txt"])  # later, on its own
    assert again.files[0].outcome == Outcome.DUPLICATE
    assert len(index.files()) == 1
    index.close()
    cli = runner.invoke(app, ["ingest", str(folder)])
    assert "重复 1 份" in cli.output
