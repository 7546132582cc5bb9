"""Reviewing a report against the same organ's report of last year: ``compare`` (pure) and the
standalone HTML redline ``render_redline_html`` that the CLI writes and the web app embeds."""

from __future__ import annotations

from assistant.boilerplate import corpus_boilerplate, frequent_sentences, is_boilerplate
from assistant.review.compare import compare
from assistant.review.models import CellDelta, DiffOp, Review, SectionReview, SentencePair
from assistant.review.redline import render_redline_html

__all__ = [
    "CellDelta", "DiffOp", "Review", "SectionReview", "SentencePair", "compare", "corpus_boilerplate",
    "frequent_sentences", "is_boilerplate", "render_redline_html",
]
