"""Drafting with persistence: what ``nianbao draft``/``revise`` and the web app call.

``new_draft(store, …)`` builds the facts, gathers past wording (the previous report, else the
index), drafts (model chat when one is given, else offline), guards, and saves version 1 with
the conversation; ``revise_saved(store, draft_id, instruction, chat)`` rebuilds the conversation
from the store and saves the next version. Each chat message is stored as it joins the
conversation (the user's before the model streams, the model's when it is complete), so a process
killed mid-stream loses at most the turn in flight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.drafting.chain import DraftChat, OnToken, restore_messages, role_of
from assistant.drafting.facts import Facts, build_facts
from assistant.drafting.guard import guard
from assistant.drafting.models import Draft, Passage
from assistant.drafting.offline import draft_offline
from assistant.drafting.sources import past_passages, peer_passages
from assistant.errors import NianbaoError
from assistant.report import Report

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.corpus.retrieve import Retriever
    from assistant.store import Store

_PASSAGES = "draft:{id}:passages"


class SavedDraft(BaseModel):
    id: int
    version: int
    draft: Draft

    def to_json(self) -> dict[str, Any]:
        d = self.draft
        return {
            "id": self.id, "version": self.version, "text": d.text,
            "flags": [f.model_dump(mode="json") for f in d.flags],
            "findings": [f.model_dump(mode="json") for f in d.findings],
            "citations": [c.model_dump(mode="json") for c in d.citations],
            "model": d.model, "notices": d.notices,
        }


def open_retriever(settings=None) -> Retriever | None:
    """The corpus retriever of the data directory, or None when nothing was ingested."""
    from assistant.config import get_settings

    s = settings or get_settings()
    if not (s.data_dir / "corpus.sqlite").exists() and not s.chroma_url:
        return None
    from assistant.corpus import CorpusIndex, Retriever

    index = CorpusIndex(s)
    if not index.files():
        index.close()
        return None
    return Retriever(index)


def _previous_of(stored: dict[str, Any] | None) -> Report | None:
    if stored is None:
        return None
    if stored.get("text"):
        from assistant.parse import parse_text

        report = parse_text(stored["text"], source=stored.get("source") or "<previous>")
    else:
        report = Report.from_canonical({"year": stored.get("year"), "format": stored.get("format"),
                                        "cells": stored.get("cells") or {}}, source=stored.get("source"))
    return report


def _save_inputs(store: Store, ws_id: int, tables: Report, notes: str | None, previous: Report | None) -> None:
    store.put_tables(ws_id, tables.format.value, tables.canonical_cells() or
                     {k: c.value for k, c in tables.cells.items()}, source=tables.source)
    if notes and notes.strip():
        store.add_note(ws_id, notes)
    if previous is not None:
        store.put_previous(ws_id, previous.year, previous.format.value, previous.canonical_cells(),
                           previous.text, source=previous.source)


def new_draft(store: Store, *, organ: str, year: int, tables: Report, notes: str | None = None,
              previous: Report | None = None, chat: BaseChatModel | None = None,
              retriever: Retriever | None = None, on_token: OnToken | None = None,
              organ_kind=None, model_name: str | None = None) -> SavedDraft:
    """Draft 一、五、六 for (organ, year) and save it as version 1 of a new draft."""
    facts = build_facts(tables, previous, organ=organ, year=year)
    past = past_passages(organ, year, previous, retriever)
    ws = store.workspace(organ, year)
    _save_inputs(store, ws.id, tables, notes, previous)
    if chat is None:
        draft = draft_offline(facts, notes, past, organ_kind=organ_kind)
        g = guard(draft.text, facts, tables=tables, notes=notes, previous=previous,
                  citations={c.id for c in draft.citations}, past=[(p.section, p.text) for p in past],
                  organ_kind=organ_kind)
        draft.flags, draft.findings = g.flags, g.findings
        saved = store.create_draft(ws.id, draft.text, flags=_dump(draft.flags), findings=_dump(draft.findings),
                                   citations=_dump(draft.citations), model=None)
        store.set_setting(_PASSAGES.format(id=saved.id), [p.model_dump(mode="json") for p in past])
        return SavedDraft(id=saved.id, version=1, draft=draft)
    peers = peer_passages(organ, retriever)
    # The draft row exists before the model is asked, so each message is kept as it comes.
    saved = store.create_draft(ws.id, None, model=model_name)
    store.set_setting(_PASSAGES.format(id=saved.id), [p.model_dump(mode="json") for p in [*past, *peers]])
    dc = DraftChat(chat, facts, tables=tables, notes=notes, past=past, peers=peers, previous=previous,
                   organ_kind=organ_kind, model_name=model_name,
                   on_message=lambda m: store.add_turn(saved.id, role_of(m), str(m.content)))
    draft = dc.draft(on_token)
    v = store.save_version(saved.id, 0, draft.text, flags=_dump(draft.flags), findings=_dump(draft.findings),
                           citations=_dump(draft.citations), model=draft.model)
    return SavedDraft(id=saved.id, version=v.version, draft=draft)


def _dump(items) -> list[Any]:
    return [i.model_dump(mode="json") for i in items]


def inputs_of(store: Store, draft_id: int) -> tuple[Facts, Report, str | None, Report | None]:
    """The facts, tables, notes and previous report a saved draft was written from."""
    d = store.draft(draft_id)
    ws = d.workspace
    stored = store.tables(ws.id)
    if stored is None:
        raise NianbaoError(f"草稿 {draft_id} 没有保存统计表，无法修改")
    fmt, cells = stored
    tables = Report.from_canonical({"agency": ws.organ, "year": ws.year, "format": fmt, "cells": cells})
    notes = "\n".join(store.notes(ws.id)) or None
    previous = _previous_of(store.previous(ws.id))
    return build_facts(tables, previous, organ=ws.organ, year=ws.year), tables, notes, previous


def revise_saved(store: Store, draft_id: int, instruction: str, chat: BaseChatModel, *,
                 on_token: OnToken | None = None, model_name: str | None = None) -> SavedDraft:
    """The next version of a saved draft, following ``instruction``."""
    if not instruction.strip():
        raise NianbaoError("修改要求是空的")
    d = store.draft(draft_id)
    if d.current is None:
        raise NianbaoError(f"草稿 {draft_id} 还没有任何版本（起草时中断），请重新起草")
    facts, tables, notes, previous = inputs_of(store, draft_id)
    passages = [Passage(**p) for p in store.get_setting(_PASSAGES.format(id=draft_id), [])]
    turns = [(t.role, t.content) for t in store.turns(draft_id)]
    if not turns:  # an offline draft: the conversation starts from its text
        from assistant.drafting.chain import prompt_messages

        messages = prompt_messages(facts, notes, [p for p in passages if p.own], [p for p in passages if not p.own])
        for m in messages:
            store.add_turn(draft_id, role_of(m), str(m.content))
        store.add_turn(draft_id, "assistant", d.current.text)
        turns = [(role_of(m), str(m.content)) for m in messages] + [("assistant", d.current.text)]
    current = Draft(text=d.current.text, model=d.current.model)
    dc = DraftChat(chat, facts, tables=tables, notes=notes, past=[p for p in passages if p.own],
                   peers=[p for p in passages if not p.own], previous=previous, model_name=model_name,
                   messages=restore_messages(turns), current=current,
                   on_message=lambda m: store.add_turn(draft_id, role_of(m), str(m.content)))
    draft = dc.revise(instruction, on_token)
    if draft.text == d.current.text and draft.notices and "保留上一版本" in draft.notices[-1]:
        return SavedDraft(id=draft_id, version=d.current_version, draft=draft)
    v = store.save_version(draft_id, d.current_version, draft.text, flags=_dump(draft.flags),
                           findings=_dump(draft.findings), citations=_dump(draft.citations), model=draft.model,
                           instruction=instruction)
    return SavedDraft(id=draft_id, version=v.version, draft=draft)
