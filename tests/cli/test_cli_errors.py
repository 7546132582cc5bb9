"""The CLI turns a NianbaoError into a Chinese message and exit code 2, and lets anything else
through: a bug surfaces as a bug, not as a user error."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.corpus.filters import SearchOptionError, validate_search
from assistant.errors import NianbaoError

runner = CliRunner()


def test_a_bug_in_the_core_is_not_swallowed(monkeypatch, corpus_dir):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("assistant.checker.check", broken)
    result = runner.invoke(app, ["check", str(corpus_dir / "001_2f293616a0ca3bc1.txt")])
    assert isinstance(result.exception, RuntimeError)


def test_bad_setting_is_a_chinese_message(monkeypatch):
    monkeypatch.setenv("NIANBAO_TIMEOUT", "-1")
    result = runner.invoke(app, ["models", "check"])
    assert result.exit_code == 2
    assert "配置有误" in result.output and "NIANBAO_TIMEOUT" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"mode": "fuzzy"}, "检索方式"),
        ({"format": "2020"}, "报告格式"),
        ({"sections": ["七"]}, "章节序号"),
    ],
)
def test_search_options_are_checked_in_the_core(kwargs, words):
    with pytest.raises(SearchOptionError) as exc:
        validate_search("依申请公开", **kwargs)
    assert isinstance(exc.value, NianbaoError) and words in exc.value.message


def test_blank_query_and_good_options():
    with pytest.raises(SearchOptionError):
        validate_search("  ")
    validate_search("依申请公开", mode="keyword", format="2021", sections=["一", "六"])
