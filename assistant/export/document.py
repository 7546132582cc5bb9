"""A report as a sequence of printable blocks: title, preamble paragraphs, section headings, body
paragraphs and the three tables in their sections — what every exporter lays out.

Text extracted from PDFs is hard-wrapped (a line per printed line, often a blank line between):
lines are joined back into paragraphs. Table text the parser read (tab-separated rows, header
fragments, page numbers) is left out of the prose; the tables are printed from the cells instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.formats import SECTION_HEADINGS, SECTION_NUMBERS, FormatId
from assistant.report import Report

BlockKind = Literal["title", "p", "h", "table"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""  # the table id ("t2", "t3", "t4") for a table block


_PAGE_NUMBER = re.compile(r"^[-－—\s]*\d{1,3}[-－—\s]*$")
_PARA_END = ("。", "！", "？", "”", "；")
_NEW_PARA = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是|\d+[.、．](?!\d))")
# Where a table sits: its own section, else after this section.
TABLE_SECTIONS = {"t2": "二", "t3": "三", "t4": "四"}


def title_of(report: Report) -> str:
    if report.title:
        return report.title
    if report.agency and report.year:
        return f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return "政府信息公开工作年度报告"


def _wrap_width(text: str) -> int | None:
    """The line width of hard-wrapped text (PDF extraction), or None when lines are paragraphs."""
    lengths = sorted(len(s.strip()) for s in text.split("\n") if len(s.strip()) > 3)
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    return width if width <= 60 else None


def paragraphs(text: str, width: int | None) -> list[str]:
    """Lines joined back into paragraphs; blank lines and page numbers dropped."""
    out: list[str] = []
    open_para = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        if open_para and out and not _NEW_PARA.match(line):
            out[-1] += line
        else:
            out.append(line)
        open_para = width is not None and len(line) >= width - 3 and not line.endswith(_PARA_END)
    return out


def _prose(text: str, width: int | None, tables: bool) -> list[str]:
    """The paragraphs of a section body; in a section holding a table only sentences are kept."""
    lines = [ln for ln in text.split("\n") if "\t" not in ln]
    paras = paragraphs("\n".join(lines), width)
    if not tables:
        return paras
    return [p for p in paras if len(p) >= 20 and p.endswith(_PARA_END) and not p.startswith("（本列数据")]


def _preamble(report: Report, width: int | None) -> list[str]:
    paras = paragraphs(report.preamble, width)
    title = re.sub(r"\s+", "", title_of(report))
    # Drop the title lines at the top (organ and "…年度报告" may be on two lines).
    for i, p in enumerate(paras[:4]):
        if "年度报告" in p and len(p) <= 60:
            paras = paras[i + 1:]
            break
        if re.sub(r"\s+", "", p) and re.sub(r"\s+", "", p) in title:
            continue
        break
    return paras


def blocks(report: Report) -> list[Block]:
    """The report as printable blocks, in order."""
    width = _wrap_width(report.text)
    out = [Block("title", title_of(report))]
    out += [Block("p", p) for p in _preamble(report, width)]
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
        out += [Block("p", p) for p in _prose(bodies[n], width, bool(tables_here) and n in TABLE_SECTIONS.values())]
        out += [Block("table", t) for t in tables_here]
    out += [Block("table", t) for t in placed.get("", [])]
    return out
