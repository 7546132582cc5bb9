"""The drafting page: a workspace for one organ and year, its inputs (last year's report, this
year's tables, notes), drafts with versions kept in the store, edits re-guarded, versions diffed,
and a draft put together as a whole report for export.

Everything persistent goes through ``assistant.store.Store``; this module adds no table of its own.
What the page must find again after a refresh or a restart (the workspace last open, the tables
being made) is kept in the store's settings under ``app:`` keys.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.app.grid import TablesState
from assistant.errors import NianbaoError
from assistant.formats import SECTION_HEADINGS, FormatId
from assistant.report import Report

if TYPE_CHECKING:
    from assistant.drafting import Facts, Flag, Passage
    from assistant.drafting.service import SavedDraft
    from assistant.store import Store, VersionOut

LAST_WORKSPACE = "app:last_workspace"
TABLES_STATE = "app:tables_state"
MODEL_SETTINGS = "app:model_settings"  # provider, address, model names — never a key
FLAG_KINDS = {"untraced": "无依据", "wrong_value": "数字不符", "wrong_percent": "百分比不符", "year": "年份",
              "citation": "引用号", "copied": "照搬"}


class Opened(BaseModel):
    """The workspace the page shows, and the draft (and its version) this tab has loaded."""

    organ: str
    year: int
    workspace_id: int
    draft_id: int | None = None
    version: int | None = None


# -- workspace ------------------------------------------------------------------------------

def open_workspace(store: Store, organ: str, year: int) -> Opened:
    organ = organ.strip()
    if not organ:
        raise NianbaoError("请填写机关名称")
    if not 2019 <= year <= 2100:
        raise NianbaoError(f"年度不合理：{year}（统计表格式从 2019 年度起）")
    ws = store.workspace(organ, year)
    drafts = store.drafts(ws.id)
    opened = Opened(organ=ws.organ, year=ws.year, workspace_id=ws.id)
    if drafts:
        d = store.draft(drafts[-1])
        opened.draft_id, opened.version = d.id, d.current_version
    remember(store, opened)
    return opened


def remember(store: Store, opened: Opened) -> None:
    store.set_setting(LAST_WORKSPACE, {"organ": opened.organ, "year": opened.year, "draft_id": opened.draft_id})


def last_opened(store: Store) -> Opened | None:
    """The workspace last open (after a refresh or a restart), at its draft's newest version."""
    last = store.get_setting(LAST_WORKSPACE)
    if not last:
        return None
    ws = store.workspace(last["organ"], int(last["year"]))
    opened = Opened(organ=ws.organ, year=ws.year, workspace_id=ws.id)
    if last.get("draft_id"):
        d = store.draft(int(last["draft_id"]))
        opened.draft_id, opened.version = d.id, d.current_version
    return opened


def save_tables_state(store: Store, state: TablesState) -> None:
    store.set_setting(TABLES_STATE, state.model_dump(mode="json"))


def load_tables_state(store: Store) -> TablesState | None:
    data = store.get_setting(TABLES_STATE)
    return TablesState.model_validate(data) if data else None


def tables_report(state: TablesState, organ: str | None = None) -> Report:
    """This year's tables as a tables-only report (what drafting takes)."""
    return Report.from_canonical({"agency": organ or state.agency, "year": state.year, "format": state.format,
                                  "cells": dict(state.cells)}, source="表格页")


def stored_tables(store: Store, opened: Opened) -> Report | None:
    stored = store.tables(opened.workspace_id)
    if stored is None:
        return None
    fmt, cells = stored
    return Report.from_canonical({"agency": opened.organ, "year": opened.year, "format": fmt, "cells": cells})


def stored_previous(store: Store, opened: Opened) -> Report | None:
    from assistant.drafting.service import _previous_of

    return _previous_of(store.previous(opened.workspace_id))


def put_previous(store: Store, opened: Opened, previous: Report) -> None:
    if previous.year is not None and previous.year != opened.year - 1:
        raise NianbaoError(f"这份报告是 {previous.year} 年度的，不是上一年度（{opened.year - 1} 年）的报告")
    store.put_previous(opened.workspace_id, previous.year, previous.format.value, previous.canonical_cells(),
                       previous.text, source=previous.source)


def previous_from_corpus(index, key: str) -> Report:
    """An indexed report, read again from the file it was indexed from."""
    from pathlib import Path

    from assistant.load import load_report

    entry = index.file(key)
    if entry is None:
        raise NianbaoError("该报告不在语料库中")
    return load_report(Path(entry.source))


# -- drafting -------------------------------------------------------------------------------

