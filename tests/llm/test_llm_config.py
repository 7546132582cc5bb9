"""Provider profiles, client factories, offline mode, and that the API key never leaks."""

from __future__ import annotations

import logging
import re

import pytest

from assistant.config import Settings
from assistant.llm.client import chat_model, embeddings_model
from assistant.llm.errors import ModelConfigError
from assistant.llm.profiles import STRUCTURED_METHODS, ProfileError, get_profile, profiles

SECRET = "sk-test-SECRET-9f8e7d"


def test_every_required_provider_has_a_valid_profile():
    names = set(profiles())
    assert {"openai", "deepseek", "qwen", "zhipu", "moonshot", "ollama", "vllm", "llamacpp", "custom"} <= names
    for p in profiles().values():
        assert p.structured_methods and set(p.structured_methods) <= set(STRUCTURED_METHODS)
        assert len(set(p.structured_methods)) == len(p.structured_methods)


def test_profiles_differ_where_providers_differ():
    assert get_profile("llamacpp").max_tokens_param == "max_tokens"
    assert get_profile("openai").max_tokens_param == "max_completion_tokens"
    assert "json_schema" not in get_profile("deepseek").structured_methods
    assert get_profile("openai").strict_json_schema and not get_profile("vllm").strict_json_schema


def test_unknown_provider_is_a_chinese_error():
    with pytest.raises(ProfileError, match="未知的模型服务类型"):
        get_profile("no-such-provider")


def test_profile_names_are_case_insensitive_and_default_to_custom():
    assert get_profile("DeepSeek").name == "deepseek"
    assert get_profile(None).name == "custom"


def test_no_provider_branches_in_code(root):
    """Behaviour comes from the profile data, not from `if provider == …`."""
    pattern = re.compile(r"provider\s*(==|!=|\bin\b)|\.name\s*==\s*['\"](openai|deepseek|qwen|zhipu|moonshot|ollama|vllm|llamacpp)")
    offenders = [
        str(p.relative_to(root))
        for p in [*(root / "assistant" / "llm").rglob("*.py"), root / "assistant" / "extract" / "model.py",
                  root / "assistant" / "cli" / "models_cmd.py"]
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_offline_mode_returns_none():
    assert chat_model(Settings()) is None
    assert chat_model(Settings(base_url="http://127.0.0.1:9/v1")) is None  # no model name
    assert embeddings_model(Settings(base_url="http://127.0.0.1:9/v1")) is None


def test_settings_read_from_environment(monkeypatch):
    monkeypatch.setenv("NIANBAO_PROVIDER", "llamacpp")
    monkeypatch.setenv("NIANBAO_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("NIANBAO_MODEL", "qwen2.5-7b")
    monkeypatch.setenv("NIANBAO_MAX_TOKENS", "256")
    settings = Settings()
    assert settings.model_configured and settings.max_tokens == 256
    chat = chat_model(settings)
    payload = chat._get_request_payload([("user", "hi")])
    assert payload.get("extra_body") == {"max_tokens": 256} and "max_completion_tokens" not in payload


def test_openai_profile_sends_max_completion_tokens():
    chat = chat_model(Settings(provider="openai", base_url="http://127.0.0.1:9/v1", model="m",
                               api_key=SECRET, max_tokens=100))
    payload = chat._get_request_payload([("user", "hi")])
    assert payload["max_completion_tokens"] == 100 and "extra_body" not in payload


def test_provider_needing_a_key_without_one_is_a_chinese_error():
    with pytest.raises(ModelConfigError, match="NIANBAO_API_KEY"):
        chat_model(Settings(provider="deepseek", base_url="http://127.0.0.1:9/v1", model="deepseek-chat"))


def test_local_provider_works_without_a_key():
    assert chat_model(Settings(provider="ollama", base_url="http://127.0.0.1:9/v1", model="qwen2.5")) is not None


def test_embeddings_follow_the_profile():
    base = dict(base_url="http://127.0.0.1:9/v1", embedding_model="e", api_key=SECRET)
    assert embeddings_model(Settings(provider="deepseek", **base)) is None  # no embeddings endpoint
    emb = embeddings_model(Settings(provider="qwen", **base))
    assert emb is not None and emb.check_embedding_ctx_length is False


def test_api_key_not_in_repr_or_dump_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    settings = Settings(provider="openai", base_url="http://127.0.0.1:9/v1", model="m", api_key=SECRET)
    chat = chat_model(settings)
    emb = embeddings_model(settings.model_copy(update={"embedding_model": "e"}))
    for text in (repr(settings), str(settings), settings.model_dump_json(), repr(chat), str(chat), repr(emb)):
        assert SECRET not in text
    logging.getLogger("assistant").debug("settings: %s", settings)
    assert SECRET not in caplog.text
    # …but the real value is still what the client sends.
    assert chat.openai_api_key.get_secret_value() == SECRET


def test_profile_extra_body_is_merged_with_max_tokens():
    chat = chat_model(Settings(provider="qwen", base_url="http://127.0.0.1:9/v1", model="qwen3-8b",
                               api_key=SECRET, max_tokens=64))
    payload = chat._get_request_payload([("user", "hi")])
    assert payload["extra_body"] == {"enable_thinking": False, "max_tokens": 64}
