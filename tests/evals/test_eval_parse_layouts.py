"""``nianbao eval parse`` prints and writes the reports × layouts matrix."""

from __future__ import annotations

import json
import shutil

from conftest import GOLD

from assistant.evals import parse as parse_eval


def test_matrix_counts_cells_per_report_and_layout(tmp_path):
    shutil.copy(GOLD / "huaian_hongze_qu_2024.json", tmp_path)
    gold = json.loads((GOLD / "huaian_hongze_qu_2024.json").read_text(encoding="utf-8"))
    matrix = parse_eval.layout_matrix(tmp_path, seed=0)
    assert matrix["layouts"] == ["crawler", "markdown", "docx", "pdf"]
    (row,) = matrix["rows"]
    for layout, cell in row["layouts"].items():
        assert cell["cells"] == len(gold["cells"]), layout
        assert cell["correct"] == cell["cells"] and cell["wrong"] == [], layout
        assert cell["agency_ok"] and cell["year_ok"] and cell["format_ok"]
    assert matrix["totals"]["pdf"] == {"cells": 200, "correct": 200, "meta_ok": 1, "reports": 1}


def test_a_wrong_cell_is_named(tmp_path, monkeypatch):
    gold = json.loads((GOLD / "f2021_tabs.json").read_text(encoding="utf-8"))
    (tmp_path / "f2021_tabs.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    real = parse_eval.compare

    def compare_with_a_changed_gold(g, canon):
        return real({**g, "cells": {**g["cells"], "t4.review.total": 999}}, canon)

    monkeypatch.setattr(parse_eval, "compare", compare_with_a_changed_gold)
    matrix = parse_eval.layout_matrix(tmp_path)
    assert all(c["wrong"] == ["t4.review.total"] for c in matrix["rows"][0]["layouts"].values())
    assert matrix["totals"]["crawler"]["correct"] == len(gold["cells"]) - 1


def test_main_writes_the_matrix(tmp_path):
    gold_dir, out = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    shutil.copy(GOLD / "f2021_tabs.json", gold_dir)
    assert parse_eval.main(gold_dir, out) == 0
    written = out / "parse-latest.json"
    result = json.loads(written.read_text(encoding="utf-8"))
    assert result["layout_matrix"]["totals"]["markdown"]["correct"] == 200