def start_draft(store: Store, opened: Opened, tables: Report, *, notes: str | None = None,
                previous: Report | None = None, chat=None, model_name: str | None = None,
                on_token: Callable[[str], None] | None = None, settings=None) -> SavedDraft:
    """Draft 一、五、六 for the workspace (model chat when ``chat`` is given, else offline) and
    save it as a new draft; the workspace now opens on it."""
    from assistant.drafting.service import new_draft, open_retriever

    if not tables.has_tables or not any(v is not None for v in tables.canonical_cells().values()):
        raise NianbaoError("还没有本年度的统计表：请先在「表格」页填表")
    retriever = open_retriever(settings)
    try:
        saved = new_draft(store, organ=opened.organ, year=opened.year, tables=tables, notes=notes,
                          previous=previous, chat=chat, retriever=retriever, on_token=on_token,
                          organ_kind=tables.kind, model_name=model_name)
    finally:
        if retriever is not None:
            retriever.index.close()
    opened.draft_id, opened.version = saved.id, saved.version
    remember(store, opened)
    return saved


def revise(store: Store, opened: Opened, instruction: str, chat, *, model_name: str | None = None,
           on_token: Callable[[str], None] | None = None) -> SavedDraft:
    from assistant.drafting.service import revise_saved

    if opened.draft_id is None:
        raise NianbaoError("还没有草稿：请先起草")
    current = store.draft(opened.draft_id).current_version
    if opened.version is not None and current != opened.version:
        raise NianbaoError(f"草稿已有第 {current} 版（可能在另一个标签页保存），本页显示的是第 {opened.version} 版："
                           "请先载入最新版本再修改")
    saved = revise_saved(store, opened.draft_id, instruction, chat, on_token=on_token, model_name=model_name)
    opened.version = saved.version
    return saved


def save_edit(store: Store, opened: Opened, text: str) -> VersionOut:
    """The clerk's edited text as the next version, guarded like a model's; refused (StaleVersion,
    Chinese) when another tab saved a newer version since this one loaded."""
    from assistant.drafting import guard
    from assistant.drafting.service import inputs_of

    if opened.draft_id is None or opened.version is None:
        raise NianbaoError("还没有草稿：请先起草")
    if not text.strip():
        raise NianbaoError("草稿正文是空的，未保存")
    from assistant.drafting import Citation
    from assistant.drafting.guard import CITATION

    facts, tables, notes, previous = inputs_of(store, opened.draft_id)
    known = {p.id: p for p in passages(store, opened.draft_id)}
    g = guard(text, facts, tables=tables, notes=notes, previous=previous, citations=set(known),
              organ_kind=tables.kind)
    cited = dict.fromkeys(m.group(1) for m in CITATION.finditer(text) if m.group(1) in known)
    v = store.save_version(opened.draft_id, opened.version, text,
                           flags=[f.model_dump(mode="json") for f in g.flags],
                           findings=[f.model_dump(mode="json") for f in g.findings],
                           citations=[Citation.of(known[c]).model_dump(mode="json") for c in cited],
                           instruction="手工修改")
    opened.version = v.version
    return v


def facts_of(store: Store, draft_id: int) -> Facts:
    from assistant.drafting.service import inputs_of

    return inputs_of(store, draft_id)[0]


def passages(store: Store, draft_id: int) -> list[Passage]:
    """The retrieved passages a draft was written from (its citation ids open these)."""
    from assistant.drafting import Passage

    return [Passage(**p) for p in store.get_setting(f"draft:{draft_id}:passages", []) or []]


def flags_of(version: VersionOut) -> list[Flag]:
    from assistant.drafting import Flag

    return [Flag.model_validate(f) for f in version.flags]


# -- rendering helpers (pure) ---------------------------------------------------------------

