"""Metadata filters shared by the keyword and vector stores: organ(s), year range, section(s),
format. ``where()`` is the Chroma form; the keyword index applies the same as a numpy mask."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.errors import NianbaoError
from assistant.formats import SECTION_NUMBERS, FormatId


class SearchOptionError(NianbaoError):
    """A search request with an unknown mode, format or section, or an empty query."""


def validate_search(query: str, *, mode: str = "hybrid", format: str | None = None,
                    sections: list[str] | None = None) -> None:
    """Raise ``SearchOptionError`` (Chinese) for what no search can answer; the CLI and the web app call this."""
    from assistant.corpus.retrieve import Mode

    modes = [m.value for m in Mode]
    if mode not in modes:
        raise SearchOptionError(f"未知的检索方式“{mode}”，可选：{'、'.join(modes)}。")
    formats = [f.value for f in FormatId]
    if format is not None and format not in formats:
        raise SearchOptionError(f"未知的报告格式“{format}”，可选：{'、'.join(formats)}。")
    bad = [s for s in sections or [] if s not in SECTION_NUMBERS]
    if bad:
        raise SearchOptionError(f"章节序号应为“{SECTION_NUMBERS[0]}”至“{SECTION_NUMBERS[-1]}”，收到：{'、'.join(bad)}。")
    if not query.strip():
        raise SearchOptionError("检索内容不能为空。")


class Filters(BaseModel):
    organs: list[str] | None = None  # exact organ names (see Retriever.resolve_organ)
    year_min: int | None = None
    year_max: int | None = None
    sections: list[str] | None = None  # "一" … "六"
    format: str | None = None  # "2019" | "2021" | "legacy"
    exclude_organs: list[str] | None = None

    @property
    def empty(self) -> bool:
        return not any(
            v is not None for v in (self.organs, self.year_min, self.year_max, self.sections,
                                    self.format, self.exclude_organs)
        )

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.organs is not None:
            clauses.append({"organ": {"$in": list(self.organs) or ["\x00"]}})
        if self.exclude_organs:
            clauses.append({"organ": {"$nin": list(self.exclude_organs)}})
        if self.year_min is not None:
            clauses.append({"year": {"$gte": self.year_min}})
        if self.year_max is not None:
            clauses.append({"year": {"$lte": self.year_max}})
        if self.sections is not None:
            clauses.append({"section": {"$in": list(self.sections) or ["\x00"]}})
        if self.format is not None:
            clauses.append({"format": self.format})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, meta: dict[str, Any]) -> bool:
        """Whether a chunk with Chroma metadata ``meta`` passes (the Python form of ``where``)."""
        organ, year = meta.get("organ"), meta.get("year")
        if self.organs is not None and organ not in self.organs:
            return False
        if self.exclude_organs and organ in self.exclude_organs:
            return False
        if self.year_min is not None and (year is None or year < self.year_min):
            return False
        if self.year_max is not None and (year is None or year > self.year_max):
            return False
        if self.sections is not None and meta.get("section") not in self.sections:
            return False
        return self.format is None or meta.get("format") == self.format
