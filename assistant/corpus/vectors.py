"""The Chroma vector store: embedded ``PersistentClient`` under the data directory, or a Chroma
server (``HttpClient``) when ``NIANBAO_CHROMA_URL`` is set. Same code for both.

The embedding function is always passed explicitly. The collection's metadata records which
embedding built it; opening it with another one raises ``EmbeddingMismatch`` (Chinese message)
unless a rebuild is asked for — never a silent mix. An empty collection binds nothing: opened
with another embedding, it is recreated for that one (a failed first ingest locks nothing in).

Every vector carries its report id (``report`` metadata, the manifest's file key), so a report's
vectors can be deleted whatever the manifest says.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.corpus.chunking import Chunk
from assistant.corpus.embeddings import signature
from assistant.errors import NianbaoError

COLLECTION = "nianbao_chunks"
# Hashed bag-of-words vectors are nearly orthogonal; with Chroma's default ef_search (100) HNSW
# missed most true top-10 neighbours of a short query (recall@10 0.27 vs exact search on 6k
# synthetic chunks); ef_search 1000 brings it to 0.87. (Set at creation: modify() does not apply
# it to an existing local index.)
HNSW = {"space": "cosine", "ef_search": 1000}


class EmbeddingMismatch(NianbaoError):
    """The index was built with a different embedding than the configured one."""


class StoreUnavailable(NianbaoError):
    """The Chroma server cannot be reached."""


# Chroma keeps one embedded client (its "system") per path for the life of the process, and that
# client does not see vectors another process wrote since it opened (its HNSW index is loaded once).
# Each local open passes a stamp of the manifest it read: when it differs from the one the cached
# client was opened at, that path's client is dropped and a fresh one reads the files again.
_opened_at: dict[str, object] = {}
_opened_lock = threading.Lock()


def _drop_cached_client(path: str) -> None:
    """Forget Chroma's cached embedded client of ``path`` (only that one: clients of other paths,
    and collections already handed out, keep working; the old system is left to the collector)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    with SharedSystemClient._refcount_lock:
        SharedSystemClient._identifier_to_system.pop(path, None)
        SharedSystemClient._identifier_to_refcount.pop(path, None)


