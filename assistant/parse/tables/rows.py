"""Printed table rows: lines (tab-separated or whitespace-separated) → labels and value tokens,
and a printed value → a number. Shared by the readers of tables 二, 三 and 四."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.formats import T3_COLUMNS, T4_COLUMNS, FormatId, ValueKind, label_of
from assistant.labels import match_column
from assistant.numerals import ARABIC, Amount, parse_amount
from assistant.parse.digits import split_runs
from assistant.report import Cell, Span

__all__ = ["Line", "Tok", "Entry", "split_line", "to_number", "other_format"]

# One printed value: a signed/decimal number with an optional unit, or a blank marker.
_NUM = ARABIC
_UNIT = r"[（(]?\s*(?:单位[：:])?\s*(?:亿元|万元|元|万)\s*[）)]?"
_VALUE = re.compile(rf"^(?:{_NUM}(?:{_UNIT})?|[—–\-－/／]+)$")
_UNIT_ONLY = re.compile(rf"^{_UNIT}$")
_BLANK = re.compile(r"^[—–\-－/／]+$")
_NUMBER_IN = re.compile(_NUM)
_SPLIT_WS = re.compile(r"\S+")
_MARKER = re.compile(r"[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十][、.．]|\d{1,2}[.．、](?!\d)")


@dataclass
class Line:
    index: int  # 0-based line number
    offset: int  # offset of the line in the report text
    text: str


@dataclass
class Tok:
    raw: str  # as printed ("" for a blank tab cell)
    start: int  # absolute offsets in the report text
    end: int
    line: int  # 1-based

    @property
    def blank(self) -> bool:
        return not self.raw.strip() or bool(_BLANK.match(self.raw.strip()))

    @property
    def digits_only(self) -> bool:
        return self.raw.isdigit()

    @property
    def run_together(self) -> bool:
        """Digits no table prints as one number (``00``, ``0713``): cells lost their separator."""
        return self.raw.isdigit() and len(self.raw) > 1 and self.raw[0] == "0"


@dataclass
class Entry:
    """A printed table row: its label text and the value tokens."""

    label: str  # the row's own label (from its last numbering marker)
    context: str  # everything printed before it since the previous row
    own: str  # text printed on the row's own line / last text cell
    values: list[Tok]
    tab: bool
    line: int
    row: str | None = None  # canonical row key
    cands: list[tuple] = field(default_factory=list)  # candidate value tuples


# -- lines → labels and values ---------------------------------------------------------------


def _is_value(s: str) -> bool:
    return bool(_VALUE.match(s.strip()))


def _tab_cells(line: Line) -> list[Tok]:
    out, pos = [], 0
    for part in line.text.split("\t"):
        lead = len(part) - len(part.lstrip())
        raw = part.strip()
        start = line.offset + pos + lead
        out.append(Tok(raw, start, start + len(raw), line.index + 1))
        pos += len(part) + 1
    return out


_VALUE_END = frozenset("0123456789元万）)—–-－/／")
_WS = re.compile(r"\s+")


def split_line(line: Line) -> tuple[str, list[Tok]]:
    """(text without whitespace, trailing value tokens) of a whitespace-separated line."""
    stripped = line.text.rstrip()
    if not stripped or stripped[-1] not in _VALUE_END:
        return _WS.sub("", line.text), []
    toks = [
        Tok(m.group(), line.offset + m.start(), line.offset + m.end(), line.index + 1)
        for m in _SPLIT_WS.finditer(line.text)
    ]
    values: list[Tok] = []
    i = len(toks)
    while i > 0:
        t = toks[i - 1]
        if _UNIT_ONLY.match(t.raw) and i >= 2 and _NUMBER_IN.fullmatch(toks[i - 2].raw):
            prev = toks[i - 2]
            values.insert(0, Tok(line.text[prev.start - line.offset : t.end - line.offset], prev.start, t.end, t.line))
            i -= 2
            continue
        if _is_value(t.raw):
            values.insert(0, t)
            i -= 1
            continue
        break
    return "".join(t.raw for t in toks[:i]), values


def _own_label(context: str) -> str:
    """The row label: the text after the last numbering marker (``（二）``, ``3.``, ``一、``)."""
    s = re.sub(r"\s+", "", context)
    last = None
    for m in _MARKER.finditer(s):
        if m.end() < len(s):
            last = m
    return s[last.start():] if last else s


def _best_window(cells: list[Tok], n: int, base: int = 0, anchor: int | None = None) -> list[Tok]:
    """The ``n`` consecutive cells holding the most printed values (tab rows carry structural
    empty cells from colspans before and after the values). ``base`` is the grid column of
    ``cells[0]``; on a tie the window starting at grid column ``anchor`` (where the header put the
    first column) wins, else the rightmost (value columns are the last ones)."""
    if len(cells) <= n:
        return cells
    scores = [sum(not c.blank for c in cells[i : i + n]) for i in range(len(cells) - n + 1)]
    top = max(scores)
    best = len(scores) - 1 - scores[::-1].index(top)  # value columns are a table's last columns
    if anchor is not None and 0 <= anchor - base < len(scores) and scores[anchor - base] == top:
        best = anchor - base
    return cells[best : best + n]


def _header_anchor(col_pos: dict[int, int]) -> int | None:
    """Grid column of the first value column, from header cells seen at known columns."""
    guesses = [pos - idx for idx, pos in col_pos.items()]
    if not guesses:
        return None
    return max(set(guesses), key=guesses.count)


def _entries(lines: list[Line], n_values: int, table_id: str = "t3") -> list[Entry]:
    entries: list[Entry] = []
    pending: list[str] = []
    col_pos: dict[int, int] = {}  # column index in the format → grid column of its header cell
    col_index = {c.key: i for i, c in enumerate(T3_COLUMNS if table_id == "t3" else T4_COLUMNS)}
    for line in lines:
        if "\t" in line.text:
            cells = _tab_cells(line)
            text_idx = [i for i, c in enumerate(cells) if c.raw and not _is_value(c.raw)]
            last = text_idx[-1] if text_idx else -1
            after = cells[last + 1 :]
            has_num = any(not c.blank for c in after) or any(_BLANK.match(c.raw) for c in after if c.raw)
            texts = [cells[i].raw for i in text_idx]
            if not has_num and len(after) < n_values:
                pending.extend(texts)
                for i in text_idx:
                    col = match_column(cells[i].raw, table_id, "2021")
                    if col is not None and col.key in col_index:
                        col_pos.setdefault(col_index[col.key], i)
                continue
            own = texts[-1] if texts else ""
            context = "".join(pending + texts)
            if not texts and not has_num:
                continue
            values = _best_window(after, n_values, last + 1, _header_anchor(col_pos))
            entries.append(Entry(_own_label(context), context, own, values, True, line.index))
            pending = []
        else:
            text, values = split_line(line)
            if not values:
                if text:
                    pending.append(text)
                continue
            prev = entries[-1] if entries else None
            if not text and not pending and prev is not None and not prev.tab and len(prev.values) + len(values) <= n_values:
                # a row whose numbers wrap onto the next line(s) (a narrow column, a page break)
                prev.values.extend(values)
                continue
            context = "".join(pending) + text
            own = text or (pending[-1] if pending else "")
            entries.append(Entry(_own_label(context), context, own, values, False, line.index))
            pending = []
    return entries


# -- values ------------------------------------------------------------------------------------


def to_number(raw: str, kind: ValueKind) -> int | float | None:
    """A printed cell's value (``assistant.numerals``): amounts in 万元 (元/亿元 converted), counts
    as integers; ``None`` for a blank marker or no number."""
    amount = _read_amount(raw, kind)
    return None if amount is None else amount.value


def _read_amount(raw: str, kind: ValueKind) -> Amount | None:
    s = raw.strip()
    if not s or _BLANK.match(s):
        return None
    m = _NUMBER_IN.search(s)
    if not m:
        return None
    wan = kind == ValueKind.AMOUNT_WAN
    amount = parse_amount(s[m.start():], want_wan=wan)
    if amount is None:
        return None
    if not wan and isinstance(amount.value, float):
        return Amount(int(amount.value))
    return amount


def _span(tok: Tok) -> Span:
    return Span(start=tok.start, end=tok.end, line=tok.line)


def _cell(key: str, tok: Tok | None, kind: ValueKind, notes: list[str] | None = None) -> Cell:
    if tok is None:
        return Cell(key=key, value=None)
    amount = _read_amount(tok.raw, kind)
    if amount is not None and amount.printed_unit and notes is not None:
        notes.append(
            f"{label_of(key)}：第 {tok.line} 行印作「{tok.raw}」（单位{amount.printed_unit}），已换算为 {amount.value} 万元。"
        )
    return Cell(key=key, value=None if amount is None else amount.value, raw=tok.raw or None, span=_span(tok))




def other_format(fmt: FormatId) -> FormatId:
    return FormatId.F2019 if fmt == FormatId.F2021 else FormatId.F2021



def _row_candidates(values: list[Tok], n: int, group: int | None) -> tuple[list[tuple], str | None]:
    """Candidate value tuples of one printed row, and a note when it needed splitting."""
    if len(values) == n and not any(v.run_together for v in values):
        return [tuple(to_number(v.raw, ValueKind.COUNT) for v in values)], None
    if len(values) <= n:
        values = [v for v in values if not v.blank]  # positions unknown: only digit runs can help
    if len(values) < n and values and all(v.digits_only for v in values):
        splits = split_runs([v.raw for v in values], n, group)
        if splits is None:
            return [], "too many"
        return [tuple(s) for s in splits], "split"
    return [], "count"



def _emit(prefix: str, col_keys: list[str], e: Entry, cells: dict[str, Cell], notes: list[str], label: str = "表三") -> None:
    if len(e.cands) == 1 and len(e.values) == len(col_keys):
        for ck, tok, v in zip(col_keys, e.values, e.cands[0], strict=True):
            key = f"{prefix}.{ck}"
            cells[key] = Cell(key=key, value=v, raw=tok.raw or None, span=_span(tok))
        return
    printed = [v for v in e.values if not v.blank] or e.values
    joined = Tok(" ".join(v.raw for v in printed), printed[0].start, printed[-1].end, printed[0].line) if printed else None
    for i, ck in enumerate(col_keys):
        key = f"{prefix}.{ck}"
        vals = sorted({c[i] for c in e.cands if c[i] is not None})
        if len(vals) == 1 and e.cands:
            cells[key] = Cell(key=key, value=vals[0], raw=joined.raw if joined else None, span=_span(joined) if joined else None)
        else:
            cells[key] = Cell(
                key=key, value=None, raw=joined.raw if joined else None, span=_span(joined) if joined else None,
                candidates=vals if len(vals) > 1 else None,
            )
            if len(vals) > 1:
                notes.append(f"{label_of(key)}（第 {joined.line if joined else e.line + 1} 行）：连写数字「{joined.raw if joined else ''}」有多种拆分，候选值 {vals}，无法确定，已标为存疑。")

