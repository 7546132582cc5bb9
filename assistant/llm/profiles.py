"""Provider profiles: what an OpenAI-compatible endpoint accepts, read from ``profiles.toml``.

Provider-specific behaviour lives in that data file; code asks the profile, never the provider name.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import NianbaoError

StructuredMethod = Literal["json_schema", "function_calling", "json_object"]
STRUCTURED_METHODS: tuple[StructuredMethod, ...] = ("json_schema", "function_calling", "json_object")

PROFILES_FILE = files("assistant.llm") / "profiles.toml"  # package data (pyproject.toml)


class ProfileError(NianbaoError):
    """An unknown provider name or a malformed profiles file (message in Chinese)."""


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    base_url: str = ""  # documentation only
    structured_methods: tuple[StructuredMethod, ...] = Field(min_length=1)
    strict_json_schema: bool = False
    max_tokens_param: Literal["max_completion_tokens", "max_tokens"] = "max_tokens"
    embeddings: bool = True
    api_key_required: bool = True
    disabled_params: tuple[str, ...] = ()
    json_word_required: bool = False
    temperature: float | None = None
    extra_body: dict[str, Any] = Field(default_factory=dict)  # provider-specific request fields


@cache
def _load(path: Traversable = PROFILES_FILE) -> dict[str, Profile]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return {name: Profile(name=name, **body) for name, body in data.items()}
    except (tomllib.TOMLDecodeError, ValidationError, TypeError) as exc:
        raise ProfileError(f"模型服务配置文件 {path.name} 格式有误：{exc}") from exc


def profiles() -> dict[str, Profile]:
    """Every known profile, by name."""
    return dict(_load())


def get_profile(name: str | None) -> Profile:
    table = _load()
    key = (name or "custom").strip().lower()
    if key not in table:
        raise ProfileError(f"未知的模型服务类型「{name}」，可选：{'、'.join(table)}")
    return table[key]
