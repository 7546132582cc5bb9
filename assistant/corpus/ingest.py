"""Ingest report files and folders into a ``CorpusIndex``.

An unchanged file (same SHA-256) is skipped; a changed one has its chunks replaced; a file that
cannot be read or parsed is reported with its reason (Chinese) and the batch goes on. The same
report under another name or in another encoding (same normalised text) is indexed once. The
whole run holds the data directory for writing (``CorpusIndex.writing``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.corpus.index import CorpusIndex
from assistant.errors import NianbaoError, os_error_text
from assistant.report import Report

SUFFIXES = {".txt", ".text", ".md", ".htm", ".html", ".docx", ".pdf"}
BATCH = 32


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FAILED = "failed"


class FileResult(BaseModel):
    source: str
    outcome: Outcome
    chunks: int = 0
    reason: str | None = None  # Chinese, for FAILED and DUPLICATE
    warning: str | None = None  # Chinese: indexed, but something the user should know


class IngestResult(BaseModel):
    files: list[FileResult] = Field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.outcome == Outcome.FAILED]

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)


class NoFiles(NianbaoError):
    """No report file under the given paths."""


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Report files under ``paths`` (folders recursively, hidden files skipped), and the paths
    that do not exist."""
    files: list[Path] = []
    missing: list[FileResult] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.is_file():
            files.append(p)
        else:
            missing.append(FileResult(source=str(p), outcome=Outcome.FAILED, reason="文件或文件夹不存在"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, missing


def file_key(path: Path) -> str:
    return str(path.resolve())


def content_hash(report: Report) -> str:
    """Hash of the report's text as read, normalised (NFKC, no BOM, whitespace collapsed): the same
    report saved as UTF-8 and as GBK, or with other line ends, hashes the same."""
    text = unicodedata.normalize("NFKC", report.text.replace("\ufeff", ""))
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _Parsed(BaseModel):
    model_config = {"arbitrary_types_allowed": True}
    source: str
    key: str
    digest: str
    content: str
    report: Report
    existed: bool
    warning: str | None = None


def prepare_file(index: CorpusIndex, path: Path, parse: Callable | None = None) -> FileResult | _Parsed:
    """Hash and parse one file: a final result (unchanged, failed) or a parsed report to write."""
    from assistant.parse import ParseError

    if parse is None:
        from assistant.parse import parse as parse_report

        parse = parse_report
    source = str(path)
    from assistant.limits import LIMITS, TooLarge

    try:
        LIMITS.ingest.check_file(path)
        digest = sha256_of(path)
    except TooLarge as exc:
        return FileResult(source=source, outcome=Outcome.FAILED, reason=exc.message)
    except OSError as exc:
        return FileResult(source=source, outcome=Outcome.FAILED, reason=f"无法读取文件：{os_error_text(exc)}")
    key = file_key(path)
    before = index.file(key)
    if before is not None and before.sha256 == digest:
        return FileResult(source=source, outcome=Outcome.UNCHANGED, chunks=before.n_chunks)
    try:
        report = parse(path)
    except ParseError as exc:
        return FileResult(source=source, outcome=Outcome.FAILED, reason=str(exc))
    except Exception as exc:  # a parser bug must not stop the batch
        return FileResult(source=source, outcome=Outcome.FAILED, reason=f"解析出错：{type(exc).__name__}: {exc}")
    if not report.sections:
        return FileResult(source=source, outcome=Outcome.FAILED,
                          reason="只识别出统计表，没有识别出章节（一、二、……）的正文，无法分块入库")
    content = content_hash(report)
    twin = index.manifest.file_with_content(content)
    if twin is not None and twin.key != key:
        return FileResult(source=source, outcome=Outcome.DUPLICATE,
                          reason=f"与已入库的 {twin.source} 内容相同（文件名或编码不同），未重复入库")
    warning = None
    if report.format.value != "legacy" and not report.cells:
        warning = "识别出了章节，但没有识别出统计表的任何单元格（正文照常入库）"
    return _Parsed(source=source, key=key, digest=digest, content=content, report=report,
                   existed=before is not None, warning=warning)


def write_parsed(index: CorpusIndex, batch: list[_Parsed]) -> list[FileResult]:
    """Write parsed reports in one batch; if the batch fails, file by file to isolate the cause."""
    from assistant.corpus.embeddings import EmbeddingUnavailable

    try:
        per = index.add_reports([(p.report, p.key, p.source, p.digest) for p in batch],
                                contents=[p.content for p in batch])
    except EmbeddingUnavailable:
        raise  # the service is down: every other file would fail the same way
    except Exception as exc:
        if len(batch) > 1:
            return [r for p in batch for r in write_parsed(index, [p])]
        return [FileResult(source=batch[0].source, outcome=Outcome.FAILED, reason=f"写入索引失败：{exc}")]
    return [
        FileResult(source=p.source, outcome=Outcome.UPDATED if p.existed else Outcome.ADDED, chunks=len(chunks),
                   warning=p.warning)
        for p, chunks in zip(batch, per)
    ]


def ingest_file(index: CorpusIndex, path: Path, parse: Callable | None = None) -> FileResult:
    prepared = prepare_file(index, path, parse)
    return prepared if isinstance(prepared, FileResult) else write_parsed(index, [prepared])[0]


def ingest_paths(
    index: CorpusIndex,
    paths: Iterable[str | Path],
    *,
    parse: Callable | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> IngestResult:
    """Ingest every report file under ``paths``, writing parsed reports in batches (a vector-store
    write has a high fixed cost); the keyword index is saved at the end. Results keep file order."""
    files, missing = expand(paths)
    slots: list[FileResult | None] = [None] * len(files)
    pending: list[tuple[int, _Parsed]] = []
    if on_start:
        on_start(len(files))

    def done(i: int, r: FileResult) -> None:
        slots[i] = r
        if on_file:
            on_file(r)

    def flush_pending() -> None:
        if pending:
            for (i, _), r in zip(pending, write_parsed(index, [p for _, p in pending])):
                done(i, r)
            pending.clear()

    contents: dict[str, str] = {}  # normalised-text hash → source, within this run
    with index.writing():
        for i, f in enumerate(files):
            prepared = prepare_file(index, f, parse=parse)
            if isinstance(prepared, FileResult):
                done(i, prepared)
            elif prepared.content in contents:
                done(i, FileResult(source=prepared.source, outcome=Outcome.DUPLICATE,
                                   reason=f"与 {contents[prepared.content]} 内容相同（文件名或编码不同），未重复入库"))
            else:
                contents[prepared.content] = prepared.source
                pending.append((i, prepared))
                if len(pending) >= batch_size:
                    flush_pending()
        flush_pending()
    return IngestResult(files=list(missing) + [r for r in slots if r is not None])
