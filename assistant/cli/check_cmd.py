"""``nianbao check FILE... [--previous FILE] [--json]``: run the deterministic checker.

FILE is a report in any layout ``assistant.parse.parse`` reads, or a canonical JSON file (then only
table rules apply; text rules are listed as not assessable). Exit 0 when no file has an error
finding, 1 when any has, 2 when a file cannot be read (the other files are still checked).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}  # by Severity value


def _print_summary(out: Console, path: Path, summary) -> None:
    out.print(f"[bold]{path}[/bold]  ", end="", highlight=False)
    out.print(summary.title, markup=False, highlight=False)
    out.print(f"  {summary.counts}")
    for f in summary.findings:
        color = _COLORS[f.severity]
        out.print(f"  [{color}]{f.severity_name}[/{color}] [bold]{f.rule}[/bold] ", end="")
        out.print(f.message, markup=False, highlight=False)
        if f.cells:
            out.print(f"      单元格：{f.cells}", markup=False, highlight=False)
        if f.line:
            out.print(f"      位置：第 {f.line} 行", markup=False)
    for rule, n in summary.hidden.items():
        out.print(f"  [dim]{rule} 另有 {n} 条同类问题未列出（用 --json 查看全部）[/dim]", highlight=False)
    for group in summary.unassessed:
        out.print(f"  [dim]无法评估 {'、'.join(group.rules)}：", end="", highlight=False)
        out.print(group.reason, markup=False, highlight=False, style="dim")


@app.command("check")
def check_command(
    files: list[Path] = typer.Argument(..., help="报告文件（txt、html、docx、pdf）或规范 JSON 文件。"),
    previous: Path | None = typer.Option(None, "--previous", help="同一机关上一年度的报告，用于跨年核对。"),
    force_previous: bool = typer.Option(
        False, "--force-previous", help="上年报告的机关名称与本报告不同（如机关更名）时仍做跨年核对。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON。"),
) -> None:
    """核查年度报告：表内勾稽、正文与表格一致、章节内容、跨年衔接。"""
    from assistant.checker import check, previous_mismatch
    from assistant.load import load_report
    from assistant.summaries import check_json, check_summary

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    prev_report = None
    unreadable = False
    if previous is not None:
        try:
            prev_report = load_report(previous)
        except NianbaoError as exc:
            unreadable = True
            err.print(f"[red]无法读取上年度报告[/red] {previous}：", end="")
            err.print(f"{exc.message}（以下不做跨年核对）", markup=False)
    any_error = False
    for path in files:
        try:
            report = load_report(path)
        except NianbaoError as exc:
            unreadable = True
            err.print(f"[red]无法读取[/red] {path}：", end="")
            err.print(exc.message, markup=False)
            continue
        if prev_report is not None and not force_previous and (why := previous_mismatch(report, prev_report)):
            err.print("[yellow]注意[/yellow] ", end="")
            err.print(f"{path}：{why}", markup=False)
        result = check(report, prev_report, force_previous=force_previous)
        any_error = any_error or bool(result.errors)
        if as_json:
            typer.echo(json.dumps(check_json(path, result), ensure_ascii=False))
        else:
            _print_summary(out, path, check_summary(report, result))
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if any_error else 0)
