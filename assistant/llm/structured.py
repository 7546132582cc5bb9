"""Structured output through the profile's preferred method, falling back on provider rejection.

``StructuredChat(chat, profile).invoke(messages, schema)`` asks for JSON matching ``schema`` (a JSON
Schema dict) with the first method the profile prefers. A provider that refuses the method (HTTP
400/422, e.g. "json_schema not supported") is asked again with the next method, and the refused
method is remembered for later calls. Any other failure — transport, invalid JSON, no tool call —
comes back as an outcome with a Chinese ``error`` instead of an exception.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, convert_to_messages
from langchain_core.utils.json import parse_json_markdown
from pydantic import BaseModel, Field

from assistant.llm.deadline import Deadline
from assistant.llm.errors import TRUNCATED, explain, is_fatal, is_method_rejection
from assistant.llm.profiles import Profile, StructuredMethod

log = logging.getLogger(__name__)
_LC_WARNING = "This model does not support OpenAI's structured output"  # we fall back ourselves

# Our method names (the OpenAI wire names) → langchain-openai's.
_LC_METHOD = {"json_schema": "json_schema", "function_calling": "function_calling", "json_object": "json_mode"}


class Rejection(BaseModel):
    method: StructuredMethod
    reason: str  # Chinese


class StructuredOutcome(BaseModel):
    method: StructuredMethod | None = None  # the method of the last request
    data: dict | None = None  # the parsed JSON object; None on failure
    raw: str | None = None  # the model's text (or tool-call arguments) as received
    error: str | None = None  # Chinese, when data is None
    fatal: bool = False  # retrying cannot help (bad key, unknown model, every method refused)
    calls: int = 0  # requests made
    rejected: list[Rejection] = Field(default_factory=list)


def raw_text(message: BaseMessage | None) -> str | None:
    """What the model sent: its text, or the arguments of its tool call."""
    if message is None:
        return None
    if isinstance(message, AIMessage):
        wire_calls = message.additional_kwargs.get("tool_calls") or []
        if wire_calls and isinstance(wire_calls[0].get("function", {}).get("arguments"), str):
            return wire_calls[0]["function"]["arguments"]  # exactly as the provider sent it
        if message.tool_calls:
            return json.dumps(message.tool_calls[0]["args"], ensure_ascii=False)
        if message.invalid_tool_calls:
            return message.invalid_tool_calls[0].get("args")
    content = message.content
    if isinstance(content, list):
        content = "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
    return content


def _with_json_word(messages: list[BaseMessage]) -> list[BaseMessage]:
    if any("json" in str(m.content).lower() for m in messages):
        return messages
    return [SystemMessage(content="请以 JSON 格式回答。"), *messages]


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


def _json_in_text(text: str | None) -> dict | None:
    if not text:
        return None
    text = _THINK.sub("", text).strip()
    for candidate in (text, text[text.find("{") : text.rfind("}") + 1]):
        if not candidate:
            continue
        try:
            value = parse_json_markdown(candidate)
        except Exception:  # noqa: BLE001
            continue
        if isinstance(value, dict):
            return value
    return None


class StructuredChat:
    """A chat model plus the profile that says how to get JSON out of it."""

    def __init__(self, chat: BaseChatModel, profile: Profile, *, timeout: float | None = None) -> None:
        self.chat = chat
        self.profile = profile
        self.timeout = timeout
        self.refused: set[str] = set()

    def methods(self) -> list[StructuredMethod]:
        return [m for m in self.profile.structured_methods if m not in self.refused]

    def invoke(self, messages: list, schema: dict, *, deadline: Deadline | None = None,
               step: str | None = None) -> StructuredOutcome:
        """``deadline`` bounds every request of this call (and of the caller's other calls that
        share it); ``step`` names the call in the message when it expires."""
        out = StructuredOutcome()
        messages = convert_to_messages(messages)
        methods = self.methods()
        if not methods:
            out.error, out.fatal = "服务拒绝了所有结构化输出方式", True
            return out
        for i, method in enumerate(methods):
            out.method = method
            kwargs: dict[str, Any] = {"method": _LC_METHOD[method], "include_raw": True}
            if method == "json_schema" and self.profile.strict_json_schema:
                kwargs["strict"] = True
            sent = messages
            if method == "json_object" and self.profile.json_word_required:
                sent = _with_json_word(messages)
            out.calls += 1

            def request(kwargs=kwargs, sent=sent):
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=_LC_WARNING, category=UserWarning)
                    return self.chat.with_structured_output(schema, **kwargs).invoke(sent)

            try:
                label = f"{step}（结构化输出 {method}）" if step else f"结构化输出 {method}"
                result = deadline.call(request, step=label) if deadline is not None else request()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a Chinese outcome
                reason = explain(exc, timeout=self.timeout)
                if is_method_rejection(exc):
                    log.info("structured method %s refused: %s", method, reason)
                    self.refused.add(method)
                    out.rejected.append(Rejection(method=method, reason=reason))
                    if i + 1 < len(methods):
                        continue
                    out.error, out.fatal = f"服务拒绝了所有结构化输出方式（最后一次：{reason}）", True
                    return out
                out.error, out.fatal = reason, is_fatal(exc)
                return out
            return self._read(result, method, out)
        return out  # unreachable

    @staticmethod
    def _read(result: Any, method: str, out: StructuredOutcome) -> StructuredOutcome:
        raw_message = result.get("raw")
        out.raw = raw_text(raw_message)
        if getattr(raw_message, "response_metadata", {}).get("finish_reason") == "length":
            # A cut-off answer may still parse (tool arguments are parsed leniently): refuse it.
            out.error, out.fatal = TRUNCATED, True
            return out
        parsed = result.get("parsed")
        if result.get("parsing_error") is not None or (parsed is None and method == "function_calling"):
            # Reasoning models put <think>…</think> before the JSON; some local models answer
            # with JSON text instead of calling the function. Accept a JSON object found in the text.
            parsed = _json_in_text(out.raw)
            if parsed is None and result.get("parsing_error") is not None:
                out.error = explain(result["parsing_error"])
                return out
        if parsed is None:
            if method != "function_calling":
                out.error = "模型没有返回内容"
            elif isinstance(raw_message, AIMessage) and raw_message.invalid_tool_calls:
                out.error = "模型调用函数时给出的参数不是合法的 JSON"
            elif out.raw:
                out.error = "模型没有按要求调用函数，返回的文字也不是合法的 JSON"
            else:
                out.error = "模型没有按要求调用函数返回结果"
            return out
        if isinstance(parsed, BaseModel):
            parsed = parsed.model_dump()
        if not isinstance(parsed, dict):
            out.error = "模型返回的 JSON 不是对象"
            return out
        out.data = parsed
        return out
