"""The framework's own words in Chinese: usage errors, help headings, the --help line."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()

ENGLISH = re.compile(r"Missing|Usage:|Invalid value|No such|Try '|Error|Options|Arguments|"
                     r"Show this message|unexpected extra|requires an argument|Did you mean")


@pytest.mark.parametrize("args, expected", [
    (["extract", "notes.txt"], "缺少选项 '--year'"),
    (["extract"], "缺少参数"),
    (["extract", "notes.txt", "--year", "abc"], "应为整数"),
    (["search", "依申请", "-k", "0"], "不能小于 1"),
    (["check", "--bogus", "x.txt"], "没有这个选项：--bogus"),
    (["chek"], "没有这个命令"),
    (["search", "a", "b"], "多出了无法识别的参数"),
    (["search", "a", "--mode"], "需要一个值"),
])
def test_usage_errors_are_chinese(args, expected):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output, result.output
    if "需要一个值" not in expected:  # the option parser's own error comes without the usage line
        assert "用法：" in result.output and "查看用法" in result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["corpus", "--help"], ["extract", "--help"]])
def test_help_is_chinese(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "用法：" in result.output and "显示本帮助并退出" in result.output
    assert not ENGLISH.search(result.output), result.output
