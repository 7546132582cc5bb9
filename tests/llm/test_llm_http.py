"""The real openai + langchain-openai clients over HTTP against the in-process replay server."""

from __future__ import annotations

import socket
import time

import pytest
from typer.testing import CliRunner

from assistant.config import Settings
from assistant.llm.check import check_models
from assistant.llm.client import chat_model, embeddings_model
from assistant.llm.profiles import get_profile
from assistant.llm.structured import StructuredChat

SECRET = "sk-test-SECRET-4c3b2a"
SCHEMA = {
    "title": "answer",
    "type": "object",
    "properties": {"n": {"type": "integer"}},
    "required": ["n"],
    "additionalProperties": False,
}
ASK = [("user", "请用 JSON 回答：n 是几？")]


@pytest.fixture
def server(openai_server):
    return openai_server


def settings_for(server, **kw) -> Settings:
    base = dict(provider="custom", base_url=server.base_url, model="test-model", api_key=SECRET,
                timeout=5, max_retries=0)
    base.update(kw)
    return Settings(**base)


def structured(server, **kw) -> StructuredChat:
    settings = settings_for(server, **kw)
    return StructuredChat(chat_model(settings), get_profile(settings.provider), timeout=settings.timeout)


def test_429_with_retry_after_is_retried_by_the_client(server):
    server.error(429, "rate limited", headers={"Retry-After": "0.3"})
    server.chat_json({"n": 7})
    started = time.perf_counter()
    out = structured(server, max_retries=1).invoke(ASK, SCHEMA)
    assert out.data == {"n": 7} and out.calls == 1
    assert len(server.requests) == 2 and time.perf_counter() - started >= 0.3


def test_429_without_retries_left_is_a_chinese_error(server):
    server.error(429, "rate limited", headers={"Retry-After": "0.1"})
    out = structured(server).invoke(ASK, SCHEMA)
    assert out.data is None and "HTTP 429" in out.error and not out.fatal


def test_500_is_retried_then_reported(server):
    server.error(500, "internal")
    server.chat_json({"n": 1})
    assert structured(server, max_retries=1).invoke(ASK, SCHEMA).data == {"n": 1}
    server.error(500, "internal")
    out = structured(server).invoke(ASK, SCHEMA)
    assert out.data is None and out.error == "模型服务出错（HTTP 500），重试后仍未成功"


def test_timeout_is_a_chinese_error(server):
    server.chat_json({"n": 1}, delay=1.5)
    started = time.perf_counter()
    out = structured(server, timeout=0.2).invoke(ASK, SCHEMA)
    assert out.data is None and out.error == "请求超时（0.2 秒内无响应）"
    assert time.perf_counter() - started < 1.4


def test_connection_refused_is_a_chinese_error():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings = Settings(base_url=f"http://127.0.0.1:{port}/v1", model="m", max_retries=0, timeout=2)
    out = StructuredChat(chat_model(settings), get_profile("custom")).invoke(ASK, SCHEMA)
    assert out.data is None and "无法连接到模型服务" in out.error


def test_invalid_json_content_is_reported(server):
    server.chat_text("n 等于 7")
    out = structured(server).invoke(ASK, SCHEMA)
    assert out.method == "json_schema" and out.raw == "n 等于 7"
    assert out.error == "模型返回的内容不是合法的 JSON"


def test_json_schema_rejection_falls_back_to_function_calling(server):
    server.error(400, "response_format json_schema is not supported by this model")
    server.chat_json({"n": 3})
    out = structured(server).invoke(ASK, SCHEMA)
    assert out.data == {"n": 3} and out.method == "function_calling" and out.calls == 2
    first, second = server.chat_requests()
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.method == "function_calling" and "response_format" not in second.body
    assert second.body["tool_choice"]["function"]["name"] == "answer"
    assert second.body["tools"][0]["function"]["parameters"]["properties"] == SCHEMA["properties"]


def test_json_schema_rejection_falls_back_to_json_object_on_vllm(server):
    server.error(400, "json_schema not supported")
    server.chat_json({"n": 4})
    out = structured(server, provider="vllm").invoke(ASK, SCHEMA)
    assert out.data == {"n": 4} and out.method == "json_object"
    assert server.chat_requests()[1].body["response_format"] == {"type": "json_object"}


def test_openai_profile_asks_for_strict_json_schema(server):
    server.chat_json({"n": 1})
    structured(server, provider="openai").invoke(ASK, SCHEMA)
    assert server.requests[0].body["response_format"]["json_schema"]["strict"] is True


def test_llamacpp_sends_max_tokens_not_max_completion_tokens(server):
    server.chat_text("好")
    chat_model(settings_for(server, provider="llamacpp", max_tokens=512)).invoke("你好")
    body = server.requests[0].body
    assert body["max_tokens"] == 512 and "max_completion_tokens" not in body
    server.chat_text("好")
    chat_model(settings_for(server, provider="openai", max_tokens=512)).invoke("你好")
    body = server.requests[1].body
    assert body["max_completion_tokens"] == 512 and "max_tokens" not in body


def test_api_key_is_sent_as_bearer_only(server):
    server.chat_text("好")
    chat_model(settings_for(server)).invoke("你好")
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in str(server.requests[0].body)


def test_embeddings_send_text_not_token_ids(server):
    vectors = embeddings_model(settings_for(server, embedding_model="bge-m3")).embed_documents(["年报", "核查"])
    assert len(vectors) == 2 and len(vectors[0]) == 8 and vectors[0] != vectors[1]
    body = server.requests[0].body
    assert server.requests[0].path.endswith("/embeddings") and body["input"] == ["年报", "核查"]


# --- models check --------------------------------------------------------------------------


