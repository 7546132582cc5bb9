"""The corpus page: past reports uploaded into the retrieval index, listed, removed and searched.

Uploads are kept under ``<data dir>/uploads/`` (the index points at files), each in a folder named
by its content hash so two files of the same name never collide. The parser's remarks on each
report are kept in the index manifest beside the file's entry.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.app.uploads import Unpacked, Upload, unpack
from assistant.config import Settings, get_settings
from assistant.errors import NianbaoError
from assistant.formats import FORMAT_NAMES, FormatId

if TYPE_CHECKING:
    from assistant.corpus import CorpusIndex, Hit
    from assistant.corpus.ingest import FileResult

OUTCOME_NAMES = {"added": "新增", "updated": "更新", "unchanged": "未变", "failed": "失败"}
SECTION_CHOICES = ("一", "二", "三", "四", "五", "六")
_NOTES_META = "parse_notes:"


class CorpusRow(BaseModel):
    key: str
    name: str  # the file name as uploaded
    organ: str
    year: int | None
    format: str  # Chinese
    chunks: int
    notes: str  # the parser's remarks, Chinese; "" when none


class IngestReport(BaseModel):
    """What one upload batch did: per file outcome (Chinese), and the files refused before parsing."""

    results: list[tuple[str, str, str]] = Field(default_factory=list)  # (name, outcome, reason)
    skipped: list[tuple[str, str]] = Field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for _, o, _ in self.results if o in ("新增", "更新"))

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(n, r) for n, o, r in self.results if o == "失败"] + list(self.skipped)


def format_name(format_id: str | None) -> str:
    try:
        return FORMAT_NAMES[FormatId(format_id or "")]
    except ValueError:
        return format_id or "未识别"


def uploads_dir(settings: Settings | None = None) -> Path:
    return Path((settings or get_settings()).data_dir) / "uploads"


@contextmanager
def open_index(settings: Settings | None = None, *, write: bool = False) -> Iterator[CorpusIndex]:
    """The index of the data directory under its lock (exclusive for ``write``), closed afterwards
    (its sqlite handle is per thread, and Streamlit reruns a page on another thread). Each open
    sees what other processes (``nianbao ingest``) wrote since the last one: the vector client is
    reopened when the manifest changed (:func:`assistant.corpus.vectors.make_client`)."""
    from assistant.corpus.index import open_index as open_corpus_index

    try:
        opened = open_corpus_index(write=write, settings=settings)
        index = opened.__enter__()
    except NianbaoError:
        raise
    except Exception as exc:  # a Chroma server that answers but fails, a locked file…
        raise NianbaoError(f"无法打开检索索引：{type(exc).__name__}: {exc}") from exc
    with contextlib.ExitStack() as stack:
        stack.push(opened)
        yield index


def save_upload(up: Upload, settings: Settings | None = None) -> Path:
    """Write an upload under the uploads folder; the same content lands on the same path."""
    digest = hashlib.sha256(up.data).hexdigest()[:16]
    folder = uploads_dir(settings) / digest
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(up.name).name
    if not path.exists():
        path.write_bytes(up.data)
    return path


def ingest_uploads(
    index: CorpusIndex,
    uploads: list[Upload],
    on_progress: Callable[[int, int, str], None] | None = None,
    settings: Settings | None = None,
) -> IngestReport:
    """Ingest uploaded reports (a .zip is expanded); ``on_progress(done, total, name)`` after each."""
    from assistant.corpus import ingest_paths
    from assistant.parse import parse

    unpacked: Unpacked = unpack(uploads)
    report = IngestReport(skipped=list(unpacked.skipped))
    paths = [save_upload(up, settings) for up in unpacked.files]
    names = {str(p): p.name for p in paths}
    notes: dict[str, list[str]] = {}
    done = 0
    total = len(paths)

    def parse_keeping_notes(path):
        parsed = parse(path)
        notes[str(path)] = list(parsed.notes)
        return parsed

    def on_file(r: FileResult) -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done, total, names.get(r.source, Path(r.source).name))

    if paths:
        result = ingest_paths(index, paths, parse=parse_keeping_notes, on_file=on_file)
        for r in result.files:
            report.results.append((names.get(r.source, Path(r.source).name), OUTCOME_NAMES[r.outcome.value],
                                   r.reason or ""))
            if r.outcome.value in ("added", "updated"):
                index.manifest.set_meta(_NOTES_META + str(Path(r.source).resolve()), notes.get(r.source, []))
            elif r.outcome.value == "failed":
                _discard(Path(r.source), settings)
    return report


def rows(index: CorpusIndex) -> list[CorpusRow]:
    out = []
    for f in index.files():
        notes = index.manifest.get_meta(_NOTES_META + f.key) or []
        out.append(CorpusRow(
            key=f.key, name=Path(f.source).name, organ=f.organ or "未识别", year=f.year,
            format=format_name(f.format), chunks=f.n_chunks,
            notes="；".join(notes),
        ))
    return out


def remove(index: CorpusIndex, key: str, settings: Settings | None = None) -> int:
    """Take a report out of the index (and its uploaded copy); the number of chunks removed."""
    entry = index.file(key)
    if entry is None:
        raise NianbaoError("该报告不在索引中（可能已被移除）")
    n = index.remove(key)
    index.flush()
    index.manifest.set_meta(_NOTES_META + key, [])
    _discard(Path(entry.source), settings)
    return n


def _discard(path: Path, settings: Settings | None) -> None:
    """Delete an uploaded copy (never a file outside the uploads folder)."""
    root = uploads_dir(settings).resolve()
    try:
        resolved = path.resolve()
        if root in resolved.parents and resolved.is_file():
            resolved.unlink()
            if not any(resolved.parent.iterdir()):
                resolved.parent.rmdir()
    except OSError:
        pass


def search(index: CorpusIndex, query: str, *, organ: str | None = None, year_min: int | None = None,
           year_max: int | None = None, sections: list[str] | None = None, format: str | None = None,
           k: int = 10, mode: str = "hybrid") -> list[Hit]:
    """Passages for ``query`` under the filters (organ: full name or part of it)."""
    from assistant.corpus import Retriever

    if not query.strip():
        raise NianbaoError("检索内容不能为空")
    if year_min is not None and year_max is not None and year_min > year_max:
        raise NianbaoError("起始年度不能晚于截止年度")
    r = Retriever(index)
    filters = r.filters(organ=organ or None, year_min=year_min, year_max=year_max,
                        section=sections or None, format=format or None)
    return r.search(query, k=k, filters=filters, mode=mode)


def source_paragraph(index: CorpusIndex, chunk_id: str) -> str | None:
    """The full text of an indexed passage (a citation opens it)."""
    chunk = index.manifest.chunks([chunk_id]).get(chunk_id)
    return None if chunk is None else chunk.text
