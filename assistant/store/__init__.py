"""Drafts, versions, chat turns, notes and tables, kept through SQLAlchemy 2 (see ``store.py``)."""

from assistant.store.store import (
    DraftOut,
    NotFound,
    StaleVersion,
    Store,
    StoreError,
    TurnOut,
    VersionOut,
    WorkspaceOut,
    database_url,
)

__all__ = ["DraftOut", "NotFound", "StaleVersion", "Store", "StoreError", "TurnOut", "VersionOut",
           "WorkspaceOut", "database_url"]
