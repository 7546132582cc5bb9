"""Ingest report files and folders into a ``CorpusIndex``.

An unchanged file (same SHA-256) is skipped; a changed one has its chunks replaced; a file that
cannot be read or parsed is reported with its reason (Chinese) and the batch goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.corpus.index import CorpusIndex

SUFFIXES = {".txt", ".text", ".md", ".htm", ".html", ".docx", ".pdf"}


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class FileResult(BaseModel):
    source: str
    outcome: Outcome
    chunks: int = 0
    reason: str | None = None  # Chinese, for FAILED


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


class NoFiles(ValueError):
    pass


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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest_file(index: CorpusIndex, path: Path, parse: Callable | None = None) -> FileResult:
    from assistant.parse import ParseError

    if parse is None:
        from assistant.parse import parse
    source = str(path)
    try:
        digest = sha256_of(path)
    except OSError as exc:
        return FileResult(source=source, outcome=Outcome.FAILED, reason=f"无法读取文件：{exc.strerror or exc}")
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
        return FileResult(source=source, outcome=Outcome.FAILED, reason="未识别出报告的章节（一、二、……），无法分块")
    chunks = index.add_report(report, key=key, source=source, sha256=digest)
    return FileResult(source=source, outcome=Outcome.UPDATED if before else Outcome.ADDED, chunks=len(chunks))


def ingest_paths(
    index: CorpusIndex,
    paths: Iterable[str | Path],
    *,
    parse: Callable | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestResult:
    """Ingest every report file under ``paths``; the keyword index is saved at the end."""
    files, missing = expand(paths)
    result = IngestResult(files=list(missing))
    if on_start:
        on_start(len(files))
    try:
        for f in files:
            try:
                r = ingest_file(index, f, parse=parse)
            except Exception as exc:  # store errors: report and go on
                r = FileResult(source=str(f), outcome=Outcome.FAILED, reason=f"写入索引失败：{exc}")
            result.files.append(r)
            if on_file:
                on_file(r)
    finally:
        index.flush()
    return result
