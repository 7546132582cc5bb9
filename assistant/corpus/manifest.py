"""The local manifest (sqlite in the data directory): which files are indexed, with their content
hash, and every chunk's text, metadata and tokens (the keyword index is rebuilt from here)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from assistant.corpus.chunking import Chunk

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
"""


class FileEntry(BaseModel):
    key: str
    source: str
    sha256: str
    organ: str | None = None
    year: int | None = None
    format: str | None = None
    n_chunks: int
    ingested_at: float


class Manifest:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(chunks)")}
        if "vec" not in columns:  # a manifest from before embeddings were kept locally
            with self.db:
                self.db.execute("ALTER TABLE chunks ADD COLUMN vec BLOB")

    def close(self) -> None:
        self.db.close()

    # -- files ----------------------------------------------------------------------------
    def file(self, key: str) -> FileEntry | None:
        row = self.db.execute(
            "SELECT key, source, sha256, organ, year, format, n_chunks, ingested_at FROM files WHERE key=?",
            (key,),
        ).fetchone()
        return None if row is None else FileEntry(**dict(zip(FileEntry.model_fields, row)))

    def files(self) -> list[FileEntry]:
        rows = self.db.execute(
            "SELECT key, source, sha256, organ, year, format, n_chunks, ingested_at FROM files ORDER BY source"
        ).fetchall()
        return [FileEntry(**dict(zip(FileEntry.model_fields, r))) for r in rows]

    def chunk_ids(self, file_key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE file_key=?", (file_key,))]

    def put_file(self, key: str, source: str, sha256: str, chunks: list[Chunk],
                 tokens: list[list[str]], organ: str | None, year: int | None, fmt: str | None,
                 vectors: list[np.ndarray] | None = None) -> None:
        self.put_files([(key, source, sha256, chunks, tokens, organ, year, fmt, vectors)])

    def put_files(self, entries: list[tuple]) -> None:
        """Replace several files' entries and chunks in one transaction. Each entry is
        (key, source, sha256, chunks, tokens, organ, year, format, vectors or None)."""
        with self.db:
            for key, source, sha256, chunks, tokens, organ, year, fmt, vectors in entries:
                vecs = vectors if vectors is not None else [None] * len(chunks)
                self.db.execute("DELETE FROM chunks WHERE file_key=?", (key,))
                self.db.executemany(
                    "INSERT OR REPLACE INTO chunks(id, file_key, data, tokens, vec) VALUES (?,?,?,?,?)",
                    [(c.id, key, c.model_dump_json(), " ".join(t),
                      None if v is None else np.asarray(v, dtype=np.float16).tobytes())
                     for c, t, v in zip(chunks, tokens, vecs)],
                )
                self.db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)",
                    (key, source, sha256, organ, year, fmt, len(chunks), time.time()),
                )

    def remove_file(self, key: str) -> None:
        with self.db:
            self.db.execute("DELETE FROM chunks WHERE file_key=?", (key,))
            self.db.execute("DELETE FROM files WHERE key=?", (key,))

    def clear(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM chunks")
            self.db.execute("DELETE FROM files")

    # -- chunks ---------------------------------------------------------------------------
    def all_tokens(self) -> Iterator[tuple[str, list[str], Chunk]]:
        for cid, toks, chunk, _ in self.all_records():
            yield cid, toks, chunk

    def all_records(self) -> Iterator[tuple[str, list[str], Chunk, np.ndarray | None]]:
        """Every chunk in insertion order: id, tokens, chunk, embedding (float16) or None."""
        for cid, data, toks, vec in self.db.execute("SELECT id, data, tokens, vec FROM chunks ORDER BY rowid"):
            v = None if vec is None else np.frombuffer(vec, dtype=np.float16)
            yield cid, toks.split(" ") if toks else [], Chunk.model_validate_json(data), v

    def chunks(self, ids: Iterable[str]) -> dict[str, Chunk]:
        ids = list(ids)
        out: dict[str, Chunk] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            q = f"SELECT id, data FROM chunks WHERE id IN ({','.join('?' * len(part))})"
            for cid, data in self.db.execute(q, part):
                out[cid] = Chunk.model_validate_json(data)
        return out

    def count_chunks(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    # -- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str):
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value) -> None:
        with self.db:
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
