"""Matching printed table labels to the specs in ``assistant.formats``.

Printed labels deviate from the official ones: spaces inside (``法 律 服 务 机 构``), numbering
(``（三）``, ``3.``, ``三、``), missing or extra characters, synonyms (``社会组织`` for
``社会公益组织``, ``规范性文件`` for ``行政规范性文件``). ``normalize_label`` strips the noise and
``match_row`` / ``match_column`` find the spec a label means, or ``None`` when none fits or two
fit equally well (give ``group`` to tell short labels such as ``其他`` or ``1.属于…`` apart).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TypeVar

from assistant.formats import ColumnSpec, FormatId, RowSpec, get_format
from assistant.numerals import to_halfwidth

_T = TypeVar("_T")

__all__ = ["normalize_label", "match_row", "match_column", "label_score"]

_CN_NUM = "一二三四五六七八九十"
# One leading numbering token: （三） (三) 〔三〕 三、 3. 3、 3） 第三
_NUMBERING = re.compile(
    rf"^(?:[（(〔\[【]\s*[{_CN_NUM}\d]{{1,3}}\s*[）)〕\]】]|[{_CN_NUM}]{{1,3}}\s*[、.．]|\d{{1,2}}\s*[.．、)）](?!\d))\s*"
)
# Everything that is not a CJK character, a latin letter or a digit.
_NOISE = re.compile(r"[^\w]|_", re.UNICODE)


@lru_cache(maxsize=16384)
def normalize_label(s: str) -> str:
    """A printed label reduced to its words: no whitespace (also full-width), punctuation,
    brackets or leading numbering (``（三）``, ``3.``, ``三、``, repeated)."""
    if not s:
        return ""
    t = to_halfwidth(s).strip()
    # Spaces inside numbering ("（ 三 ）") would defeat the numbering pattern.
    t = re.sub(r"\s+", "", t)
    while True:
        m = _NUMBERING.match(t)
        if not m or m.end() == len(t):
            break
        t = t[m.end():]
    return _NOISE.sub("", t)


def label_score(label: str, target: str) -> float:
    """How well the normalised ``label`` fits the normalised ``target`` (0…1)."""
    if not label or not target:
        return 0.0
    if label == target:
        return 1.0
    n, m = len(label), len(target)
    if target in label:
        # The printed label holds the whole target plus extra words ("社会公益组织" in
        # "其中社会公益组织"); a short target inside a long label is weak evidence.
        if m >= 3 or m / n >= 0.5:
            return 0.7 + 0.25 * m / n
        return 0.0
    if label in target:
        # A fragment of the target (a label broken over lines, or an abbreviation).
        if n >= 3 or n / m >= 0.5:
            return 0.6 + 0.3 * n / m
        return 0.0
    sm = SequenceMatcher(None, label, target, autojunk=False)
    if sm.real_quick_ratio() < 0.7 or sm.quick_ratio() < 0.7:
        return 0.0
    ratio = sm.ratio()
    return ratio if ratio >= 0.7 else 0.0


def _best(label: str, options: Sequence[tuple[_T, tuple[str, ...]]]) -> _T | None:
    norm = normalize_label(label)
    if not norm:
        return None
    scored: list[tuple[float, int, _T]] = []
    for i, (spec, names) in enumerate(options):
        s = max(label_score(norm, n) for n in names)
        if s > 0:
            scored.append((s, i, spec))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1]))
    best = scored[0]
    if best[0] < 0.6:
        return None
    if len(scored) > 1 and scored[1][2] is not best[2] and best[0] - scored[1][0] < 0.05:
        return None  # two specs fit equally well: ambiguous without more context
    return best[2]


@cache
def _rows(table_id: str, format_id: str) -> tuple[tuple[RowSpec, tuple[str, ...], str], ...]:
    fmt = get_format(format_id)
    out = []
    for block in fmt.table(table_id).blocks:
        for row in block.rows:
            names = tuple(dict.fromkeys(normalize_label(x) for x in (row.label, *row.aliases)))
            out.append((row, names, normalize_label(row.group or "")))
    return tuple(out)


@cache
def _columns(table_id: str, format_id: str) -> tuple[tuple[ColumnSpec, tuple[str, ...]], ...]:
    fmt = get_format(format_id)
    seen: dict[str, tuple[ColumnSpec, tuple[str, ...]]] = {}
    for block in fmt.table(table_id).blocks:
        for col in block.columns:
            if col.key not in seen:
                names = tuple(dict.fromkeys(normalize_label(x) for x in (col.label, *col.aliases)))
                seen[col.key] = (col, names)
    return tuple(seen.values())


def _group_fits(group: str | None, row_group: str) -> bool:
    if group is None:
        return True
    g = normalize_label(group)
    if not g:
        return True
    if not row_group:
        return False
    return g in row_group or row_group in g or label_score(g, row_group) >= 0.6


@lru_cache(maxsize=8192)
def match_row(
    label: str, table_id: str, format_id: str | FormatId, group: str | None = None
) -> RowSpec | None:
    """The row of ``table_id`` in ``format_id`` that a printed label means, or None.

    ``group`` is the enclosing printed group (``（三）不予公开``, ``（六）其他处理``, ``行政诉讼``):
    only rows of that group are considered, which settles short labels such as ``1.…`` or ``其他``.
    """
    if FormatId(format_id) == FormatId.LEGACY:
        return None
    rows = [(r, names) for r, names, g in _rows(table_id, str(FormatId(format_id))) if _group_fits(group, g)]
    return _best(label, rows)


@lru_cache(maxsize=4096)
def match_column(label: str, table_id: str, format_id: str | FormatId) -> ColumnSpec | None:
    """The column of ``table_id`` in ``format_id`` that a printed header means, or None."""
    if FormatId(format_id) == FormatId.LEGACY:
        return None
    return _best(label, list(_columns(table_id, str(FormatId(format_id)))))
