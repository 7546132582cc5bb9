"""Chat and embedding clients built from ``Settings`` and the provider profile.

``chat_model(settings)`` is the seam: it returns ``None`` when no model is configured (offline
mode), and callers fall back to what runs without a model.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from assistant.config import Settings, get_settings
from assistant.llm.deadline import http_client
from assistant.llm.errors import ModelConfigError
from assistant.llm.profiles import Profile, get_profile

# Local servers accept any key, but the openai client insists on one.
_PLACEHOLDER_KEY = "not-needed"


def profile_for(settings: Settings) -> Profile:
    return get_profile(settings.provider)


def _api_key(settings: Settings, profile: Profile) -> SecretStr:
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return settings.api_key
    if profile.api_key_required:
        raise ModelConfigError(f"{profile.label} 需要 API 密钥：请设置 NIANBAO_API_KEY")
    return SecretStr(_PLACEHOLDER_KEY)


def chat_model(settings: Settings | None = None) -> BaseChatModel | None:
    """A ``ChatOpenAI`` for the configured endpoint, or ``None`` in offline mode."""
    from langchain_openai import ChatOpenAI

    settings = settings or get_settings()
    if not settings.model_configured or settings.model is None:
        return None
    profile = profile_for(settings)
    kwargs: dict = {}
    extra_body = dict(profile.extra_body)
    if settings.max_tokens is not None:
        if profile.max_tokens_param == "max_completion_tokens":
            kwargs["max_completion_tokens"] = settings.max_tokens
        else:
            # ChatOpenAI renames max_tokens to max_completion_tokens, which llama.cpp and older
            # servers ignore: send the old name in the body directly.
            extra_body["max_tokens"] = settings.max_tokens
    if extra_body:
        kwargs["extra_body"] = extra_body
    if profile.temperature is not None:
        kwargs["temperature"] = profile.temperature
    if profile.disabled_params:
        kwargs["disabled_params"] = {name: None for name in profile.disabled_params}
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=_api_key(settings, profile),
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        http_client=http_client(settings.timeout),  # requests obey the operation's deadline
        use_responses_api=False,
        **kwargs,
    )


def embeddings_model(settings: Settings | None = None) -> Embeddings | None:
    """``OpenAIEmbeddings`` for the configured endpoint, or ``None`` when none is configured or
    the provider serves no embeddings."""
    from langchain_openai import OpenAIEmbeddings

    settings = settings or get_settings()
    if not settings.embeddings_configured or settings.embedding_model is None:
        return None
    profile = profile_for(settings)
    if not profile.embeddings:
        return None
    return OpenAIEmbeddings(
        model=settings.embedding_model,
        base_url=settings.base_url,
        api_key=_api_key(settings, profile),
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        http_client=http_client(settings.timeout),
        # Compatible servers do not speak tiktoken token ids: send text.
        check_embedding_ctx_length=False,
    )
