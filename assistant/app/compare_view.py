"""The review page: a report (and last year's) → findings as Chinese lines, and the key figures of
both years side by side for the chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.app.grid import FindingLine, finding_line
from assistant.findings import NotAssessable, Severity
from assistant.report import Number, Report

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
    title: str
    errors: int
    warnings: int
    findings: list[FindingLine] = Field(default_factory=list)
    not_assessable: list[NotAssessable] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)


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
    return ReviewView(title=title, errors=len(result.errors), warnings=len(result.warnings), findings=findings,
                      not_assessable=list(result.not_assessable), figures=figures)


def figures_frame(view: ReviewView) -> pd.DataFrame:
    """The figures as a frame for ``st.bar_chart`` (blank stays <NA>, not 0)."""
    import pandas as pd

    return pd.DataFrame({
        "项目": [f.label for f in view.figures],
        "上年": pd.array([f.last for f in view.figures], dtype="Float64"),
        "本年": pd.array([f.this for f in view.figures], dtype="Float64"),
    })
