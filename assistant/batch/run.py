"""``check_batch(directory, previous_dir=None) -> list[BatchRow]``: parse and check every report in
a folder (recursively), in parallel processes, one row per file.

Each report is paired with its organ's report of the year before — found in ``previous_dir`` or in
the folder itself — by normalised organ name; a paired report is also checked across years and
compared (copy ratio). A file that cannot be read is a row with its error, never a stop.
Sentences frequent across the batch count as boilerplate in the copy ratio and in the copy rules
X-04/X-05 (taken from the review, not the plain checker), like the format's own wording.
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

COPY_RULES = ("X-04", "X-05")
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
    def wanted(p: Path) -> bool:
        hidden = any(part.startswith(".") for part in p.relative_to(directory).parts)
        return p.is_file() and p.suffix.lower() in SUFFIXES and not hidden

    return sorted(p for p in directory.rglob("*") if wanted(p))


def _parse_one(path: str) -> tuple[str, Report | None, str | None, frozenset[str]]:
    """The report (or why not) and its sentence keys, for the batch's own boilerplate."""
    from assistant.boilerplate import sentence_keys
    from assistant.load import load_report

    try:
        report = load_report(Path(path))
    except NianbaoError as exc:
        return path, None, exc.message, frozenset()
    except Exception as exc:  # a bug must not stop the batch: the row says so
        return path, None, f"读取时出现内部错误：{type(exc).__name__}", frozenset()
    return path, report, None, sentence_keys(report.text) if report.text else frozenset()


def _sum(*values: Number | None) -> Number | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _check_one(item: tuple[str, Report, Report | None, str | None, frozenset[str]]) -> BatchRow:
    from assistant.checker import check
    from assistant.review import compare

    path, report, previous, previous_path, boilerplate = item
    result = check(report, previous)
    copy_ratio = None
    findings = [f for f in result.findings if f.severity.value != "info"]
    if previous is not None and report.text.strip() and previous.text.strip():
        review = compare(report, previous, boilerplate, checked=result)
        copy_ratio = review.copy_ratio
        # Copying as the review judges it (boilerplate and the batch's common sentences left out).
        findings = [f for f in findings if f.rule not in COPY_RULES] + [
            Finding(**f.model_dump(exclude={"anchor"})) for f in review.findings if f.rule in COPY_RULES]
    return BatchRow(
        file=path, organ=report.agency, year=report.year, format=report.format.value,
        new_applications=report.value("t3.new.total"), handled_total=report.value("t3.total.total"),
        carried_forward=report.value("t3.carried_forward.total"), review_total=report.value("t4.review.total"),
        suit_total=_sum(report.value("t4.suit_direct.total"), report.value("t4.suit_after_review.total")),
        errors=sum(1 for f in findings if f.severity.value == "error"),
        warnings=sum(1 for f in findings if f.severity.value == "warning"),
        rules=sorted({f.rule for f in findings}), previous_file=previous_path, copy_ratio=copy_ratio,
        notes=list(report.notes), findings=findings,
    )


def _warm() -> None:
    """Import what the workers use before they fork, so each does not import it again."""
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import lxml.etree  # noqa: F401

    import assistant.checker  # noqa: F401
    import assistant.load  # noqa: F401
    import assistant.parse.readers  # noqa: F401
    import assistant.parse.text  # noqa: F401
    import assistant.review  # noqa: F401
    from assistant.parse.readers.mupdf import load_pymupdf

    load_pymupdf()  # without its layout model: see assistant.parse.readers.mupdf


class _Runner:
    """Maps over a process pool (or in this process for one worker), counting progress."""

    def __init__(self, workers: int, total: int, progress: Progress | None) -> None:
        self.workers, self.total, self.progress, self.done = workers, total, progress, 0
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Runner:
        if self.workers > 1:
            _warm()
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress:
            self.progress(self.done, self.total)

    def map(self, fn: Callable, items: list) -> Iterable:
        if self.pool is None:
            outs: Iterable = map(fn, items)
        else:
            chunk = max(1, min(8, len(items) // (self.workers * 8) or 1))
            outs = self.pool.map(fn, items, chunksize=chunk)
        for out in outs:
            self.tick()
            yield out


def check_batch(directory: Path, previous_dir: Path | None = None, *, workers: int | None = None,
                progress: Progress | None = None, boilerplate: frozenset[str] = frozenset()) -> list[BatchRow]:
    """One row per report file under ``directory``, in file order. ``progress(done, total)`` is
    called as files finish (parsing counts once, checking once: ``total`` is twice the files)."""
    files = [str(p) for p in report_files(directory)]
    previous_files = [str(p) for p in report_files(previous_dir)] if previous_dir else []
    workers = workers or os.cpu_count() or 1
    total = 2 * len(files) + len(previous_files)
    with _Runner(workers, total, progress) as runner:
        return _run(runner, files, previous_files, boilerplate)


def _run(runner: _Runner, files: list[str], previous_files: list[str], boilerplate: frozenset[str]) -> list[BatchRow]:
    from assistant.boilerplate import frequent_keys

    parsed: dict[str, tuple[Report | None, str | None]] = {}
    keys_of: list[tuple[str, frozenset[str]]] = []
    for path, report, error, keys in runner.map(_parse_one, files + previous_files):
        parsed[path] = (report, error)
        if report is not None and keys:
            keys_of.append((report.agency or path, keys))
    by_organ_year: dict[tuple[str, int], str] = {}
    for path in previous_files + files:  # this folder's own report wins
        report = parsed[path][0]
        organ = normalise_organ(report.agency) if report else None
        if report is not None and organ and report.year:
            by_organ_year[(organ, report.year)] = path
    keys = frequent_keys(keys_of)
    rows: dict[str, BatchRow] = {}
    items: list[tuple[str, Report, Report | None, str | None]] = []  # with the boilerplate keys below
    for path in files:
        report, error = parsed[path]
        if report is None:
            rows[path] = BatchRow(file=path, error=error or "无法读取")
            continue
        organ = normalise_organ(report.agency)
        prev_path = by_organ_year.get((organ, report.year - 1)) if organ and report.year else None
        items.append((path, report, parsed[prev_path][0] if prev_path else None, prev_path))
    runner.tick(len(rows))
    for row in runner.map(_check_one, [(*item, boilerplate | keys) for item in items]):
        rows[row.file] = row
    return [rows[p] for p in files]