def make_client(data_dir: Path, chroma_url: str | None = None, *, stamp: object = None):
    """A Chroma client. ``stamp`` (of the manifest just read) makes a local client reopen when
    the index changed since this process's cached client was opened."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    cs = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        u = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        ssl = u.scheme == "https"
        try:
            return chromadb.HttpClient(host=u.hostname or "localhost", port=u.port or (443 if ssl else 8000),
                                       ssl=ssl, settings=cs)
        except Exception as exc:  # connection refused, bad URL…
            raise StoreUnavailable(f"无法连接 Chroma 服务 {chroma_url}：{exc}") from exc
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    if stamp is None:
        return chromadb.PersistentClient(path=str(path), settings=cs)
    with _opened_lock:
        if _opened_at.get(str(path), stamp) != stamp:
            _drop_cached_client(str(path))
        client = chromadb.PersistentClient(path=str(path), settings=cs)
        _opened_at[str(path)] = stamp
        return client


def _describe(sig: dict[str, Any]) -> str:
    dim = f"，{sig['embedding_dim']} 维" if sig.get("embedding_dim") else ""
    return f"{sig.get('embedding_name')}（{sig.get('embedding_model')}{dim}）"


class VectorStore:
    def __init__(self, client, ef, *, rebuild: bool = False, name: str = COLLECTION) -> None:
        self.client = client
        self.ef = ef
        self.name = name
        self.sig = signature(ef)
        if rebuild:
            self._drop()
        self.collection = self._open()

    def _drop(self) -> None:
        try:
            self.client.delete_collection(self.name)
        except Exception:  # absent
            pass

    def _create(self):
        return self.client.create_collection(
            self.name, embedding_function=self.ef, metadata=dict(self.sig),
            configuration={"hnsw": dict(HNSW)},
        )

    def _open(self):
        from chromadb.errors import NotFoundError

        try:
            col = self.client.get_collection(self.name, embedding_function=self.ef)
        except NotFoundError:
            col = None
        except ValueError as exc:  # chromadb's own embedding-name conflict
            if "conflict" not in str(exc).lower():
                raise
            try:  # read what the collection records, without attaching any embedding function
                bare = self.client.get_collection(self.name, embedding_function=None)
                if bare.count() == 0:  # nothing written yet: bind to the configured embedding
                    self._drop()
                    return self._create()
                meta = bare.metadata or {}
                recorded = {k: v for k, v in meta.items() if k.startswith("embedding_")} or None
            except Exception:
                recorded = None
            raise EmbeddingMismatch(self._mismatch_message(recorded)) from exc
        if col is None:
            return self._create()
        recorded = {k: v for k, v in (col.metadata or {}).items() if k.startswith("embedding_")}
        if recorded != self.sig:
            if col.count() == 0:
                self._drop()
                return self._create()
            raise EmbeddingMismatch(self._mismatch_message(recorded))
        return col

    def reset(self) -> None:
        """Drop every vector; the empty collection is bound to the configured embedding."""
        self._drop()
        self.collection = self._create()

    def _mismatch_message(self, recorded: dict[str, Any] | None) -> str:
        old = _describe(recorded) if recorded else "另一种嵌入"
        return (f"检索索引是用嵌入 {old} 建立的，当前配置的是 {_describe(self.sig)}，二者不能混用。"
                "请运行 `nianbao ingest --rebuild 路径…` 重建索引，或改回原来的嵌入配置。")

    # -- write ----------------------------------------------------------------------------
    def add(self, chunks: list[Chunk], embeddings: list[np.ndarray] | None = None,
            reports: list[str] | None = None) -> None:
        """Add new chunks (cheaper than upsert); falls back to upsert if some id already exists.
        ``reports`` gives each chunk's report id (file key)."""
        try:
            self._write("add", chunks, embeddings, reports)
        except Exception:
            self._write("upsert", chunks, embeddings, reports)

    def upsert(self, chunks: list[Chunk], embeddings: list[np.ndarray] | None = None,
               reports: list[str] | None = None) -> None:
        self._write("upsert", chunks, embeddings, reports)

    def _write(self, op: str, chunks: list[Chunk], embeddings: list[np.ndarray] | None,
               reports: list[str] | None = None) -> None:
        if not chunks:
            return
        batch = max(1, min(5000, int(self.client.get_max_batch_size())))
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            keys = reports[i : i + batch] if reports is not None else [None] * len(part)
            kwargs: dict[str, Any] = {
                "ids": [c.id for c in part],
                "documents": [c.text for c in part],
                "metadatas": [metadata(c, key) for c, key in zip(part, keys)],
            }
            if embeddings is not None:
                kwargs["embeddings"] = np.asarray(embeddings[i : i + batch], dtype=np.float32)
            getattr(self.collection, op)(**kwargs)

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 5000):
            self.collection.delete(ids=ids[i : i + 5000])

    def delete_report(self, key: str, source: str | None = None) -> None:
        """Every vector of one report, by its report id (and, for vectors written before report
        ids were recorded, by its source file)."""
        self.collection.delete(where={"report": key})
        if source:
            self.collection.delete(where={"source": source})

    def all_ids(self, page: int = 20_000) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            out.update(got)
            if len(got) < page:
                return out
            offset += page

    def count(self) -> int:
        return self.collection.count()

    # -- query ----------------------------------------------------------------------------
    def query(self, query: str, k: int, where: dict[str, Any] | None = None,
              embedding: np.ndarray | None = None) -> list[tuple[str, float, dict[str, Any], str]]:
        """Top ``k`` (id, cosine similarity, metadata, document), best first."""
        if k <= 0:
            return []
        emb = embedding if embedding is not None else self.ef.embed_query([query])[0]
        res = self.collection.query(
            query_embeddings=[np.asarray(emb, dtype=np.float32)], n_results=k, where=where,
            include=["metadatas", "documents", "distances"],
        )
        ids = res["ids"][0]
        return [
            (cid, 1.0 - float(d), m or {}, doc or "")
            for cid, d, m, doc in zip(ids, res["distances"][0], res["metadatas"][0], res["documents"][0])
        ]


def metadata(c: Chunk, report: str | None = None) -> dict[str, Any]:
    m: dict[str, Any] = {
        "source": c.source, "section": c.section, "section_heading": c.section_heading,
        "format": c.format, "start": c.span.start, "end": c.span.end, "ord": c.ord,
        "content_hash": c.content_hash,
    }
    if report:
        m["report"] = report
    if c.organ:
        m["organ"] = c.organ
    if c.year is not None:
        m["year"] = c.year
    if c.subsection:
        m["subsection"] = c.subsection
    if c.span.line is not None:
        m["line"] = c.span.line
    return m
