"""The extraction result (the tables filled from notes), and the rule facts it is built from.

``RuleFacts`` collects what the deterministic rules read in the notes: single cells
(``t3.new.total = 120``) and sums the notes state without their parts (``法人或其他组织 20 件``,
``不予公开 10 件``, ``行政诉讼 3 件``). ``RuleFacts.derive`` then fills the cells that the format's
own sums determine (a row's 总计, a group's 总计, parts that must be 0 because counts are not
negative) and marks them ``derived``. ``ExtractionResult`` is what ``extract()`` returns.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.findings import Finding
from assistant.formats import (
    T3_APPLICANT_COLUMNS,
    T3_RESULT_ROWS,
    FormatId,
    ValueKind,
    cell_keys,
    value_kind,
)

__all__ = ["Evidence", "Flag", "ExtractionResult", "RuleFacts", "SumFact"]

Number = int | float
Source = Literal["rule", "model", "both", "derived"]


class Evidence(BaseModel):
    """Where in the notes a value was read: the snippet and its character span."""

    text: str
    start: int
    end: int


class Flag(BaseModel):
    """A cell the clerk must look at."""

    key: str
    kind: Literal["disagree", "model_only", "conflict"]
    reason: str  # Chinese
    rule_value: Number | None = None
    model_value: Number | None = None


class ExtractionResult(BaseModel):
    year: int
    format: str
    agency: str | None = None
    cells: dict[str, Number | None]
    sources: dict[str, Source] = Field(default_factory=dict)  # filled cells only
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    attempts: list[Any] = Field(default_factory=list)  # the model's attempt log
    model_calls: int = 0
    mode: Literal["offline", "model"] = "offline"
    notes: list[str] = Field(default_factory=list)  # Chinese remarks: model errors, checker absent …

    def filled(self) -> dict[str, Number]:
        return {k: v for k, v in self.cells.items() if v is not None}

    def to_canonical(self) -> dict[str, Any]:
        """Canonical JSON of report-format.md plus ``missing``, ``flags`` and ``findings``."""
        return {
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "cells": dict(self.cells),
            "missing": list(self.missing),
            "flags": [f.model_dump(mode="json") for f in self.flags],
            "findings": [f.model_dump(mode="json", exclude_none=True) for f in self.findings],
            "sources": dict(self.sources),
            "mode": self.mode,
            "model_calls": self.model_calls,
        }


class SumFact(BaseModel):
    """The notes state a sum whose parts are cells: ``Σ keys = value``."""

    keys: tuple[str, ...]
    value: Number
    evidence: Evidence | None = None


class RuleFacts(BaseModel):
    """What the rules read in the notes, before derivation."""

    format: str
    cells: dict[str, Number] = Field(default_factory=dict)
    sources: dict[str, Source] = Field(default_factory=dict)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    sums: list[SumFact] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)

    def add(self, key: str, value: Number, evidence: Evidence | None = None) -> None:
        """Record ``key = value``; a second, different value for the same cell is flagged."""
        if key not in self._keys():
            return
        if value_kind(key) == ValueKind.COUNT and (value < 0 or value != int(value)):
            return
        if value_kind(key) != ValueKind.AMOUNT_WAN:
            value = int(value)
        old = self.cells.get(key)
        if old is not None:
            if old != value:
                self.flags.append(
                    Flag(
                        key=key,
                        kind="conflict",
                        reason=f"笔记中同一单元格出现不同数值：{old} 与 {value}，暂取前者，请核对。",
                        rule_value=old,
                    )
                )
            return
        self.cells[key] = value
        self.sources[key] = "rule"
        if evidence is not None:
            self.evidence[key] = evidence

    def add_sum(self, keys: tuple[str, ...] | list[str], value: Number, evidence: Evidence | None = None) -> None:
        keys = tuple(k for k in keys if k in self._keys())
        if not keys or value < 0:
            return
        if len(keys) == 1:
            self.add(keys[0], value, evidence)
            return
        self.sums.append(SumFact(keys=keys, value=value, evidence=evidence))

    def merge(self, other: RuleFacts) -> None:
        """Add ``other``'s facts after this one's (this one wins a conflict)."""
        for key, value in other.cells.items():
            self.add(key, value, other.evidence.get(key))
        self.sums.extend(other.sums)
        self.flags.extend(other.flags)

    def _keys(self) -> frozenset[str]:
        return _key_set(self.format)

    # --- derivation ------------------------------------------------------------------

    def derive(self) -> None:
        """Fill the cells the format's sums and the notes' sums determine; mark them ``derived``.

        A constraint ``target = Σ parts`` (target a cell or a stated number; a stated sum over
        some parts counts as known) determines: the target when every part is known; the one unknown part when the target is known;
        every unknown part as 0 when the known parts already reach the target (counts are not
        negative). Nothing else is filled.
        """
        constraints = _format_constraints(self.format) + [(None, s.keys, s.value) for s in self.sums]
        changed = True
        while changed:
            changed = False
            for target, parts, const in constraints:
                total = const if target is None else self.cells.get(target)
                known = sum(self.cells[p] for p in parts if p in self.cells)
                unknown = [p for p in parts if p not in self.cells]
                # A stated sum over some of the unknown parts counts as known (自然人 30 件，
                # 法人或其他组织 4 件 → 总计 34).
                for fact in self.sums:
                    block = set(fact.keys)
                    if len(block) < len(parts) and block <= set(unknown):
                        unknown = [p for p in unknown if p not in block]
                        known += fact.value
                if total is None:
                    if not unknown and target is not None:
                        self._derive(target, known)
                        changed = True
                    continue
                rest = total - known
                if rest < 0 or not unknown:
                    continue  # contradiction (the checker reports it) or nothing to fill
                if rest == 0:
                    for p in unknown:
                        self._derive(p, 0)
                    changed = True
                elif len(unknown) == 1:
                    self._derive(unknown[0], rest)
                    changed = True

    def _derive(self, key: str, value: Number) -> None:
        self.cells[key] = int(value)
        self.sources[key] = "derived"


def _key_set(format_id: str) -> frozenset[str]:
    return frozenset(cell_keys(format_id))


def _format_constraints(format_id: str) -> list[tuple[str | None, tuple[str, ...], Number | None]]:
    """The sums printed in the format itself: row 总计 of 表三 and 表四, and （七）总计 of 表三."""
    fid = FormatId(format_id)
    keys = _key_set(format_id)
    rows = sorted({k.split(".")[1] for k in keys if k.startswith("t3.")})
    out: list[tuple[str | None, tuple[str, ...], Number | None]] = []
    for row in rows:
        out.append((f"t3.{row}.total", tuple(f"t3.{row}.{c}" for c in T3_APPLICANT_COLUMNS), None))
    for col in (*T3_APPLICANT_COLUMNS, "total"):
        out.append((f"t3.total.{col}", tuple(f"t3.{r}.{col}" for r in T3_RESULT_ROWS[fid]), None))
    for group in ("review", "suit_direct", "suit_after_review"):
        out.append(
            (f"t4.{group}.total", tuple(f"t4.{group}.{c}" for c in ("upheld", "corrected", "other", "pending")), None)
        )
    return out
