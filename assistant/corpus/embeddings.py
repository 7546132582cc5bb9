"""Embedding functions, registered with chromadb and always passed explicitly.

- ``HashingEmbeddingFunction`` ("nianbao-hashing"): the offline default. No model, no download:
  jieba words and CJK character bigrams, hashed (blake2b, stable across processes) into a
  fixed-dimension signed vector with sub-linear term weights, L2-normalised.
- ``OpenAICompatibleEmbeddingFunction`` ("nianbao-openai-compatible"): any OpenAI-compatible
  ``/embeddings`` endpoint (bge-m3 on Ollama/vLLM/Xinference, DashScope text-embedding-v3), with
  ``settings.base_url``, ``api_key`` and ``embedding_model``. The API key is never stored in the
  collection configuration.

``signature(ef)`` is what a collection records; ``embedding_function(settings)`` picks one.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections import Counter
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.corpus.tokens import char_bigrams, words
from assistant.errors import NianbaoError

DEFAULT_DIM = 512
BIGRAM_WEIGHT = 0.5

Space = Literal["cosine", "l2", "ip"]  # Chroma distance spaces


class EmbeddingUnavailable(NianbaoError):
    """The embedding endpoint failed or did not answer within its deadline."""


def _bucket(token: str, dim: int) -> tuple[int, float]:
    h = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
    return h % dim, (1.0 if (h >> 63) & 1 else -1.0)


@register_embedding_function
class HashingEmbeddingFunction(EmbeddingFunction[Documents]):
    """Offline embedding for Chinese text: hashed words + character bigrams."""

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        if dim < 16:
            raise ValueError("维度至少为 16。")
        self.dim = int(dim)
        self._cache: dict[str, tuple[int, float]] = {}

    @staticmethod
    def name() -> str:
        return "nianbao-hashing"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"dim": self.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbeddingFunction:
        return HashingEmbeddingFunction(dim=int(config.get("dim", DEFAULT_DIM)))

    @property
    def model(self) -> str:
        return f"hashing-jieba-bigram-{self.dim}"

    def _slot(self, token: str) -> tuple[int, float]:
        slot = self._cache.get(token)
        if slot is None:
            slot = _bucket(token, self.dim)
            if len(self._cache) < 500_000:
                self._cache[token] = slot
        return slot

    def embed_tokens(self, word_tokens: list[str], text: str) -> np.ndarray:
        """The vector of one text whose jieba words are already known (ingest tokenises once)."""
        vec = np.zeros(self.dim, dtype=np.float32)
        for weight, counts in ((1.0, Counter(word_tokens)), (BIGRAM_WEIGHT, Counter(char_bigrams(text)))):
            for tok, n in counts.items():
                i, sign = self._slot(tok)
                vec[i] += sign * weight * (1.0 + math.log(n))
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            vec /= norm
        return vec

    def __call__(self, input: Documents) -> Embeddings:
        return [self.embed_tokens(words(t), t) for t in input]


@register_embedding_function
class OpenAICompatibleEmbeddingFunction(EmbeddingFunction[Documents]):
    """Embeddings from an OpenAI-compatible endpoint, through the ``openai`` client."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
        batch_size: int = 64,
        dimensions: int | None = None,
    ) -> None:
        self.base_url = base_url
        self.model_name = model
        self._api_key = api_key
        self.timeout = timeout
        self.max_retries = max_retries
        self.batch_size = batch_size
        self.dimensions = dimensions
        self._client: Any = None  # openai.OpenAI, created on first use

    @staticmethod
    def name() -> str:
        return "nianbao-openai-compatible"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        # The API key is deliberately not part of the persisted configuration.
        return {"base_url": self.base_url, "model": self.model_name, "dimensions": self.dimensions}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAICompatibleEmbeddingFunction:
        from assistant.config import get_settings

        key = get_settings().api_key
        return OpenAICompatibleEmbeddingFunction(
            base_url=config["base_url"], model=config["model"],
            api_key=key.get_secret_value() if key else None, dimensions=config.get("dimensions"),
        )

    @property
    def model(self) -> str:
        return self.model_name

    def _openai(self):
        if self._client is None:
            from openai import OpenAI

            from assistant.llm.deadline import http_client

            self._client = OpenAI(
                base_url=self.base_url, api_key=self._api_key or "not-needed",
                timeout=self.timeout, max_retries=self.max_retries, http_client=http_client(self.timeout),
            )
        return self._client

    def __call__(self, input: Documents) -> Embeddings:
        """Embeddings of ``input``. Each request, with its retries, must finish within
        ``timeout`` seconds; any failure raises :class:`EmbeddingUnavailable` (Chinese)."""
        from assistant.llm.deadline import Deadline, DeadlineExpired
        from assistant.llm.errors import explain

        out: list[np.ndarray] = []
        texts = [t if t.strip() else " " for t in input]
        for i in range(0, len(texts), self.batch_size):
            kwargs: dict[str, Any] = {"model": self.model_name, "input": texts[i : i + self.batch_size]}
            if self.dimensions:
                kwargs["dimensions"] = self.dimensions
            deadline = Deadline(self.timeout, f"向量嵌入服务（{self.model_name}）", base_url=self.base_url,
                                setting="NIANBAO_TIMEOUT")
            try:
                resp = deadline.call(partial(self._openai().embeddings.create, **kwargs))
            except DeadlineExpired as exc:
                raise EmbeddingUnavailable(exc.message) from None
            except Exception as exc:  # noqa: BLE001 - openai/httpx errors, explained in Chinese
                raise EmbeddingUnavailable(
                    f"向量嵌入服务（{self.model_name}，{self.base_url}）调用失败："
                    f"{explain(exc, timeout=self.timeout)}") from None
            for item in sorted(resp.data, key=lambda d: d.index):
                v = np.asarray(item.embedding, dtype=np.float32)
                n = float(np.linalg.norm(v))
                out.append(v / n if n > 0 else v)
        return out


def embedding_function(settings=None) -> EmbeddingFunction:
    """The configured embedding: the endpoint when ``base_url`` and ``embedding_model`` are set,
    otherwise the offline hashing embedding."""
    from assistant.config import get_settings

    s = settings or get_settings()
    if s.base_url and s.embedding_model:  # embeddings_configured
        return OpenAICompatibleEmbeddingFunction(
            base_url=s.base_url, model=s.embedding_model,
            api_key=s.api_key.get_secret_value() if s.api_key else None,
            timeout=s.timeout, max_retries=s.max_retries,
        )
    return HashingEmbeddingFunction()


QUALITY_FILE = Path(__file__).with_name("embeddings.toml")


@cache
def _quality() -> dict[str, Any]:
    return tomllib.loads(QUALITY_FILE.read_text(encoding="utf-8"))


def fusion_weight(ef: EmbeddingFunction) -> float:
    """The weight of this embedding's ranking in hybrid fusion (BM25's is 1), from its measured
    retrieval quality in ``embeddings.toml``: by model, else by embedding name, else the default."""
    q = _quality()
    entry = q.get("model", {}).get(str(getattr(ef, "model", ""))) or q.get("embedding", {}).get(ef.name()) \
        or q["default"]
    return float(entry["fusion_weight"])


def signature(ef: EmbeddingFunction, dim: int | None = None) -> dict[str, Any]:
    """What a collection records about the embedding it was built with."""
    sig: dict[str, Any] = {"embedding_name": ef.name(), "embedding_model": str(getattr(ef, "model", ""))}
    d = dim if dim is not None else getattr(ef, "dim", None)
    if d:
        sig["embedding_dim"] = int(d)
    return sig
