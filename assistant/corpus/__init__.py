"""Corpus ingestion and hybrid retrieval over past reports.

``CorpusIndex`` (manifest + Chroma vectors + BM25) in one data directory; ``ingest_paths`` adds
report files; ``Retriever`` ranks (keyword, vector, hybrid RRF) and answers the drafting queries.
"""

from assistant.corpus.chunking import Chunk, chunk_report
from assistant.corpus.filters import Filters
from assistant.corpus.index import CorpusIndex
from assistant.corpus.ingest import IngestResult, Outcome, ingest_paths
from assistant.corpus.retrieve import Hit, Mode, Retriever
from assistant.corpus.vectors import EmbeddingMismatch, StoreUnavailable

__all__ = [
    "Chunk", "CorpusIndex", "EmbeddingMismatch", "Filters", "Hit", "IngestResult", "Mode", "Outcome",
    "Retriever", "StoreUnavailable", "chunk_report", "ingest_paths",
]
