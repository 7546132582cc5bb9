"""Application settings, from the environment (prefix ``NIANBAO_``) and ``.env``.

One place for where data lives and which model endpoint (if any) is configured. The API key is a
``SecretStr``: it is never printed or logged.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import NianbaoError

# The source checkout this package runs from (editable install or a clone); unused when installed.
CHECKOUT = Path(__file__).resolve().parent.parent
# Where a wheel installs the prompt files ([tool.setuptools.data-files] in pyproject.toml).
INSTALLED_PROMPTS = Path(sysconfig.get_path("data")) / "share" / "nianbao" / "prompts"


class SettingsError(NianbaoError):
    """A ``NIANBAO_*`` setting has a value that cannot be used."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NIANBAO_", env_file=".env", extra="ignore")

    # Where indexes and working files live.
    data_dir: Path = Path("data")
    # When set, the Chroma server at this URL is used instead of the embedded store.
    chroma_url: str | None = None
    # The drafts database (SQLAlchemy URL); None → SQLite ``nianbao.sqlite`` in ``data_dir``.
    database_url: str | None = None
    # Prompt files; default: the checkout's prompts/, else the copy a wheel installed.
    prompts_dir: Path | None = None

    # The OpenAI-compatible model endpoint. No base_url/model → offline mode.
    provider: str = "custom"  # a profile name from assistant/llm/profiles
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    embedding_model: str | None = None  # e.g. "bge-m3", "text-embedding-v3"; None → offline embedding
    timeout: float = Field(60.0, gt=0)  # per request; also the whole of one embedding call
    max_retries: int = Field(2, ge=0)
    # One overall deadline for an operation's model calls (models check, model table filling,
    # one draft or revision with its guard re-asks):
    # connect, waiting, retries and every attempt together.
    deadline: float = Field(120.0, gt=0)
    # How long a command waits for another nianbao process to release the data directory.
    lock_timeout: float = Field(600.0, gt=0)
    max_tokens: int | None = Field(None, gt=0)  # output cap; sent under the profile's parameter name

    @property
    def model_configured(self) -> bool:
        return bool(self.base_url and self.model)

    @property
    def embeddings_configured(self) -> bool:
        return bool(self.base_url and self.embedding_model)


    def resolved_prompts_dir(self) -> Path:
        if self.prompts_dir is not None:
            return self.prompts_dir
        checkout = CHECKOUT / "prompts"
        return checkout if checkout.is_dir() else INSTALLED_PROMPTS


def get_settings(**overrides: object) -> Settings:
    """Fresh settings each call (tests change the environment); bad values are a Chinese SettingsError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "；".join(f"NIANBAO_{'.'.join(map(str, e['loc'])).upper()}：{e['msg']}" for e in exc.errors())
        raise SettingsError(f"设置有误：{problems}") from None
