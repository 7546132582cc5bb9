"""Every labelled report under evals/parse/ (any layout, via the readers) parses to its gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evals.parse import unscored
from assistant.parse import parse

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "evals" / "parse" / "gold").glob("*.json"))


def _source(stem: str) -> Path | None:
    for folder in (ROOT / "corpus", ROOT / "evals" / "parse" / "reports"):
        for p in sorted(folder.glob(f"{stem}.*")):
            return p
    return None


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_labelled_report_matches_gold(gold_path):
    src = _source(gold_path.stem)
    if src is None:
        pytest.skip(f"no source for {gold_path.stem}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    canon = parse(src).to_canonical()
    assert (canon["agency"], canon["year"], canon["format"]) == (gold["agency"], gold["year"], gold["format"])
    lost = unscored(gold)  # cells the input itself does not determine
    scored = {k: v for k, v in gold["cells"].items() if k not in lost}
    assert {k: v for k, v in canon["cells"].items() if k not in lost} == scored
    assert set(canon["cells"]) == set(gold["cells"])
    # a blank stays blank: None in gold is None here, not 0
    assert [k for k, v in scored.items() if v is None] == [k for k, v in canon["cells"].items() if v is None and k not in lost]
