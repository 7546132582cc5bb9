"""The review page: this year's report or draft against last year's → every checker finding as a
Chinese line, the key figures of both years for the chart, and ``assistant.review.compare`` (the
redline, similarity per section); the 批量 tab's uploads → ``assistant.batch.check_batch`` rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.app.uploads import Upload, unpack
from assistant.batch import BatchRow
from assistant.findings import NotAssessable, Severity
from assistant.report import Number, Report
from assistant.review import Review
from assistant.summaries import FindingLine, finding_line

if TYPE_CHECKING:
    import pandas as pd

# The figures a reviewer compares first, with their labels.
KEY_FIGURES: dict[str, str] = {
    "t3.new.total": "新收申请",
    "t3.carried_in.total": "上年结转",
    "t3.granted.total": "予以公开",
    "t3.partial.total": "部分公开",
    "t3.total.total": "办理总计",
    "t3.carried_forward.total": "结转下年度",
    "t4.review.total": "行政复议",
    "t4.suit_direct.total": "直接起诉",
    "t4.suit_after_review.total": "复议后起诉",
}


class Figure(BaseModel):
    key: str
    label: str
    this: Number | None
    last: Number | None


class ReviewView(BaseModel):
    model_config = {"arbitrary_types_allowed": True}

    title: str
    errors: int
    warnings: int
    findings: list[FindingLine] = Field(default_factory=list)
    not_assessable: list[NotAssessable] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    compared: Review | None = None  # None without last year's report


def _title(r: Report) -> str:
    return f"{r.agency or '机关未识别'} {r.year or '年度未识别'} 年度"


def review(this: Report, last: Report | None = None) -> ReviewView:
    from assistant.checker import check

    result = check(this, last)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings = [finding_line(f) for f in sorted(result.findings, key=lambda f: order[f.severity])]
    figures = []
    if last is not None:
        for key, label in KEY_FIGURES.items():
            a, b = this.value(key), last.value(key)
            if a is not None or b is not None:
                figures.append(Figure(key=key, label=label, this=a, last=b))
    title = _title(this) + (f"　对照：{_title(last)}" if last is not None else "")
    compared = None
    if last is not None:
        from assistant.review import compare

        compared = compare(this, last)
    return ReviewView(title=title, errors=len(result.errors), warnings=len(result.warnings), findings=findings,
                      not_assessable=list(result.not_assessable), figures=figures, compared=compared)


def sections_frame(view: ReviewView) -> pd.DataFrame:
    """Similarity per section (numbers, years and boilerplate masked), and whether it is copied."""
    import pandas as pd

    assert view.compared is not None
    rows = [s for s in view.compared.sections if s.section in "一二三四五六"]
    return pd.DataFrame({
        "章节": [f"{s.section}、{s.heading or s.last_heading or ''}" for s in rows],
        "相似度": pd.array([None if s.similarity is None else round(s.similarity * 100) for s in rows], dtype="Int64"),
        "照搬上年": ["是" if s.copied else "" for s in rows],
    })


def redline_html(view: ReviewView) -> str:
    from assistant.review import render_redline_html

    assert view.compared is not None
    return render_redline_html(view.compared)


class BatchResult(BaseModel):
    rows: list[BatchRow] = Field(default_factory=list)
    skipped: list[tuple[str, str]] = Field(default_factory=list)


def run_batch(uploads: list[Upload], progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Check every uploaded report (a .zip expanded) like ``nianbao check-batch`` on a folder."""
    import tempfile
    from pathlib import Path

    from assistant.batch import check_batch

    unpacked = unpack(uploads)
    if not unpacked.files:
        return BatchResult(skipped=unpacked.skipped)
    with tempfile.TemporaryDirectory(prefix="nianbao-batch-") as tmp:
        names: dict[str, str] = {}
        for i, up in enumerate(unpacked.files):
            folder = Path(tmp) / f"{i:04d}"
            folder.mkdir()
            path = folder / Path(up.name).name
            path.write_bytes(up.data)
            names[str(path)] = up.name
        rows = check_batch(Path(tmp), workers=min(2, len(unpacked.files)), progress=progress)
    for row in rows:
        row.file = names.get(row.file, Path(row.file).name)
        if row.previous_file:
            row.previous_file = names.get(row.previous_file, Path(row.previous_file).name)
    return BatchResult(rows=rows, skipped=unpacked.skipped)


def batch_frame(result: BatchResult) -> pd.DataFrame:
    import pandas as pd

    from assistant.batch.write import COLUMNS, row_values
    from assistant.formats import FORMAT_SHORT_NAMES, FormatId

    frame = pd.DataFrame([row_values(r) for r in result.rows], columns=[label for _, label in COLUMNS])
    at = [f for f, _ in COLUMNS].index("format")
    frame.iloc[:, at] = [f"{FORMAT_SHORT_NAMES[FormatId(v)]}格式" if v in set(FormatId) else v for v in frame.iloc[:, at]]
    return frame


def batch_files(result: BatchResult) -> dict[str, tuple[Callable[[], bytes], str]]:
    """Download name → (builder, mime): the check-batch table as .xlsx and the 通报 as .docx."""
    from assistant.batch.write import notice_docx, xlsx_bytes

    return {
        "批量核查结果.xlsx": (lambda: xlsx_bytes(result.rows),
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "通报.docx": (lambda: notice_docx(result.rows),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    }


def figures_frame(view: ReviewView) -> pd.DataFrame:
    """The figures as a frame for ``st.bar_chart`` (blank stays <NA>, not 0)."""
    import pandas as pd

    return pd.DataFrame({
        "项目": [f.label for f in view.figures],
        "上年": pd.array([f.last for f in view.figures], dtype="Float64"),
        "本年": pd.array([f.this for f in view.figures], dtype="Float64"),
    })
