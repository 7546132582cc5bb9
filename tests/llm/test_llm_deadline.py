"""One overall deadline per model operation: a server that accepts the connection and never
answers costs the deadline (not timeout × retries × methods), and the message says which
operation's deadline expired, at which step, and that the server could be reached."""

from __future__ import annotations

import threading
import time

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import get_settings
from assistant.llm.check import check_models
from assistant.llm.deadline import Deadline, DeadlineExpired

runner = CliRunner()


def test_a_call_that_outlives_the_deadline_is_abandoned_with_a_chinese_message():
    deadline = Deadline(0.3, "模型填表", base_url="http://127.0.0.1:9/v1")
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(DeadlineExpired) as exc:
        deadline.call(lambda: release.wait(10), step="第 1 次尝试")
    release.set()
    assert time.monotonic() - started < 2.5
    text = str(exc.value)
    assert "模型填表超过总时限 0.3 秒" in text and "第 1 次尝试" in text and "无法连接" in text


def test_results_and_errors_inside_the_deadline_come_back_unchanged():
    deadline = Deadline(5, "检查")
    assert deadline.call(lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        deadline.call(lambda: 1 / 0)


def test_models_check_against_a_silent_server_ends_at_the_deadline(silent_server, monkeypatch):
    monkeypatch.setenv("NIANBAO_BASE_URL", silent_server)
    monkeypatch.setenv("NIANBAO_MODEL", "qwen2.5")
    monkeypatch.setenv("NIANBAO_EMBEDDING_MODEL", "bge-m3")
    monkeypatch.setenv("NIANBAO_TIMEOUT", "60")  # per request: the overall deadline is what ends it
    monkeypatch.setenv("NIANBAO_DEADLINE", "2")
    monkeypatch.setenv("NIANBAO_PROVIDER", "vllm")
    started = time.monotonic()
    report = check_models(get_settings())
    assert time.monotonic() - started < 6
    chat = report.items[0]
    assert chat.name == "对话" and chat.ok is False
    assert "模型检查超过总时限 2 秒" in chat.detail and "对话检查" in chat.detail and "能连上" in chat.detail
    assert all(i.ok is None for i in report.items[1:])  # skipped, not reported as failures of their own

    started = time.monotonic()
    result = runner.invoke(app, ["models", "check"])
    assert time.monotonic() - started < 6
    assert result.exit_code == 1 and "总时限" in result.output and "Traceback" not in result.output
