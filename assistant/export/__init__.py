"""Exporting a report: Word in the national layout (``export_docx``), Markdown, canonical JSON;
``resolve_report`` turns what a user names (a file, or a saved draft id) into a ``Report``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import NianbaoError
from assistant.export.markdown import export_markdown
from assistant.export.word import export_docx as _export_docx
from assistant.report import Report

__all__ = ["ExportError", "export_docx", "export_json", "export_markdown", "resolve_report"]


class ExportError(NianbaoError):
    """A report that cannot be exported, or a reference that names no report."""


def _printable(report: Report) -> None:
    if not report.sections and not report.cells and not report.text.strip():
        raise ExportError("报告既没有正文也没有统计表，没有可导出的内容", where=report.source)


def export_docx(report: Report) -> bytes:
    """The report as a Word file in the national layout of its year (bytes)."""
    _printable(report)
    return _export_docx(report)


def export_json(report: Report) -> dict[str, Any]:
    """The canonical JSON (agency, year, format, cells with null for blank), plus title and sections."""
    out = report.to_canonical()
    out["title"] = report.title
    out["section_texts"] = [{"number": s.number, "heading": s.heading, "text": s.text} for s in report.sections]
    return out


def resolve_report(ref: str | Path) -> Report:
    """A report from a file path (any layout the parser reads, or canonical JSON) or the number
    of a saved draft (``assistant.store``; see ``export.draft``)."""
    from assistant.export.draft import load_draft
    from assistant.load import load_report

    path = Path(ref)
    if path.exists():
        return load_report(path)
    draft = load_draft(str(ref))
    if draft is not None:
        return draft
    raise ExportError("找不到该文件，也没有这个编号的草稿", where=str(ref))

