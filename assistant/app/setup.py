"""The settings page: which model endpoint is in use (never its key), a connection test like
``nianbao models check``, what offline mode can and cannot do, and where data is kept.

Overrides typed in the page (provider, address, model, embedding model) are applied on top of the
environment; an API key typed in is held as a ``SecretStr`` and never shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, SecretStr, ValidationError

from assistant.config import Settings, get_settings
from assistant.errors import NianbaoError
from assistant.llm.profiles import get_profile, profiles

if TYPE_CHECKING:
    from assistant.llm.check import ModelsReport

EDITABLE = ("provider", "base_url", "model", "embedding_model")

OFFLINE_CAN = (
    "解析往年和本年的年报（PDF 文字层、Word、网页、文本）",
    "按规则核查年报：表内勾稽、正文与表格一致、章节内容、与上年衔接",
    "从笔记或表格粘贴中按规则填写表二、表三、表四，缺失的格保持空白",
    "检索往年年报（关键词与离线向量混合）",
    "离线起草：按本年表格数字与上年原文拼出初稿，需核实处标明【请核实更新】",
)
OFFLINE_CANNOT = (
    "用模型对话起草、按指令修改正文（需要配置模型）",
    "用模型从笔记中补充规则未识别的数字（规则能识别的照常填写）",
    "用模型的向量嵌入检索（离线使用词语哈希向量，效果略逊）",
)
OFFLINE_LABEL = "离线模式：未配置模型，需要模型的功能不可用，其余功能照常（在「设置」页配置）"


class EndpointView(BaseModel):
    """What the page may show of the model settings: everything but the key."""

    offline: bool
    provider: str
    provider_label: str
    base_url: str | None
    model: str | None
    embedding_model: str | None
    key_set: bool


def effective_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The environment's settings with the page's overrides on top (empty strings clear a value)."""
    values = {k: (v or None) for k, v in (overrides or {}).items() if k in (*EDITABLE, "api_key")}
    if values.get("provider") is None:
        values.pop("provider", None)
    try:
        return get_settings(**values)
    except ValidationError as exc:
        raise NianbaoError(f"设置有误：{exc.errors()[0].get('msg', exc)}") from None


def validate_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    """Check the page's values: a known provider, an http(s) address; returns the cleaned values."""
    out: dict[str, Any] = {}
    for key in EDITABLE:
        value = (overrides.get(key) or "").strip() if isinstance(overrides.get(key), str) else overrides.get(key)
        out[key] = value or None
    get_profile(out["provider"] or "custom")  # ProfileError (Chinese) for an unknown name
    if out["base_url"]:
        parts = urlsplit(out["base_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NianbaoError("服务地址应以 http:// 或 https:// 开头，如 http://127.0.0.1:11434/v1", where="服务地址")
    if bool(out["base_url"]) != bool(out["model"]) and (out["base_url"] or out["model"]):
        raise NianbaoError("服务地址和模型名称需要同时填写（都留空则为离线模式）")
    secret = overrides.get("api_key")
    if isinstance(secret, SecretStr):
        out["api_key"] = secret if secret.get_secret_value() else None
    elif secret:
        out["api_key"] = SecretStr(str(secret).strip())
    return out


def endpoint_view(settings: Settings) -> EndpointView:
    profile = get_profile(settings.provider)
    return EndpointView(
        offline=not settings.model_configured, provider=profile.name, provider_label=profile.label,
        base_url=redact_url(settings.base_url), model=settings.model, embedding_model=settings.embedding_model,
        key_set=bool(settings.api_key and settings.api_key.get_secret_value()),
    )


def provider_choices() -> list[tuple[str, str]]:
    return [(p.name, f"{p.label}（{p.name}）") for p in profiles().values()]


def connection_test(settings: Settings) -> ModelsReport:
    """What ``nianbao models check`` reports, for the page (offline: nothing is called)."""
    from assistant.llm.check import check_models

    try:
        return check_models(settings)
    except NianbaoError:
        raise
    except ValueError as exc:
        raise NianbaoError(f"配置有误：{exc}") from None


def redact_url(url: str | None) -> str | None:
    """An address without any password or token in it (user:pass@host → user:***@host)."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class StorageView(BaseModel):
    data_dir: str
    database: str  # URL with any password replaced
    chroma: str  # "内嵌（数据目录下 chroma/）" or the server address


def storage_view(settings: Settings) -> StorageView:
    from assistant.store import database_url

    data_dir = settings.data_dir.resolve()
    db = database_url(settings)
    return StorageView(
        data_dir=str(data_dir),
        database=redact_url(db) or db,
        chroma=redact_url(settings.chroma_url) or f"内嵌（{data_dir / 'chroma'}）",
    )
