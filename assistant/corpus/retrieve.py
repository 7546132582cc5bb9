"""Hybrid retrieval: reciprocal rank fusion of BM25 keyword hits and vector hits, with metadata
filters; and the two named queries drafting needs.

- ``same_organ_history(organ, section, before_year, k)``: the organ's own text for a section in
  earlier years, newest year first.
- ``peer_examples(topic, section=None, exclude_organ=None, k)``: other organs' paragraphs on a
  topic, at most ``per_organ`` from each organ.

Every hit carries its chunk id (the citation id), organ, year, section, subsection, text, score,
source file and span into the source report's text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import BaseModel

from assistant.corpus.chunking import Chunk
from assistant.corpus.embeddings import fusion_weight
from assistant.corpus.filters import Filters
from assistant.corpus.index import CorpusIndex
from assistant.corpus.tokens import words
from assistant.report import Span

RRF_K = 60
LOCAL_EXACT_MAX = 30_000


class Mode(StrEnum):
    HYBRID = "hybrid"
    KEYWORD = "keyword"
    VECTOR = "vector"


class Hit(BaseModel):
    id: str
    organ: str | None = None
    year: int | None = None
    section: str
    section_heading: str = ""
    subsection: str | None = None
    format: str | None = None
    text: str
    score: float
    source: str
    span: Span

    @classmethod
    def from_chunk(cls, c: Chunk, score: float) -> Hit:
        return cls(id=c.id, organ=c.organ, year=c.year, section=c.section,
                   section_heading=c.section_heading, subsection=c.subsection, format=c.format,
                   text=c.text, score=score, source=c.source, span=c.span)

    @classmethod
    def from_metadata(cls, cid: str, m: dict[str, Any], text: str, score: float) -> Hit:
        return cls(id=cid, organ=m.get("organ"), year=m.get("year"), section=m.get("section", ""),
                   section_heading=m.get("section_heading", ""), subsection=m.get("subsection"),
                   format=m.get("format"), text=text, score=score, source=m.get("source", ""),
                   span=Span(start=m.get("start", 0), end=m.get("end", 0), line=m.get("line")))


def rrf(rankings: list[list[str]], k: int = RRF_K, weights: list[float] | None = None) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several rankings of ids, each weighted (default 1), best first
    (ties: first seen)."""
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        w = 1.0 if weights is None else weights[i]
        for rank, cid in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + w / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


