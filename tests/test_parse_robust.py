"""parse_text raises only ParseError, whatever it is given, and stays fast."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.parse import ParseError
from assistant.parse.text import _parse, parse_text

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "corpus" / "001_2f293616a0ca3bc1.txt").read_text(encoding="utf-8")
TAB = (Path(__file__).parent / "fixtures" / "parse" / "r2021_tab_blanks.txt").read_text(encoding="utf-8")
ALPHABET = "一二三四五六七（）()、.．0123456789０１ \t\n\r年度报告人民政府局总计其他本年新收予以公开万元元-+/—\u3000\xa0"


def _ok(text: str) -> None:
    # the internal parser (no safety net) must not fail on anything but ParseError
    try:
        _parse(text, None)
    except ParseError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_table_like_text(text):
    _ok(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([SEED, TAB]), st.integers(0, 20000), st.integers(0, 20000), st.text(alphabet=ALPHABET, max_size=80))
def test_mutilated_reports(base, a, b, insert):
    a, b = sorted((a % (len(base) + 1), b % (len(base) + 1)))
    _ok(base[:a] + insert + base[b:])  # cut a piece out and put junk in its place
    _ok(base[:a])  # truncated


def test_binary_like_input_is_a_parse_error():
    for junk in ["\x00" * 100, "\ufffd" * 50, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"]:
        try:
            parse_text(junk)
        except ParseError as exc:
            assert str(exc)