def script_healthy(server):
    server.chat_text("好")
    for _ in range(3):
        server.chat_json({"answer": 2})


def test_check_models_reports_each_capability(server):
    script_healthy(server)
    report = check_models(settings_for(server, embedding_model="bge-m3"))
    assert not report.offline and report.chat_ok
    assert [(i.name, i.ok) for i in report.items] == [
        ("对话", True),
        ("结构化输出（json_schema）", True),
        ("结构化输出（function_calling）", True),
        ("结构化输出（json_object）", True),
        ("向量嵌入", True),
    ]
    assert [r.method for r in server.chat_requests()] == ["plain", "json_schema", "function_calling", "json_object"]


def test_check_models_names_a_rejected_method(server):
    server.chat_text("好")
    server.error(400, "json_schema not supported")
    server.chat_json({"answer": 2})
    server.chat_json({"answer": "二"})
    report = check_models(settings_for(server))
    items = {i.name: i for i in report.items}
    assert items["结构化输出（json_schema）"].ok is False
    assert "服务拒绝了请求（HTTP 400）：json_schema not supported" in items["结构化输出（json_schema）"].detail
    assert items["结构化输出（function_calling）"].ok is True
    assert items["结构化输出（json_object）"].ok is False  # "二" is not an integer
    assert items["向量嵌入"].ok is None and "NIANBAO_EMBEDDING_MODEL" in items["向量嵌入"].detail
    assert report.usable_method == "function_calling"  # custom: json_schema first, but refused


def test_check_models_picks_the_profiles_first_working_method(server):
    script_healthy(server)
    report = check_models(settings_for(server, provider="llamacpp"))  # json_schema, json_object, function_calling
    assert report.usable_method == "json_schema"
    server.chat_text("好")
    server.error(400, "json_schema not supported")
    server.chat_json({"answer": 2})
    server.chat_json({"answer": 2})
    report = check_models(settings_for(server, provider="llamacpp"))
    assert report.usable_method == "json_object"


def _env(monkeypatch, server, **extra):
    env = {"NIANBAO_PROVIDER": "custom", "NIANBAO_BASE_URL": server.base_url, "NIANBAO_MODEL": "test-model",
           "NIANBAO_API_KEY": SECRET, "NIANBAO_MAX_RETRIES": "0", "NIANBAO_TIMEOUT": "5",
           "NIANBAO_EMBEDDING_MODEL": "bge-m3", **extra}
    for k, v in env.items():
        monkeypatch.setenv(k, v)


def test_models_check_command_against_the_fake_server(server, monkeypatch, caplog):
    from assistant.cli import app

    caplog.set_level("DEBUG")
    _env(monkeypatch, server)
    script_healthy(server)
    result = CliRunner().invoke(app, ["models", "check"])
    assert result.exit_code == 0, result.output
    out = result.output
    for name in ("对话", "结构化输出（json_schema）", "结构化输出（function_calling）", "结构化输出（json_object）", "向量嵌入"):
        assert f"✓ {name}" in out
    assert "8 维" in out and "test-model" in out and "填表将使用结构化输出方式：json_schema" in out
    assert SECRET not in out and SECRET not in caplog.text
    assert any(r.name.startswith("openai") for r in caplog.records)  # the client did log, without the key
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_models_check_command_when_the_endpoint_is_down(monkeypatch):
    from assistant.cli import app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    for k, v in {"NIANBAO_BASE_URL": f"http://127.0.0.1:{port}/v1", "NIANBAO_MODEL": "m",
                 "NIANBAO_MAX_RETRIES": "0", "NIANBAO_PROVIDER": "custom"}.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(app, ["models", "check"])
    assert result.exit_code == 1
    assert "✗ 对话：无法连接到模型服务" in result.output and "对话不可用，跳过" in result.output


def test_models_check_command_offline(monkeypatch):
    from assistant.cli import app

    monkeypatch.delenv("NIANBAO_PROVIDER", raising=False)
    result = CliRunner().invoke(app, ["models", "check"])
    assert result.exit_code == 0
    assert "离线模式" in result.output and "规则填表" in result.output


def test_models_check_command_with_unknown_provider(monkeypatch):
    from assistant.cli import app

    monkeypatch.setenv("NIANBAO_PROVIDER", "foo")
    monkeypatch.setenv("NIANBAO_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("NIANBAO_MODEL", "m")
    result = CliRunner().invoke(app, ["models", "check"])
    assert result.exit_code == 2 and "未知的模型服务类型「foo」" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("provider", ["custom", "deepseek", "moonshot"])  # json_schema, tools, json_object
def test_truncated_answer_is_refused_not_half_used(server, provider):
    if provider == "deepseek":
        server.chat_tool_arguments('{"n": 1', finish_reason="length")
    else:
        server.chat_text('{"n": 1', finish_reason="length")
    out = structured(server, provider=provider).invoke(ASK, SCHEMA)
    assert out.data is None and out.fatal and out.error.startswith("模型输出被截断")


def test_profile_extra_body_reaches_the_wire(server):
    server.chat_text("好")
    chat_model(settings_for(server, provider="qwen")).invoke("你好")
    assert server.requests[0].body["enable_thinking"] is False
    server.chat_text("好")
    chat_model(settings_for(server, provider="openai")).invoke("你好")
    assert "enable_thinking" not in server.requests[1].body


def test_broken_tool_call_arguments_are_reported(server):
    server.chat_tool_arguments('{"n": 1,, }')
    out = structured(server, provider="deepseek").invoke(ASK, SCHEMA)
    assert out.data is None and out.error == "模型调用函数时给出的参数不是合法的 JSON"
    assert out.raw == '{"n": 1,, }'
