"""What drafting passes around: retrieved passages, citations, a draft with its guard result."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.drafting.guard import Flag
from assistant.findings import Finding


class Passage(BaseModel):
    """A past report's paragraph given to a drafter: the corpus chunk id is its citation id."""

    id: str
    organ: str | None = None
    year: int | None = None
    section: str
    subsection: str | None = None
    text: str
    source: str = ""
    own: bool = True  # the organ's own past wording (False: a peer's example)


class Citation(BaseModel):
    id: str
    organ: str | None = None
    year: int | None = None
    section: str
    source: str = ""

    @classmethod
    def of(cls, p: Passage) -> Citation:
        return cls(id=p.id, organ=p.organ, year=p.year, section=p.section, source=p.source)


class Draft(BaseModel):
    text: str
    flags: list[Flag] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    model: str | None = None  # None: the offline drafter
    notices: list[str] = Field(default_factory=list)  # Chinese remarks (a model fault, re-asks…)
    unused_notes: list[str] = Field(default_factory=list)
