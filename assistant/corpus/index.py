"""``CorpusIndex``: the manifest, the Chroma vectors and the BM25 keyword index of one data
directory, kept in step. Adding a report tokenises once and feeds both stores.

Faults it survives (see the tests of the corpus package):

- concurrent commands: writers hold the data-directory lock exclusively, readers shared
  (``writing()`` / ``reading()``, :mod:`assistant.corpus.lock`);
- a writer killed at any point: per-report pending rows in the manifest are undone by
  ``repair()``, orphan vectors (local store) deleted, missing ones restored from the manifest,
  and a keyword index built from an older manifest version rebuilt — by the next command;
- a damaged ``corpus.sqlite``: :class:`ManifestCorrupt` (Chinese) on open, and ``rebuild=True``
  starts from nothing whatever is on disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from assistant.config import Settings, get_settings
from assistant.corpus.chunking import Chunk, chunk_report
from assistant.corpus.embeddings import HashingEmbeddingFunction, embedding_function, signature
from assistant.corpus.keyword import KeywordIndex
from assistant.corpus.localvec import LocalVectors
from assistant.corpus.lock import DirectoryLock
from assistant.corpus.manifest import FileEntry, Manifest
from assistant.corpus.tokens import words
from assistant.corpus.vectors import COLLECTION, StoreUnavailable, VectorStore, make_client
from assistant.errors import NianbaoError
from assistant.report import Report

MANIFEST = "corpus.sqlite"
KEYWORD_DIR = "keyword"
_LEGACY_KEYWORD_DIR = "bm25"  # before generations: removed by the first rebuild of the index


class CorpusIndex:
    def __init__(self, settings: Settings | None = None, *, ef=None, rebuild: bool = False,
                 data_dir: Path | None = None, collection: str = COLLECTION,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.settings = settings or get_settings()
        self.data_dir = Path(data_dir or self.settings.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.ef = ef or embedding_function(self.settings)
        self.shared_store = bool(self.settings.chroma_url)  # a Chroma server other clients may use
        self.lock = DirectoryLock(self.data_dir, timeout=self.settings.lock_timeout, on_wait=on_wait)
        self._depth = 0  # nesting of write holds in this object
        self._dirty = False
        self.repaired: list[str] = []  # Chinese notes of what repair() fixed
        if rebuild:
            with self.lock.exclusive():
                self._wipe()
        self.manifest = Manifest(self.data_dir / MANIFEST)
        try:
            self.vectors = self._open_vectors(collection, rebuild)
        except NianbaoError:
            self.manifest.close()
            raise
        except Exception as exc:  # damaged Chroma files, a server that answers but fails
            self.manifest.close()
            raise StoreUnavailable(f"无法打开向量库（{type(exc).__name__}: {exc}）。"
                                   "请运行 `nianbao ingest --rebuild 报告文件或文件夹…` 重建索引", where=str(self.data_dir)) from exc
        self.keyword = KeywordIndex(self.data_dir / KEYWORD_DIR)
        self.local_vectors = LocalVectors(self._keyword_folder)
        if rebuild:
            self._dirty = True

    def _open_vectors(self, collection: str, rebuild: bool) -> VectorStore:
        try:
            return VectorStore(make_client(self.data_dir, self.settings.chroma_url, stamp=self._stamp()),
                               self.ef, rebuild=rebuild, name=collection)
        except Exception:
            if not rebuild or self.shared_store:
                raise
        # A local store that cannot even be opened: a rebuild starts it from nothing.
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        shutil.rmtree(self.data_dir / "chroma", ignore_errors=True)
        return VectorStore(make_client(self.data_dir, None), self.ef, rebuild=True, name=collection)

    def _stamp(self) -> tuple[int, int]:
        """What changes whenever any process writes the index: the manifest's version, and its
        file (a rebuild starts a new one whose version counts from 0 again)."""
        return self.manifest.version(), (self.data_dir / MANIFEST).stat().st_ino

    def _wipe(self) -> None:
        """Remove the local index files, whatever state they are in (a rebuild starts from
        nothing); the vector collection is dropped when it is opened."""
        Manifest.remove_files(self.data_dir / MANIFEST)
        for name in (KEYWORD_DIR, _LEGACY_KEYWORD_DIR):
            path = self.data_dir / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def _keyword_folder(self) -> Path | None:
        self.keyword.load()
        return self.keyword.dir

    # -- consistency ----------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What a crashed or concurrent writer left inconsistent (Chinese), empty when all agree."""
        out: list[str] = []
        pending = self.manifest.pending()
        if pending:
            out.append(f"{len(pending)} 份报告上次写入未完成")
        version = self.manifest.version()
        if not self._dirty and version and not self.keyword.is_current(version):
            out.append("关键词索引缺失或不是最新")
        if not self.shared_store:
            n_vec, n_man = self.vectors.count(), self.manifest.count_chunks()
            if n_vec != n_man:
                out.append(f"向量库有 {n_vec} 个分块，清单记录 {n_man} 个")
        return out

    def repair(self) -> list[str]:
        """Make manifest, vectors and keyword index agree again (caller holds the write lock).
        Half-written reports are undone (a re-run ingests them again). Returns Chinese notes."""
        notes: list[str] = []
        pending = self.manifest.pending()
        for key, ids in pending.items():
            entry = self.manifest.file(key)
            ids |= set(self.manifest.chunk_ids(key))
            self.vectors.delete(sorted(ids))
            self.vectors.delete_report(key, entry.source if entry else None)
            self.manifest.remove_file(key)
            self._dirty = True
        if pending:
            notes.append(f"撤销了 {len(pending)} 份上次未写完的报告（重新入库即可补上）")
        if not self.shared_store:
            have, want = self.vectors.all_ids(), self.manifest.all_chunk_ids()
            orphans = sorted(have - want)
            if orphans:
                self.vectors.delete(orphans)
                notes.append(f"删除了 {len(orphans)} 个清单中没有的残留向量")
            missing = want - have
            if missing:
                restored, lost = self._restore(missing)
                if restored:
                    notes.append(f"从清单恢复了 {restored} 个缺失的向量")
                if lost:
                    notes.append(f"{lost} 份报告的向量无法恢复，已移出索引（重新入库即可补上）")
        version = self.manifest.version()
        if self._dirty or (version and not self.keyword.is_current(version)):
            self.flush()
            notes.append("重建了关键词索引")
        self.repaired.extend(notes)
        return notes

    def _restore(self, missing: set[str]) -> tuple[int, int]:
        """Re-add vectors the manifest keeps (float16 copies); files without them are removed."""
        chunks, vecs, keys, lost_keys = [], [], [], set()
        for key, chunk, vec in self.manifest.records_of(sorted(missing)):
            if vec is None:
                lost_keys.add(key)
            else:
                chunks.append(chunk)
                vecs.append(np.asarray(vec, dtype=np.float32))
                keys.append(key)
        keep = [i for i, k in enumerate(keys) if k not in lost_keys]
        self.vectors.upsert([chunks[i] for i in keep], [vecs[i] for i in keep], [keys[i] for i in keep])
        for key in lost_keys:
            entry = self.manifest.file(key)
            self.vectors.delete(self.manifest.chunk_ids(key))
            self.vectors.delete_report(key, entry.source if entry else None)
            self.manifest.remove_file(key)
            self._dirty = True
        return len(keep), len(lost_keys)

    @contextmanager
    def _write_hold(self) -> Iterator[None]:
        """The exclusive lock; the outermost hold first repairs what a crashed writer left."""
        with self.lock.exclusive():
            self._depth += 1
            try:
                if self._depth == 1:
                    self.keyword.refresh()
                    if self.problems():
                        self.repair()
                yield
            finally:
                self._depth -= 1

    @contextmanager
    def writing(self) -> Iterator[CorpusIndex]:
        """Hold the data directory for writing; the keyword index is saved on the way out."""
        with self._write_hold():
            try:
                yield self
            finally:
                if self._depth == 1:
                    self.flush()

    @contextmanager
    def reading(self) -> Iterator[CorpusIndex]:
        """Hold the data directory for reading; a leftover of a crashed writer is repaired first."""
        self.lock.acquire(exclusive=False)
        try:
            self.keyword.refresh()
            if self._depth == 0 and self.problems():
                self.lock.release(exclusive=False)
                try:
                    with self.writing():
                        pass
                finally:
                    self.lock.acquire(exclusive=False)
                self.keyword.refresh()
            yield self
        finally:
            self.lock.release(exclusive=False)

    # -- write ----------------------------------------------------------------------------
    def add_report(self, report: Report, key: str, source: str, sha256: str,
                   content: str | None = None) -> list[Chunk]:
        """Index ``report`` as file ``key``, replacing whatever that file had before."""
        return self.add_reports([(report, key, source, sha256)], contents=[content])[0]

    def add_reports(self, items: list[tuple[Report, str, str, str]],
                    contents: list[str | None] | None = None) -> list[list[Chunk]]:
        """Index several (report, file key, source, sha256) at once: one vector-store write for
        the batch (a Chroma write has a high fixed cost). Returns each report's chunks.
        ``contents`` gives each report's normalised-text hash (duplicate detection)."""
        per_report: list[list[Chunk]] = []
        all_chunks: list[Chunk] = []
        all_tokens: list[list[str]] = []
        all_keys: list[str] = []
        for report, key, source, _sha in items:
            chunks = chunk_report(report, source=source)
            per_report.append(chunks)
            all_chunks.extend(chunks)
            all_keys.extend([key] * len(chunks))
            all_tokens.extend(words(c.text) for c in chunks)
        if isinstance(self.ef, HashingEmbeddingFunction):
            embeddings = [self.ef.embed_tokens(t, c.text) for c, t in zip(all_chunks, all_tokens)]
        elif all_chunks:  # may raise EmbeddingUnavailable: nothing is written then
            embeddings = [np.asarray(v, dtype=np.float32) for v in self.ef([c.text for c in all_chunks])]
        else:
            embeddings = []
        with self._write_hold():
            new_ids = {c.id for c in all_chunks}
            old_ids: set[str] = set()
            for _report, key, _source, _sha in items:
                old_ids.update(self.manifest.chunk_ids(key))
            # A chunk id hashes source, span and text: an id already indexed is that very chunk.
            fresh = [j for j, c in enumerate(all_chunks) if c.id not in old_ids]
            self.manifest.mark_pending(
                [(key, None) for _r, key, _s, _h in items] + [(all_keys[j], all_chunks[j].id) for j in fresh])
            self._dirty = True
            stale = sorted(old_ids - new_ids)
            if stale:
                self.vectors.delete(stale)
            self.vectors.add([all_chunks[j] for j in fresh], [embeddings[j] for j in fresh],
                             [all_keys[j] for j in fresh])
            entries, pos = [], 0
            contents = contents or [None] * len(items)
            for (report, key, source, sha), chunks, content in zip(items, per_report, contents):
                entries.append((key, source, sha, chunks, all_tokens[pos : pos + len(chunks)], report.agency,
                                report.year, report.format.value, embeddings[pos : pos + len(chunks)], content))
                pos += len(chunks)
            self.manifest.put_files(entries)
            if all_chunks and self.manifest.get_meta("embedding") is None:
                self.manifest.set_meta("embedding", signature(self.ef))  # bound once something is written
        return per_report

    def remove(self, key: str) -> int:
        """Remove one report: its vectors by report id (whatever the manifest lists) and its entry."""
        with self._write_hold():
            entry = self.manifest.file(key)
            ids = self.manifest.chunk_ids(key)
            self.manifest.mark_pending([(key, None)])
            self._dirty = True
            self.vectors.delete(ids)
            self.vectors.delete_report(key, entry.source if entry else None)
            self.manifest.remove_file(key)
        return len(ids)

    def remove_all(self) -> int:
        """Empty the index: every vector (of this collection) and every entry. Returns the number
        of reports removed. The empty index is bound to no embedding."""
        with self._write_hold():
            n = len(self.manifest.files())
            self.manifest.clear()
            self._dirty = True
            self.vectors.reset()
        return n

    def flush(self) -> None:
        """Rebuild and save the keyword index if anything changed or it is not current."""
        with self.lock.exclusive():
            version = self.manifest.version()
            if not self._dirty and self.keyword.is_current(version):
                return
            vecs: list[np.ndarray | None] = []

            def records():
                for cid, toks, chunk, vec in self.manifest.all_records():
                    vecs.append(vec)
                    yield cid, toks, chunk

            self.keyword.build(records(), version, extra=lambda folder: self.local_vectors.build(vecs, folder))
            legacy = self.data_dir / _LEGACY_KEYWORD_DIR
            if legacy.is_dir():
                shutil.rmtree(legacy)
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


