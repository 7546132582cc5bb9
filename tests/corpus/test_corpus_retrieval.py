"""Hybrid retrieval, filters and the drafting queries — against the embedded Chroma store and a
real Chroma server (``chroma run`` on 127.0.0.1) alike."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.config import get_settings
from assistant.corpus import CorpusIndex, Filters, Retriever
from assistant.corpus.chunking import chunk_report, clean_text
from assistant.corpus.retrieve import rrf
from assistant.corpus.vectors import metadata
from assistant.testing.synthetic import report_params, synthetic_report

N_ORGANS, YEARS = 12, 4
N_PER_YEAR = 1880  # synthetic.organs() count: report i + N_PER_YEAR is the same organ a year later
INDICES = [o + N_PER_YEAR * y for y in range(YEARS) for o in range(N_ORGANS)]
MODES = ["hybrid", "keyword", "vector"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    exe = Path(sys.executable).parent / "chroma"
    assert exe.exists(), "chromadb's `chroma` executable is missing from the environment"
    port = _free_port()
    log = tmp_path_factory.mktemp("chroma-server") / "server.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [str(exe), "run", "--path", str(log.parent / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=fh, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chroma server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module", params=["embedded", "server"])
def index(request, tmp_path_factory):
    url = request.getfixturevalue("chroma_server") if request.param == "server" else None
    data_dir = tmp_path_factory.mktemp(f"retrieval-{request.param}")
    settings = get_settings(data_dir=data_dir, chroma_url=url, base_url=None, embedding_model=None)
    idx = CorpusIndex(settings, rebuild=True)
    reports = [synthetic_report(i) for i in INDICES]
    idx.add_reports([(r, r.source, r.source, str(i)) for i, r in zip(INDICES, reports)])
    idx.flush()
    idx.kind = request.param
    yield idx
    idx.close()


def _report_of(source: str):
    return synthetic_report(int(Path(source).stem))


def test_store_mode_is_the_configured_one(index):
    assert (index.data_dir / "chroma").exists() == (index.kind == "embedded")
    assert index.vectors.count() == index.keyword.size > 0


@pytest.mark.parametrize("mode", MODES)
def test_topic_query_finds_the_topic_paragraph(index, mode):
    r = Retriever(index)
    # Which organs wrote about each phrase is known from the generated reports themselves.
    for query, phrase in [("老旧小区改造计划和资金安排", "老旧小区改造"),
                          ("食品安全监督抽检不合格产品", "食品安全"),
                          ("没有收取信息处理费", "信息处理费")]:
        assert any(phrase in synthetic_report(i).text for i in INDICES), phrase
        hits = r.search(query, k=5, mode=mode)
        assert hits, (mode, query)
        assert phrase in hits[0].text, (mode, query, hits[0].text)


@pytest.mark.parametrize("mode", MODES)
def test_filters_hold_for_every_hit(index, mode):
    r = Retriever(index)
    organ = report_params(3)[0]
    f = r.filters(organ=organ, year_min=2020, year_max=2021, section="一")
    hits = r.search("政务公开 信息公开", k=10, filters=f, mode=mode)
    assert hits
    assert all(h.organ == organ and 2020 <= h.year <= 2021 and h.section == "一" for h in hits)
    assert {h.year for h in hits} == {2020, 2021} or len(hits) == 10

    f2019 = r.filters(format="2019", section=["五", "六"])
    hits = r.search("问题 改进", k=10, filters=f2019, mode=mode)
    assert hits and all(h.format == "2019" and h.year <= 2020 and h.section in ("五", "六") for h in hits)


def test_organ_filter_accepts_part_of_a_name(index):
    r = Retriever(index)
    assert r.resolve_organ("杭州市教育局") == ["杭州市教育局"]
    many = r.resolve_organ("杭州市")
    assert len(many) == N_ORGANS and all("杭州市" in o for o in many)
    hits = r.search("依申请公开", k=10, filters=r.filters(organ="教育局"))
    assert hits and {h.organ for h in hits} <= {o for o in many if "教育局" in o}


def test_hits_carry_citation_metadata_and_exact_spans(index):
    hits = Retriever(index).search("政府网站集约化建设", k=8)
    assert len(hits) == 8 and len({h.id for h in hits}) == 8
    for h in hits:
        report = _report_of(h.source)
        assert (h.organ, h.year) == (report.agency, report.year)
        assert clean_text(report.text[h.span.start:h.span.end]) == h.text
        assert h.score > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_same_organ_history(index):
    r = Retriever(index)
    organ = report_params(5)[0]
    hits = r.same_organ_history(organ, "五", before_year=2022, k=10)
    assert {h.year for h in hits} == {2019, 2020, 2021}
    assert all(h.organ == organ and h.section == "五" for h in hits)
    years = [h.year for h in hits]
    assert years == sorted(years, reverse=True)
    # Exactly the organ's section-五 chunks of those years.
    expected = {c.id for y in range(3) for c in chunk_report(synthetic_report(5 + N_PER_YEAR * y))
                if c.section == "五"}
    assert {h.id for h in hits} == expected
    assert r.same_organ_history(organ, "五", before_year=2019) == []


def test_peer_examples(index):
    r = Retriever(index)
    organ = report_params(1)[0]
    hits = r.peer_examples("政府网站集约化和栏目管理", section="一", exclude_organ=organ, k=4)
    assert len(hits) == 4
    assert organ not in {h.organ for h in hits}
    assert len({h.organ for h in hits}) == 4  # one paragraph per peer
    assert all(h.section == "一" for h in hits)
    assert any("网站" in h.text for h in hits)


def test_rrf_fuses_rankings():
    fused = rrf([["a", "b", "c"], ["c", "a", "d"]])
    assert [cid for cid, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_filters_where_and_matches_agree():
    f = Filters(organs=["甲"], year_min=2020, year_max=2021, sections=["一"], format="2021")
    assert f.where() == {"$and": [{"organ": {"$in": ["甲"]}}, {"year": {"$gte": 2020}},
                                  {"year": {"$lte": 2021}}, {"section": {"$in": ["一"]}}, {"format": "2021"}]}
    assert f.matches({"organ": "甲", "year": 2021, "section": "一", "format": "2021"})
    assert not f.matches({"organ": "甲", "year": 2019, "section": "一", "format": "2021"})
    assert not f.matches({"organ": "甲", "section": "一", "format": "2021"})  # unknown year
    assert Filters().where() is None and Filters().empty


@pytest.mark.parametrize("exact_max", [30_000, 0])
def test_filtered_vector_paths_agree_with_chroma_where(index, monkeypatch, exact_max):
    """Selective filters are answered exactly from the local embeddings; broad ones by
    over-fetching from Chroma. Both must give what Chroma's own filtered query gives."""
    import assistant.corpus.retrieve as retrieve_mod

    monkeypatch.setattr(retrieve_mod, "LOCAL_EXACT_MAX", exact_max)
    r = Retriever(index)
    for f in (r.filters(organ=report_params(2)[0]), r.filters(year_min=2021, section="一"),
              r.filters(format="2021", exclude_organ="教育局")):
        got = r._vector("政府网站 信息公开 专栏", 8, f)
        want = index.vectors.query("政府网站 信息公开 专栏", 8, where=f.where())
        assert len(got) == len(want) == 8
        assert [s for _, s, _, _ in got] == pytest.approx([s for _, s, _, _ in want], abs=5e-3)
        chunks = index.manifest.chunks(cid for cid, *_ in got)
        assert all(f.matches(metadata(chunks[cid])) for cid, *_ in got)


