"""Numbers as clerks write them."""

from __future__ import annotations

import pytest

from assistant.numerals import parse_number, to_halfwidth


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("120", 120),
        ("1,532", 1532),
        ("１２０", 120),
        ("0.36", 0.36),
        ("+6", 6),
        ("-3", -3),
        ("十二", 12),
        ("两", 2),
        ("一百零五", 105),
        ("二千三百一十五", 2315),
        ("零", 0),
        ("〇", 0),
        ("十", 10),
    ],
)
def test_parse_number(token, value):
    got = parse_number(token)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize("token", ["", "万", "件", "abc", "1.2.3", "十件"])
def test_not_a_number(token):
    assert parse_number(token) is None


def test_halfwidth_keeps_offsets():
    text = "收到申请　１５件（自然人１２件）："
    out = to_halfwidth(text)
    assert len(out) == len(text)
    assert out == "收到申请 15件(自然人12件):"