@contextmanager
def open_index(*, write: bool, settings: Settings | None = None, rebuild: bool = False,
               on_wait: Callable[[str], None] | None = None, **kwargs) -> Iterator[CorpusIndex]:
    """The index of the configured data directory, opened and used under its lock: exclusive
    for ``write`` (the keyword index is saved on the way out), shared otherwise. The vector
    client is created while the lock is held, so it never starts from another writer's half-done
    state. A reader that finds a crashed writer's leftovers waits for the write lock, repairs them
    and reads on. Repairs made are listed in ``index.repaired``."""
    settings = settings or get_settings()
    data_dir = Path(kwargs.pop("data_dir", None) or settings.data_dir)
    lock = DirectoryLock(data_dir, timeout=settings.lock_timeout, on_wait=on_wait)
    repaired: list[str] = []
    if not write:
        with lock.shared():
            index = CorpusIndex(settings, data_dir=data_dir, on_wait=on_wait, **kwargs)
            try:
                if not index.problems():
                    with index.reading():
                        yield index
                    return
            finally:
                index.close()
        with open_index(write=True, settings=settings, data_dir=data_dir, on_wait=on_wait, **kwargs) as fixer:
            repaired = list(fixer.repaired)
    with lock.exclusive() if write else lock.shared():
        index = CorpusIndex(settings, data_dir=data_dir, rebuild=rebuild, on_wait=on_wait, **kwargs)
        index.repaired.extend(repaired)
        try:
            with index.writing() if write else index.reading():
                yield index
        finally:
            index.close()
