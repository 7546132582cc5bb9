"""The corpus page's logic: uploads ingested with progress, listed with parse notes, removed,
searched with filters; a bad upload leaves what is indexed untouched."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from assistant.app import library
from assistant.app.uploads import Upload
from assistant.errors import NianbaoError

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = sorted(CORPUS.glob("0*.txt"))


def _upload(path: Path) -> Upload:
    return Upload(name=path.name, data=path.read_bytes())


def _scanned_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(20, 20, 200, 200), fill=(0, 0, 0))
    return doc.tobytes()


def test_ingest_several_with_progress_then_list_and_search():
    seen: list[tuple[int, int, str]] = []
    with library.open_index() as index:
        report = library.ingest_uploads(index, [_upload(p) for p in SEEDS[:3]],
                                        lambda d, t, n: seen.append((d, t, n)))
    assert report.added == 3 and not report.failed
    assert [d for d, _, _ in seen] == [1, 2, 3] and {t for _, t, _ in seen} == {3}
    with library.open_index() as index:
        rows = library.rows(index)
        assert sorted(r.name for r in rows) == sorted(p.name for p in SEEDS[:3])
        assert all(r.organ != "未识别" and r.year and r.chunks > 0 for r in rows)
        assert {r.format for r in rows} <= {library.format_name(f) for f in ("2019", "2021", "legacy")}
        organ = rows[0].organ
        hits = library.search(index, "依申请公开", organ=organ, k=5)
    assert hits and all(h.organ == organ for h in hits)


def test_the_same_upload_twice_is_unchanged_not_duplicated():
    with library.open_index() as index:
        library.ingest_uploads(index, [_upload(SEEDS[0])])
        again = library.ingest_uploads(index, [_upload(SEEDS[0])])
        assert [o for _, o, _ in again.results] == ["未变"]
        assert len(library.rows(index)) == 1


def test_bad_uploads_are_named_and_nothing_indexed_is_touched():
    with library.open_index() as index:
        library.ingest_uploads(index, [_upload(SEEDS[0])])
        before = library.rows(index)
        outcome = library.ingest_uploads(index, [
            Upload(name="扫描件.pdf", data=_scanned_pdf()),
            Upload(name="图片.png", data=b"\x89PNG\r\n"),
            Upload(name="空.txt", data=b""),
            Upload(name="随笔.txt", data="今天天气很好。".encode()),
        ])
        after = library.rows(index)
    reasons = dict(outcome.failed)
    assert "扫描件" in reasons["扫描件.pdf"] and "OCR" in reasons["扫描件.pdf"]
    assert "不支持的文件类型" in reasons["图片.png"]
    assert "空" in reasons["空.txt"]
    assert "不像政府信息公开工作年度报告" in reasons["随笔.txt"]
    assert after == before
    assert not any(p.name == "扫描件.pdf" for p in library.uploads_dir().rglob("*"))


def test_remove_takes_the_report_and_its_copy_away():
    with library.open_index() as index:
        library.ingest_uploads(index, [_upload(SEEDS[0]), _upload(SEEDS[1])])
        rows = library.rows(index)
        n = library.remove(index, rows[0].key)
        assert n == rows[0].chunks
        assert [r.name for r in library.rows(index)] == [rows[1].name]
        assert not Path(rows[0].key).exists()
        with pytest.raises(NianbaoError, match="不在索引中"):
            library.remove(index, rows[0].key)


def test_search_refuses_empty_query_and_reversed_years():
    with library.open_index() as index:
        with pytest.raises(NianbaoError, match="不能为空"):
            library.search(index, "  ")
        with pytest.raises(NianbaoError, match="起始年度"):
            library.search(index, "公开", year_min=2022, year_max=2020)


def test_parse_notes_are_kept_for_the_list():
    """A report the parser has remarks on shows them in the list; the seeds have none."""
    real = Path(__file__).resolve().parents[2] / "corpus" / "shuyang_xian_2025.txt"  # OCR misreads the organ
    with library.open_index() as index:
        library.ingest_uploads(index, [_upload(real), _upload(SEEDS[0])])
        rows = {r.name: r for r in library.rows(index)}
    assert "「沐阳县」" in rows[real.name].notes and "「沭阳县」更正" in rows[real.name].notes
    assert rows[SEEDS[0].name].notes == ""


def test_a_report_another_process_ingests_is_found_by_the_long_lived_app(tmp_path):
    """Chroma keeps one embedded client per path per process; the app's next open must still see
    vectors that ``nianbao ingest`` wrote in another process meanwhile."""
    import subprocess
    import sys

    from assistant.corpus import CorpusIndex

    with library.open_index(write=True) as index:
        library.ingest_uploads(index, [_upload(SEEDS[0])])
    held = CorpusIndex()  # an app-side index object that stays open, its vector client cached
    try:
        before = {h.source for h in held_search(held)}
        assert before and all(Path(s).name == SEEDS[0].name for s in before)
        nianbao = Path(sys.executable).with_name("nianbao")
        subprocess.run([str(nianbao), "ingest", str(SEEDS[1])], check=True, capture_output=True)
        with library.open_index() as index:
            names = {Path(h.source).name for h in library.search(index, "政府信息公开", k=200, mode="vector")}
        assert SEEDS[1].name in names
        assert held_search(held)  # the object opened before still answers
    finally:
        held.close()


def held_search(index):
    return library.search(index, "政府信息公开", k=200, mode="vector")
