"""Spreadsheet copies in the notes → cells.

Rows pasted from Excel/WPS arrive tab-separated (empty cells kept) or separated by runs of
spaces (empty cells lost). A row is its label fields (leading text) and its value fields. The
label is matched to an official row with ``assistant.labels.match_row`` — 表三's short labels
(``1.属于国家秘密``, ``3.其他``) within the group printed before them (``（三）不予公开``) — and the
values go to columns by the header row when it names as many columns as the row has values,
else by the format's printed column order when the count is the table's (表三 7, 表四 5 per
group or 15 in one row, 表二 its block's). A 表三 row with a single value is its 总计.
Rows that fit no table are left to the prose rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from assistant.extract.result import Evidence, RuleFacts
from assistant.formats import FormatId, get_format
from assistant.labels import match_column, match_row, normalize_label
from assistant.numerals import parse_number, to_halfwidth

__all__ = ["extract_spreadsheet", "split_row"]

_BLANK = {"", "-", "—", "--", "——", "/", "、"}
_ZERO_WORDS = {"无", "零"}
_SPACES = re.compile(r" {2,}|\u3000+")


def split_row(line: str) -> list[str] | None:
    """The fields of a pasted row, or None when the line is not tabular."""
    line = line.rstrip("\r\n")
    if "\t" in line:
        return [f.strip() for f in line.split("\t")]
    fields = [f.strip() for f in _SPACES.split(line.strip())]
    if len(fields) >= 2:
        return fields
    # Single spaces: a label and then only numbers (予以公开 30 5 0 0 1 0 36).
    tokens = line.split()
    values = 0
    while values < len(tokens) and _cell_value(tokens[len(tokens) - 1 - values])[0]:
        values += 1
    if values >= 2 and values < len(tokens):
        return [" ".join(tokens[: len(tokens) - values]), *tokens[len(tokens) - values :]]
    if values >= 2 and values == len(tokens):
        return tokens
    return None


def _cell_value(text: str) -> tuple[bool, int | float | None]:
    """(is a value field, value). Blank markers are value fields without a value."""
    t = to_halfwidth(text).strip().replace("，", ",")
    t = re.sub(r"\s*(件|个|项|万元)$", "", t)
    if t in _BLANK:
        return True, None
    if t in _ZERO_WORDS:
        return True, 0
    v = parse_number(t)
    if v is not None and re.fullmatch(r"[+\-−]?[\d,.]+", t):
        return True, v
    return False, None


@dataclass
class _State:
    group: dict[str, str | None] = field(default_factory=lambda: {"t3": None, "t4": None})
    headers: dict[str, list[str | None]] = field(default_factory=dict)  # table → column keys


def extract_spreadsheet(notes: str, format_id: str | FormatId) -> tuple[RuleFacts, set[tuple[int, int]]]:
    """Read tab- or space-separated table rows of ``notes`` into rule facts; also the character
    spans of the lines read (the prose rules skip them)."""
    fmt = FormatId(format_id)
    facts = RuleFacts(format=str(fmt))
    if fmt == FormatId.LEGACY:
        return facts, set()
    spec = get_format(fmt)
    state = _State()
    consumed: set[tuple[int, int]] = set()
    offset = 0
    for line in notes.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        fields = split_row(line)
        if fields is None:
            continue
        tabbed = "\t" in line
        last_label = -1
        for i, f in enumerate(fields):
            if f and not _cell_value(f)[0]:
                last_label = i
        labels = [f for f in fields[: last_label + 1] if f]
        values = [_cell_value(f)[1] for f in fields[last_label + 1 :]]
        if not tabbed:
            values = [v for v, f in zip(values, fields[last_label + 1 :]) if f]
        text = line.rstrip("\r\n")
        ev = Evidence(text=text.strip(), start=start, end=start + len(text))
        if not any(v is not None for v in values):
            _header_or_group(labels, fmt, state)
            continue
        _row(labels, values, fmt, spec, state, facts, ev, consumed)
    return facts, consumed


def _group_named(labels: list[str], table: str, fmt: FormatId) -> str | None:
    """The printed group (``（三）不予公开``, ``行政诉讼``) a label field names, if any."""
    found = None
    for label in labels:
        norm = normalize_label(label)
        for g in _groups(table, str(fmt)):
            if norm and norm == normalize_label(g):
                found = g
    return found


@cache
def _groups(table: str, fmt: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.group for b in get_format(fmt).table(table).blocks for r in b.rows if r.group))


def _header_or_group(labels: list[str], fmt: FormatId, state: _State) -> None:
    for table in ("t3", "t4"):
        state.group[table] = _group_named(labels, table, fmt) or state.group[table]
    if len(labels) < 2:
        return
    for table in ("t3", "t4", "t2"):
        cols = [match_column(label, table, fmt) for label in labels]
        keys = [c.key if c else None for c in cols]
        if sum(k is not None for k in keys) >= 2:
            # Merged headers: drop words that only name a group of columns (法人或其他组织).
            state.headers[table] = [k for k in keys if k is not None]
            return


def _match(labels: list[str], table: str, fmt: FormatId, state: _State):
    group = state.group.get(table)
    # A label field naming a group sets it for this row and the ones below.
    if table in state.group:
        group = _group_named(labels, table, fmt) or group
    tries: list[tuple[str, str | None]] = []
    if labels:
        if group:
            tries.append((labels[-1], group))
        tries.append((labels[-1], None))
        if len(labels) > 1:
            tries.append(("".join(labels), None))
    for label, g in tries:
        row = match_row(label, table, fmt, group=g)
        if row is not None:
            if table in state.group:
                state.group[table] = group if (row.group and group == row.group) else row.group
            return row
    return None


def _row(labels, values, fmt: FormatId, spec, state: _State, facts: RuleFacts, ev: Evidence,
         facts_lines: set) -> None:
    n = len(values)
    # 表四 in one row of 15.
    if n == 15 and not (labels and match_row(labels[-1], "t3", fmt)):
        keys = [f"t4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
                for c in ("upheld", "corrected", "other", "pending", "total")]
        _put(keys, values, facts, ev)
        facts_lines.add((ev.start, ev.end))
        return
    for table in ("t3", "t4", "t2"):
        row = _match(labels, table, fmt, state)
        if row is None:
            continue
        block = next(b for b in spec.table(table).blocks if row in b.rows)
        cols = [c.key for c in block.columns]
        header = [k for k in state.headers.get(table, []) if k in cols]
        order = None
        for candidate in ([header] if len(set(header)) == len(header) else []) + [cols]:
            fitted = _fit(values, len(candidate))
            if candidate and fitted is not None:
                order, values_ = candidate, fitted
                break
        if order is None and table == "t3" and (single := _fit(values, 1)) is not None:
            order, values_ = ["total"], single
        if order is None:
            continue
        _put([f"{table}.{row.key}.{c}" for c in order], values_, facts, ev)
        facts_lines.add((ev.start, ev.end))
        return


def _fit(values: list, n: int) -> list | None:
    """``values`` as exactly ``n`` cells: surplus empty cells on the left (the label columns
    of a merged sheet), else on the right, are dropped; otherwise None."""
    if len(values) == n:
        return values
    extra = len(values) - n
    if extra > 0 and all(v is None for v in values[:extra]):
        return values[extra:]
    if extra > 0 and all(v is None for v in values[n:]):
        return values[:n]  # empty cells of a wider sheet on the right
    return None


def _put(keys: list[str], values: list, facts: RuleFacts, ev: Evidence) -> None:
    for key, value in zip(keys, values):
        if value is not None:
            facts.add(key, value, ev)
