"""Checker X-04/X-05 (copy of last year's text) compare each report's own wording, boilerplate
left out, exactly as ``review.compare`` does."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.boilerplate import own_texts
from assistant.checker import check
from assistant.formats import FormatId
from assistant.load import load_report
from assistant.parse import parse_text
from assistant.report import Report
from assistant.review import compare

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
COPY_RULES = ("X-04", "X-05")


@lru_cache(maxsize=16)
def _load(name: str) -> Report:
    return load_report(CORPUS / name)


def _as_last_year(report: Report, of: Report) -> Report:
    """``report`` posing as ``of``'s organ's report of the year before (so the cross-year rules run)."""
    assert of.year is not None
    return report.model_copy(update={"year": of.year - 1, "agency": of.agency})


def _copy_rules(this: Report, last: Report) -> tuple[list[str], list[str]]:
    """X-04/X-05 from ``check(this, last)`` and from ``compare(this, last)``."""
    checked = sorted(f.rule for f in check(this, last).findings if f.rule in COPY_RULES)
    reviewed = sorted(f.rule for f in compare(this, last).findings if f.rule in COPY_RULES)
    return checked, reviewed


@pytest.mark.parametrize(("this", "other"), [
    ("001_2f293616a0ca3bc1.txt", "003_ac7dc73dff26925e.txt"),  # two 2020 governments, same city
    ("003_ac7dc73dff26925e.txt", "004_f7c5212c5d8d6649.txt"),
    ("shuyang_xian_2025.txt", "pingtan_zonghe_shiyanqu_2021.txt"),
])
def test_two_organs_reports_are_not_copies(this, other):
    cur = _load(this)
    last = _as_last_year(_load(other), cur)
    checked, reviewed = _copy_rules(cur, last)
    assert checked == reviewed == []
    assert "X-04" not in {n.rule for n in check(cur, last).not_assessable}  # judged, not skipped


def _with_five_of(report: Report, five_text: str) -> Report:
    """``report``'s text with its section 五's body replaced by ``five_text``, parsed again."""
    five = report.section("五")
    assert five is not None
    body_start = report.text.index("\n", five.span.start) + 1
    text = report.text[:body_start] + five_text + "\n" + report.text[five.span.end:]
    return parse_text(text)


def test_last_years_five_with_only_the_year_changed_is_flagged():
    cur = _load("shuyang_xian_2025.txt")
    five = cur.section("五")
    assert five is not None and cur.year is not None
    body = five.text.split("\n", 1)[1] if five.text.startswith(five.heading.strip()) else five.text
    last_five = re.sub(str(cur.year), str(cur.year - 1), body)
    assert last_five != body
    last = _as_last_year(_with_five_of(_load("pingtan_zonghe_shiyanqu_2021.txt"), last_five), cur)
    checked, reviewed = _copy_rules(cur, last)
    assert checked == reviewed == ["X-04"]  # the rest of the report is another organ's


def test_own_wording_leaves_boilerplate_out():
    cur = _load("shuyang_xian_2025.txt")
    own = own_texts(cur, _as_last_year(cur, cur))
    this_own, last_own = own["前言"] if "前言" in own else next(iter(own.values()))
    assert this_own == last_own
    # The format's own sentences (legal basis, 统计期限, contact) are not the organ's wording.
    assert "《中华人民共和国政府信息公开条例》" not in "".join(t for t, _ in own.values())
    assert all(t for t, _ in own.values())


def test_check_and_compare_agree_on_every_pair_of_corpus_reports():
    names = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".pdf"))
    # The checker does not judge a legacy report's sections (X-04 not assessable); compare does.
    reports = [r for r in (_load(n) for n in names) if r.format != FormatId.LEGACY]
    pairs = 0
    for cur in reports:
        if cur.year is None:
            continue
        for other in reports:
            last = _as_last_year(other, cur)
            checked, reviewed = _copy_rules(cur, last)
            assert checked == reviewed, (cur.agency, other.agency)
            pairs += 1
    assert pairs >= 40


def test_short_or_boilerplate_five_is_not_called_copied():
    from assistant.testing.reports import SECTIONS, make_report, with_section

    short = "本年度无突出问题，将继续做好工作。"  # under MIN_OWN_CHARS of own wording
    cur = make_report("2021", 2022, sections=with_section("五", short))
    last = make_report("2021", 2021, sections=with_section("五", short))
    checked, reviewed = _copy_rules(cur, last)
    assert "X-04" not in checked and checked == reviewed
    # The same section five with more of the organ's own wording is a copy.
    longer = SECTIONS["五"][1]
    cur = make_report("2021", 2022, sections=with_section("五", longer))
    last = make_report("2021", 2021, sections=with_section("五", longer))
    checked, reviewed = _copy_rules(cur, last)
    assert "X-04" in checked and checked == reviewed
