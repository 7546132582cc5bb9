"""The typed report: what the parser produces and everything else consumes.

Pure pydantic models, no I/O. A cell value is an ``int`` (a ``float`` for ``*_wan`` amounts) or
``None`` when the published table left it blank: blank is not zero.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from assistant.formats import FormatId, cell_keys

Number = int | float


class OrganKind(StrEnum):
    GOVERNMENT = "government"  # 各级人民政府 (and 管委会 acting as one)
    DEPARTMENT = "department"  # 县级以上人民政府部门


ORGAN_KIND_NAMES: dict[OrganKind | None, str] = {
    OrganKind.GOVERNMENT: "人民政府", OrganKind.DEPARTMENT: "政府部门", None: "未能判断",
}


class Span(BaseModel):
    """Where something came from in the report's normalised text: [start, end) characters and
    the 1-based line of ``start``."""

    start: int
    end: int
    line: int | None = None


class Cell(BaseModel):
    key: str
    value: Number | None = None
    raw: str | None = None  # the text printed in the source, e.g. "218827.31（万元）"
    span: Span | None = None
    # When the parser could not settle a value (run-together digits with several splits):
    # the candidate values, and ``value`` is None.
    candidates: list[Number] | None = None

    @property
    def blank(self) -> bool:
        return self.value is None

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


class Subsection(BaseModel):
    number: str  # "（一）"
    title: str  # the subsection's first sentence or heading line
    text: str
    span: Span


class Section(BaseModel):
    number: str  # "一" … "六" (or a legacy number)
    heading: str  # as printed, without the number: "总体情况"
    text: str  # body without the heading line
    span: Span  # of the body in Report.text
    subsections: list[Subsection] = Field(default_factory=list)


class Report(BaseModel):
    agency: str | None = None
    year: int | None = None
    kind: OrganKind | None = None
    format: FormatId = FormatId.LEGACY
    title: str | None = None
    text: str = ""  # the normalised full text; every Span points into it
    preamble: str = ""
    sections: list[Section] = Field(default_factory=list)
    # Every cell the source printed, keyed canonically. May hold keys of the *other* format when a
    # report mixes formats (the checker names that); a row the report never printed is absent.
    cells: dict[str, Cell] = Field(default_factory=dict)
    source: str | None = None  # file path or "<text>"
    notes: list[str] = Field(default_factory=list)  # parser remarks (Chinese), e.g. a guessed format

    # -- access ---------------------------------------------------------------------------

    def value(self, key: str) -> Number | None:
        cell = self.cells.get(key)
        return None if cell is None else cell.value

    def section(self, number: str) -> Section | None:
        for s in self.sections:
            if s.number == number:
                return s
        return None

    @property
    def has_tables(self) -> bool:
        return self.format != FormatId.LEGACY

    def canonical_cells(self) -> dict[str, Number | None]:
        """Every cell of the report's format, in printed order; None where blank or not printed."""
        if self.format == FormatId.LEGACY:
            return {}
        return {k: self.value(k) for k in cell_keys(self.format)}

    def ambiguous_cells(self) -> dict[str, list[Number]]:
        return {k: list(c.candidates or []) for k, c in self.cells.items() if c.candidates}

    def to_canonical(self) -> dict[str, Any]:
        """The canonical JSON of ../shared/spec/report-format.md, plus extras."""
        out: dict[str, Any] = {
            "agency": self.agency,
            "year": self.year,
            "format": self.format.value,
            "cells": self.canonical_cells(),
        }
        amb = self.ambiguous_cells()
        if amb:
            out["ambiguous"] = amb
        extra = sorted(set(self.cells) - set(out["cells"]))
        if extra:
            out["extra_cells"] = {k: self.value(k) for k in extra}
        out["kind"] = self.kind.value if self.kind else None
        out["sections"] = [s.number for s in self.sections]
        return out

    @classmethod
    def from_canonical(cls, data: dict[str, Any], source: str | None = None) -> Report:
        """A report holding only tables, from canonical JSON (text rules are then not assessable)."""
        cells = {
            k: Cell(key=k, value=v)
            for k, v in (data.get("cells") or {}).items()
        }
        for k, v in (data.get("extra_cells") or {}).items():
            cells[k] = Cell(key=k, value=v)
        for k, cands in (data.get("ambiguous") or {}).items():
            cells[k] = Cell(key=k, value=None, candidates=list(cands))
        kind = data.get("kind")
        return cls(
            agency=data.get("agency"),
            year=data.get("year"),
            format=FormatId(str(data.get("format") or "legacy")),
            kind=OrganKind(kind) if kind else None,
            cells=cells,
            source=source,
        )
