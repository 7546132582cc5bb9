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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import and_, attrgetter, itemgetter

from assistant.numerals import parse_number
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
    v = parse_number(s)
    return v if isinstance(v, int) else None


@dataclass(frozen=True, eq=False)  # hashed by identity: views are cached per text
class TextView:
    source: str  # the report text
    text: str  # compact text
    masked: str  # the report text with table lines as ``|`` (same length as ``source``)
    seps: tuple[int, ...]  # report-text positions of the whitespace runs kept as one character

    @property
    def starts_c(self) -> tuple[int, ...]:
        return self._map()[0]

    @property
    def starts_o(self) -> tuple[int, ...]:
        return self._map()[1]

    def _map(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Segment starts (compact, report text): every kept run of characters and every kept
        separator. Built on first use: most reports need no position mapped back."""
        cached = self.__dict__.get("_segments")
        if cached is None:
            masked, seps = self.masked, self.seps
            find = masked.find
            starts_c: list[int] = []
            starts_o: list[int] = []
            k = pos = c = 0
            for word in masked.split():
                i = find(word, pos)  # the next word starts at the next non-space character
                while k < len(seps) and seps[k] < i:
                    starts_c.append(c)
                    starts_o.append(seps[k])
                    c += 1
                    k += 1
                starts_c.append(c)
                starts_o.append(i)
                pos = i + len(word)
                c += len(word)
            cached = (tuple(starts_c), tuple(starts_o))
            object.__setattr__(self, "_segments", cached)
        return cached

    def orig(self, i: int) -> int:
        starts_c, starts_o = self._map()
        k = bisect.bisect_right(starts_c, i) - 1
        if k < 0:
            return 0
        return starts_o[k] + (i - starts_c[k])

    def compact_pos(self, orig: int) -> int:
        """The compact position of report-text position ``orig`` (or of the next kept character):
        the number of kept characters before it."""
        if orig <= 0:
            return 0
        memo = self.__dict__.setdefault("_compact_pos", {})
        pos = memo.get(orig)
        if pos is None:
            pos = memo[orig] = len("".join(self.masked[:orig].split())) + bisect.bisect_left(self.seps, orig)
        return pos

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


# The core of _TABLE_LINE once tabs are spaces, from the first blank on (a literal: a fast scan).
_TABLE_CORE = re.compile(r" (?<=\d )[ ]*[-+]?\d[\d.]* +[-+]?\d")
# A whitespace run with a newline, before a heading line or heading start (opens with a literal).
_BEFORE_HEADING = re.compile(r"\n\s*(?=[一二三四五六七八九十（(])")
def _mask_tables(text: str, extra: tuple[tuple[int, int], ...]) -> str:
    """``text`` with every table line (``_TABLE_LINE``) and every line of an ``extra`` span as
    ``|`` characters."""
    ranges: list[tuple[int, int]] = []
    flat = text.replace("\t", " ") if "\t" in text else text
    find, rfind = text.find, text.rfind
    search = _TABLE_CORE.search
    pos = 0
    while (m := search(flat, pos)) is not None:
        ls = rfind("\n", 0, m.start()) + 1
        le = find("\n", m.start())
        if le < 0:
            ranges.append((ls, len(text)))
            break
        ranges.append((ls, le))
        pos = le + 1
    lo = hi = -1  # the last extra line range: spans on the same lines are skipped cheaply
    for s, e in extra:
        if lo <= s and e < hi and s >= 0:
            continue
        ls = rfind("\n", 0, s) + 1
        le = find("\n", e)
        lo, hi = ls, (len(text) if le < 0 else le)
        ranges.append((lo, hi))
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


def _heading_bars(masked: str) -> set[int]:
    """Starts of the whitespace runs kept as ``|``: a run holding a newline right after a heading
    line (``_HEADING_LINE``) or before a heading start (``_HEADING_START``), inside the text."""
    n = len(masked)
    heading_ends: set[int] = set()
    bars: set[int] = set()
    h = _HEADING_LINE.match(masked)
    if h:
        heading_ends.add(len(h.group().rstrip()))
    # Every heading line after the first starts after a newline and blanks, and so does every
    # heading start after a newline: one scan from the newlines (a literal) finds both.
    for m in _BEFORE_HEADING.finditer(masked):
        b = m.end()
        ls = masked.rfind("\n", m.start(), b) + 1
        h = _HEADING_LINE.match(masked, ls)
        if h:
            heading_ends.add(ls + len(h.group().rstrip()))
        if _HEADING_START.match(masked, b):
            a = m.start()
            while a > 0 and masked[a - 1].isspace():
                a -= 1
            if a > 0:
                bars.add(a)
    for a in heading_ends:
        if a >= n or not masked[a].isspace():
            continue
        b = a
        while b < n and masked[b].isspace():
            b += 1
        if b < n and "\n" in masked[a:b]:
            bars.add(a)
    return bars


def _build(source: str, cell_spans: tuple[tuple[int, int], ...]) -> TextView:
    masked = _mask_tables(source, cell_spans)
    bars = sorted(_heading_bars(masked))
    chunks: list[list[str]] = []
    prev = 0
    for a in bars:
        chunks.append(masked[prev:a].split())
        prev = a
    chunks.append(masked[prev:].split())
    # A whitespace run between two digits stays one space (and is not a "|"). The words on either
    # side of every run are compared without Python code per word; the runs are walked only if
    # two digits meet, which narrative rarely has.
    words = list(chain.from_iterable(chunks))
    if len(words) > 1 and any(map(and_, map(str.isdigit, map(itemgetter(-1), words[:-1])),
                                  map(str.isdigit, map(itemgetter(0), words[1:])))):
        n = len(masked)
        seps = dict.fromkeys(bars, "|")
        for m in _WS.finditer(masked):
            a, b = m.span()
            if 0 < a and b < n and masked[a - 1].isdigit() and masked[b].isdigit():
                seps[a] = " "
        order = sorted(seps)
        pieces: list[str] = []
        prev = 0
        for a in order:
            pieces.append("".join(masked[prev:a].split()))
            pieces.append(seps[a])
            prev = a
        pieces.append("".join(masked[prev:].split()))
        compact = "".join(pieces)
    else:
        order = bars
        compact = "|".join(map("".join, chunks))
    return TextView(source, compact.replace("％", "%"), masked, tuple(order))


_VIEWS: dict[tuple[str, int], TextView] = {}
_SPAN, _START_END = attrgetter("span"), attrgetter("start", "end")


def text_view(report: Report) -> TextView:
    """The compact view of ``report.text`` (cached per text and number of cells)."""
    key = (report.text, len(report.cells))
    view = _VIEWS.get(key)
    if view is None:
        spans = tuple(sorted(map(_START_END, filter(None, map(_SPAN, report.cells.values())))))
        view = _build(report.text, spans)
        if len(_VIEWS) >= 64:
            _VIEWS.pop(next(iter(_VIEWS)))
        _VIEWS[key] = view
    return view


@lru_cache(maxsize=512)
def compact(s: str) -> str:
    """A section's text without whitespace (for keyword tests). ``str.split()`` splits on exactly
    the characters regex ``\\s`` matches."""
    return "".join(s.split())


def finditer(rx: re.Pattern, text: str, anchors: tuple[str, ...], back: int = 0) -> Iterator[re.Match]:
    """``rx.finditer(text)`` for a pattern whose every match has one of the literal ``anchors``
    at ``back`` characters from its start: only those places are tried (``str.find`` is far
    faster than the regex engine's scan, which tries every position)."""
    starts: set[int] = set()
    for w in anchors:
        starts.update(_positions(text, w))
    if back:
        starts = {i - back for i in starts if i >= back}
    return _matches(rx, text, starts)


def _positions(text: str, word: str) -> list[int]:
    """Every position of ``word`` in ``text``, overlapping ones too."""
    out: list[int] = []
    find = text.find
    i = find(word)
    while i >= 0:
        out.append(i)
        i = find(word, i + 1)
    return out


def finditer_near(rx: re.Pattern, text: str, word: str, reach: int) -> Iterator[re.Match]:
    """``rx.finditer(text)`` for a pattern whose every match holds ``word`` at most ``reach``
    characters from its start: only the places up to ``reach`` before each ``word`` are tried."""
    starts: set[int] = set()
    for i in _positions(text, word):
        starts.update(range(max(i - reach, 0), i + 1))
    return _matches(rx, text, starts)


def _matches(rx: re.Pattern, text: str, starts: set[int]) -> Iterator[re.Match]:
    pos = 0
    match = rx.match
    for s in sorted(starts):
        if s < pos:
            continue
        m = match(text, s)
        if m is not None:
            yield m
            pos = m.end() if m.end() > s else s + 1


# --- every number in a text ----------------------------------------------------------------------
# The guard (assistant/drafting/guard.py) reads every number of a draft with the same compact view
# and numeral parser as the N-* rules: counts with units, percentages, money, years and dates.

COUNT_UNITS = ("人次", "件", "条", "个", "次", "篇", "场", "项", "家", "份", "部", "期", "起", "宗", "例", "人")
MONEY_UNITS = ("万元", "元")
_DURATION = ("工作日", "月", "小时", "季度", "自然日")
_NUMERAL_CN = f"[{CN_DIGITS}]+"
_TOKEN = re.compile(
    rf"(?P<date>(?<![\d.])(?P<dy>(?:19|20)\d{{2}})年(?:度)?(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?)"
    rf"|(?P<md>(?<![\d.年])\d{{1,2}}月(?:\d{{1,2}}日)?)"
    rf"|(?P<pct>(?<![\d.])\d+(?:\.\d+)?)%"
    rf"|(?P<num>(?<![\d.])\d+(?:,\d{{3}})*(?:\.\d+)?(?![\d.])|(?<![{CN_DIGITS}第]){_NUMERAL_CN})"
    rf"(?P<unit>{'|'.join(MONEY_UNITS + COUNT_UNITS)})"
)


@dataclass(frozen=True)
class NumberToken:
    """One number as written: ``kind`` is "count", "percent", "money", "year" or "date"
    (a month/day without year); ``start``/``end`` are compact positions of the whole token, and
    ``vstart``/``vend`` of the number itself."""

    kind: str
    value: int | float
    unit: str
    raw: str
    start: int
    end: int
    vstart: int
    vend: int


def read_numbers(text: str) -> tuple[NumberToken, ...]:
    """Every number in ``text`` (a compact view's text): counts with a unit (``81件``, ``十二件``,
    ``两场``, ``300人次``), percentages, money (``元``, ``万元``), years (``2023年``, ``2023年度``,
    also in a date) and dates. A lone ``一`` before a unit (``一次性``, ``一个平台``) is an idiom,
    not a count; ``第三次`` / ``第3次`` are ordinals; ``20个工作日`` / ``3个月`` are durations."""
    out: list[NumberToken] = []
    for m in _TOKEN.finditer(text):
        if m.group("date"):
            out.append(NumberToken("year", int(m.group("dy")), "年", m.group(), m.start(), m.end(),
                                   m.start("dy"), m.end("dy")))
        elif m.group("md"):
            continue
        elif m.group("pct") is not None:
            out.append(NumberToken("percent", float(m.group("pct")), "%", m.group(), m.start(), m.end(),
                                   m.start("pct"), m.end("pct")))
        else:
            raw = m.group("num")
            if raw == "一" or (m.start() > 0 and text[m.start() - 1] == "第"):
                continue  # an idiom (一次性) or an ordinal (第3次)
            unit = m.group("unit")
            if unit == "个" and text.startswith(_DURATION, m.end()):
                continue  # a duration: 「20个工作日」「3个月」
            value = parse_number(raw)
            if value is None:
                continue
            out.append(NumberToken("money" if unit in MONEY_UNITS else "count", value, unit, m.group(),
                                   m.start(), m.end(), m.start("num"), m.end("num")))
    return tuple(out)
