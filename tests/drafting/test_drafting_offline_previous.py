"""The offline drafter with last year's report: every change stands next to its own quantity, so
the guard finds nothing, on every labelled report with tables; reused wording loses its numbers
(a document number 〔2023〕5号 as one placeholder)."""

from __future__ import annotations

import json
import re

import pytest

from assistant.drafting import build_facts, draft_offline, guard
from assistant.drafting.offline import PLACEHOLDER, stale
from assistant.drafting.sources import from_report
from assistant.parse import parse_text
from assistant.report import Report
from assistant.testing.reports import SECTIONS, make_report

# Changes against last year: large and small, up, down and none (持平).
DELTAS = (118, -118, 3, -2, 0, 7)
OVERVIEW = ("（一）主动公开\n{y}年，我{org}坚持以公开为常态，主动公开政府信息300条。\n"
            "（二）依申请公开\n依法办理依申请公开，规范答复。\n"
            "（三）政府信息管理\n加强政府信息管理，落实保密审查。\n"
            "（四）政府信息公开平台建设\n加强政府网站公开平台建设，更新栏目12个。\n"
            "（五）监督保障\n印发《政务公开工作考核办法》（某政办发〔{y}〕5号），将政务公开纳入绩效考核。")


def _last_year(tables: Report, year: int) -> Report:
    """Last year's report: each cell shifted by one of ``DELTAS`` (kept ≥ 0), its text one year back."""
    cells = {}
    for i, key in enumerate(sorted(tables.canonical_cells())):
        v = tables.value(key)
        cells[key] = None if v is None else max(0, v - DELTAS[i % len(DELTAS)])
    previous = make_report(tables.format, year - 1, cells=cells,
                           sections={**SECTIONS, "一": (SECTIONS["一"][0], OVERVIEW)})
    previous.sections = parse_text(previous.text).sections  # with their subsections, as parsed
    return previous


def test_offline_draft_with_last_years_report_passes_the_guard(gold_path):
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    if data["format"] == "legacy":
        pytest.skip("旧格式报告没有统计表")
    tables = Report.from_canonical(data)
    year = tables.year or 2023
    previous = _last_year(tables, year)
    facts = build_facts(tables, previous, year=year)
    past = [p for p in from_report(previous) if p.section in ("一", "五")]
    for with_previous in (True, False):
        f = facts if with_previous else build_facts(tables, year=year)
        d = draft_offline(f, None, past if with_previous else None)
        g = guard(d.text, f, tables=tables, previous=previous if with_previous else None,
                  citations={c.id for c in d.citations},
                  past=[(p.section, p.text) for p in past] if with_previous else ())
        assert g.flags == [] and g.findings == [], (gold_path.name, with_previous, g.flags, g.findings)
    d = draft_offline(facts, None, past)
    change, new = facts.get("t3.new.total.change"), facts.get("t3.new.total")
    if change is not None and new is not None:  # right after the total, before the breakdown
        stated = change.text[change.text.find("上年") - 1:]
        assert f"{new.text}，{stated}" in d.text, (gold_path.name, change.text)
    # reused wording: marked, cited, no number of last year left, the document number one placeholder
    reused = [ln for ln in d.text.splitlines() if ln.startswith("【请核实更新】") and "考核办法" in ln]
    assert reused and not re.search(r"\d", re.sub(r"【引用[:：][^】]*】", "", reused[0]))
    assert f"某政办发{PLACEHOLDER}）" in reused[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("印发《考核办法》（某政办发〔2023〕5号），全年发布信息1200条。",
     f"印发《考核办法》（某政办发{PLACEHOLDER}），全年发布信息{PLACEHOLDER}条。"),
    ("依据国办发[2022]第12号文件开展培训3次。", f"依据国办发{PLACEHOLDER}文件开展培训{PLACEHOLDER}次。"),
    ("2022年共办理建议5件。", f"{PLACEHOLDER}年共办理建议{PLACEHOLDER}件。"),
])
def test_stale_wording_replaces_each_number_expression_once(text, expected):
    assert stale(text) == expected
    assert PLACEHOLDER + PLACEHOLDER not in stale(text) and "〔〔" not in stale(text)
