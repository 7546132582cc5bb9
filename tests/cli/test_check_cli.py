"""``nianbao check``: reports in any layout or canonical JSON, --previous, --json, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.testing.reports import cells_for

runner = CliRunner()


@pytest.fixture
def seed_001(corpus_dir):
    return corpus_dir / "001_2f293616a0ca3bc1.txt"


def write_json(tmp_path, name: str, year: int, fmt: str, **over) -> str:
    cells = cells_for(fmt)
    cells.update(over)
    path = tmp_path / name
    path.write_text(json.dumps({"agency": "某局", "year": year, "format": fmt, "cells": cells}, ensure_ascii=False),
                    encoding="utf-8")
    return str(path)


def lines(output: str) -> list[dict]:
    return [json.loads(ln) for ln in output.splitlines() if ln.startswith("{")]


def test_canonical_json_consistent_exits_0(tmp_path):
    path = write_json(tmp_path, "ok.json", 2021, "2021")
    res = runner.invoke(app, ["check", path, "--json"])
    assert res.exit_code == 0, res.output
    [out] = lines(res.stdout)
    assert out["file"] == path and out["errors"] == 0 and out["findings"] == []
    assert {"N-01", "C-01"} <= {n["rule"] for n in out["not_assessable"]}
    assert all(n["reason"] for n in out["not_assessable"])


def test_error_finding_exits_1_with_cells(tmp_path):
    path = write_json(tmp_path, "bad.json", 2021, "2021", **{"t4.review.total": 5})
    res = runner.invoke(app, ["check", path, "--json"])
    assert res.exit_code == 1
    [out] = lines(res.stdout)
    assert out["errors"] == 1
    f = out["findings"][0]
    assert f["rule"] == "T4-01" and f["severity"] == "error" and "t4.review.total" in f["cells"]


def test_text_report_seed_001_reports_n04(seed_001):
    res = runner.invoke(app, ["check", str(seed_001), "--json"])
    assert res.exit_code == 1
    [out] = lines(res.stdout)
    n04 = [f for f in out["findings"] if f["rule"] == "N-04"]
    assert len(n04) == 1 and n04[0]["span"]["start"] < n04[0]["span"]["end"]


def test_gold_json_of_a_seed_is_checked_as_tables_only(gold_dir):
    res = runner.invoke(app, ["check", str(gold_dir / "001_2f293616a0ca3bc1.json"), "--json"])
    assert res.exit_code == 0, res.output
    [out] = lines(res.stdout)
    assert "N-04" in {n["rule"] for n in out["not_assessable"]}


def test_unreadable_file_exits_2_and_others_are_still_checked(tmp_path):
    good = write_json(tmp_path, "ok.json", 2020, "2019")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    missing = tmp_path / "nope.txt"
    res = runner.invoke(app, ["check", str(broken), good, str(missing), "--json"])
    assert res.exit_code == 2
    assert [o["file"] for o in lines(res.stdout)] == [good]
    assert "无法读取" in res.stderr and "JSON" in res.stderr and "不存在" in res.stderr
    assert "Traceback" not in res.output


def test_binary_garbage_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    res = runner.invoke(app, ["check", str(junk)])
    assert res.exit_code == 2
    assert "无法读取" in res.stderr and "Traceback" not in res.output


def test_previous_report_enables_cross_year_rules(tmp_path):
    prev = write_json(tmp_path, "2020.json", 2020, "2019",
                      **{"t3.carried_forward.natural": 1, "t3.carried_forward.business": 0, "t3.carried_forward.total": 1})
    cur = write_json(tmp_path, "2021.json", 2021, "2021")
    res = runner.invoke(app, ["check", cur, "--previous", prev, "--json"])
    assert res.exit_code == 0, res.output
    [out] = lines(res.stdout)
    assert "X-01" not in {n["rule"] for n in out["not_assessable"]}
    prev_bad = write_json(tmp_path, "2020b.json", 2020, "2019", **{"t3.carried_forward.total": 7})
    res = runner.invoke(app, ["check", cur, "--previous", prev_bad, "--json"])
    assert res.exit_code == 1
    assert "X-01" in {f["rule"] for f in lines(res.stdout)[0]["findings"]}


def test_readable_summary_in_chinese(tmp_path):
    path = write_json(tmp_path, "bad.json", 2021, "2021", **{"t4.review.total": 5})
    res = runner.invoke(app, ["check", path])
    assert res.exit_code == 1
    assert "错误 1 项" in res.stdout and "T4-01" in res.stdout and "行政复议" in res.stdout
    assert "单元格" in res.stdout


def test_unreadable_previous_report_still_checks_the_files(tmp_path):
    cur = write_json(tmp_path, "2021.json", 2021, "2021")
    res = runner.invoke(app, ["check", cur, "--previous", str(tmp_path / "missing.pdf"), "--json"])
    assert res.exit_code == 2
    [out] = lines(res.stdout)
    assert "X-01" in {n["rule"] for n in out["not_assessable"]}
    assert "上年度报告" in res.stderr


def test_summary_caps_repeated_findings_of_one_rule(tmp_path):
    blank_totals = {k: None for k in cells_for("2021") if k.startswith("t3.") and k.endswith(".total")}
    blank_totals.update({"t3.new.natural": 10})
    path = write_json(tmp_path, "blank.json", 2021, "2021", **blank_totals)
    res = runner.invoke(app, ["check", path])
    assert res.exit_code == 1
    assert res.stdout.count("T3-03") == 6  # five shown, then the line naming the rest
    assert "另有" in res.stdout and "--json" in res.stdout
    [out] = lines(runner.invoke(app, ["check", path, "--json"]).stdout)
    assert sum(f["rule"] == "T3-03" for f in out["findings"]) > 5
