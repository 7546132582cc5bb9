"""The offline hashing embedding and the OpenAI-compatible embedding function."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from chromadb.utils.embedding_functions import known_embedding_functions

from assistant.config import get_settings
from assistant.corpus.embeddings import (
    HashingEmbeddingFunction,
    OpenAICompatibleEmbeddingFunction,
    embedding_function,
    signature,
)


def _cos(a, b) -> float:
    return float(np.dot(a, b))


def test_hashing_embedding_is_normalised_and_deterministic():
    ef = HashingEmbeddingFunction(dim=256)
    a, b = ef(["依申请公开答复期限", "依申请公开答复期限"])
    assert a.shape == (256,) and np.isclose(np.linalg.norm(a), 1.0)
    assert np.array_equal(a, b)


def test_hashing_embedding_is_stable_across_processes():
    code = ("from assistant.corpus.embeddings import HashingEmbeddingFunction as H;"
            "print(list(map(float, H(dim=64)(['政府信息公开工作年度报告'])[0])))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    here = HashingEmbeddingFunction(dim=64)(["政府信息公开工作年度报告"])[0]
    assert np.allclose(json.loads(out), here, atol=1e-6)


def test_hashing_embedding_ranks_related_chinese_text_higher():
    ef = HashingEmbeddingFunction()
    q, near, far = ef([
        "公开保障性住房分配结果",
        "公开保障性住房分配对象、分配房源和分配结果，接受社会监督。",
        "按月公开空气质量、地表水水质监测数据，发布环境质量状况公报。",
    ])
    assert _cos(q, near) > _cos(q, far) + 0.2


def test_hashing_embedding_handles_empty_text():
    (v,) = HashingEmbeddingFunction(dim=32)([""])
    assert v.shape == (32,) and not np.any(v)


def test_hashing_embedding_is_registered_and_rebuilds_from_config():
    ef = HashingEmbeddingFunction(dim=128)
    assert known_embedding_functions["nianbao-hashing"] is HashingEmbeddingFunction
    again = HashingEmbeddingFunction.build_from_config(ef.get_config())
    assert again.dim == 128
    assert np.array_equal(again(["主动公开"])[0], ef(["主动公开"])[0])
    assert signature(ef) == {"embedding_name": "nianbao-hashing", "embedding_model": "hashing-jieba-bigram-128",
                             "embedding_dim": 128}


class _FakeEmbeddings(BaseHTTPRequestHandler):
    requests: list[dict] = []
    hashing = False  # answer with real (hashing) embeddings instead of [len, 1, 0]

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        if type(self).hashing:
            vecs = [list(map(float, v)) for v in HashingEmbeddingFunction(dim=64)(body["input"])]
        else:
            vecs = [[float(len(t)), 1.0, 0.0] for t in body["input"]]
        data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vecs)]
        payload = json.dumps({"object": "list", "data": data[::-1], "model": body["model"],
                              "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_endpoint():
    _FakeEmbeddings.requests = []
    _FakeEmbeddings.hashing = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", _FakeEmbeddings.requests
    server.shutdown()
    server.server_close()


def test_openai_compatible_embedding_calls_the_endpoint(fake_endpoint):
    url, requests = fake_endpoint
    ef = OpenAICompatibleEmbeddingFunction(base_url=url, model="bge-m3", api_key="sk-test", batch_size=2)
    vecs = ef(["一二三", "一", "一二"])
    assert [r["input"] for r in requests] == [["一二三", "一"], ["一二"]]
    assert all(r["model"] == "bge-m3" and r["auth"] == "Bearer sk-test" for r in requests)
    assert requests[0]["path"] == "/v1/embeddings"
    # Order follows "index" (the fake returns them reversed); vectors are L2-normalised.
    expected = np.array([3.0, 1.0, 0.0]) / np.sqrt(10)
    assert np.allclose(vecs[0], expected)
    assert all(np.isclose(np.linalg.norm(v), 1.0) for v in vecs)
    assert "sk-test" not in json.dumps(ef.get_config())


def test_configured_endpoint_selects_the_openai_compatible_embedding(fake_endpoint, monkeypatch):
    url, _ = fake_endpoint
    assert isinstance(embedding_function(get_settings()), HashingEmbeddingFunction)
    monkeypatch.setenv("NIANBAO_BASE_URL", url)
    monkeypatch.setenv("NIANBAO_EMBEDDING_MODEL", "text-embedding-v3")
    ef = embedding_function(get_settings())
    assert isinstance(ef, OpenAICompatibleEmbeddingFunction)
    assert signature(ef) == {"embedding_name": "nianbao-openai-compatible", "embedding_model": "text-embedding-v3"}


def test_index_built_through_an_endpoint_and_the_guard_against_mixing(fake_endpoint):
    from assistant.corpus import CorpusIndex, EmbeddingMismatch, Retriever
    from assistant.testing.synthetic import synthetic_report

    url, requests = fake_endpoint
    _FakeEmbeddings.hashing = True
    ef = OpenAICompatibleEmbeddingFunction(base_url=url, model="bge-m3", api_key="k")
    index = CorpusIndex(ef=ef)
    reports = [synthetic_report(i) for i in (1, 4)]
    chunks = index.add_reports([(r, r.source, r.source, r.source) for r in reports])
    index.flush()
    assert sum(len(r["input"]) for r in requests) == sum(len(c) for c in chunks)
    hits = Retriever(index).search("招生入学", k=2, mode="vector")
    assert hits and "招生" in hits[0].text and hits[0].organ == reports[0].agency
    assert requests[-1]["input"] == ["招生入学"]  # the query went through the endpoint too
    index.close()
    with pytest.raises(EmbeddingMismatch) as exc:
        CorpusIndex()  # the offline default on an index built with bge-m3
    assert "bge-m3" in str(exc.value) and "nianbao-hashing" in str(exc.value)
