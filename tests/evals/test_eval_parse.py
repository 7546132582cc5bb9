"""assistant.evals.parse: per-report and overall cell accuracy, result file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.evals import parse as parse_eval


def _setup(tmp_path: Path, root: Path) -> tuple[Path, Path]:
    gold_dir, src_dir = tmp_path / "gold", tmp_path / "reports"
    gold_dir.mkdir()
    src_dir.mkdir()
    stem = "001_2f293616a0ca3bc1"
    shutil.copy(root / "corpus" / f"{stem}.txt", src_dir / f"{stem}.txt")
    gold = json.loads((root / "evals" / "parse" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    (gold_dir / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    # a deliberately wrong gold: two cells and the year differ from what the report prints
    gold["cells"]["t3.new.natural"] = 999
    gold["cells"]["t4.review.total"] = None
    gold["year"] = 2019
    (gold_dir / "wrong.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    shutil.copy(root / "corpus" / f"{stem}.txt", src_dir / "wrong.txt")
    (gold_dir / "orphan.json").write_text(json.dumps({"agency": "x", "year": 2021, "format": "2021",
                                                      "cells": {"t4.review.total": 1}}), encoding="utf-8")
    return gold_dir, src_dir


def test_evaluate_counts_cells_and_meta(tmp_path, root):
    gold_dir, src_dir = _setup(tmp_path, root)
    result = parse_eval.evaluate(gold_dir, (src_dir,))
    by = {r["report"]: r for r in result["reports"]}
    assert by["001_2f293616a0ca3bc1"]["correct"] == 198 == by["001_2f293616a0ca3bc1"]["cells"]
    assert by["wrong"]["correct"] == 196
    assert set(by["wrong"]["wrong"]) == {"t3.new.natural", "t4.review.total"}
    assert by["wrong"]["year_ok"] is False and by["wrong"]["agency_ok"] is True
    assert by["orphan"]["error"] == "找不到对应的报告文件"
    assert result["cells"] == 198 + 198 + 1 and result["correct"] == 198 + 196
    assert result["exact_reports"] == 1


def test_main_prints_and_writes_result(tmp_path, capsys, root):
    gold_dir, src_dir = _setup(tmp_path, root)
    out_dir = tmp_path / "results"
    assert parse_eval.main(gold_dir, out_dir, (src_dir,)) == 0
    latest = json.loads((out_dir / "parse-latest.json").read_text(encoding="utf-8"))
    assert latest["n_reports"] == 3 and latest["correct"] == 394
    printed = capsys.readouterr().out
    assert "解析准确率" in printed and "394/397" in printed
