"""Exact vector search over a filtered subset, from a local copy of the chunk embeddings.

Chroma answers unfiltered and broad-filter queries fast (HNSW), but a selective metadata filter
(one organ) costs it time proportional to the whole collection. For those, the embeddings kept in
the manifest (float16) are saved as one matrix aligned with the keyword index, and the few
thousand chunks the filter allows are scored exactly with one matrix product.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

FILE = "vectors.npy"


class LocalVectors:
    """The matrix lives in the keyword index's generation folder (``folder()``; None: none)."""

    def __init__(self, folder: Callable[[], Path | None]) -> None:
        self.folder = folder
        self._m: np.ndarray | None = None
        self._from: Path | None = None

    def build(self, vectors: list[np.ndarray | None], folder: Path) -> None:
        """Save the matrix into ``folder``; rows must follow the keyword index order. A missing
        row disables it."""
        rows = [v for v in vectors if v is not None]
        if not vectors or len(rows) < len(vectors) or len({len(v) for v in rows}) != 1:
            return
        np.save(folder / FILE, np.stack(rows).astype(np.float16))

    @property
    def matrix(self) -> np.ndarray | None:
        folder = self.folder()
        if folder != self._from:
            self._from = folder
            path = folder / FILE if folder is not None else None
            self._m = np.load(path, mmap_mode="r") if path is not None and path.exists() else None
        return self._m

    def available(self, n_rows: int) -> bool:
        m = self.matrix
        return m is not None and m.shape[0] == n_rows

    def search(self, query: np.ndarray, rows: np.ndarray, n: int) -> list[tuple[int, float]]:
        """Top ``n`` (row, cosine similarity) among ``rows``, best first."""
        m = self.matrix
        if m is None or len(rows) == 0 or n <= 0:
            return []
        sub = np.asarray(m[rows], dtype=np.float32)
        scores = sub @ np.asarray(query, dtype=np.float32)
        n = min(n, len(rows))
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(rows[i]), float(scores[i])) for i in top]
