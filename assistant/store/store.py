"""``Store``: drafts, versions, chat turns, notes and tables in a SQL database.

SQLite file ``nianbao.sqlite`` in the data directory by default; ``NIANBAO_DATABASE_URL`` (e.g.
``postgresql+psycopg://user@host/db``) for a shared one. Opening a store brings its schema to the
newest migration (Alembic, ``migrations/versions/``). Every method is one short transaction, so a
process killed mid-stream loses at most the turn in flight.

Versions are optimistic: ``save_version(draft_id, base_version, …)`` moves the draft from
``base_version`` to ``base_version + 1`` with a compare-and-set; a save on top of an older version
is refused with a Chinese ``NianbaoError`` (``StaleVersion``), never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, event, func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import NianbaoError
from assistant.store.schema import (
    ChatTurn,
    DraftRow,
    DraftVersion,
    Note,
    PreviousReport,
    Setting,
    TableSet,
    Workspace,
    now,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DB_FILE = "nianbao.sqlite"


class StoreError(NianbaoError):
    """The database cannot be opened or written (message in Chinese)."""


class StaleVersion(NianbaoError):
    """A save on top of a version that is no longer the newest."""


class NotFound(NianbaoError):
    """No such draft, version or workspace."""


# --- what the store returns (plain pydantic models) --------------------------------------------


class WorkspaceOut(BaseModel):
    id: int
    organ: str
    year: int


class VersionOut(BaseModel):
    draft_id: int
    version: int
    text: str
    flags: list[Any] = []
    findings: list[Any] = []
    citations: list[Any] = []
    model: str | None = None
    instruction: str | None = None
    created_at: datetime


class DraftOut(BaseModel):
    id: int
    workspace: WorkspaceOut
    current_version: int  # 0: created, no version saved yet (the first draft was interrupted)
    current: VersionOut | None


class TurnOut(BaseModel):
    id: int
    role: str
    content: str
    version: int | None = None


def database_url(settings=None) -> str:
    from assistant.config import get_settings

    s = settings or get_settings()
    if s.database_url:
        return s.database_url
    Path(s.data_dir).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(s.data_dir).resolve() / DB_FILE}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    def __init__(self, url: str | None = None, *, settings=None) -> None:
        self.url = url or database_url(settings)
        try:
            self.engine = create_engine(self.url)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"无法打开数据库（{_safe(self.url)}）：{exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            migrate(self.engine)
        except OperationalError as exc:
            raise StoreError(f"无法连接或升级数据库（{_safe(self.url)}）：{exc.orig}") from exc
        self._session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._session.begin() as s:
            yield s

    # -- workspaces, tables, notes ----------------------------------------------------------
    def workspace(self, organ: str, year: int) -> WorkspaceOut:
        """The workspace of (organ, year), created on first use."""
        for _ in range(2):
            with self._tx() as s:
                row = s.scalar(select(Workspace).where(Workspace.organ == organ, Workspace.year == year))
                if row is not None:
                    return WorkspaceOut(id=row.id, organ=row.organ, year=row.year)
            try:
                with self._tx() as s:
                    row = Workspace(organ=organ, year=year)
                    s.add(row)
                    s.flush()
                    return WorkspaceOut(id=row.id, organ=row.organ, year=row.year)
            except IntegrityError:  # created meanwhile by another process
                continue
        raise StoreError(f"无法创建工作区：{organ} {year} 年")

    def workspaces(self) -> list[WorkspaceOut]:
        with self._tx() as s:
            rows = s.scalars(select(Workspace).order_by(Workspace.organ, Workspace.year))
            return [WorkspaceOut(id=r.id, organ=r.organ, year=r.year) for r in rows]

    def put_tables(self, workspace_id: int, format: str, cells: dict[str, Any], source: str | None = None) -> int:
        with self._tx() as s:
            row = TableSet(workspace_id=workspace_id, format=format, cells=cells, source=source)
            s.add(row)
            s.flush()
            return row.id

    def tables(self, workspace_id: int) -> tuple[str, dict[str, Any]] | None:
        """(format, cells) of the newest tables of a workspace."""
        with self._tx() as s:
            row = s.scalar(select(TableSet).where(TableSet.workspace_id == workspace_id)
                           .order_by(TableSet.id.desc()).limit(1))
            return (row.format, dict(row.cells)) if row else None

    def put_previous(self, workspace_id: int, year: int | None, format: str, cells: dict[str, Any], text: str,
                     source: str | None = None) -> int:
        with self._tx() as s:
            row = PreviousReport(workspace_id=workspace_id, year=year, format=format, cells=cells, text=text,
                                 source=source)
            s.add(row)
            s.flush()
            return row.id

    def previous(self, workspace_id: int) -> dict[str, Any] | None:
        """The newest stored previous report of a workspace: year, format, cells, text, source."""
        with self._tx() as s:
            row = s.scalar(select(PreviousReport).where(PreviousReport.workspace_id == workspace_id)
                           .order_by(PreviousReport.id.desc()).limit(1))
            if row is None:
                return None
            return {"year": row.year, "format": row.format, "cells": dict(row.cells), "text": row.text,
                    "source": row.source}

    def add_note(self, workspace_id: int, text: str, source: str | None = None) -> int:
        with self._tx() as s:
            row = Note(workspace_id=workspace_id, text=text, source=source)
            s.add(row)
            s.flush()
            return row.id

    def notes(self, workspace_id: int) -> list[str]:
        with self._tx() as s:
            return list(s.scalars(select(Note.text).where(Note.workspace_id == workspace_id).order_by(Note.id)))

    # -- drafts and versions ----------------------------------------------------------------
    def create_draft(self, workspace_id: int, text: str | None, *, flags: list | None = None,
                     findings: list | None = None, citations: list | None = None, model: str | None = None,
                     sections: str = "一五六") -> DraftOut:
        """A new draft; with ``text`` None it has no version yet (the first ``save_version`` uses
        base version 0)."""
        with self._tx() as s:
            d = DraftRow(workspace_id=workspace_id, sections=sections, current_version=0 if text is None else 1)
            s.add(d)
            s.flush()
            if text is not None:
                s.add(DraftVersion(draft_id=d.id, version=1, text=text, flags=flags or [], findings=findings or [],
                                   citations=citations or [], model=model))
            draft_id = d.id
        return self.draft(draft_id)

    def save_version(self, draft_id: int, base_version: int, text: str, *, flags: list | None = None,
                     findings: list | None = None, citations: list | None = None, model: str | None = None,
                     instruction: str | None = None) -> VersionOut:
        """Version ``base_version + 1`` of a draft, if ``base_version`` is still its newest."""
        new = base_version + 1
        try:
            with self._tx() as s:
                result = s.execute(
                    update(DraftRow).where(DraftRow.id == draft_id, DraftRow.current_version == base_version)
                    .values(current_version=new, updated_at=now())
                )
                moved = getattr(result, "rowcount", 0)
                if not moved:
                    current = s.scalar(select(DraftRow.current_version).where(DraftRow.id == draft_id))
                    if current is None:
                        raise NotFound(f"没有编号为 {draft_id} 的草稿")
                    raise StaleVersion(f"草稿 {draft_id} 已有第 {current} 版，本次修改基于第 {base_version} 版，"
                                       "未保存：请先载入最新版本再修改")
                row = DraftVersion(draft_id=draft_id, version=new, text=text, flags=flags or [],
                                   findings=findings or [], citations=citations or [], model=model,
                                   instruction=instruction)
                s.add(row)
                s.flush()
                return _version(row)
        except IntegrityError as exc:  # the unique (draft, version) backstop
            raise StaleVersion(f"草稿 {draft_id} 的第 {new} 版已被另一处保存，本次修改未保存") from exc

    def draft(self, draft_id: int) -> DraftOut:
        with self._tx() as s:
            d = s.get(DraftRow, draft_id)
            if d is None:
                raise NotFound(f"没有编号为 {draft_id} 的草稿")
            w = s.get(Workspace, d.workspace_id)
            v = s.scalar(select(DraftVersion).where(DraftVersion.draft_id == draft_id,
                                                    DraftVersion.version == d.current_version))
            assert w is not None
            return DraftOut(id=d.id, workspace=WorkspaceOut(id=w.id, organ=w.organ, year=w.year),
                            current_version=d.current_version, current=_version(v) if v is not None else None)

    def version(self, draft_id: int, version: int) -> VersionOut:
        with self._tx() as s:
            v = s.scalar(select(DraftVersion).where(DraftVersion.draft_id == draft_id, DraftVersion.version == version))
            if v is None:
                raise NotFound(f"草稿 {draft_id} 没有第 {version} 版")
            return _version(v)

    def versions(self, draft_id: int) -> list[VersionOut]:
        with self._tx() as s:
            rows = s.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id)
                             .order_by(DraftVersion.version))
            return [_version(v) for v in rows]

    def drafts(self, workspace_id: int) -> list[int]:
        with self._tx() as s:
            return list(s.scalars(select(DraftRow.id).where(DraftRow.workspace_id == workspace_id)
                                  .order_by(DraftRow.id)))

    # -- chat turns ---------------------------------------------------------------------------
    def add_turn(self, draft_id: int, role: str, content: str, version: int | None = None) -> int:
        with self._tx() as s:
            row = ChatTurn(draft_id=draft_id, role=role, content=content, version=version)
            s.add(row)
            s.flush()
            return row.id

    def turns(self, draft_id: int) -> list[TurnOut]:
        with self._tx() as s:
            rows = s.scalars(select(ChatTurn).where(ChatTurn.draft_id == draft_id).order_by(ChatTurn.id))
            return [TurnOut(id=r.id, role=r.role, content=r.content, version=r.version) for r in rows]

    # -- settings -----------------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._tx() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self._tx() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value

    def count(self, what: str) -> int:
        table = {"drafts": DraftRow, "versions": DraftVersion, "turns": ChatTurn, "notes": Note,
                 "tables": TableSet, "workspaces": Workspace,
                 "previous": PreviousReport}[what]
        with self._tx() as s:
            return int(s.scalar(select(func.count()).select_from(table)) or 0)


def _version(v: DraftVersion) -> VersionOut:
    return VersionOut(draft_id=v.draft_id, version=v.version, text=v.text, flags=list(v.flags or []),
                      findings=list(v.findings or []), citations=list(v.citations or []), model=v.model,
                      instruction=v.instruction, created_at=v.created_at)


def _safe(url: str) -> str:
    """The URL without a password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "数据库地址"
