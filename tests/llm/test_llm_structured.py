"""Structured output through the profile's methods, with the scripted fake chat model."""

from __future__ import annotations

from assistant.llm.fake import FakeChat, rejection
from assistant.llm.profiles import get_profile
from assistant.llm.structured import StructuredChat

SCHEMA = {
    "title": "answer",
    "type": "object",
    "properties": {"n": {"type": "integer"}},
    "required": ["n"],
    "additionalProperties": False,
}
ASK = [("user", "请用 JSON 回答")]


def test_first_preferred_method_is_used():
    chat = FakeChat.scripted({"n": 1})
    out = StructuredChat(chat, get_profile("deepseek")).invoke(ASK, SCHEMA)
    assert out.data == {"n": 1} and out.method == "function_calling" and out.calls == 1
    assert [c["method"] for c in chat.calls] == ["function_calling"]


def test_rejected_method_falls_back_and_is_remembered():
    chat = FakeChat.scripted({"n": 1}, {"n": 2}, rejects=("json_schema",))
    caller = StructuredChat(chat, get_profile("vllm"))  # json_schema → json_object → function_calling
    first = caller.invoke(ASK, SCHEMA)
    assert first.data == {"n": 1} and first.method == "json_object" and first.calls == 2
    assert first.rejected[0].method == "json_schema" and "HTTP 400" in first.rejected[0].reason
    second = caller.invoke(ASK, SCHEMA)
    assert second.data == {"n": 2} and second.calls == 1  # json_schema not tried again
    assert [c["method"] for c in chat.calls] == ["json_schema", "json_object", "json_object"]


def test_every_method_refused_is_fatal():
    chat = FakeChat.scripted(rejects=("function_calling", "json_object"))
    out = StructuredChat(chat, get_profile("deepseek")).invoke(ASK, SCHEMA)
    assert out.data is None and out.fatal and "拒绝了所有结构化输出方式" in out.error
    assert out.calls == 2


def test_invalid_json_is_an_error_not_an_exception():
    out = StructuredChat(FakeChat.scripted("这不是 JSON {"), get_profile("vllm")).invoke(ASK, SCHEMA)
    assert out.data is None and out.error == "模型返回的内容不是合法的 JSON"
    assert out.raw == "这不是 JSON {" and not out.fatal


def test_text_instead_of_a_tool_call_is_accepted_when_it_is_json():
    out = StructuredChat(FakeChat.scripted('```json\n{"n": 5}\n```'), get_profile("zhipu")).invoke(ASK, SCHEMA)
    assert out.method == "function_calling" and out.data == {"n": 5}


def test_provider_error_other_than_rejection_does_not_fall_back():
    import openai

    from assistant.llm.fake import _http

    resp = _http.Response(500, request=_http.Request("POST", "http://fake.invalid/v1/chat/completions"))
    chat = FakeChat.scripted(openai.InternalServerError("boom", response=resp, body=None))
    out = StructuredChat(chat, get_profile("custom")).invoke(ASK, SCHEMA)
    assert out.data is None and "HTTP 500" in out.error and out.calls == 1 and not out.fatal


def test_json_word_is_added_where_the_profile_requires_it():
    chat = FakeChat.scripted({"n": 1})
    StructuredChat(chat, get_profile("moonshot")).invoke([("user", "一加一")], SCHEMA)
    assert any("JSON" in text for _, text in chat.calls[0]["messages"])


def test_rejection_helper_builds_the_openai_error():
    import openai

    err = rejection("json_schema not supported")
    assert isinstance(err, openai.BadRequestError) and err.status_code == 400


def test_reasoning_text_before_the_json_is_skipped():
    chat = FakeChat.scripted('<think>先算：1+1=2，不对，题目问 n。</think>\n好的：{"n": 2}')
    out = StructuredChat(chat, get_profile("vllm")).invoke(ASK, SCHEMA)
    assert out.method == "json_schema" and out.data == {"n": 2}


def test_a_json_list_is_not_an_object():
    out = StructuredChat(FakeChat.scripted("[1, 2]"), get_profile("vllm")).invoke(ASK, SCHEMA)
    assert out.data is None and out.error == "模型返回的 JSON 不是对象"
