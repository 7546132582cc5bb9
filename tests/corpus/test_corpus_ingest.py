"""Ingestion from files (through the parser), idempotence, replacement, failures, removal, the
embedding guard, and the CLI commands ingest / corpus list / corpus remove / search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus import CorpusIndex, EmbeddingMismatch, Outcome, Retriever, ingest_paths
from assistant.corpus.embeddings import HashingEmbeddingFunction
from assistant.testing.synthetic import synthetic_report
from assistant.testing.synthetic import write_synthetic as _write

runner = CliRunner()


def _vector_ids(index: CorpusIndex) -> set[str]:
    return set(index.vectors.collection.get(include=[])["ids"])


def test_ingest_folder_then_unchanged_then_changed(tmp_path):
    paths = _write(tmp_path / "reports", [0, 1, 2])
    index = CorpusIndex()
    first = ingest_paths(index, [tmp_path / "reports"])
    assert [f.outcome for f in first.files] == [Outcome.ADDED] * 3
    entries = {Path(e.source).name: e for e in index.files()}
    assert entries["report_001.txt"].organ == synthetic_report(1).agency
    assert entries["report_001.txt"].year == synthetic_report(1).year
    n_chunks = sum(e.n_chunks for e in entries.values())
    assert index.vectors.count() == n_chunks == index.keyword.size == first.chunks

    # Unchanged files: nothing happens.
    before = _vector_ids(index)
    again = ingest_paths(index, paths)
    assert [f.outcome for f in again.files] == [Outcome.UNCHANGED] * 3
    assert _vector_ids(index) == before

    # A changed file replaces its own chunks and only those.
    old_ids = set(index.manifest.chunk_ids(str(paths[1].resolve())))
    text = paths[1].read_text(encoding="utf-8")
    s5 = text.index("五、存在的主要问题及改进情况\n") + len("五、存在的主要问题及改进情况\n")
    s6 = text.index("六、其他需要报告的事项")
    paths[1].write_text(text[:s5] + "本年度新发现档案数字化进度滞后的问题，已制定整改台账。\n\n" + text[s6:],
                        encoding="utf-8")
    changed = ingest_paths(index, paths)
    assert [f.outcome for f in changed.files] == [Outcome.UNCHANGED, Outcome.UPDATED, Outcome.UNCHANGED]
    new_ids = set(index.manifest.chunk_ids(str(paths[1].resolve())))
    after = _vector_ids(index)
    assert new_ids <= after and (old_ids - new_ids).isdisjoint(after)
    assert old_ids & new_ids  # untouched sections keep their ids
    assert index.vectors.count() == sum(e.n_chunks for e in index.files()) == index.keyword.size
    hits = Retriever(index).search("档案数字化进度滞后", k=1, mode="keyword")
    assert hits and hits[0].source == str(paths[1]) and hits[0].section == "五"
    assert "档案数字化" in hits[0].text
    index.close()


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "mixed"
    _write(folder, [4])
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.txt").write_text("会议纪要\n今天讨论了食堂菜单。", encoding="utf-8")
    index = CorpusIndex()
    result = ingest_paths(index, [folder, tmp_path / "missing.pdf"])
    by_name = {Path(f.source).name: f for f in result.files}
    assert by_name["report_004.txt"].outcome == Outcome.ADDED
    for name in ("empty.txt", "notes.txt", "missing.pdf"):
        assert by_name[name].outcome == Outcome.FAILED
        assert re.search(r"[\u4e00-\u9fff]", by_name[name].reason)
    assert [Path(e.source).name for e in index.files()] == ["report_004.txt"]
    index.close()


def test_remove_takes_chunks_out_of_both_stores(tmp_path):
    paths = _write(tmp_path / "r", [5, 6])
    index = CorpusIndex()
    ingest_paths(index, paths)
    key = str(paths[0].resolve())
    gone = set(index.manifest.chunk_ids(key))
    assert index.remove(key) == len(gone) > 0
    index.flush()
    assert gone.isdisjoint(_vector_ids(index))
    assert gone.isdisjoint(set(index.keyword.ids))
    assert [Path(e.source).name for e in index.files()] == ["report_006.txt"]
    index.close()


def test_opening_with_another_embedding_is_refused_until_rebuilt(tmp_path):
    paths = _write(tmp_path / "r", [7])
    index = CorpusIndex(ef=HashingEmbeddingFunction(dim=512))
    ingest_paths(index, paths)
    index.close()
    with pytest.raises(EmbeddingMismatch) as exc:
        CorpusIndex(ef=HashingEmbeddingFunction(dim=256))
    assert "nianbao ingest --rebuild" in str(exc.value) and "256" in str(exc.value)
    rebuilt = CorpusIndex(ef=HashingEmbeddingFunction(dim=256), rebuild=True)
    assert rebuilt.vectors.count() == 0 and rebuilt.files() == []
    assert ingest_paths(rebuilt, paths).files[0].outcome == Outcome.ADDED
    assert rebuilt.vectors.count() > 0
    rebuilt.close()


def test_seed_corpus_ingests(tmp_path, seed_paths):
    index = CorpusIndex()
    result = ingest_paths(index, seed_paths)
    assert result.count(Outcome.ADDED) == len(seed_paths) and not result.failed
    organs = {e.organ for e in index.files()}
    assert "牡丹江市人民政府" in organs
    hit = Retriever(index).search("微信公众号发布信息", k=3,
                                  filters=Retriever(index).filters(organ="牡丹江经济技术开发区管理委员会"))
    assert hit and all(h.organ == "牡丹江经济技术开发区管理委员会" for h in hit)
    index.close()


def test_cli_ingest_list_search_remove(tmp_path):
    paths = _write(tmp_path / "r", [8, 9])
    r = runner.invoke(app, ["ingest", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    assert "新增 2 份" in r.output
    r = runner.invoke(app, ["ingest", str(tmp_path / "r")])
    assert r.exit_code == 0 and "未变 2 份" in r.output

    r = runner.invoke(app, ["corpus", "list"])
    assert r.exit_code == 0
    for col in ("文件", "机关", "年度", "分块数"):
        assert col in r.output
    organ = synthetic_report(8).agency
    assert organ in r.output

    r = runner.invoke(app, ["search", "依申请公开答复", "--organ", organ, "--section", "一", "-k", "3", "--json"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines() if x.strip()]
    assert 1 <= len(lines) <= 3
    for h in lines:
        assert {"id", "organ", "year", "section", "text", "score"} <= set(h)
        assert h["organ"] == organ and h["section"] == "一"

    r = runner.invoke(app, ["search", "依申请公开", "--section", "七八"])
    assert r.exit_code == 2 and "章节序号" in r.output

    r = runner.invoke(app, ["corpus", "remove", str(paths[0])])
    assert r.exit_code == 0 and "已移除" in r.output
    r = runner.invoke(app, ["corpus", "list", "--json"])
    assert [json.loads(x)["file"] for x in r.output.splitlines()] == [str(paths[1])]
    r = runner.invoke(app, ["corpus", "remove", "--all"])
    assert r.exit_code == 0
    r = runner.invoke(app, ["corpus", "list"])
    assert "索引为空" in r.output


def test_cli_reports_failures_and_embedding_mismatch_in_chinese(tmp_path, monkeypatch):
    _write(tmp_path / "r", [10])
    bad = tmp_path / "r" / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    r = runner.invoke(app, ["ingest", str(tmp_path / "r")])
    assert r.exit_code == 1
    assert "失败 1 份" in r.output and "broken.txt" in r.output

    import assistant.corpus.index as index_mod

    monkeypatch.setattr(index_mod, "embedding_function", lambda s: HashingEmbeddingFunction(dim=128))
    r = runner.invoke(app, ["search", "主动公开"])
    assert r.exit_code == 2
    assert "不能混用" in r.output and "--rebuild" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["ingest", "--rebuild"])
    assert r.exit_code == 0, r.output  # the indexed report is re-ingested with the new embedding
    r = runner.invoke(app, ["search", "主动公开", "--json", "-k", "1"])
    assert r.exit_code == 0 and json.loads(r.output.splitlines()[0])["organ"] == synthetic_report(10).agency


def test_cli_unreachable_chroma_server_is_a_clear_error(monkeypatch):
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NIANBAO_CHROMA_URL", f"http://127.0.0.1:{port}")
    r = runner.invoke(app, ["search", "主动公开"])
    assert r.exit_code == 2
    assert "无法连接 Chroma 服务" in r.output and "Traceback" not in r.output


def test_cli_search_on_an_empty_index_says_so():
    r = runner.invoke(app, ["search", "主动公开"])
    assert r.exit_code == 0 and "索引为空" in r.output


def test_a_failing_write_in_a_batch_fails_only_that_file(tmp_path, monkeypatch):
    paths = _write(tmp_path / "r", [0, 1, 2, 3])
    index = CorpusIndex()
    real = index.add_reports
    calls: list[int] = []

    def flaky(items, **kwargs):
        calls.append(len(items))
        if any(src.endswith("report_002.txt") for _, _, src, _ in items):
            raise RuntimeError("模拟的写入错误")
        return real(items, **kwargs)

    monkeypatch.setattr(index, "add_reports", flaky)
    result = ingest_paths(index, paths, batch_size=8)
    assert [f.outcome for f in result.files] == [Outcome.ADDED, Outcome.ADDED, Outcome.FAILED, Outcome.ADDED]
    assert "模拟的写入错误" in result.files[2].reason
    assert calls[0] == 4  # one batch first, then file by file to isolate the failure
    assert sorted(Path(e.source).name for e in index.files()) == ["report_000.txt", "report_001.txt", "report_003.txt"]
    assert index.vectors.count() == index.keyword.size == sum(e.n_chunks for e in index.files())
    index.close()
