"""The 2021-format fixtures (evals/parse/reports, from assistant/testing/render.py) parse to their gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.formats import FormatId, cell_keys
from assistant.parse import parse
from assistant.testing import render as mf

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "evals" / "parse" / "reports"
GOLD = ROOT / "evals" / "parse" / "gold"

FIXTURES = sorted(p for p in REPORTS.iterdir() if p.is_file())


def _gold(report: Path) -> dict:
    return json.loads((GOLD / f"{report.stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("report", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_parses_to_gold(report):
    gold = _gold(report)
    got = parse(report).to_canonical()
    assert (got["agency"], got["year"], got["format"]) == (gold["agency"], gold["year"], gold["format"])
    wrong = {k: (got["cells"].get(k), v) for k, v in gold["cells"].items() if got["cells"].get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (got, gold): {wrong}"
    assert got["cells"] == gold["cells"]
    assert got.get("ambiguous") is None
    if "extra_cells" in gold:
        assert got.get("extra_cells") == gold["extra_cells"]


def test_every_fixture_has_a_gold_file_in_canonical_form():
    assert len(FIXTURES) >= 11
    for report in FIXTURES:
        gold = _gold(report)
        assert gold["format"] == FormatId.F2021.value
        assert list(gold["cells"]) == list(cell_keys(FormatId.F2021))


def test_generator_is_deterministic_and_committed_output_is_current():
    built = mf.build()
    assert sorted(built) == [p.name for p in FIXTURES]
    for name, (data, gold) in built.items():
        assert (REPORTS / name).read_bytes() == data, f"{name} is stale: rerun python -m assistant.testing.render"
        assert _gold(REPORTS / name) == json.loads(json.dumps(gold)), name
    again = mf.build()
    assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in built.items()}


def test_full_fixture_satisfies_table_identities():
    gold = _gold(REPORTS / "f2021_tabs.txt")["cells"]
    cols = ("natural", "business", "research", "public_interest", "legal_service", "other_org")
    rows = {k.split(".")[1] for k in gold if k.startswith("t3.")}
    results = rows - {"new", "carried_in", "total", "carried_forward"}
    for c in (*cols, "total"):
        assert gold[f"t3.new.{c}"] + gold[f"t3.carried_in.{c}"] == gold[f"t3.total.{c}"] + gold[f"t3.carried_forward.{c}"]
        assert gold[f"t3.total.{c}"] == sum(gold[f"t3.{r}.{c}"] for r in results)
    for r in rows:
        assert gold[f"t3.{r}.total"] == sum(gold[f"t3.{r}.{c}"] for c in cols)
    for g in ("review", "suit_direct", "suit_after_review"):
        assert gold[f"t4.{g}.total"] == sum(gold[f"t4.{g}.{c}"] for c in ("upheld", "corrected", "other", "pending"))
