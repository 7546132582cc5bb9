"""Run-together digits: every split, no leading zeros, group sums."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.parse.digits import split_runs


def test_issue_example_is_unique():
    assert split_runs(["713000074"], 7, 7) == [(71, 3, 0, 0, 0, 0, 74)]


def test_table_four_groups():
    assert split_runs(["5421120010100011"], 15, 5) == [(5, 4, 2, 1, 12, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1)]


def test_ambiguous_row_lists_every_split():
    assert sorted(split_runs(["110000011"], 7, 7)) == [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]


def test_without_sum_constraint():
    assert sorted(split_runs(["5130"], 3)) == [(5, 1, 30), (5, 13, 0), (51, 3, 0)]
    assert split_runs(["000"], 3) == [(0, 0, 0)]
    assert split_runs(["00"], 3) == []


def test_token_boundaries_are_kept():
    # "71" and "3000074" stay apart: 7|13… is not possible
    assert split_runs(["71", "3000074"], 7, 7) == [(71, 3, 0, 0, 0, 0, 74)]


def test_impossible_and_non_digit():
    assert split_runs(["999"], 7, 7) == []
    assert split_runs(["12a"], 3) == []
    assert split_runs([], 3) == []


def test_too_many_splits_gives_none():
    assert split_runs(["1" * 30], 10, limit=50) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=6, max_size=6))
def test_printed_row_is_among_the_splits(parts):
    row = [*parts, sum(parts)]
    digits = "".join(str(x) for x in row)
    splits = split_runs([digits], 7, 7)
    assert splits is not None
    assert tuple(row) in splits
    for s in splits:
        assert "".join(map(str, s)) == digits and sum(s[:6]) == s[6]