class Retriever:
    def __init__(self, index: CorpusIndex, vector_weight: float | None = None) -> None:
        self.index = index
        # The vector ranking's weight in the fusion: the embedding's measured quality, as data
        # beside it (``embeddings.toml``); BM25's weight is 1.
        self.vector_weight = fusion_weight(index.ef) if vector_weight is None else vector_weight

    def resolve_organ(self, organ: str) -> list[str]:
        """Exact organ name if indexed, else every indexed organ whose name contains ``organ``."""
        known = self.index.organs()
        if organ in known:
            return [organ]
        return [o for o in known if organ in o] or [organ]

    def filters(self, organ: str | None = None, year: int | None = None, year_min: int | None = None,
                year_max: int | None = None, section: str | list[str] | None = None,
                format: str | None = None, exclude_organ: str | None = None) -> Filters:
        if year is not None:
            year_min = year_max = year
        sections = [section] if isinstance(section, str) else section
        return Filters(
            organs=self.resolve_organ(organ) if organ else None, year_min=year_min, year_max=year_max,
            sections=sections, format=format,
            exclude_organs=self.resolve_organ(exclude_organ) if exclude_organ else None,
        )

    # -- ranking --------------------------------------------------------------------------
    def search(self, query: str, k: int = 5, filters: Filters | None = None,
               mode: Mode | str = Mode.HYBRID, candidates: int | None = None) -> list[Hit]:
        from assistant.limits import LIMITS

        LIMITS.check_query(query)
        with self.index.reading():
            return self._search(query, k, filters, mode, candidates)

    def _search(self, query: str, k: int, filters: Filters | None, mode: Mode | str,
                candidates: int | None) -> list[Hit]:
        mode = Mode(mode)
        n = max(candidates or 0, k * 4 if mode == Mode.HYBRID else k, 20 if mode == Mode.HYBRID else k)
        kw: list[tuple[str, float]] = []
        vec: list[tuple[str, float, dict[str, Any], str]] = []
        if mode in (Mode.HYBRID, Mode.KEYWORD):
            kw = self.index.keyword.search(words(query), n, filters)
        if mode in (Mode.HYBRID, Mode.VECTOR):
            vec = self._vector(query, n, filters)
        if mode == Mode.KEYWORD:
            ranked = kw[:k]
        elif mode == Mode.VECTOR:
            ranked = [(cid, s) for cid, s, _, _ in vec[:k]]
        else:
            ranked = rrf([[cid for cid, _ in kw], [cid for cid, *_ in vec]], weights=[1.0, self.vector_weight])[:k]
        chunks = self.index.manifest.chunks(cid for cid, _ in ranked)
        from_vec = {cid: (m, doc) for cid, _, m, doc in vec}
        hits: list[Hit] = []
        for cid, score in ranked:
            if cid in chunks:
                hits.append(Hit.from_chunk(chunks[cid], score))
            elif cid in from_vec:  # indexed by another client of the same Chroma server
                m, doc = from_vec[cid]
                hits.append(Hit.from_metadata(cid, m, doc, score))
        return hits

    def _vector(self, query: str, n: int, filters: Filters | None):
        """Vector top ``n`` under ``filters``.

        Chroma's metadata filtering costs time proportional to the whole collection, so: a
        selective filter (≤ ``LOCAL_EXACT_MAX`` chunks) is answered exactly from the local copy of
        the embeddings; a broad one over-fetches from Chroma unfiltered and checks each hit here;
        Chroma's own ``where`` is the fallback (and the only path for chunks this client did not
        index itself on a shared server)."""
        vectors = self.index.vectors
        if filters is None or filters.empty:
            return vectors.query(query, n)
        emb = vectors.ef.embed_query([query])[0]
        kw = self.index.keyword
        mask = kw.mask(filters) if kw.size else None
        if mask is not None and self.index.local_vectors.available(len(mask)):
            rows = np.flatnonzero(mask)
            if len(rows) <= LOCAL_EXACT_MAX:
                return [(str(kw.ids[r]), s, {}, "") for r, s in self.index.local_vectors.search(emb, rows, n)]
        frac = float(mask.mean()) if mask is not None and len(mask) else 0.0
        if frac >= 0.05:
            fetch = min(3000, int(n / frac * 2) + 10)
            raw = vectors.query(query, fetch, embedding=emb)
            kept = [r for r in raw if filters.matches(r[2])][:n]
            if len(kept) >= n or len(raw) < fetch:
                return kept
        return vectors.query(query, n, where=filters.where(), embedding=emb)

    # -- named queries --------------------------------------------------------------------
    def same_organ_history(self, organ: str, section: str, before_year: int | None = None,
                           k: int = 10) -> list[Hit]:
        """The organ's own chunks of ``section`` from years before ``before_year``: newest year
        first, in reading order within a year."""
        with self.index.reading():
            return self._history(organ, section, before_year, k)

    def _history(self, organ: str, section: str, before_year: int | None, k: int) -> list[Hit]:
        f = self.filters(organ=organ, section=section,
                         year_max=before_year - 1 if before_year is not None else None)
        kw = self.index.keyword
        if kw.size:  # locally indexed: metadata arrays and the manifest answer without Chroma
            mask = kw.mask(f)
            ids = [] if mask is None else [str(kw.ids[i]) for i in np.flatnonzero(mask)]
            found = self.index.manifest.chunks(ids)
            ordered = sorted(found.values(), key=lambda c: (-(c.year or 0), c.source, c.ord))[:k]
            return [Hit.from_chunk(c, 1.0) for c in ordered]
        res = self.index.vectors.collection.get(where=f.where(), include=["metadatas", "documents"])
        rows = sorted(
            zip(res["ids"], res["metadatas"], res["documents"]),
            key=lambda r: (-(r[1].get("year") or 0), r[1].get("source", ""), r[1].get("ord", 0)),
        )[:k]
        chunks = self.index.manifest.chunks(cid for cid, _, _ in rows)
        return [
            Hit.from_chunk(chunks[cid], 1.0) if cid in chunks else Hit.from_metadata(cid, m, doc, 1.0)
            for cid, m, doc in rows
        ]

    def peer_examples(self, topic: str, section: str | None = None, exclude_organ: str | None = None,
                      k: int = 5, per_organ: int = 1) -> list[Hit]:
        """Other organs' paragraphs on ``topic`` (hybrid ranking), at most ``per_organ`` each."""
        f = self.filters(section=section, exclude_organ=exclude_organ)
        hits = self.search(topic, k=k * 6, filters=f, candidates=k * 10)
        out: list[Hit] = []
        taken: dict[str | None, int] = {}
        for h in hits:
            if taken.get(h.organ, 0) >= per_organ:
                continue
            taken[h.organ] = taken.get(h.organ, 0) + 1
            out.append(h)
            if len(out) == k:
                break
        return out
