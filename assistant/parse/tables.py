"""Tables 二, 三, 四 from report text, in every layout text extraction leaves them in.

Lines are either tab-separated (HTML/Word/PDF tables through the readers; rowspan/colspan
continuations are empty strings) or whitespace-separated (PDF text with broken lines: a label
split over several lines, before, beside or after its numbers). A row is recognised by its label
(``assistant.labels``) and, failing that, by its position between recognised rows. Numbers run
together without separators are split with ``digits.split_runs`` and the table identities; a cell
with more than one possible value is left ``None`` with its candidates.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from assistant.formats import (
    T3_COLUMNS,
    T4_COLUMNS,
    T4_ROWS,
    ColumnSpec,
    FormatId,
    ValueKind,
    get_format,
    label_of,
)
from assistant.labels import match_column, match_row, normalize_label
from assistant.parse.digits import split_runs
from assistant.report import Cell, Span

__all__ = ["Line", "Tok", "detect_format", "parse_t2", "parse_t3", "parse_t4", "split_line", "to_number"]

# One printed value: a signed/decimal number with an optional unit, or a blank marker.
_NUM = r"[+\-－]?\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT = r"[（(]?\s*(?:单位[：:])?\s*(?:万元|元|万)\s*[）)]?"
_VALUE = re.compile(rf"^(?:{_NUM}(?:{_UNIT})?|[—–\-－/／]+)$")
_UNIT_ONLY = re.compile(rf"^{_UNIT}$")
_BLANK = re.compile(r"^[—–\-－/／]+$")
_NUMBER_IN = re.compile(_NUM)
_SPLIT_WS = re.compile(r"\S+")
_MARKER = re.compile(r"[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十][、.．]|\d{1,2}[.．、](?!\d)")
_ARTICLE = re.compile(r"第二十条第[（(]([一二三四五六七八九十])[）)]项")
_T3_GROUP_LABELS = {"不予公开", "无法提供", "不予处理", "其他处理", "本年度办理结果"}

# Printed clues of each format (normalised text).
_CLUES = {
    FormatId.F2021: (("本年制发", 1), ("废止件数", 1), ("现行有效", 1), ("收费金额", 1), ("逾期不补正", 2), ("收费通知", 2)),
    FormatId.F2019: (("新制作", 1), ("新公开", 1), ("公开总数", 1), ("上一年项目", 1), ("政府集中采购", 1), ("采购总金额", 1)),
}


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
    first column) wins, else the leftmost."""
    if len(cells) <= n:
        return cells
    scores = [sum(not c.blank for c in cells[i : i + n]) for i in range(len(cells) - n + 1)]
    top = max(scores)
    best = scores.index(top)
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
            context = "".join(pending) + text
            own = text or (pending[-1] if pending else "")
            entries.append(Entry(_own_label(context), context, own, values, False, line.index))
            pending = []
    return entries


# -- values ------------------------------------------------------------------------------------


def to_number(raw: str, kind: ValueKind) -> int | float | None:
    s = raw.strip().replace(",", "").replace("－", "-")
    if not s or _BLANK.match(s):
        return None
    m = _NUMBER_IN.search(s)
    if not m:
        return None
    num = m.group().replace(",", "")
    unit_yuan = "元" in s and "万" not in s
    if kind == ValueKind.AMOUNT_WAN:
        v = float(num)
        if unit_yuan:
            v = round(v / 10000, 6)
        return int(v) if v.is_integer() and "." not in num and not unit_yuan else v
    try:
        v = int(float(num)) if "." in num else int(num)
    except ValueError:
        return None
    if kind == ValueKind.COUNT and num.startswith("+"):
        return v
    return v


def _span(tok: Tok) -> Span:
    return Span(start=tok.start, end=tok.end, line=tok.line)


def _cell(key: str, tok: Tok | None, kind: ValueKind) -> Cell:
    if tok is None:
        return Cell(key=key, value=None)
    return Cell(key=key, value=to_number(tok.raw, kind), raw=tok.raw or None, span=_span(tok))


