"""``nianbao eval check``: the mutation runner over the labelled reports."""

from __future__ import annotations

import json

from assistant.evals import check as check_eval
from assistant.report import Report


def test_labelled_reports_are_the_seeds_and_fixtures_with_tables():
    ids = [rid for rid, _ in check_eval.labelled_reports()]
    assert "001_2f293616a0ca3bc1" in ids and "000_303eb4e463f9f12c" in ids
    assert "002_2d3cf361b2c783f2" not in ids  # legacy: no tables
    assert all(r.has_tables for _, r in check_eval.labelled_reports())


def test_main_prints_and_writes_caught_over_total(tmp_path, monkeypatch, capsys, gold_dir):
    seed = json.loads((gold_dir / "001_2f293616a0ca3bc1.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(check_eval, "labelled_reports", lambda: [("001", Report.from_canonical(seed))])
    assert check_eval.main(results_dir=tmp_path) == 0
    result = json.loads((tmp_path / "check-latest.json").read_text(encoding="utf-8"))
    assert result["per_table"] == {"t3": {"caught": 322, "total": 322}, "t4": {"caught": 30, "total": 30}}
    assert result["overall"] == {"caught": 352, "total": 352}
    assert "352/352" in capsys.readouterr().out


def test_a_checker_blind_to_a_cell_is_measured(monkeypatch, gold_dir):
    # If the checker ignored table 四, the runner must report those mutations as missed.
    seed = json.loads((gold_dir / "001_2f293616a0ca3bc1.json").read_text(encoding="utf-8"))
    report = Report.from_canonical(seed)
    real_check = check_eval.check

    def blind(r, previous=None):
        result = real_check(r, previous)
        result.findings = [f for f in result.findings if not f.rule.startswith("T4")]
        return result

    monkeypatch.setattr(check_eval, "check", blind)
    score = check_eval.score_report("001", report)
    assert score.caught["t4"] == 0 and score.total["t4"] == 30
    assert score.caught["t3"] == score.total["t3"] == 322
    assert "t4.review.total+1" in score.missed
