"""The local manifest (sqlite in the data directory): which files are indexed, with their content
hash, and every chunk's text, metadata and tokens (the keyword index is rebuilt from here).

Crash safety: before vectors of a file are written or deleted, the file is recorded in ``pending``
(with the chunk ids about to be written); the manifest entry is replaced and the pending row
cleared in one transaction afterwards. A pending row found later means a writer died half-way:
``CorpusIndex.repair`` undoes that file. ``version`` (in ``meta``) grows with every change; the
keyword index records the version it was built from, so a stale one is noticed.

A file that is not a sqlite database (truncated, 0 bytes, overwritten) raises
:class:`ManifestCorrupt` with a Chinese message, never sqlite's own English error.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from assistant.corpus.chunking import Chunk
from assistant.errors import NianbaoError

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY,          -- resolved path, or another stable identity
    source TEXT NOT NULL,          -- as the user gave it
    sha256 TEXT NOT NULL,
    organ TEXT, year INTEGER, format TEXT,
    n_chunks INTEGER NOT NULL,
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    file_key TEXT NOT NULL,
    data TEXT NOT NULL,            -- the Chunk as JSON
    tokens TEXT NOT NULL,          -- space-joined jieba words
    vec BLOB                       -- the chunk's embedding, float16 (local exact search)
);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks(file_key);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending (   -- files whose vectors are being written or deleted
    file_key TEXT NOT NULL,
    chunk_id TEXT                      -- a chunk id about to be written (NULL: removal)
);
"""
REBUILD_HINT = "请运行 `nianbao ingest --rebuild 报告文件或文件夹…` 重建索引"


class ManifestCorrupt(NianbaoError):
    """corpus.sqlite is not a readable sqlite database."""


def corrupt_message(path: Path, exc: BaseException | None = None) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    if size == 0:
        what = "是空文件（0 字节）"
    elif exc is not None and "not a database" in str(exc):
        what = "不是有效的数据库文件"
    else:
        what = "已损坏（可能被截断或写入中断）"
    return f"索引清单 {path} {what}，无法读取已入库报告的记录。{REBUILD_HINT}。"


