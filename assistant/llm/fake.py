"""A scripted chat model for tests and demos: queued replies, recorded calls, structured output.

    chat = FakeChat.scripted({"cells": [...]}, "not json", rejection("json_schema not supported"))

Each call pops the next reply. A ``dict`` becomes a forced tool call under ``function_calling`` and
JSON text otherwise; a ``str`` is the message text; an exception is raised. ``rejects`` names
structured-output methods this fake provider refuses with an HTTP 400 (before popping a reply).
``calls`` records every request: the messages and the structured-output method.
"""

from __future__ import annotations

import json
from typing import Any

import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import JsonOutputParser
from langchain_core.output_parsers.openai_tools import JsonOutputKeyToolsParser
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableMap, RunnablePassthrough
from pydantic import Field

try:  # the openai client's HTTP library (httpx2 in openai 3.x)
    import httpx2 as _http
except ImportError:  # pragma: no cover
    import httpx as _http  # type: ignore[no-redef]

_OUR_METHOD = {"json_schema": "json_schema", "function_calling": "function_calling", "json_mode": "json_object"}


def rejection(message: str, status: int = 400) -> openai.APIStatusError:
    """The error the openai client raises when a provider refuses a request."""
    request = _http.Request("POST", "http://fake.invalid/v1/chat/completions")
    response = _http.Response(status, request=request)
    cls = openai.UnprocessableEntityError if status == 422 else openai.BadRequestError
    return cls(message, response=response, body={"error": {"message": message}})


class FakeChat(BaseChatModel):
    responses: list[Any] = Field(default_factory=list)
    rejects: tuple[str, ...] = ()  # our method names: json_schema / function_calling / json_object
    calls: list[dict] = Field(default_factory=list)

    @classmethod
    def scripted(cls, *responses: Any, rejects: tuple[str, ...] = ()) -> FakeChat:
        return cls(responses=list(responses), rejects=rejects)

    @property
    def _llm_type(self) -> str:
        return "nianbao-fake"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        method = kwargs.get("fake_method")
        self.calls.append(
            {"messages": [(m.type, str(m.content)) for m in messages], "method": method}
        )
        if method in self.rejects:
            raise rejection(f"response format '{method}' is not supported")
        if not self.responses:
            raise RuntimeError("FakeChat: 预设回复已用完")
        reply = self.responses.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, AIMessage):
            message = reply
        elif isinstance(reply, dict) and method == "function_calling":
            message = AIMessage(
                content="",
                tool_calls=[{"name": kwargs["fake_tool"], "args": reply, "id": f"call_{len(self.calls)}"}],
            )
        elif isinstance(reply, dict):
            message = AIMessage(content=json.dumps(reply, ensure_ascii=False))
        else:
            message = AIMessage(content=str(reply))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def with_structured_output(self, schema: Any, *, method: str = "function_calling",
                               include_raw: bool = False, strict: bool | None = None, **kwargs: Any):
        if method not in _OUR_METHOD:
            raise ValueError(f"unknown method {method!r}")
        tool_name = schema.get("title", "output") if isinstance(schema, dict) else schema.__name__
        llm = self.bind(fake_method=_OUR_METHOD[method], fake_tool=tool_name)
        parser: JsonOutputKeyToolsParser | JsonOutputParser
        if method == "function_calling":
            parser = JsonOutputKeyToolsParser(key_name=tool_name, first_tool_only=True)
        else:
            parser = JsonOutputParser()
        if not include_raw:
            return llm | parser
        assign = RunnablePassthrough.assign(parsed=lambda x: parser.invoke(x["raw"]), parsing_error=lambda _: None)
        fallback = RunnablePassthrough.assign(parsed=lambda _: None)
        return RunnableMap(raw=llm) | assign.with_fallbacks([fallback], exception_key="parsing_error")