# -- format detection ----------------------------------------------------------------------------


def detect_format(region_text: str) -> FormatId | None:
    norm = normalize_label(region_text)
    score = {f: sum(w for clue, w in clues if clue in norm) for f, clues in _CLUES.items()}
    if score[FormatId.F2021] > score[FormatId.F2019]:
        return FormatId.F2021
    if score[FormatId.F2019] > score[FormatId.F2021]:
        return FormatId.F2019
    return None


def _other(fmt: FormatId) -> FormatId:
    return FormatId.F2019 if fmt == FormatId.F2021 else FormatId.F2021


# -- table 二 ------------------------------------------------------------------------------------

_T2_COLUMN_NAMES: list[tuple[str, ColumnSpec]] = []
for _f in (FormatId.F2019, FormatId.F2021):
    for _b in get_format(_f).table("t2").blocks:
        for _c in _b.columns:
            for _name in (_c.label, *_c.aliases):
                _T2_COLUMN_NAMES.append((normalize_label(_name), _c))
_T2_COLUMN_NAMES.sort(key=lambda x: -len(x[0]))


def _header_columns(header: str) -> list[ColumnSpec]:
    """Columns named in a block's header text, in printed order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, ColumnSpec]] = []
    for name, col in _T2_COLUMN_NAMES:
        start = 0
        while (pos := header.find(name, start)) >= 0:
            end = pos + len(name)
            start = end
            if any(pos < e and s < end for s, e in taken):
                continue
            if any(c.key == col.key for _, c in found):
                continue
            taken.append((pos, end))
            found.append((pos, col))
    found.sort(key=lambda x: x[0])
    return [c for _, c in found]


def _t2_row(label: str, fmt: FormatId) -> tuple[str, FormatId] | None:
    for f in (fmt, _other(fmt)):
        row = match_row(label, "t2", f)
        if row:
            return row.key, f
    return None


def _spec_columns(row_key: str, fmt: FormatId) -> tuple[ColumnSpec, ...]:
    for b in get_format(fmt).table("t2").blocks:
        if any(r.key == row_key for r in b.rows):
            return b.columns
    return ()


def parse_t2(lines: list[Line], fmt: FormatId, notes: list[str]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    header = ""
    for line in lines:
        if "\t" in line.text:
            toks = _tab_cells(line)
            first_text = next((i for i, c in enumerate(toks) if c.raw and not _is_value(c.raw)), None)
            label = toks[first_text].raw if first_text is not None else ""
            values = toks[first_text + 1 :] if first_text is not None else toks
            if not any(not v.blank for v in values) and not any(_BLANK.match(v.raw) for v in values if v.raw):
                if _ARTICLE.search(_article_text(line.text)):
                    header = ""
                header += normalize_label(line.text)
                continue
        else:
            label, values = split_line(line)
            if not values:
                if _ARTICLE.search(_article_text(line.text)):
                    header = ""
                header += normalize_label(line.text)
                continue
        found = _t2_row(label, fmt) if label else None
        if not found:
            if _ARTICLE.search(_article_text(line.text)):
                header = ""
            header += normalize_label(label)
            continue
        row_key, row_fmt = found
        cols = _header_columns(header) or list(_spec_columns(row_key, fmt) or _spec_columns(row_key, row_fmt))
        # a header naming columns of another block (a lost block header): trust the format
        if not cols:
            continue
        _assign_t2(row_key, cols, values, line, cells, notes)
    return cells


def _article_text(s: str) -> str:
    """Whitespace-free text with brackets kept (for 第二十条第（一）项)."""
    return re.sub(r"\s+", "", s).replace("(", "（").replace(")", "）")


def _assign_t2(row_key: str, cols: list[ColumnSpec], values: list[Tok], line: Line, cells: dict[str, Cell], notes: list[str]) -> None:
    n = len(cols)
    if "\t" in line.text:
        while len(values) > n and not values[-1].raw:
            values = values[:-1]
        while len(values) > n and not values[0].raw:
            values = values[1:]
        if len(values) < n or any(v.run_together for v in values):
            # fewer cells than columns: positions are unknown; only run-together digits can help
            values = [v for v in values if not v.blank]
    if (len(values) == n and not any(v.run_together for v in values)) or ("\t" in line.text and len(values) > n):
        for col, tok in zip(cols, values[:n], strict=True):
            key = f"t2.{row_key}.{col.key}"
            cells.setdefault(key, _cell(key, tok, col.kind))
        if len(values) > n:
            notes.append(f"表二「{row_key}」行印出 {len(values)} 个数，表头只有 {n} 列，多出的数未读取。")
        return
    digits = [v.raw for v in values]
    splits = split_runs(digits, n) if len(values) < n and all(v.digits_only for v in values) else []
    if splits and len(splits) == 1:
        for col, v in zip(cols, splits[0], strict=True):
            key = f"t2.{row_key}.{col.key}"
            tok = values[0] if len(values) == 1 else Tok(" ".join(digits), values[0].start, values[-1].end, values[0].line)
            cells.setdefault(key, Cell(key=key, value=v, raw=tok.raw, span=_span(tok)))
        return
    tok = Tok(" ".join(v.raw for v in values), values[0].start, values[-1].end, values[0].line) if values else None
    for i, col in enumerate(cols):
        key = f"t2.{row_key}.{col.key}"
        cand = sorted({s[i] for s in splits}) if splits else None
        cells.setdefault(
            key,
            Cell(key=key, value=None, raw=tok.raw if tok else None, span=_span(tok) if tok else None, candidates=cand or None),
        )
    if splits:
        notes.append(f"表二「{row_key}」行的数字「{tok.raw if tok else ''}」连写在一起，有 {len(splits)} 种拆分，无法确定，已标为存疑。")
    else:
        notes.append(f"表二「{row_key}」行印出 {len(values)} 个数，应有 {n} 个，无法对应到列，已留空。")


# -- table 三 ------------------------------------------------------------------------------------


def _t3_row_key(entry: Entry, fmt: FormatId) -> str | None:
    for label in (entry.label, entry.own):
        norm = normalize_label(label)
        if not norm:
            continue
        if norm in _T3_GROUP_LABELS:
            # a group printed as one row (2019's （六）其他处理 in a 2021 table): exact names only
            for f in (fmt, _other(fmt)):
                for row in get_format(f).table("t3").blocks[0].rows:
                    if norm == normalize_label(row.label) or norm in {normalize_label(x) for x in row.aliases}:
                        return row.key
            continue
        for f in (fmt, _other(fmt)):
            row = match_row(label, "t3", f)
            if row:
                return row.key
    return None


def _t3_rows(fmt: FormatId) -> list[str]:
    return [r.key for r in get_format(fmt).table("t3").blocks[0].rows]


def _resolve_order(entries: list[Entry], order: list[str]) -> None:
    """A row whose label did not match takes its place between recognised neighbours, when the
    number of rows printed between them equals the number of rows the format has there."""
    pos = {k: i for i, k in enumerate(order)}
    known = [(i, pos[e.row]) for i, e in enumerate(entries) if e.row in pos]
    for i, e in enumerate(entries):
        if e.row is not None:
            continue
        before = [(j, r) for j, r in known if j < i]
        after = [(j, r) for j, r in known if j > i]
        pj, pr = before[-1] if before else (-1, -1)
        if not after:
            continue
        nj, nr = after[0]
        if nr - pr == nj - pj:
            e.row = order[pr + (i - pj)]


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


def parse_t3(lines: list[Line], fmt: FormatId, notes: list[str]) -> dict[str, Cell]:
    n = len(T3_COLUMNS)
    entries = _entries(lines, n)
    # stop after 四、结转下年度继续办理
    keep: list[Entry] = []
    for e in entries:
        e.row = _t3_row_key(e, fmt)
        keep.append(e)
        if e.row == "carried_forward":
            break
    entries = keep
    order = _t3_rows(fmt)
    _resolve_order(entries, order)
    seen: dict[str, Entry] = {}
    why_of: dict[int, str | None] = {}
    for e in entries:
        if e.row is None:
            if e.values and any(not v.blank for v in e.values):
                notes.append(f"表三第 {e.line + 1} 行「{e.context[:20]}」无法对应到任何行，已忽略。")
            continue
        e.cands, why_of[id(e)] = _row_candidates(e.values, n, n)
        first = seen.get(e.row)
        if first is None or (not first.cands and e.cands):
            # a row printed twice: keep the first readable one (a sentence before the table
            # that merely mentions 本年新收 is not the row)
            if first is not None:
                notes.append(f"表三「{e.row}」行出现多次，取第 {e.line + 1} 行。")
            seen[e.row] = e
        else:
            notes.append(f"表三「{e.row}」行出现多次，只取第 {first.line + 1} 行。")
    for e in seen.values():
        why = why_of[id(e)]
        if why == "count":
            notes.append(f"表三第 {e.line + 1} 行印出 {len(e.values)} 个数，应有 {n} 个，无法对应到列，已留空。")
        elif why == "too many":
            notes.append(f"表三第 {e.line + 1} 行的连写数字拆分方式过多，已标为存疑。")
        elif why == "split" and not e.cands:
            notes.append(f"表三第 {e.line + 1} 行的连写数字找不到满足“总计=各列之和”的拆分，已留空。")
    rows = {k: e for k, e in seen.items()}
    _apply_identities(rows, fmt, notes)
    cells: dict[str, Cell] = {}
    for key, e in rows.items():
        _emit(f"t3.{key}", [c.key for c in T3_COLUMNS], e, cells, notes)
    return cells


def _apply_identities(rows: dict[str, Entry], fmt: FormatId, notes: list[str]) -> None:
    """Keep only the combinations of ambiguous rows that satisfy the column identities."""
    ambiguous = [k for k, e in rows.items() if len(e.cands) > 1]
    if not ambiguous:
        return
    result_keys = [k for k in rows if k not in ("new", "carried_in", "total", "carried_forward")]
    combos = 1
    for k in ambiguous:
        combos *= len(rows[k].cands)
    if combos > 50000:
        return

    def ok(choice: dict[str, tuple]) -> bool:
        def val(k: str) -> tuple | None:
            return choice.get(k) or (rows[k].cands[0] if k in rows and rows[k].cands else None)

        for c in range(len(T3_COLUMNS)):
            a, b, t, f = (val(k) for k in ("new", "carried_in", "total", "carried_forward"))
            if all(x is not None and x[c] is not None for x in (a, b, t, f)):
                if a[c] + b[c] != t[c] + f[c]:
                    return False
            if t is not None and t[c] is not None and result_keys:
                parts = [val(k) for k in result_keys]
                if all(p is not None and p[c] is not None for p in parts):
                    if sum(p[c] for p in parts) != t[c]:
                        return False
        return True

    surviving: dict[str, set[tuple]] = {k: set() for k in ambiguous}
    any_ok = False
    for prod in itertools.product(*(rows[k].cands for k in ambiguous)):
        choice = dict(zip(ambiguous, prod, strict=True))
        if ok(choice):
            any_ok = True
            for k, v in choice.items():
                surviving[k].add(v)
    if not any_ok:
        notes.append("表三的连写数字没有一种拆分能同时满足各列勾稽关系，保留所有满足行总计的拆分。")
        return
    for k in ambiguous:
        rows[k].cands = sorted(surviving[k])


def _emit(prefix: str, col_keys: list[str], e: Entry, cells: dict[str, Cell], notes: list[str], label: str = "表三") -> None:
    if len(e.cands) == 1 and len(e.values) == len(col_keys):
        for ck, tok, v in zip(col_keys, e.values, e.cands[0], strict=True):
            key = f"{prefix}.{ck}"
            cells[key] = Cell(key=key, value=v, raw=tok.raw or None, span=_span(tok))
        return
    printed = [v for v in e.values if not v.blank] or e.values
    tok = Tok(" ".join(v.raw for v in printed), printed[0].start, printed[-1].end, printed[0].line) if printed else None
    for i, ck in enumerate(col_keys):
        key = f"{prefix}.{ck}"
        vals = sorted({c[i] for c in e.cands if c[i] is not None})
        if len(vals) == 1 and e.cands:
            cells[key] = Cell(key=key, value=vals[0], raw=tok.raw if tok else None, span=_span(tok) if tok else None)
        else:
            cells[key] = Cell(
                key=key, value=None, raw=tok.raw if tok else None, span=_span(tok) if tok else None,
                candidates=vals if len(vals) > 1 else None,
            )
            if len(vals) > 1:
                notes.append(f"{label_of(key)}：连写数字「{tok.raw if tok else ''}」有多种拆分，候选值 {vals}，无法确定，已标为存疑。")


# -- table 四 ------------------------------------------------------------------------------------


def parse_t4(lines: list[Line], notes: list[str]) -> dict[str, Cell]:
    cols = [c.key for c in T4_COLUMNS]
    n = len(T4_ROWS) * len(cols)
    values: list[Tok] = []
    by_row: dict[str, list[Tok]] = {}
    for line in lines:
        if "\t" in line.text:
            cells = _tab_cells(line)
            text = [c.raw for c in cells if c.raw and not _is_value(c.raw)]
            nums = [c for c in cells if not c.raw or _is_value(c.raw)]
            if not any(not c.blank for c in nums):
                continue
            if text:
                row = match_row(text[-1], "t4", "2021")
                if row and len(nums) >= len(cols):
                    by_row.setdefault(row.key, _best_window(nums, len(cols)))
                continue
            values.extend(nums)
        else:
            text, vals = split_line(line)
            if not vals:
                continue
            if text:
                row = match_row(text, "t4", "2021")
                if row and len(vals) == len(cols):
                    by_row.setdefault(row.key, vals)
                continue
            values.extend(vals)
        if len(values) >= n:
            break
    cells: dict[str, Cell] = {}
    if by_row and not values:
        for rk, toks in by_row.items():
            e = Entry("", "", "", toks, True, toks[0].line - 1)
            e.cands, _ = _row_candidates(toks, len(cols), None)
            _emit(f"t4.{rk}", cols, e, cells, notes, "表四")
        return cells
    if not values:
        return cells
    keys = [f"t4.{r.key}.{c}" for r in T4_ROWS for c in cols]
    if len(values) > n:
        values = _best_window(values, n)
    if len(values) == n and not any(v.run_together for v in values):
        for key, tok in zip(keys, values, strict=True):
            cells[key] = _cell(key, tok, ValueKind.COUNT)
        return cells
    values = [v for v in values if not v.blank]  # positions unknown: only digit runs can help
    if not values:
        return cells
    if all(v.digits_only for v in values):
        splits = split_runs([v.raw for v in values], n, len(cols))
        tok = Tok(" ".join(v.raw for v in values), values[0].start, values[-1].end, values[0].line)
        if splits:
            for i, key in enumerate(keys):
                vals = sorted({s[i] for s in splits})
                if len(vals) == 1:
                    cells[key] = Cell(key=key, value=vals[0], raw=tok.raw, span=_span(tok))
                else:
                    cells[key] = Cell(key=key, value=None, raw=tok.raw, span=_span(tok), candidates=vals)
                    notes.append(f"{label_of(key)}：连写数字「{tok.raw}」有多种拆分，候选值 {vals}，无法确定，已标为存疑。")
            return cells
        notes.append(f"表四的数字「{tok.raw}」无法拆分成满足各组总计的 {n} 个数，已留空。")
    else:
        notes.append(f"表四印出 {len(values)} 个数，应有 {n} 个，无法对应到列，已留空。")
    for key in keys:
        cells[key] = Cell(key=key, value=None)
    return cells

