"""Past wording for a drafter: the organ's own previous report (given, or from the index) and
peers' paragraphs on each topic, as ``Passage`` objects whose ids are corpus chunk ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.drafting.facts import TOPICS
from assistant.drafting.models import Passage
from assistant.report import Report

if TYPE_CHECKING:
    from assistant.corpus.retrieve import Hit, Retriever

OWN_SECTIONS = ("一", "五")


def _of_hit(h: Hit, own: bool) -> Passage:
    return Passage(id=h.id, organ=h.organ, year=h.year, section=h.section, subsection=h.subsection,
                   text=h.text, source=h.source, own=own)


def from_report(previous: Report) -> list[Passage]:
    """The chunks of last year's report (chunked as the index chunks it: same ids)."""
    from assistant.corpus.chunking import chunk_report

    return [Passage(id=c.id, organ=c.organ, year=c.year, section=c.section, subsection=c.subsection,
                    text=c.text, source=c.source, own=True)
            for c in chunk_report(previous, source=previous.source or "<previous>")]


def past_passages(organ: str | None, year: int, previous: Report | None = None,
                  retriever: Retriever | None = None, k: int = 40) -> list[Passage]:
    """The organ's own past sections 一 and 五: from ``previous`` when given, else the newest
    earlier year in the index."""
    if previous is not None:
        return [p for p in from_report(previous) if p.section in OWN_SECTIONS]
    if retriever is None or not organ:
        return []
    out: list[Passage] = []
    for section in OWN_SECTIONS:
        out.extend(_of_hit(h, True) for h in retriever.same_organ_history(organ, section, before_year=year, k=k))
    return out


def peer_passages(organ: str | None, retriever: Retriever | None, per_topic: int = 2) -> list[Passage]:
    """Other organs' paragraphs on each topic of 一、总体情况."""
    if retriever is None:
        return []
    out: list[Passage] = []
    seen: set[str] = set()
    for heading in TOPICS.values():
        for h in retriever.peer_examples(heading[3:], section="一", exclude_organ=organ, k=per_topic):
            if h.id not in seen:
                seen.add(h.id)
                out.append(_of_hit(h, False))
    return out
