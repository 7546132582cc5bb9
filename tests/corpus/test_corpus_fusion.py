"""Hybrid fusion weighted by the embedding's measured quality (data in embeddings.toml)."""

from __future__ import annotations

import tomllib

from assistant.corpus.embeddings import (
    QUALITY_FILE,
    HashingEmbeddingFunction,
    OpenAICompatibleEmbeddingFunction,
    fusion_weight,
)
from assistant.corpus.retrieve import rrf
from assistant.evals.retrieval import load_queries, matches


def test_weights_change_the_fused_order():
    kw, vec = ["a", "b", "c"], ["c", "b", "a"]
    equal = dict(rrf([kw, vec]))
    assert equal["a"] == equal["c"]  # unweighted, two opposite rankings tie
    assert [cid for cid, _ in rrf([kw, vec], weights=[1.0, 0.01])] == ["a", "b", "c"]
    assert [cid for cid, _ in rrf([kw, vec], weights=[0.01, 1.0])] == ["c", "b", "a"]


def test_the_weight_is_read_from_the_data_file():
    data = tomllib.loads(QUALITY_FILE.read_text(encoding="utf-8"))
    assert fusion_weight(HashingEmbeddingFunction()) == data["embedding"]["nianbao-hashing"]["fusion_weight"]
    service = OpenAICompatibleEmbeddingFunction(base_url="http://127.0.0.1:1/v1", model="some-new-model")
    assert fusion_weight(service) == data["default"]["fusion_weight"]


def test_topic_queries_one_per_topic_per_organ():
    topic = [q for q in load_queries() if q["id"].startswith("topic-")]
    organs = {q["filters"]["organ"] for q in topic}
    assert len(topic) == 5 * len(organs) and len(organs) >= 5
    from assistant.corpus.chunking import Chunk
    from assistant.report import Span

    c = Chunk(id="x", source="s", organ="甲", section="一", subsection="（四）政府信息公开平台建设情况", text="…",
              span=Span(start=0, end=1), ord=0, content_hash="h")
    assert matches({"organ": "甲", "section": "一", "subsection_any": ["平台"]}, c)
    assert not matches({"organ": "甲", "section": "一", "subsection_any": ["监督", "保障"]}, c)
