"""BM25 keyword index (bm25s) over jieba words, persisted in the data directory.

Built from the manifest's stored tokens after each ingest that changed something; loaded lazily.
Metadata arrays aligned with the BM25 documents let filters apply as a mask before ranking.

Written atomically: each build goes into a new generation folder ``<root>/g…``; only when it is
complete does ``<root>/CURRENT`` (replaced with ``os.replace``) point at it, with the manifest
version it was built from. A crash mid-build leaves the previous generation in force and a version
that no longer matches the manifest, so the next command rebuilds it.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from assistant.corpus.chunking import Chunk
from assistant.corpus.filters import Filters

UNKNOWN_YEAR = -1
POINTER = "CURRENT"


class KeywordIndex:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir: Path | None = None  # the generation in use, once loaded
        self.version: int | None = None  # the manifest version it was built from
        self._bm25 = None
        self._loaded = False
        self.ids: np.ndarray = np.array([], dtype=object)
        self.organs: list[str] = []
        self.organ_codes = np.array([], dtype=np.int32)
        self.years = np.array([], dtype=np.int32)
        self.sections = np.array([], dtype="<U4")
        self.formats = np.array([], dtype="<U8")

    # -- generations ----------------------------------------------------------------------
    def current(self) -> tuple[Path, int] | None:
        """The published generation and its manifest version, or None (missing, unreadable)."""
        try:
            data = json.loads((self.root / POINTER).read_text(encoding="utf-8"))
            folder = self.root / str(data["dir"])
            version = int(data["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return (folder, version) if (folder / "ids.json").exists() else None

    def is_current(self, version: int) -> bool:
        cur = self.current()
        return cur is not None and cur[1] == version

    def refresh(self) -> None:
        """Reload on next use if another process published a newer generation."""
        cur = self.current()
        if self._loaded and (cur is None or cur[0] != self.dir):
            self._loaded = False
            self._bm25 = None
            self.dir = None

    def _publish(self, folder: Path, version: int) -> None:
        tmp = self.root / f"{POINTER}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(json.dumps({"dir": folder.name, "version": version}), encoding="utf-8")
        os.replace(tmp, self.root / POINTER)
        for old in self.root.iterdir():  # the writer holds the lock: no reader is loading these
            if old != folder and old.name != POINTER:
                shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)

    # -- build / persist ------------------------------------------------------------------
    def build(self, records: Iterable[tuple[str, list[str], Chunk]], version: int = 0,
              extra: Callable[[Path], None] | None = None) -> int:
        """Build from ``records`` into a new generation, let ``extra`` add files to it, then
        publish it as built from manifest ``version``."""
        import bm25s

        ids, corpus, organs, years, sections, formats = [], [], [], [], [], []
        for cid, toks, chunk in records:
            ids.append(cid)
            corpus.append(toks)
            organs.append(chunk.organ or "")
            years.append(chunk.year if chunk.year is not None else UNKNOWN_YEAR)
            sections.append(chunk.section)
            formats.append(chunk.format)
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f"g{version:08d}-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        organ_list = sorted(set(organs))
        code = {o: i for i, o in enumerate(organ_list)}
        self.ids = np.array(ids, dtype=object)
        self.organs = organ_list
        self.organ_codes = np.array([code[o] for o in organs], dtype=np.int32)
        self.years = np.array(years, dtype=np.int32)
        self.sections = np.array(sections, dtype="<U4")
        self.formats = np.array(formats, dtype="<U8")
        self._bm25 = None
        if ids:
            bm25 = bm25s.BM25()
            bm25.index(corpus, show_progress=False)
            bm25.save(str(folder / "bm25"), show_progress=False)
            self._bm25 = bm25
        np.savez(folder / "meta.npz", organ_codes=self.organ_codes, years=self.years,
                 sections=self.sections, formats=self.formats)
        (folder / "organs.json").write_text(json.dumps(organ_list, ensure_ascii=False), encoding="utf-8")
        if extra is not None:
            extra(folder)
        (folder / "ids.json").write_text(json.dumps(ids), encoding="utf-8")  # last: marks it complete
        self._publish(folder, version)
        self.dir, self.version = folder, version
        self._loaded = True
        return len(ids)

    def _clear(self) -> None:
        self.ids = np.array([], dtype=object)
        self.organs = []
        self.organ_codes = np.array([], dtype=np.int32)
        self.years = np.array([], dtype=np.int32)
        self.sections = np.array([], dtype="<U4")
        self.formats = np.array([], dtype="<U8")
        self._bm25 = None

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        self._clear()
        cur = self.current()
        if cur is None:
            self.dir = self.version = None
            return
        import bm25s

        self.dir, self.version = cur
        self.ids = np.array(json.loads((self.dir / "ids.json").read_text(encoding="utf-8")), dtype=object)
        self.organs = json.loads((self.dir / "organs.json").read_text(encoding="utf-8"))
        meta = np.load(self.dir / "meta.npz")
        self.organ_codes, self.years = meta["organ_codes"], meta["years"]
        self.sections, self.formats = meta["sections"], meta["formats"]
        if len(self.ids) and (self.dir / "bm25").exists():
            self._bm25 = bm25s.BM25.load(str(self.dir / "bm25"), show_progress=False)

    @property
    def size(self) -> int:
        self.load()
        return len(self.ids)

    # -- query ----------------------------------------------------------------------------
    def mask(self, f: Filters | None) -> np.ndarray | None:
        if f is None or f.empty:
            return None
        m = np.ones(len(self.ids), dtype=bool)
        code = {o: i for i, o in enumerate(self.organs)}
        if f.organs is not None:
            m &= np.isin(self.organ_codes, [code[o] for o in f.organs if o in code])
        if f.exclude_organs:
            m &= ~np.isin(self.organ_codes, [code[o] for o in f.exclude_organs if o in code])
        if f.year_min is not None:
            m &= (self.years >= f.year_min) & (self.years != UNKNOWN_YEAR)
        if f.year_max is not None:
            m &= (self.years <= f.year_max) & (self.years != UNKNOWN_YEAR)
        if f.sections is not None:
            m &= np.isin(self.sections, list(f.sections))
        if f.format is not None:
            m &= self.formats == f.format
        return m

    def search(self, query_tokens: list[str], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, BM25 score) with a positive score, best first."""
        self.load()
        if self._bm25 is None or k <= 0:
            return []
        ids = self._bm25.get_tokens_ids(query_tokens)
        if not ids:
            return []
        scores = self._bm25.get_scores_from_ids(ids)
        m = self.mask(filters)
        if m is not None:
            scores = np.where(m, scores, 0.0)
        n_pos = int(np.count_nonzero(scores > 0))
        if n_pos == 0:
            return []
        k = min(k, n_pos)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(str(self.ids[i]), float(scores[i])) for i in top]
