"""Every labelled report parses to its gold: the seeds (``corpus/``) and the generated 2021-format
layout fixtures (``evals/parse/reports``, from ``assistant/testing/render.py``), which must also be
current with their generator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.formats import FormatId, cell_keys
from assistant.parse import parse
from assistant.testing import render as mf


def _gold(gold_dir: Path, report: Path) -> dict:
    return json.loads((gold_dir / f"{report.stem}.json").read_text(encoding="utf-8"))


def _source(root: Path, stem: str) -> Path | None:
    for folder in (root / "corpus", root / "evals" / "parse" / "reports"):
        for p in sorted(folder.glob(f"{stem}.*")):
            return p
    return None


def test_labelled_report_matches_gold(gold_path, root):
    src = _source(root, gold_path.stem)
    if src is None:
        pytest.skip(f"no source for {gold_path.stem}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    got = parse(src).to_canonical()
    assert (got["agency"], got["year"], got["format"]) == (gold["agency"], gold["year"], gold["format"])
    wrong = {k: (got["cells"].get(k), v) for k, v in gold["cells"].items() if got["cells"].get(k) != v}
    assert not wrong, f"{len(wrong)} cells differ (got, gold): {wrong}"
    assert got["cells"] == gold["cells"]
    # a blank stays blank: None in gold is None here, not 0
    assert [k for k, v in gold["cells"].items() if v is None] == [k for k, v in got["cells"].items() if v is None]
    if src.parent.name == "reports":
        assert got.get("ambiguous") is None
    if "extra_cells" in gold:
        assert got.get("extra_cells") == gold["extra_cells"]


def test_every_fixture_has_a_gold_file_in_canonical_form(reports_dir, gold_dir):
    fixtures = sorted(p for p in reports_dir.iterdir() if p.is_file())
    assert len(fixtures) >= 11
    for report in fixtures:
        gold = _gold(gold_dir, report)
        assert gold["format"] == FormatId.F2021.value
        assert list(gold["cells"]) == list(cell_keys(FormatId.F2021))


def test_generator_is_deterministic_and_committed_output_is_current(reports_dir, gold_dir):
    built = mf.build()
    assert sorted(built) == sorted(p.name for p in reports_dir.iterdir() if p.is_file())
    for name, (data, gold) in built.items():
        assert (reports_dir / name).read_bytes() == data, f"{name} is stale: rerun python -m assistant.testing.render"
        assert _gold(gold_dir, reports_dir / name) == json.loads(json.dumps(gold)), name
    again = mf.build()
    assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in built.items()}


def test_full_fixture_satisfies_table_identities(reports_dir, gold_dir):
    gold = _gold(gold_dir, reports_dir / "f2021_tabs.txt")["cells"]
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
