"""Table 二 (主动公开政府信息情况): blocks 第二十条第（X）项, their header columns and rows."""

from __future__ import annotations

import re

from assistant.formats import ColumnSpec, FormatId, get_format, row_of
from assistant.labels import match_row, normalize_label
from assistant.parse.digits import split_runs
from assistant.parse.tables.rows import (
    _BLANK,
    Line,
    Tok,
    _cell,
    _is_value,
    _span,
    _tab_cells,
    other_format,
    split_line,
)
from assistant.report import Cell

__all__ = ["parse_t2"]

_ARTICLE = re.compile(r"第二十条第[（(]([一二三四五六七八九十])[）)]项")

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
    for f in (fmt, other_format(fmt)):
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


def _row_label(row_key: str, cols: list[ColumnSpec]) -> str:
    """The printed name of a row of table 二, in the format whose block has these columns."""
    keys = {c.key for c in cols}
    for f in (FormatId.F2021, FormatId.F2019):
        for block in get_format(f).table("t2").blocks:
            for row in block.rows:
                if row.key == row_key and keys <= {c.key for c in block.columns}:
                    return row.label
    return row_of(f"t2.{row_key}.x").label


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
            cells.setdefault(key, _cell(key, tok, col.kind, notes))
        if len(values) > n:
            notes.append(f"表二第 {line.index + 1} 行「{_row_label(row_key, cols)}」印出 {len(values)} 个数，表头只有 {n} 列，多出的数未读取。")
        return
    digits = [v.raw for v in values]
    splits = split_runs(digits, n) if len(values) < n and all(v.digits_only for v in values) else []
    if splits and len(splits) == 1:
        for col, v in zip(cols, splits[0], strict=True):
            key = f"t2.{row_key}.{col.key}"
            tok = values[0] if len(values) == 1 else Tok(" ".join(digits), values[0].start, values[-1].end, values[0].line)
            cells.setdefault(key, Cell(key=key, value=v, raw=tok.raw, span=_span(tok)))
        return
    joined = Tok(" ".join(v.raw for v in values), values[0].start, values[-1].end, values[0].line) if values else None
    for i, col in enumerate(cols):
        key = f"t2.{row_key}.{col.key}"
        cand: list[int | float] | None = sorted({s[i] for s in splits}) if splits else None
        cells.setdefault(
            key,
            Cell(key=key, value=None, raw=joined.raw if joined else None, span=_span(joined) if joined else None, candidates=cand or None),
        )
    if splits:
        notes.append(f"表二第 {line.index + 1} 行「{_row_label(row_key, cols)}」的数字「{joined.raw if joined else ''}」连写在一起，有 {len(splits)} 种拆分，无法确定，已标为存疑。")
    else:
        notes.append(f"表二第 {line.index + 1} 行「{_row_label(row_key, cols)}」印出 {len(values)} 个数，应有 {n} 个，无法对应到列，已留空。")

