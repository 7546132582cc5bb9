"""A saved draft (``assistant.store``) as a Report to export: the organ and year of its workspace,
the draft's current text (sections 一, 五, 六 as drafted) and the workspace's newest tables; the
table sections 二, 三, 四 get their national headings so the tables print in place."""

from __future__ import annotations

from typing import Any

from assistant.formats import SECTION_HEADINGS, SECTION_NUMBERS, FormatId
from assistant.report import Report, Section, Span


def draft_report(organ: str, year: int, text: str, tables: tuple[str, dict[str, Any]] | None) -> Report:
    """Pure: the parts of a saved draft put together as one report."""
    from assistant.parse import ParseError, parse_text

    title = f"{organ}{year}年政府信息公开工作年度报告"
    try:
        parsed = parse_text(f"{title}\n\n{text}", source="<草稿>")
    except ParseError:  # no headings at all: the text is the body of 一
        parsed = Report(text=text, sections=[Section(number="一", heading=SECTION_HEADINGS["一"], text=text,
                                                     span=Span(start=0, end=len(text)))])
    fmt, cells = tables if tables else ("2021" if year >= 2021 else "2019", {})
    canonical = Report.from_canonical({"agency": organ, "year": year, "format": fmt, "cells": cells})
    present = {s.number for s in parsed.sections}
    sections = list(parsed.sections) + [
        Section(number=n, heading=SECTION_HEADINGS[n], text="", span=Span(start=len(parsed.text), end=len(parsed.text)))
        for n in ("二", "三", "四") if n not in present and FormatId(fmt) != FormatId.LEGACY
    ]
    order = {n: i for i, n in enumerate(SECTION_NUMBERS)}
    sections.sort(key=lambda s: order.get(s.number, 99))
    return parsed.model_copy(update={
        "agency": organ, "year": year, "title": title, "format": canonical.format, "cells": canonical.cells,
        "sections": sections, "source": "<草稿>", "notes": [],
    })


def load_draft(ref: str) -> Report | None:
    """The saved draft numbered ``ref`` as a Report, or None when ``ref`` names no draft."""
    if not ref.strip().isdigit():
        return None
    from assistant.store import NotFound, Store

    with Store() as store:
        try:
            draft = store.draft(int(ref))
        except NotFound:
            return None
        tables = store.tables(draft.workspace.id)
    text = draft.current.text if draft.current else ""
    return draft_report(draft.workspace.organ, draft.workspace.year, text, tables)
