"""What a year-on-year review returns (pure pydantic): sections aligned with their sentences and
character diffs, table deltas, cross-year findings, a Chinese summary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.findings import Finding
from assistant.report import Number

DiffTag = Literal["equal", "insert", "delete"]
# same: identical; numbers: identical once numbers and years are masked (only they changed);
# changed: aligned, reworded; added: only this year; removed: only last year.
PairStatus = Literal["same", "numbers", "changed", "added", "removed"]


class DiffOp(BaseModel):
    tag: DiffTag
    text: str


class SentencePair(BaseModel):
    status: PairStatus
    this: str | None = None
    last: str | None = None
    ops: list[DiffOp] = Field(default_factory=list)  # character diff, last → this
    boilerplate: bool = False  # wording every organ writes: left out of the copy ratio


class SectionReview(BaseModel):
    section: str  # the national section number this aligns to, "一" … "六" (or the printed one)
    heading: str | None = None  # this year's heading as printed
    last_heading: str | None = None
    similarity: float | None = None  # 0…1, numbers, years and boilerplate removed; None if one side is missing
    copied: bool = False
    sentences: list[SentencePair] = Field(default_factory=list)
    boilerplate_sentences: int = 0


class CellDelta(BaseModel):
    key: str
    label: str
    last: Number | None = None
    this: Number | None = None
    delta: Number | None = None  # this − last; None when either is blank
    swing: bool = False  # ×3 or ÷3 (or from 0 to 10 and more)
    rules: list[str] = Field(default_factory=list)  # cross-year findings on this cell, e.g. ["X-07"]


class ReviewFinding(Finding):
    """A checker finding with the place in the review it concerns (an HTML anchor)."""

    anchor: str | None = None  # "sec-五", "cell-t3.new.total", "sections"


class Review(BaseModel):
    organ: str | None = None
    year: int | None = None
    last_organ: str | None = None
    last_year: int | None = None
    sections: list[SectionReview] = Field(default_factory=list)
    similarity: float | None = None  # whole text, numbers, years and boilerplate removed
    copy_ratio: float | None = None  # share of this year's own wording (characters) unchanged from last year
    findings: list[ReviewFinding] = Field(default_factory=list)
    deltas: list[CellDelta] = Field(default_factory=list)
    summary: str = ""

    def to_json(self) -> dict:
        """The ``nianbao compare --json`` document."""
        return self.model_dump(mode="json")
