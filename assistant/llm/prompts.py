"""Prompt files: ``prompts/<name>.md`` with TOML front matter, validated on load and on render.

A prompt file looks like::

    +++
    name = "table_extraction"
    version = 1
    description = "…"
    variables = ["year", "notes"]
    +++
    @system
    …{{ year }}…
    @user
    …{{ notes }}…

Placeholders are ``{{ name }}`` (single braces stay literal, so JSON examples need no escaping).
The declared ``variables`` must be exactly the placeholders used; ``render`` must get exactly them.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import get_settings
from assistant.errors import NianbaoError

if TYPE_CHECKING:  # langchain loads only when a prompt is rendered for a model
    from langchain_core.messages import BaseMessage

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ROLE_LINE = re.compile(r"^@(system|user|assistant)\s*$", re.MULTILINE)

Role = Literal["system", "user", "assistant"]


class PromptError(NianbaoError):
    """A malformed prompt file or a render with wrong variables (message in Chinese)."""


class PromptMessage(BaseModel):
    role: Role
    template: str


class Prompt(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: int
    description: str = ""
    variables: tuple[str, ...]
    messages: tuple[PromptMessage, ...] = Field(min_length=1)
    path: Path | None = None

    def placeholders(self) -> set[str]:
        return {m for msg in self.messages for m in _PLACEHOLDER.findall(msg.template)}

    def render_text(self, **values: object) -> list[tuple[Role, str]]:
        """(role, text) pairs with every placeholder filled."""
        missing = [v for v in self.variables if v not in values]
        extra = sorted(set(values) - set(self.variables))
        if missing:
            raise PromptError(f"提示词「{self.name}」缺少变量：{'、'.join(missing)}")
        if extra:
            raise PromptError(f"提示词「{self.name}」不接受这些变量：{'、'.join(extra)}")

        def fill(match: re.Match) -> str:
            return str(values[match.group(1)])

        return [(m.role, _PLACEHOLDER.sub(fill, m.template)) for m in self.messages]

    def render(self, **values: object) -> list[BaseMessage]:
        """LangChain messages with every placeholder filled."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        types = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        return [types[role](content=text) for role, text in self.render_text(**values)]


def parse_prompt(text: str, *, path: Path | None = None) -> Prompt:
    where = path.name if path else "提示词"
    parts = text.split("+++", 2)
    if len(parts) != 3 or parts[0].strip():
        raise PromptError(f"{where}：文件开头缺少以 +++ 包围的元数据（name、version、variables）")
    try:
        meta = tomllib.loads(parts[1])
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"{where}：元数据不是合法的 TOML：{exc}") from exc
    body = parts[2]
    heads = list(_ROLE_LINE.finditer(body))
    if not heads or body[: heads[0].start()].strip():
        raise PromptError(f"{where}：正文须由 @system / @user / @assistant 行分段")
    messages = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        template = body[head.end() : end].strip("\n")
        if not template.strip():
            raise PromptError(f"{where}：@{head.group(1)} 段为空")
        messages.append(PromptMessage(role=head.group(1), template=template))  # type: ignore[arg-type]
    try:
        prompt = Prompt(**meta, messages=tuple(messages), path=path)
    except (ValidationError, TypeError) as exc:
        raise PromptError(f"{where}：元数据不完整或有误：{exc}") from exc
    if path is not None and prompt.name != path.stem:
        raise PromptError(f"{where}：name「{prompt.name}」须与文件名一致")
    used, declared = prompt.placeholders(), set(prompt.variables)
    if used - declared:
        raise PromptError(f"{where}：模板用到了未声明的变量：{'、'.join(sorted(used - declared))}")
    if declared - used:
        raise PromptError(f"{where}：声明的变量在模板中没有用到：{'、'.join(sorted(declared - used))}")
    return prompt


def prompts_dir() -> Path:
    """The prompt folder: ``NIANBAO_PROMPTS_DIR``, else the checkout's ``prompts/``, else the installed copy."""
    return get_settings().resolved_prompts_dir()


def prompt_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or prompts_dir()).glob("*.md"))


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    path = (directory or prompts_dir()) / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"找不到提示词文件：{path}（可用 NIANBAO_PROMPTS_DIR 指定提示词目录）")
    return _load_file(path, path.stat().st_mtime_ns)


@cache
def _load_file(path: Path, mtime_ns: int) -> Prompt:
    return parse_prompt(path.read_text(encoding="utf-8"), path=path)
