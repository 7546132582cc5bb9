"""Application settings, from the environment (prefix ``NIANBAO_``) and ``.env``.

One place for where data lives and which model endpoint (if any) is configured. The API key is a
``SecretStr``: it is never printed or logged.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NIANBAO_", env_file=".env", extra="ignore")

    # Where indexes and working files live.
    data_dir: Path = Path("data")
    # When set, the Chroma server at this URL is used instead of the embedded store.
    chroma_url: str | None = None

    # The OpenAI-compatible model endpoint. No base_url/model → offline mode.
    provider: str = "custom"  # a profile name from assistant/llm/profiles
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str | None = None
    embedding_model: str | None = None  # e.g. "bge-m3", "text-embedding-v3"; None → offline embedding
    timeout: float = Field(60.0, gt=0)  # per request; also the whole of one embedding call
    max_retries: int = Field(2, ge=0)
    # One overall deadline for an operation's model calls (models check, model table filling):
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


def get_settings(**overrides) -> Settings:
    """Fresh settings each call (tests change the environment)."""
    return Settings(**overrides)
