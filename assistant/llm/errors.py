"""Chinese explanations of what went wrong talking to a model endpoint.

Messages never contain the API key: they are built from the exception type, the HTTP status and
the provider's own error message (which echoes the request, not the key).
"""

from __future__ import annotations

import json

import openai
from langchain_core.exceptions import OutputParserException
from pydantic import ValidationError

from assistant.errors import NianbaoError

TRUNCATED = "模型输出被截断（达到最大输出长度），请调大 NIANBAO_MAX_TOKENS 或换用输出更长的模型"


class ModelConfigError(NianbaoError):
    """The model settings cannot work (message in Chinese)."""


def _provider_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:200]
        if isinstance(inner, str):
            return inner[:200]
    return str(getattr(exc, "message", "") or "")[:200]


def is_method_rejection(exc: BaseException) -> bool:
    """The provider refused the request as malformed (HTTP 400/422), e.g. an unsupported
    ``response_format`` or ``tool_choice``: another structured-output method may work."""
    if isinstance(exc, (openai.BadRequestError, openai.UnprocessableEntityError)):
        return True
    return isinstance(exc, NotImplementedError)


def is_fatal(exc: BaseException) -> bool:
    """Errors that another attempt cannot fix (bad key, no such model or endpoint, the
    operation's deadline gone)."""
    from assistant.llm.deadline import DeadlineExpired

    return isinstance(
        exc,
        (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError, ModelConfigError,
         openai.LengthFinishReasonError, DeadlineExpired),
    )


def explain(exc: BaseException, *, timeout: float | None = None) -> str:
    """One Chinese sentence saying what failed."""
    if isinstance(exc, NianbaoError):  # ModelConfigError, DeadlineExpired: already Chinese
        return str(exc)
    if isinstance(exc, openai.LengthFinishReasonError):
        return TRUNCATED
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return "模型服务的内容审核拦截了这次回答"
    if isinstance(exc, openai.APITimeoutError):
        return f"请求超时（{timeout:g} 秒内无响应）" if timeout else "请求超时"
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接到模型服务，请检查地址（NIANBAO_BASE_URL）和网络"
    if isinstance(exc, openai.AuthenticationError):
        return "API 密钥无效或缺失（HTTP 401）"
    if isinstance(exc, openai.PermissionDeniedError):
        return "没有访问权限（HTTP 403）"
    if isinstance(exc, openai.NotFoundError):
        return f"模型或接口不存在（HTTP 404）：{_provider_message(exc)}"
    if isinstance(exc, openai.RateLimitError):
        return "请求过于频繁或额度不足（HTTP 429），重试后仍未成功"
    if isinstance(exc, (openai.BadRequestError, openai.UnprocessableEntityError)):
        return f"服务拒绝了请求（HTTP {exc.status_code}）：{_provider_message(exc)}"
    if isinstance(exc, openai.APIStatusError):
        return f"模型服务出错（HTTP {exc.status_code}），重试后仍未成功"
    if isinstance(exc, (json.JSONDecodeError, OutputParserException)):
        return "模型返回的内容不是合法的 JSON"
    if isinstance(exc, ValidationError):
        return f"模型返回的 JSON 不符合约定的结构（{exc.error_count()} 处不符）"
    if isinstance(exc, NotImplementedError):
        return "该模型不支持这种结构化输出方式"
    return f"调用模型失败：{type(exc).__name__}"
