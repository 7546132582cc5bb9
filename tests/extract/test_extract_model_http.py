"""model_extract end to end: real ChatOpenAI over HTTP to the replay server, the real checker."""

from __future__ import annotations

import re

import pytest
from model_cases import GOOD_T4, NOTES, wrong_t4

from assistant.checker import check_cells
from assistant.config import Settings
from assistant.extract.model import model_extract
from assistant.llm.client import chat_model


@pytest.fixture
def server(openai_server):
    return openai_server


def run(server, *, provider="custom", max_retries=2, **kw):
    settings = Settings(provider=provider, base_url=server.base_url, model="test-model",
                        timeout=kw.pop("timeout", 5), max_retries=kw.pop("client_retries", 0))
    return model_extract(NOTES, 2023, "2021", chat=chat_model(settings), settings=settings,
                         max_retries=max_retries)


def test_wrong_number_caught_by_the_checker_is_fixed_by_the_retry(server):
    server.chat_json({"cells": wrong_t4(4)})
    server.chat_json({"cells": GOOD_T4})
    result = run(server)
    assert len(result.attempts) == 2 and result.model_calls == 2 and result.best == 1
    finding = result.attempts[0].fixable_findings[0]
    assert finding.rule == "T4-01" and re.search(r"[\u4e00-\u9fff]", finding.message)
    # The second request carries the checker's finding, in Chinese, and the model's first answer.
    first, second = server.chat_requests()
    assert finding.message not in first.text()
    assert finding.message in second.text()
    assert [m["role"] for m in second.body["messages"]] == ["system", "user", "assistant", "user"]
    assert result.cells["t4.review.total"] == 3
    assert "T4-01" not in {f.rule for f in check_cells(result.cells, 2023, "2021").errors}


def test_invalid_json_then_valid(server):
    server.chat_text("行政复议3件，维持2件")
    server.chat_json({"cells": GOOD_T4})
    result = run(server)
    assert result.attempts[0].error == "模型返回的内容不是合法的 JSON"
    assert "不是合法的 JSON" in server.chat_requests()[1].text()
    assert result.best == 1 and result.cells["t4.review.upheld"] == 2


def test_json_that_breaks_the_schema_is_retried_then_given_up(server):
    bad = {"cells": {"t4.review.total": 3}}  # an object, not the list of cells
    for _ in range(3):
        server.chat_json(bad)
    result = run(server)
    assert len(result.attempts) == 3 and result.best is None and len(server.chat_requests()) == 3
    assert result.error.startswith("模型返回的 JSON 不符合约定的结构")
    assert all(v is None for v in result.cells.values())


def test_provider_rejecting_json_schema_gets_the_fallback_method(server):
    server.error(400, "'response_format' of type 'json_schema' is not supported with this model")
    server.chat_json({"cells": GOOD_T4})
    result = run(server)
    first, second = server.chat_requests()
    assert first.method == "json_schema" and second.method == "function_calling"
    assert second.body["tools"][0]["function"]["name"] == "fill_tables"
    assert result.attempts[0].method == "function_calling" and result.model_calls == 2
    assert result.cells["t4.review.total"] == 3


def test_deepseek_profile_never_tries_json_schema(server):
    server.chat_json({"cells": GOOD_T4})
    settings = Settings(provider="deepseek", base_url=server.base_url, model="deepseek-chat", api_key="k",
                        max_retries=0)
    result = model_extract(NOTES, 2023, "2021", chat=chat_model(settings), settings=settings)
    assert server.chat_requests()[0].method == "function_calling" and result.best == 0


def test_timeout_is_a_failed_attempt_and_the_same_request_is_sent_again(server):
    server.chat_json({"cells": GOOD_T4}, delay=1.5)
    server.chat_json({"cells": GOOD_T4})
    result = run(server, timeout=0.3)
    assert result.attempts[0].error == "请求超时（0.3 秒内无响应）"
    assert result.attempts[1].messages == result.attempts[0].messages
    assert result.best == 1


def test_rate_limit_is_retried_by_the_client_within_one_attempt(server):
    server.error(429, "too many requests", headers={"Retry-After": "0.2"})
    server.chat_json({"cells": GOOD_T4})
    result = run(server, client_retries=1)
    assert len(result.attempts) == 1 and result.model_calls == 1 and len(server.chat_requests()) == 2
    assert result.cells["t4.review.total"] == 3


def test_server_errors_on_every_attempt(server):
    for _ in range(3):
        server.error(500, "internal")
    result = run(server)
    assert len(result.attempts) == 3 and result.best is None
    assert result.error == "模型服务出错（HTTP 500），重试后仍未成功"


def test_bad_key_stops_at_once(server):
    server.error(401, "invalid api key")
    server.chat_json({"cells": GOOD_T4})
    result = run(server)
    assert len(result.attempts) == 1 and result.error == "API 密钥无效或缺失（HTTP 401）"