@contextmanager
def _named(path: Path) -> Iterator[None]:
    """sqlite's DatabaseError as a Chinese ManifestCorrupt."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise
        raise ManifestCorrupt(corrupt_message(path, exc), where=str(path)) from exc


class FileEntry(BaseModel):
    key: str
    source: str
    sha256: str
    organ: str | None = None
    year: int | None = None
    format: str | None = None
    n_chunks: int
    ingested_at: float
    content: str | None = None  # hash of the normalised report text (same report, other encoding)


_FILE_COLUMNS = "key, source, sha256, organ, year, format, n_chunks, ingested_at, content"


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        if path.exists() and path.stat().st_size == 0:
            # sqlite would take a 0-byte file for a new, empty database: the records are lost.
            raise ManifestCorrupt(corrupt_message(path), where=str(path))
        with _named(path):
            self.db = sqlite3.connect(str(path), timeout=30)
            try:
                self._setup()
            except BaseException:
                self.db.close()
                raise

    def _setup(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(chunks)")}
        if "vec" not in columns:  # a manifest from before embeddings were kept locally
            with self.db:
                self.db.execute("ALTER TABLE chunks ADD COLUMN vec BLOB")
        if "content" not in {row[1] for row in self.db.execute("PRAGMA table_info(files)")}:
            with self.db:
                self.db.execute("ALTER TABLE files ADD COLUMN content TEXT")
        # Touch every table: a truncated file fails here, not in the middle of a command.
        self.db.execute("SELECT COUNT(*) FROM files").fetchone()
        self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()

    @staticmethod
    def remove_files(path: Path) -> None:
        """Delete the manifest and its WAL files (a rebuild over a corrupt one)."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()

    # -- files ----------------------------------------------------------------------------
    def file(self, key: str) -> FileEntry | None:
        with _named(self.path):
            row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE key=?", (key,)).fetchone()
        return None if row is None else FileEntry(**dict(zip(FileEntry.model_fields, row)))

    def files(self) -> list[FileEntry]:
        with _named(self.path):
            rows = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files ORDER BY source").fetchall()
        return [FileEntry(**dict(zip(FileEntry.model_fields, r))) for r in rows]

    def file_with_content(self, content: str) -> FileEntry | None:
        """The indexed file whose normalised text hashes to ``content``, if any."""
        with _named(self.path):
            row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE content=? LIMIT 1",
                                  (content,)).fetchone()
        return None if row is None else FileEntry(**dict(zip(FileEntry.model_fields, row)))

    def chunk_ids(self, file_key: str) -> list[str]:
        with _named(self.path):
            return [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE file_key=?", (file_key,))]

    def all_chunk_ids(self) -> set[str]:
        with _named(self.path):
            return {r[0] for r in self.db.execute("SELECT id FROM chunks")}

    # -- crash safety ---------------------------------------------------------------------
    def mark_pending(self, items: Iterable[tuple[str, str | None]]) -> None:
        """Record (file key, chunk id or None) before touching the vectors of those files."""
        with _named(self.path), self.db:
            self.db.executemany("INSERT INTO pending(file_key, chunk_id) VALUES (?,?)", list(items))

    def pending(self) -> dict[str, set[str]]:
        """File keys a writer left half-done, with the chunk ids it was about to write."""
        out: dict[str, set[str]] = {}
        with _named(self.path):
            for key, cid in self.db.execute("SELECT file_key, chunk_id FROM pending"):
                out.setdefault(key, set())
                if cid is not None:
                    out[key].add(cid)
        return out

    def version(self) -> int:
        return int(self.get_meta("version") or 0)

    def _bump(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)",
                        (json.dumps(int(json.loads(row[0]) if row else 0) + 1),))

    def put_file(self, key: str, source: str, sha256: str, chunks: list[Chunk],
                 tokens: list[list[str]], organ: str | None, year: int | None, fmt: str | None,
                 vectors: list[np.ndarray] | None = None, content: str | None = None) -> None:
        self.put_files([(key, source, sha256, chunks, tokens, organ, year, fmt, vectors, content)])

    def put_files(self, entries: list[tuple]) -> None:
        """Replace several files' entries and chunks in one transaction (clearing their pending
        rows). Each entry is (key, source, sha256, chunks, tokens, organ, year, format, vectors or
        None, content hash or None)."""
        with _named(self.path), self.db:
            for key, source, sha256, chunks, tokens, organ, year, fmt, vectors, content in entries:
                vecs = vectors if vectors is not None else [None] * len(chunks)
                self.db.execute("DELETE FROM chunks WHERE file_key=?", (key,))
                self.db.executemany(
                    "INSERT OR REPLACE INTO chunks(id, file_key, data, tokens, vec) VALUES (?,?,?,?,?)",
                    [(c.id, key, c.model_dump_json(), " ".join(t),
                      None if v is None else np.asarray(v, dtype=np.float16).tobytes())
                     for c, t, v in zip(chunks, tokens, vecs)],
                )
                self.db.execute(
                    f"INSERT OR REPLACE INTO files({_FILE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                    (key, source, sha256, organ, year, fmt, len(chunks), time.time(), content),
                )
                self.db.execute("DELETE FROM pending WHERE file_key=?", (key,))
            self._bump()

    def remove_file(self, key: str) -> None:
        with _named(self.path), self.db:
            self.db.execute("DELETE FROM chunks WHERE file_key=?", (key,))
            self.db.execute("DELETE FROM files WHERE key=?", (key,))
            self.db.execute("DELETE FROM pending WHERE file_key=?", (key,))
            self._bump()

    def clear(self) -> None:
        with _named(self.path), self.db:
            self.db.execute("DELETE FROM chunks")
            self.db.execute("DELETE FROM files")
            self.db.execute("DELETE FROM pending")
            self.db.execute("DELETE FROM meta WHERE key='embedding'")
            self._bump()

    # -- chunks ---------------------------------------------------------------------------
    def all_tokens(self) -> Iterator[tuple[str, list[str], Chunk]]:
        for cid, toks, chunk, _ in self.all_records():
            yield cid, toks, chunk

    def all_records(self) -> Iterator[tuple[str, list[str], Chunk, np.ndarray | None]]:
        """Every chunk in insertion order: id, tokens, chunk, embedding (float16) or None."""
        with _named(self.path):
            for cid, data, toks, vec in self.db.execute("SELECT id, data, tokens, vec FROM chunks ORDER BY rowid"):
                v = None if vec is None else np.frombuffer(vec, dtype=np.float16)
                yield cid, toks.split(" ") if toks else [], Chunk.model_validate_json(data), v

    def records_of(self, ids: Iterable[str]) -> Iterator[tuple[str, Chunk, np.ndarray | None]]:
        """(file key, chunk, embedding or None) of the given chunk ids."""
        ids = list(ids)
        with _named(self.path):
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                q = f"SELECT file_key, data, vec FROM chunks WHERE id IN ({','.join('?' * len(part))})"
                for key, data, vec in self.db.execute(q, part):
                    yield key, Chunk.model_validate_json(data), (
                        None if vec is None else np.frombuffer(vec, dtype=np.float16))

    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(ids)
        out: dict[str, Chunk] = {}
        with _named(self.path):
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                q = f"SELECT id, data FROM chunks WHERE id IN ({','.join('?' * len(part))})"
                for cid, data in self.db.execute(q, part):
                    out[cid] = Chunk.model_validate_json(data)
        return out

    def count_chunks(self) -> int:
        with _named(self.path):
            return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    # -- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str):
        with _named(self.path):
            row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value) -> None:
        with _named(self.path), self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, json.dumps(value)))




def indexed_sources(data_dir: Path) -> list[str]:
    """The source paths indexed in ``data_dir`` (empty when nothing was ever indexed), without
    opening the vector store."""
    path = Path(data_dir) / "corpus.sqlite"
    if not path.exists():
        return []
    manifest = Manifest(path)
    try:
        return [f.source for f in manifest.files()]
    finally:
        manifest.close()
