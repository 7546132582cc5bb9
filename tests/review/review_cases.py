"""Report pairs for the review tests, built from the bundled seed reports: last year's report of
the same organ is this year's text with every year moved back by one, then part of it changed.
Imported by the review tests as ``review_cases`` (pytest puts this folder on the path)."""

from __future__ import annotations

from pathlib import Path

from assistant.parse import parse_text
from assistant.report import Report
from assistant.testing.reports import shift_years

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

THIS = CORPUS / "001_2f293616a0ca3bc1.txt"  # 牡丹江市人民政府 2020
OTHER = CORPUS / "003_ac7dc73dff26925e.txt"  # 东安区人民政府 2020


def replace_section(text: str, report: Report, number: str, body: str) -> str:
    span = report.section(number).span  # type: ignore[union-attr]
    return text[: span.start] + body + text[span.end:]


def this_report() -> Report:
    return parse_text(THIS.read_text(encoding="utf-8"), source=THIS.name)


def other_report() -> Report:
    return parse_text(OTHER.read_text(encoding="utf-8"), source=OTHER.name)


def last_with_copied_five() -> Report:
    """Last year: section 一 written differently, section 五 the same with only the years changed."""
    text, this, other = THIS.read_text(encoding="utf-8"), this_report(), other_report()
    return parse_text(shift_years(replace_section(text, this, "一", other.section("一").text)), source="last_copied.txt")  # type: ignore[union-attr]


def last_with_rewritten_five() -> Report:
    """Last year: section 五 about other problems (this year's 五 is rewritten)."""
    text, this, other = THIS.read_text(encoding="utf-8"), this_report(), other_report()
    return parse_text(shift_years(replace_section(text, this, "五", other.section("五").text)), source="last_rewritten.txt")  # type: ignore[union-attr]
