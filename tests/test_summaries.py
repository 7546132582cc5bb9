"""assistant.summaries: the Chinese summaries the CLI and the web app render."""

from __future__ import annotations

from assistant.checker import check
from assistant.extract import extract
from assistant.findings import CheckResult, Finding, Severity
from assistant.parse import parse
from assistant.summaries import check_json, check_summary, extraction_summary, report_summary


def test_report_summary_of_a_seed(corpus_dir):
    lines = report_summary(parse(corpus_dir / "001_2f293616a0ca3bc1.txt"))
    assert lines[0] == "机关：牡丹江市人民政府（人民政府）"
    assert lines[2] == "格式：2019 版（国办公开办函〔2019〕60号）"
    assert any(line.startswith("表格单元格：共 198 个，已填 198") for line in lines)


def test_check_summary_caps_each_rule_and_names_cells(corpus_dir):
    report = parse(corpus_dir / "001_2f293616a0ca3bc1.txt")
    many = [Finding(rule="T3-04", severity=Severity.ERROR, message=f"第 {i} 格", cells=["t3.new.natural"] * 6)
            for i in range(8)]
    info = Finding(rule="X-00", severity=Severity.INFO, message="提示")
    result = CheckResult(findings=[*many, info])
    summary = check_summary(report, result, max_per_rule=5)
    assert [f.message for f in summary.findings] == [f"第 {i} 格" for i in range(5)]
    assert summary.hidden == {"T3-04": 3}
    assert summary.findings[0].severity_name == "错误" and summary.findings[0].cells.endswith("等 6 个")
    assert summary.counts.startswith("错误 8 项，警告 0 项")
    assert check_json("x.txt", result)["errors"] == 8


def test_check_summary_of_the_known_n04(corpus_dir):
    report = parse(corpus_dir / "001_2f293616a0ca3bc1.txt")
    summary = check_summary(report, check(report))
    [n04] = [f for f in summary.findings if f.rule == "N-04"]
    assert n04.line is not None and "规范性文件" in (n04.cells or "")


def test_extraction_summary_tables_missing_and_marks():
    result = extract("本年共收到政府信息公开申请12件，其中自然人10件。行政复议3件，均维持。", 2023, offline=True)
    summary = extraction_summary(result)
    assert summary.heading == "2023 年度 · 2021 年格式"
    assert [t.title for t in summary.tables] == [
        "表二（主动公开政府信息情况）", "表三（收到和处理政府信息公开申请情况）", "表四（政府信息公开行政复议、行政诉讼情况）",
    ]
    t4 = summary.tables[2]
    [review] = t4.rows
    assert review.name == "行政复议" and [c.text for c in review.cells] == ["3", "0", "0", "0", "3"]
    assert [c.derived for c in review.cells] == [False, True, True, True, False]
    assert summary.missing == len(result.missing) and summary.missing_lines[0].startswith("表二：")
    assert summary.findings and all(f.severity_name in ("错误", "警告", "提示") for f in summary.findings)
