"""``check_batch(directory, previous_dir=None) -> list[BatchRow]``: parse and check every report in
a folder (recursively), in parallel processes, one row per file.

Each report is paired with its organ's report of the year before — found in ``previous_dir`` or in
the folder itself — by normalised organ name; a paired report is also checked across years and
compared (copy ratio). A file that cannot be read is a row with its error, never a stop.
Sentences frequent across the batch count as boilerplate in the copy ratio, like the format's own.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import NianbaoError
from assistant.findings import Finding
from assistant.report import Number, Report

SUFFIXES = (".txt", ".text", ".pdf", ".docx", ".html", ".htm", ".json")
Progress = Callable[[int, int], None]  # (done, total)


class BatchRow(BaseModel):
    file: str
    organ: str | None = None
    year: int | None = None
    format: str | None = None
    new_applications: Number | None = None  # 表三 本年新收 总计
    handled_total: Number | None = None  # 表三 办理结果 总计
    carried_forward: Number | None = None  # 表三 结转下年度 总计
    review_total: Number | None = None  # 表四 行政复议 总计
    suit_total: Number | None = None  # 表四 行政诉讼（直接起诉 + 复议后起诉）总计
    errors: int = 0
    warnings: int = 0
    rules: list[str] = Field(default_factory=list)
    previous_file: str | None = None
    copy_ratio: float | None = None
    notes: list[str] = Field(default_factory=list)
    error: str | None = None  # why the file could not be read
    findings: list[Finding] = Field(default_factory=list)


_DROP = re.compile(r"[\s\u3000（）()〔〕\[\]【】《》“”\"'、，,·.．—-]+")


def normalise_organ(name: str | None) -> str | None:
    """An organ's name for pairing across years: NFKC, no spaces or punctuation."""
    if not name:
        return None
    return _DROP.sub("", unicodedata.normalize("NFKC", name)) or None


def report_files(directory: Path) -> list[Path]:
    """Every report file under ``directory`` (recursively), sorted; hidden files skipped."""
    directory = Path(directory)
    if not directory.is_dir():
        raise NianbaoError("不是目录", where=str(directory))
    return sorted(
        p for p in directory.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def _parse_one(path: str) -> tuple[str, Report | None, str | None]:
    from assistant.load import load_report

    try:
        return path, load_report(Path(path)), None
    except NianbaoError as exc:
        return path, None, exc.message
    except Exception as exc:  # a bug must not stop the batch: the row says so
        return path, None, f"读取时出现内部错误：{type(exc).__name__}"


_BOILERPLATE: frozenset[str] = frozenset()


def _init(boilerplate: frozenset[str]) -> None:
    global _BOILERPLATE
    _BOILERPLATE = boilerplate


def _sum(*values: Number | None) -> Number | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _check_one(item: tuple[str, Report, Report | None, str | None]) -> BatchRow:
    from assistant.checker import check
    from assistant.review import compare

    path, report, previous, previous_path = item
    result = check(report, previous)
    copy_ratio = None
    if previous is not None and report.text.strip() and previous.text.strip():
        copy_ratio = compare(report, previous, _BOILERPLATE).copy_ratio
    findings = [f for f in result.findings if f.severity.value != "info"]
    return BatchRow(
        file=path, organ=report.agency, year=report.year, format=report.format.value,
        new_applications=report.value("t3.new.total"), handled_total=report.value("t3.total.total"),
        carried_forward=report.value("t3.carried_forward.total"), review_total=report.value("t4.review.total"),
        suit_total=_sum(report.value("t4.suit_direct.total"), report.value("t4.suit_after_review.total")),
        errors=len(result.errors), warnings=len(result.warnings),
        rules=sorted({f.rule for f in findings}), previous_file=previous_path, copy_ratio=copy_ratio,
        notes=list(report.notes), findings=findings,
    )


def _map(fn: Callable, items: list, workers: int, progress: Progress | None, done: int, total: int,
         initargs: tuple = ()) -> Iterable:
    if workers <= 1:
        _init(*initargs) if initargs else None
        for x in items:
            yield fn(x)
            done += 1
            if progress:
                progress(done, total)
        return
    chunk = max(1, min(16, len(items) // (workers * 4) or 1))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init if initargs else None, initargs=initargs) as pool:
        for out in pool.map(fn, items, chunksize=chunk):
            yield out
            done += 1
            if progress:
                progress(done, total)


def check_batch(directory: Path, previous_dir: Path | None = None, *, workers: int | None = None,
                progress: Progress | None = None, boilerplate: frozenset[str] = frozenset()) -> list[BatchRow]:
    """One row per report file under ``directory``, in file order. ``progress(done, total)`` is
    called as files finish (parsing counts once, checking once: ``total`` is twice the files)."""
    from assistant.review import frequent_sentences

    files = [str(p) for p in report_files(directory)]
    previous_files = [str(p) for p in report_files(previous_dir)] if previous_dir else []
    workers = workers or os.cpu_count() or 1
    total = 2 * len(files) + len(previous_files)
    parsed: dict[str, tuple[Report | None, str | None]] = {}
    for path, report, error in _map(_parse_one, files + previous_files, workers, progress, 0, total):
        parsed[path] = (report, error)
    by_organ_year: dict[tuple[str, int], str] = {}
    for path in previous_files + files:  # this folder's own report wins
        report = parsed[path][0]
        organ = normalise_organ(report.agency) if report else None
        if report is not None and organ and report.year:
            by_organ_year[(organ, report.year)] = path
    keys = frequent_sentences((r.agency or p, r.text) for p, (r, _) in parsed.items() if r is not None and r.text)
    rows: dict[str, BatchRow] = {}
    items: list[tuple[str, Report, Report | None, str | None]] = []
    for path in files:
        report, error = parsed[path]
        if report is None:
            rows[path] = BatchRow(file=path, error=error or "无法读取")
            continue
        organ = normalise_organ(report.agency)
        prev_path = by_organ_year.get((organ, report.year - 1)) if organ and report.year else None
        items.append((path, report, parsed[prev_path][0] if prev_path else None, prev_path))
    done = len(files) + len(previous_files) + len(rows)
    for row in _map(_check_one, items, workers, progress, done, total, (boilerplate | keys,)):
        rows[row.file] = row
    return [rows[p] for p in files]
