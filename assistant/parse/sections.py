"""Sections 一…六 (headings as printed, official or variant), and their （一）（二）… subsections.

Table 三 prints rows such as ``一、本年新收…`` and ``四、结转下年度继续办理`` at line start; they
are not headings: section numbers must increase, and a heading must read like one of the
section's headings (``formats.SECTION_HEADING_VARIANTS``) or — when a section's heading is missing
from the variants — like a short heading that is no table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.formats import LEGACY_HEADINGS, SECTION_HEADING_VARIANTS, SECTION_NUMBERS
from assistant.labels import label_score, match_row, normalize_label
from assistant.report import Section, Span, Subsection

__all__ = ["Heading", "find_headings", "build_sections", "NUMERALS"]

NUMERALS = "一二三四五六七八九十"
_HEAD = re.compile(rf"^[ \t]*([{NUMERALS}])[ \t]*[、.．][ \t]*(\S.*?)[ \t]*$")
_SUB = re.compile(rf"^[ \t]*[（(][ \t]*([{NUMERALS}]{{1,2}})[ \t]*[)）][ \t]*(.*?)[ \t]*$")
_TRAILING_NUMBER = re.compile(r"\d[\d.,]*\s*$")
_TITLE_END = re.compile(r"[。；;：:]")
_VARIANTS = {n: tuple(normalize_label(v) for v in vs) for n, vs in SECTION_HEADING_VARIANTS.items()}
_LEGACY = tuple(normalize_label(v) for v in LEGACY_HEADINGS)
_T3_GROUPS = ("本年度办理结果", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "总计")


@dataclass
class Heading:
    number: str
    heading: str
    line: int  # index into lines
    variant: bool
    body_col: int | None = None  # the body starts on the heading's own line, at this column


def _is_variant(number: str, norm: str) -> bool:
    for v in _VARIANTS.get(number, ()):
        if norm == v or norm.startswith(v) or (len(norm) >= 4 and v.startswith(norm)):
            return True
        if label_score(norm, v) >= 0.75:
            return True
    return False


_RAW_VARIANTS = {n: sorted(vs, key=len, reverse=True) for n, vs in SECTION_HEADING_VARIANTS.items()}
_BODY_SEP = re.compile(r"[\s：:。．.，,]*")


def _inline_heading(number: str, rest: str) -> tuple[str, int] | None:
    """A variant heading followed by body text on the same line: (heading, body column in rest)."""
    variants = _RAW_VARIANTS.get(number, ())
    if rest.rstrip(" ：:") in variants:  # the whole line is a heading (a longer variant)
        return None
    for v in variants:
        if rest.startswith(v) and len(rest) > len(v):
            sep = _BODY_SEP.match(rest, len(v))
            col = sep.end() if sep else len(v)
            if col < len(rest):
                return v, col
    return None


def _is_table_label(norm: str) -> bool:
    if any(norm.startswith(g) for g in _T3_GROUPS):
        return True
    return match_row(norm, "t3", "2021") is not None or match_row(norm, "t3", "2019") is not None


def _numeral_index(n: str) -> int:
    return NUMERALS.index(n)


def find_headings(lines: list[tuple[int, str]]) -> tuple[list[Heading], bool]:
    """Section headings in order, and whether the report reads as legacy (一、概述 …)."""
    cands: list[Heading] = []
    for i, (_, ln) in enumerate(lines):
        if "\t" in ln.rstrip("\t"):  # a table row (a heading drawn in a table frame ends in tabs)
            continue
        ln = ln.rstrip("\t")
        m = _HEAD.match(ln)
        if not m:
            continue
        number, rest = m.group(1), m.group(2)
        inline = _inline_heading(number, rest)
        if inline is not None:  # 六、其他需要报告的事项：本机关未收取信息处理费。
            heading, col = inline
            cands.append(Heading(number, heading, i, True, m.start(2) + col))
            continue
        if len(ln) > 80:
            continue
        if _TRAILING_NUMBER.search(rest) and not re.search(r"年\S*$", rest):
            continue
        norm = normalize_label(rest)
        if not norm:
            continue
        cands.append(Heading(number, rest, i, _is_variant(number, norm)))
    legacy = any(c.number == "一" and normalize_label(c.heading) in _LEGACY for c in cands)
    if legacy:
        out: list[Heading] = []
        for c in cands:
            norm = normalize_label(c.heading)
            if len(norm) > 30 or c.heading.endswith(("。", "；")) or _is_table_label(norm):
                continue
            if not out or _numeral_index(c.number) == _numeral_index(out[-1].number) + 1:
                out.append(c)
        return out, True
    chosen: list[Heading] = []
    for c in cands:
        if c.variant and c.number in SECTION_NUMBERS and (
            not chosen or _numeral_index(c.number) > _numeral_index(chosen[-1].number)
        ):
            chosen.append(c)
    # fill gaps (a section whose heading is not among the variants) with short non-table lines
    filled: list[Heading] = []
    prev_idx, prev_line = -1, -1
    for nxt in [*chosen, None]:
        lo_line = prev_line
        hi_line = nxt.line if nxt else 10**9
        hi_idx = _numeral_index(nxt.number) if nxt else len(SECTION_NUMBERS)
        for c in cands:
            if c.variant or not (lo_line < c.line < hi_line):
                continue
            ci = _numeral_index(c.number)
            norm = normalize_label(c.heading)
            if (
                ci == prev_idx + 1
                and ci < hi_idx
                and c.number in SECTION_NUMBERS
                and len(norm) <= 25
                and not c.heading.endswith(("。", "；", "，"))
                and not _is_table_label(norm)
            ):
                filled.append(c)
                prev_idx, lo_line = ci, c.line
        if nxt:
            filled.append(nxt)
            prev_idx, prev_line = _numeral_index(nxt.number), nxt.line
    # a section printed out of the statutory order (a converter moved 四 before 三): its exact
    # heading still names it, as long as no other heading took its number
    taken = {h.number for h in filled}
    for c in cands:
        if c.number in taken or c.number not in SECTION_NUMBERS or not c.variant:
            continue
        if normalize_label(c.heading) in _VARIANTS.get(c.number, ()):
            filled.append(c)
            taken.add(c.number)
    filled.sort(key=lambda h: h.line)
    return filled, False


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, line=text.count("\n", 0, start) + 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return start, end


def build_sections(
    text: str,
    lines: list[tuple[int, str]],
    headings: list[Heading],
    skip_lines: set[int],
) -> tuple[str, list[Section]]:
    """The preamble and the sections; ``skip_lines`` (table lines) hold no subsection."""
    if not headings:
        return text.strip(), []
    preamble = text[: lines[headings[0].line][0]].strip()
    sections: list[Section] = []
    for k, h in enumerate(headings):
        first = h.line + 1
        last = headings[k + 1].line if k + 1 < len(headings) else len(lines)
        if h.body_col is not None:
            body_start = lines[h.line][0] + h.body_col
        else:
            body_start = lines[first][0] if first < len(lines) else len(text)
        body_end = lines[last][0] if last < len(lines) else len(text)
        body_start, body_end = _trim(text, body_start, body_end)
        subs: list[Subsection] = []
        starts: list[tuple[int, str, str]] = []  # (line index, number, title)
        expect = 0
        for i in range(first, last):
            if i in skip_lines:
                continue
            m = _SUB.match(lines[i][1])
            if not m or "\t" in lines[i][1]:
                continue
            num, rest = m.group(1), m.group(2)
            if expect >= len(NUMERALS) or num != NUMERALS[expect]:
                continue
            norm = normalize_label(rest)
            if norm and _is_table_label(norm) and len(norm) <= 12:
                continue
            if _TRAILING_NUMBER.search(rest) and re.search(r"\d\s+\d", rest):
                continue
            title = rest
            if not title and i + 1 < last:
                title = lines[i + 1][1].strip()
            tm = _TITLE_END.search(title)
            if tm:
                title = title[: tm.start()]
            starts.append((i, f"（{num}）", title.strip()[:60]))
            expect += 1
        for j, (i, number, title) in enumerate(starts):
            end_line = starts[j + 1][0] if j + 1 < len(starts) else last
            s = lines[i][0]
            e = lines[end_line][0] if end_line < len(lines) else len(text)
            s, e = _trim(text, s, e)
            subs.append(Subsection(number=number, title=title, text=text[s:e], span=_span(text, s, e)))
        sections.append(
            Section(
                number=h.number,
                heading=h.heading.strip(),
                text=text[body_start:body_end],
                span=_span(text, body_start, body_end),
                subsections=subs,
            )
        )
    return preamble, sections