def highlight_html(text: str, flags: list[Flag], cited: dict[str, Passage] | None = None) -> str:
    """The draft as HTML: each flagged span in a <mark> carrying its message, each 【引用:id】 as a
    numbered marker showing the cited paragraph on hover; all text escaped."""
    numbers = {cid: i for i, cid in enumerate(cited or {}, 1)}

    def plain(segment: str) -> str:
        from assistant.drafting.guard import CITATION

        out, pos = [], 0
        for m in CITATION.finditer(segment):
            out.append(html.escape(segment[pos:m.start()]))
            cid = m.group(1)
            p = (cited or {}).get(cid)
            tip = html.escape(f"{p.organ or ''} {p.year or ''} 年：{p.text[:300]}" if p else "引用号不存在", quote=True)
            label = f"引{numbers[cid]}" if cid in numbers else "引?"
            out.append(f'<sup class="citation" data-id="{html.escape(cid)}" title="{tip}">〔{label}〕</sup>')
            pos = m.end()
        out.append(html.escape(segment[pos:]))
        return "".join(out)

    out: list[str] = []
    pos = 0
    for i, f in enumerate(sorted(flags, key=lambda f: f.span[0]), 1):
        start, end = f.span
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(plain(text[pos:start]))
        title = html.escape(f"{FLAG_KINDS.get(f.kind, f.kind)}：{f.message}", quote=True)
        out.append(f'<mark class="guard-flag" data-kind="{html.escape(f.kind)}" title="{title}">'
                   f"{html.escape(text[start:end])}<sup>⚑{i}</sup></mark>")
        pos = end
    out.append(plain(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div class="draft-text" style="line-height:1.9">{body}</div>'


def cited_passages(store: Store, draft_id: int, citations: list[dict]) -> dict[str, Passage]:
    """The passages a version cites, in citation order: id → passage."""
    by_id = {p.id: p for p in passages(store, draft_id)}
    return {c["id"]: by_id[c["id"]] for c in citations if c.get("id") in by_id}


def flag_lines(flags: list[Flag]) -> list[str]:
    lines = []
    for i, f in enumerate(sorted(flags, key=lambda f: f.span[0]), 1):
        expected = f"（应为 {f.expected}）" if f.expected else ""
        lines.append(f"⚑{i} {FLAG_KINDS.get(f.kind, f.kind)}「{f.text}」：{f.message}{expected}")
    return lines


def diff_html(old: str, new: str, context: int = 60) -> str:
    """A character diff of two versions: deletions struck through in red, insertions in green;
    long unchanged stretches shortened to their ends."""
    from assistant.review.compare import char_diff

    parts = []
    for op in char_diff(old, new):
        shown = op.text
        if op.tag == "equal" and len(shown) > 2 * context + 10:
            shown = f"{shown[:context]} …… {shown[-context:]}"
        text = html.escape(shown).replace("\n", "<br>")
        if op.tag == "delete":
            parts.append(f'<del style="background:#fecaca">{text}</del>')
        elif op.tag == "insert":
            parts.append(f'<ins style="background:#bbf7d0;text-decoration:none">{text}</ins>')
        else:
            parts.append(f'<span style="color:#6b7280">{text}</span>')
    return f'<div class="version-diff" style="line-height:1.9">{"".join(parts)}</div>'


def draft_report(organ: str, year: int, text: str, tables: Report | None) -> Report:
    """The draft as a whole report: title, 一, the table sections 二三四 (printed from the cells), 五, 六."""
    from assistant.drafting.guard import sections_of
    from assistant.parse import parse_text

    spans = sections_of(text)
    parts = [f"{organ}{year}年政府信息公开工作年度报告", ""]
    for number in ("一", "二", "三", "四", "五", "六"):
        if number in spans:
            start, end = spans[number]
            parts.append(f"{number}、{SECTION_HEADINGS[number]}")
            parts.append(text[start:end].strip())
        elif number in ("二", "三", "四"):
            parts.append(f"{number}、{SECTION_HEADINGS[number]}")
    composed = "\n".join(p for p in parts if p is not None)
    report = parse_text(composed, source="草稿")
    report.agency, report.year = organ, year
    if tables is not None and tables.has_tables:
        report.format = tables.format
        report.cells = {k: c for k, c in tables.cells.items()}
    elif report.format == FormatId.LEGACY:
        report.format = FormatId.F2021 if year >= 2021 else FormatId.F2019
    return report


def export_files(report: Report) -> dict[str, tuple[Callable[[], bytes], str]]:
    """Download name → (builder, mime) for the .docx and Markdown of a report. The files are
    built when a download is asked for, not on every render of the page."""
    from assistant.export import export_docx, export_markdown

    stem = f"{report.agency or '报告'}{report.year or ''}年政府信息公开工作年度报告"
    return {
        f"{stem}.docx": (lambda: export_docx(report),
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        f"{stem}.md": (lambda: export_markdown(report).encode("utf-8"), "text/markdown"),
    }


def versions_choice(versions: list[VersionOut]) -> dict[str, int]:
    """Labels for a version picker: 第 n 版 · 时间 · 离线/模型/手工修改."""
    out = {}
    for v in versions:
        how = v.instruction or ("离线起草" if v.model is None else f"模型 {v.model}")
        out[f"第 {v.version} 版 · {v.created_at:%m-%d %H:%M} · {how}"] = v.version
    return out


def as_dicts(items: list[Any]) -> list[dict]:
    return [i.model_dump(mode="json") if hasattr(i, "model_dump") else dict(i) for i in items]
