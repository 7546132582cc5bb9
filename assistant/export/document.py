"""A report as a sequence of printable blocks: title, preamble paragraphs, section headings, body
paragraphs and the three tables in their sections — what every exporter lays out. Body text comes
through ``assistant.paragraphs`` (PDF line breaks joined, table text left out); the tables are
printed from the cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.formats import SECTION_HEADINGS, SECTION_NUMBERS, FormatId
from assistant.paragraphs import preamble, prose, title_of, wrap_width
from assistant.report import Report

BlockKind = Literal["title", "p", "h", "table"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""  # the table id ("t2", "t3", "t4") for a table block


# Where a table sits: its own section, else after this section.
TABLE_SECTIONS = {"t2": "二", "t3": "三", "t4": "四"}


def blocks(report: Report) -> list[Block]:
    """The report as printable blocks, in order."""
    width = wrap_width(report.text)
    out = [Block("title", title_of(report))]
    out += [Block("p", p) for p in preamble(report, width)]
    has_tables = report.format != FormatId.LEGACY
    sections = report.sections
    if not sections and has_tables:  # canonical JSON: the six national headings, tables only
        numbers = list(SECTION_NUMBERS)
        bodies = {n: "" for n in numbers}
        headings = dict(SECTION_HEADINGS)
    else:
        numbers = [s.number for s in sections]
        bodies = {s.number: s.text for s in sections}
        headings = {s.number: s.heading for s in sections}
    placed: dict[str, list[str]] = {n: [] for n in numbers}
    if has_tables:
        for table_id, home in TABLE_SECTIONS.items():
            if home in placed:
                placed[home].append(table_id)
                continue
            # The section is missing: after the last earlier section present, else at the end.
            order = SECTION_NUMBERS.index(home)
            earlier = [n for n in numbers if n in SECTION_NUMBERS and SECTION_NUMBERS.index(n) < order]
            target = earlier[-1] if earlier else (numbers[-1] if numbers else "")
            placed.setdefault(target, []).append(table_id)
    for n in numbers:
        out.append(Block("h", f"{n}、{headings[n]}"))
        tables_here = placed.get(n, [])
        out += [Block("p", p) for p in prose(bodies[n], width, bool(tables_here) and n in TABLE_SECTIONS.values())]
        out += [Block("table", t) for t in tables_here]
    out += [Block("table", t) for t in placed.get("", [])]
    return out
