"""Documented input limits (assistant/limits.py): above them every command refuses in Chinese,
before reading the file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.limits import LIMITS, MB, TooLarge
from assistant.load import load_report_bytes, read_notes_bytes

runner = CliRunner()


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # 50 MB, sparse: a refusal must not need to read it
        fh.truncate(50 * MB)
    return path


@pytest.mark.parametrize("args, code, what", [
    (["parse"], 2, "报告文件过大"),
    (["check"], 2, "报告文件过大"),
    (["extract", "--year", "2023", "--offline"], 2, "笔记文件过大"),
])
def test_a_50_mb_input_is_refused_in_chinese(huge, args, code, what):
    result = runner.invoke(app, [args[0], str(huge), *args[1:]])
    assert result.exit_code == code, result.output
    assert what in result.output and "50.0 MB" in result.output and "上限" in result.output


def test_ingest_refuses_a_50_mb_file_and_goes_on(huge, tmp_path):
    result = runner.invoke(app, ["ingest", str(huge)])
    assert result.exit_code == 1 and "报告文件过大" in result.output and "失败 1 份" in result.output


def test_text_above_the_character_limit_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    line = "一、总体情况\n" + "本机关认真贯彻落实条例。" * 40 + "\n"
    path.write_text(line * (LIMITS.report.max_chars // len(line) + 2), encoding="utf-8")
    assert path.stat().st_size <= LIMITS.report.max_text_bytes  # under the byte limit
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "内容过长" in result.output and "上限" in result.output


def test_a_long_query_is_refused():
    result = runner.invoke(app, ["search", "政务公开" * 300])
    assert result.exit_code == 2 and "检索内容过长" in result.output


def test_uploads_are_held_to_the_same_limits():
    with pytest.raises(TooLarge):
        load_report_bytes(b" " * (LIMITS.report.max_text_bytes + 1), "上传.txt")
    with pytest.raises(TooLarge):
        read_notes_bytes("申请12件。".encode() * (LIMITS.notes.max_chars // 5), "笔记.txt")