def test_a_second_client_of_a_shared_server_sees_the_vectors(chroma_server, tmp_path):
    """Shared deployment: another machine (own data dir, no local manifest) queries the server."""
    def settings(d):
        return get_settings(data_dir=tmp_path / d, chroma_url=chroma_server, base_url=None, embedding_model=None)

    # Its own collection, so the module's server index is not disturbed.
    writer = CorpusIndex(settings("writer"), rebuild=True, collection="nianbao-shared-test")
    reports = [synthetic_report(i) for i in (7, 7 + N_PER_YEAR, 7 + 2 * N_PER_YEAR)]
    writer.add_reports([(r, r.source, r.source, r.source) for r in reports])
    writer.flush()
    reader = CorpusIndex(settings("reader"), collection="nianbao-shared-test")
    assert reader.files() == [] and reader.vectors.count() == writer.vectors.count()
    organ = reports[0].agency
    a = Retriever(writer).same_organ_history(organ, "五", before_year=2022)
    b = Retriever(reader).same_organ_history(organ, "五", before_year=2022)
    assert [h.id for h in b] == [h.id for h in a] and {h.year for h in b} == {2019, 2020, 2021}
    assert [h.text for h in b] == [h.text for h in a]
    hits = Retriever(reader).search("问题 改进措施", k=3, filters=Filters(organs=[organ], sections=["五"]))
    assert hits and all(h.organ == organ and h.section == "五" and h.text for h in hits)
    writer.close()
    reader.close()
