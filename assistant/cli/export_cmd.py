"""``nianbao export FILE [--docx OUT.docx] [--md OUT.md] [--json OUT.json]``: write a report out in
the national layout. FILE is a report in any layout, a canonical JSON file, or a saved draft id."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError


@app.command("export")
def export_command(
    ref: str = typer.Argument(..., help="报告文件（txt、html、docx、pdf）、规范 JSON 文件或已保存草稿的编号。"),
    docx_out: Path | None = typer.Option(None, "--docx", help="写出 Word 文件（国家格式版式）。"),
    md_out: Path | None = typer.Option(None, "--md", help="写出 Markdown 文件。"),
    json_out: Path | None = typer.Option(None, "--json", help="写出规范 JSON 文件。"),
) -> None:
    """导出年度报告：Word（国家格式的标题、六个部分、三张统计表）、Markdown、规范 JSON。"""
    from assistant.export import export_docx, export_json, export_markdown, resolve_report

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not (docx_out or md_out or json_out):
        err.print("请至少指定一种输出：--docx、--md 或 --json")
        raise typer.Exit(2)
    try:
        report = resolve_report(ref)
        if docx_out:
            docx_out.write_bytes(export_docx(report))
            out.print(f"已写出 Word 文件：{docx_out}", markup=False)
        if md_out:
            md_out.write_text(export_markdown(report), encoding="utf-8")
            out.print(f"已写出 Markdown 文件：{md_out}", markup=False)
        if json_out:
            json_out.write_text(json.dumps(export_json(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            out.print(f"已写出 JSON 文件：{json_out}", markup=False)
    except NianbaoError as exc:
        err.print(f"导出失败：{exc}", markup=False)
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(f"无法写出文件：{exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None
