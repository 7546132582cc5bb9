"""What ``check``, ``parse`` and ``ingest`` tell the user: a file with nothing recovered is not a
report (not a list of 「缺少第一部分」), named once; last year's report of another organ is not compared
unless asked, every 无法评估 rule has its reason, and no internal cell key is shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()
MDJ_2020 = "001_2f293616a0ca3bc1.txt"  # 牡丹江市人民政府 2020
DONGAN_2020 = "003_ac7dc73dff26925e.txt"  # 东安区人民政府 2020
KAIFAQU_2019 = "000_303eb4e463f9f12c.txt"  # 牡丹江经济技术开发区管理委员会 2019


def test_check_on_a_file_with_nothing_recovered_says_it_is_not_a_report(tmp_path):
    notes = tmp_path / "会议纪要.txt"
    notes.write_text("会议纪要\n今天讨论了食堂菜单，决定下周起增加面食窗口。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(notes)])
    assert result.exit_code == 2
    assert "不像政府信息公开工作年度报告" in result.output
    assert result.output.count(str(notes)) == 1  # the file named once
    assert "缺少第一部分" not in result.output and "错误 " not in result.output


def test_ingest_warns_about_a_file_with_nothing_recovered(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "菜单.txt").write_text("会议纪要\n今天讨论了食堂菜单。\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1
    assert "不像政府信息公开工作年度报告" in result.output and "失败 1 份" in result.output


def test_previous_report_of_another_organ_is_not_compared_unless_forced(corpus_dir):
    this, other = str(corpus_dir / DONGAN_2020), str(corpus_dir / KAIFAQU_2019)
    result = runner.invoke(app, ["check", this, "--previous", other, "--json"])
    row = json.loads(result.stdout.strip().splitlines()[-1])
    assert "不是同一机关" in result.output and "--force-previous" in result.output
    cross_year = {"X-01", "T2-02", "T2-06"}
    reasons = {n["rule"]: n["reason"] for n in row["not_assessable"]}
    assert cross_year <= set(reasons) and all("不是同一机关" in reasons[r] for r in cross_year)
    assert not {f["rule"] for f in row["findings"]} & cross_year

    forced = runner.invoke(app, ["check", this, "--previous", other, "--json", "--force-previous"])
    row = json.loads(forced.stdout.strip().splitlines()[-1])
    assert not any("不是同一机关" in n["reason"] for n in row["not_assessable"])
    assert "X-01" not in {n["rule"] for n in row["not_assessable"]}


def test_plain_check_output_gives_every_not_assessable_rule_its_reason(corpus_dir):
    result = runner.invoke(app, ["check", str(corpus_dir / MDJ_2020)])
    lines = [line for line in result.output.splitlines() if "无法评估" in line and "条" not in line]
    assert lines
    shown = set()
    for line in lines:
        m = re.match(r"\s*无法评估 ([A-Z0-9、-]+)：(.+)", line)
        assert m, line
        assert m.group(2).strip()
        shown |= set(m.group(1).split("、"))
    assert "X-01" in shown  # no previous report given


def test_parse_summary_names_cells_of_the_other_format_by_label(tmp_path, corpus_dir, reports_dir):
    fixture = (reports_dir / "f2021_tabs.txt").read_text(encoding="utf-8")
    old = (corpus_dir / DONGAN_2020).read_text(encoding="utf-8")
    t2_2019 = old[old.index("二、主动公开政府信息情况"):old.index("三、收到和处理政府信息公开申请情况")]
    text = (fixture[:fixture.index("二、主动公开政府信息情况")] + t2_2019
            + fixture[fixture.index("三、收到和处理政府信息公开申请情况"):])
    path = tmp_path / "mixed.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path)])
    assert "另一版格式" in result.output
    assert not re.search(r"\bt[234]\.[a-z_0-9]+\.[a-z_0-9]+", result.output), result.output


def test_file_errors_are_explained_in_chinese(tmp_path, monkeypatch):
    import errno

    from assistant.errors import os_error_text

    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == "没有读取权限"
    assert "系统错误" in os_error_text(OSError(errno.EXDEV, "Invalid cross-device link"))
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")

    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "没有读取权限" in result.output and "Permission" not in result.output
