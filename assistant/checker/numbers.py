"""A compact view of a report's narrative for number extraction, and number parsing.

PDF extraction breaks lines mid-word (``全市全年共受`` / ``理政府信息公开申请 130 件``) and puts
spaces around numbers. The compact view drops whitespace (keeping one space between two digits,
so ``5 4 2`` stays three numbers), replaces table lines with ``|`` barriers, marks the start of a
heading (``二、`` / ``（三）`` at line start) with a ``|`` barrier, and maps every compact position
back to the report text so a finding can carry a ``Span``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from assistant.report import Report, Span

_WS = re.compile(r"\s+")
# A line that holds three numbers separated by blanks or tabs is a table row, not narrative.
_TABLE_LINE = re.compile(r"^[^\n]*?\d[ \t]+[-+]?\d[\d.]*[ \t]+[-+]?\d[^\n]*$", re.M)
_HEADING_LINE = re.compile(r"^[ \t]*[一二三四五六七八九十]{1,2}[、.．][^。；\n]{0,30}?[ \t]*$", re.M)
_HEADING_START = re.compile(r"[一二三四五六七八九十]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[)）]")

CN_DIGITS = "零〇一二两三四五六七八九十百千"
# A count: Arabic digits (not part of a decimal or a longer number) or Chinese numerals.
NUM = rf"(?<![\d.])(\d+|[{CN_DIGITS}]+)(?![\d.])"
PCT = r"(\d+(?:\.\d+)?)\s*[%％]"
# Characters a clause cannot cross.
STOP = "。；;！!？?|"
CLAUSE_STOP = STOP + "，,"


def to_int(s: str) -> int | None:
    """``"130"`` → 130, ``"十二"`` → 12, ``"两"`` → 2; None if not a number."""
    if s.isdigit():
        return int(s)
    try:
        v = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(v) if float(v).is_integer() else None


@dataclass(frozen=True, eq=False)  # hashed by identity: views are cached per text
class TextView:
    source: str  # the report text
    text: str  # compact text
    starts_c: tuple[int, ...]
    starts_o: tuple[int, ...]

    def orig(self, i: int) -> int:
        k = bisect.bisect_right(self.starts_c, i) - 1
        if k < 0:
            return 0
        return self.starts_o[k] + (i - self.starts_c[k])

    def compact_pos(self, orig: int) -> int:
        """The compact position of report-text position ``orig`` (or of the next kept character)."""
        k = bisect.bisect_right(self.starts_o, orig) - 1
        if k < 0:
            return 0
        seg_len = (self.starts_c[k + 1] if k + 1 < len(self.starts_c) else len(self.text)) - self.starts_c[k]
        return self.starts_c[k] + min(orig - self.starts_o[k], seg_len)

    def span(self, start: int, end: int) -> Span:
        o_start = self.orig(start)
        o_end = self.orig(max(start, end - 1)) + 1
        return Span(start=o_start, end=o_end, line=self.source.count("\n", 0, o_start) + 1)

    def sentence(self, start: int, end: int, stops: str = STOP) -> tuple[int, int]:
        """The sentence (or clause, with ``CLAUSE_STOP``) around [start, end)."""
        s = start
        while s > 0 and self.text[s - 1] not in stops:
            s -= 1
        e = end
        n = len(self.text)
        while e < n and self.text[e] not in stops:
            e += 1
        return s, e

    def quote(self, start: int, end: int, limit: int = 40) -> str:
        q = self.text[start:end].replace("|", "")
        return q if len(q) <= limit else q[: limit - 1] + "…"


def _mask_tables(text: str, extra: tuple[tuple[int, int], ...]) -> str:
    ranges = [(m.start(), m.end()) for m in _TABLE_LINE.finditer(text)]
    for s, e in extra:
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        ranges.append((ls, len(text) if le < 0 else le))
    if not ranges:
        return text
    ranges.sort()
    out: list[str] = []
    pos = 0
    for s, e in ranges:
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        out.append("|" * (e - s))
        pos = e
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=64)
def _build(source: str, cell_spans: tuple[tuple[int, int], ...]) -> TextView:
    masked = _mask_tables(source, cell_spans)
    parts: list[str] = []
    starts_c: list[int] = []
    starts_o: list[int] = []
    clen = 0
    pos = 0
    n = len(masked)
    heading_ends = {m.start() + len(m.group().rstrip()) for m in _HEADING_LINE.finditer(masked)}
    for m in _WS.finditer(masked):
        a, b = m.start(), m.end()
        if a > pos:
            starts_c.append(clen)
            starts_o.append(pos)
            parts.append(masked[pos:a])
            clen += a - pos
        if 0 < a and b < n:
            before, after = masked[a - 1], masked[b]
            keep = None
            if before.isdigit() and after.isdigit():
                keep = " "
            elif "\n" in m.group() and (_HEADING_START.match(masked, b) or a in heading_ends):
                keep = "|"
            if keep:
                starts_c.append(clen)
                starts_o.append(a)
                parts.append(keep)
                clen += 1
        pos = b
    if pos < n:
        starts_c.append(clen)
        starts_o.append(pos)
        parts.append(masked[pos:])
    compact = "".join(parts).replace("％", "%")
    return TextView(source, compact, tuple(starts_c), tuple(starts_o))


_VIEWS: dict[tuple[str, int], TextView] = {}


def text_view(report: Report) -> TextView:
    """The compact view of ``report.text`` (cached per text and number of cells)."""
    key = (report.text, len(report.cells))
    view = _VIEWS.get(key)
    if view is None:
        spans = tuple(sorted((c.span.start, c.span.end) for c in report.cells.values() if c.span is not None))
        view = _build(report.text, spans)
        if len(_VIEWS) >= 64:
            _VIEWS.pop(next(iter(_VIEWS)))
        _VIEWS[key] = view
    return view


@lru_cache(maxsize=512)
def compact(s: str) -> str:
    """A section's text without whitespace (for keyword tests)."""
    return _WS.sub("", s)
