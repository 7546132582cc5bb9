"""Drafting the narrative: facts from the tables, the offline drafter, the model chat, the guard.

Public API (what the CLI and the web app call):

- ``build_facts(tables, previous=None, organ=None, year=None) -> Facts``
- ``draft_offline(facts, notes=None, past=None) -> Draft``
- ``guard(text, facts, tables=…, notes=…, previous=…, citations=…) -> GuardResult``
- ``DraftChat(chat, facts, …)`` with ``.draft(on_token)`` and ``.revise(instruction, on_token)``
- ``new_draft(store, …)`` / ``revise_saved(store, draft_id, instruction, chat)``: with persistence
- ``past_passages`` / ``peer_passages``: retrieval for a drafter

``DraftChat`` and the service functions load LangChain and the store lazily.
"""

from __future__ import annotations

from typing import Any

from assistant.drafting.facts import TOPICS, Fact, Facts, build_facts
from assistant.drafting.guard import Flag, GuardResult, guard
from assistant.drafting.models import Citation, Draft, Passage
from assistant.drafting.offline import draft_offline
from assistant.drafting.sources import past_passages, peer_passages

__all__ = [
    "TOPICS", "Citation", "Draft", "DraftChat", "Fact", "Facts", "Flag", "GuardResult", "Passage", "SavedDraft",
    "build_facts", "draft_offline", "guard", "new_draft", "past_passages", "peer_passages", "revise_saved",
]

_LAZY = {"DraftChat": "assistant.drafting.chain", "new_draft": "assistant.drafting.service",
         "revise_saved": "assistant.drafting.service", "SavedDraft": "assistant.drafting.service"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
