"""``CorpusIndex``: the manifest, the Chroma vectors and the BM25 keyword index of one data
directory, kept in step. Adding a report tokenises once and feeds both stores."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.config import Settings, get_settings
from assistant.corpus.chunking import Chunk, chunk_report
from assistant.corpus.embeddings import HashingEmbeddingFunction, embedding_function, signature
from assistant.corpus.keyword import KeywordIndex
from assistant.corpus.localvec import LocalVectors
from assistant.corpus.manifest import FileEntry, Manifest
from assistant.corpus.tokens import words
from assistant.corpus.vectors import COLLECTION, VectorStore, make_client
from assistant.report import Report


class CorpusIndex:
    def __init__(self, settings: Settings | None = None, *, ef=None, rebuild: bool = False,
                 data_dir: Path | None = None, collection: str = COLLECTION) -> None:
        self.settings = settings or get_settings()
        self.data_dir = Path(data_dir or self.settings.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ef = ef or embedding_function(self.settings)
        self.manifest = Manifest(self.data_dir / "corpus.sqlite")
        self.vectors = VectorStore(make_client(self.data_dir, self.settings.chroma_url), self.ef,
                                   rebuild=rebuild, name=collection)
        self.keyword = KeywordIndex(self.data_dir / "bm25")
        self.local_vectors = LocalVectors(self.data_dir / "bm25" / "vectors.npy")
        self._dirty = False
        if rebuild:
            self.manifest.clear()
            self._dirty = True
        self.manifest.set_meta("embedding", signature(self.ef))

    # -- write ----------------------------------------------------------------------------
    def add_report(self, report: Report, key: str, source: str, sha256: str) -> list[Chunk]:
        """Index ``report`` as file ``key``, replacing whatever that file had before."""
        return self.add_reports([(report, key, source, sha256)])[0]

    def add_reports(self, items: list[tuple[Report, str, str, str]]) -> list[list[Chunk]]:
        """Index several (report, file key, source, sha256) at once: one vector-store write for
        the batch (a Chroma write has a high fixed cost). Returns each report's chunks."""
        per_report: list[list[Chunk]] = []
        all_chunks: list[Chunk] = []
        all_tokens: list[list[str]] = []
        for report, _key, source, _sha in items:
            chunks = chunk_report(report, source=source)
            per_report.append(chunks)
            all_chunks.extend(chunks)
            all_tokens.extend(words(c.text) for c in chunks)
        if isinstance(self.ef, HashingEmbeddingFunction):
            embeddings = [self.ef.embed_tokens(t, c.text) for c, t in zip(all_chunks, all_tokens)]
        elif all_chunks:
            embeddings = [np.asarray(v, dtype=np.float32) for v in self.ef([c.text for c in all_chunks])]
        else:
            embeddings = []
        new_ids = {c.id for c in all_chunks}
        old_ids: set[str] = set()
        for _report, key, _source, _sha in items:
            old_ids.update(self.manifest.chunk_ids(key))
        stale = sorted(old_ids - new_ids)
        if stale:
            self.vectors.delete(stale)
        # A chunk id hashes source, span and text: an id already indexed is that very chunk.
        fresh = [j for j, c in enumerate(all_chunks) if c.id not in old_ids]
        self.vectors.add([all_chunks[j] for j in fresh], [embeddings[j] for j in fresh])
        entries, pos = [], 0
        for (report, key, source, sha), chunks in zip(items, per_report):
            entries.append((key, source, sha, chunks, all_tokens[pos : pos + len(chunks)], report.agency,
                            report.year, report.format.value, embeddings[pos : pos + len(chunks)]))
            pos += len(chunks)
        self.manifest.put_files(entries)
        self._dirty = True
        return per_report

    def remove(self, key: str) -> int:
        ids = self.manifest.chunk_ids(key)
        self.vectors.delete(ids)
        self.manifest.remove_file(key)
        self._dirty = True
        return len(ids)

    def flush(self) -> None:
        """Rebuild and save the keyword index if anything changed."""
        if self._dirty or not (self.keyword.dir / "ids.json").exists():
            vecs: list[np.ndarray | None] = []

            def records():
                for cid, toks, chunk, vec in self.manifest.all_records():
                    vecs.append(vec)
                    yield cid, toks, chunk

            self.keyword.build(records())
            self.local_vectors.build(vecs)
            self._dirty = False

    # -- read -----------------------------------------------------------------------------
    def file(self, key: str) -> FileEntry | None:
        return self.manifest.file(key)

    def files(self) -> list[FileEntry]:
        return self.manifest.files()

    def organs(self) -> list[str]:
        return sorted({f.organ for f in self.manifest.files() if f.organ})

    def close(self) -> None:
        self.manifest.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
