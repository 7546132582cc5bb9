"""Splitting run-together digits back into cells.

Text extraction sometimes loses the separators between table cells: ``713000074`` for the row
71, 3, 0, 0, 0, 0, 74. ``split_runs`` enumerates every way to cut digit tokens into a given number
of cells (no leading zeros: ``05`` is not a printed number), optionally requiring that in each
group of ``group_size`` cells the last equals the sum of the others (table 三: 总计 is the sum
of the six applicant columns; table 四: each group's 总计). The caller keeps the splits that also
fit the table identities, and marks a cell ambiguous when more than one value survives.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

__all__ = ["split_runs", "MAX_SPLITS"]

MAX_SPLITS = 2000  # give up (everything ambiguous) beyond this many candidate splits
_MAX_PART = 9  # digits of one cell


def _parts(s: str, k: int) -> Iterator[tuple[int, ...]]:
    """Every split of digit string ``s`` into ``k`` numbers without leading zeros."""
    if k == 0:
        if not s:
            yield ()
        return
    n = len(s)
    if n < k:
        return
    if k == 1:
        if n <= _MAX_PART and (s[0] != "0" or n == 1):
            yield (int(s),)
        return
    max_len = 1 if s[0] == "0" else min(_MAX_PART, n - k + 1)
    for length in range(1, max_len + 1):
        head = int(s[:length])
        for rest in _parts(s[length:], k - 1):
            yield (head, *rest)


def _sum_groups(s: str, k: int, group_size: int) -> Iterator[tuple[int, ...]]:
    """Splits of ``s`` into ``k`` numbers (k a multiple of group_size), each group's last number
    being the sum of the group's others."""
    if k == 0:
        if not s:
            yield ()
        return
    n = len(s)
    min_rest = (k - group_size)  # at least one digit per remaining cell
    # choose the length of this group's text
    lengths = [n] if k == group_size else range(group_size, n - min_rest + 1)
    for glen in lengths:
        g = s[:glen]
        # the total is a suffix of g; its length bounds the others' lengths
        for tlen in range(1, min(_MAX_PART, glen - group_size + 1) + 1):
            t = g[glen - tlen:]
            if t[0] == "0" and tlen > 1:
                continue
            total = int(t)
            for head in _bounded(g[: glen - tlen], group_size - 1, total):
                for rest in _sum_groups(s[glen:], k - group_size, group_size):
                    yield (*head, total, *rest)


def _bounded(s: str, k: int, target: int) -> Iterator[tuple[int, ...]]:
    """Splits of ``s`` into ``k`` numbers (no leading zeros) summing to ``target``."""
    if k == 0:
        if not s and target == 0:
            yield ()
        return
    n = len(s)
    if n < k or target < 0:
        return
    if k == 1:
        if (s[0] != "0" or n == 1) and n <= _MAX_PART and int(s) == target:
            yield (target,)
        return
    max_len = 1 if s[0] == "0" else min(_MAX_PART, n - k + 1, len(str(target)))
    for length in range(1, max_len + 1):
        head = int(s[:length])
        if head > target:
            break
        for rest in _bounded(s[length:], k - 1, target - head):
            yield (head, *rest)


def split_runs(
    tokens: Sequence[str], n: int, group_size: int | None = None, limit: int = MAX_SPLITS
) -> list[tuple[int, ...]] | None:
    """Every way to read digit ``tokens`` as ``n`` cells, or None when there are more than
    ``limit`` ways (too ambiguous to enumerate usefully).

    Tokens keep their boundaries: ``["71", "3000074"]`` is cut only inside each token. With
    ``group_size``, every consecutive group of that many cells must satisfy last = sum(others);
    ``n`` must then be a multiple of ``group_size``.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return []
    if group_size and n % group_size:
        raise ValueError("n must be a multiple of group_size")
    out: list[tuple[int, ...]] = []
    joined_ok = len(tokens) == 1
    if group_size and joined_ok:
        for split in _sum_groups(tokens[0], n, group_size):
            out.append(split)
            if len(out) > limit:
                return None
        return out
    # several tokens: distribute the n cells among them, then filter by group sums
    for tried, split in enumerate(_token_splits(list(tokens), n)):
        if tried > limit * 50:
            return None
        if group_size and not _groups_ok(split, group_size):
            continue
        out.append(split)
        if len(out) > limit:
            return None
    return out


def _token_splits(tokens: list[str], n: int) -> Iterator[tuple[int, ...]]:
    if not tokens:
        if n == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    rest_chars = sum(len(t) for t in rest)  # the most cells the other tokens can hold
    for k in range(max(1, n - rest_chars), min(len(first), n - len(rest)) + 1):
        for head in _parts(first, k):
            for tail in _token_splits(rest, n - k):
                yield (*head, *tail)


def _groups_ok(values: Sequence[int], group_size: int) -> bool:
    for i in range(0, len(values), group_size):
        g = values[i : i + group_size]
        if sum(g[:-1]) != g[-1]:
            return False
    return True
