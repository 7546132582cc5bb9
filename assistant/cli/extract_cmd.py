"""``nianbao extract NOTES_FILE --year Y``: fill tables 二/三/四 from a clerk's notes."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

if TYPE_CHECKING:
    from rich.table import Table

    from assistant.summaries import CellMark, ExtractionSummary, TableSummary

_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


@app.command("extract")
def extract_command(
    notes_file: Path = typer.Argument(
        ..., help="各科室报来的笔记：文字、从表格复制的内容，或 Word/PDF 文件", show_default=False
    ),
    year: int = typer.Option(..., "--year", help="年报所属年度，如 2023"),
    format_id: str | None = typer.Option(None, "--format", help="表格格式：2021 或 2019（默认按年度）"),
    offline: bool = typer.Option(False, "--offline", help="不调用模型，只用规则抽取"),
    as_json: bool = typer.Option(False, "--json", help="输出规范 JSON（含 missing、flags、findings）"),
) -> None:
    """从笔记填写表二、表三、表四：规则抽取，配置了模型时再由模型核对。"""
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    if format_id is not None and format_id not in ("2019", "2021"):
        err.print(f"[red]错误[/red]：--format 只能是 2021 或 2019，收到「{format_id}」。")
        raise typer.Exit(2)
    if not 2000 <= year <= 2100:
        err.print(f"[red]错误[/red]：年度不合理：{year}")
        raise typer.Exit(2)
    from assistant.extract import OFFLINE_NOTICE, extract
    from assistant.formats import FormatId
    from assistant.load import read_notes
    from assistant.summaries import extraction_summary

    try:
        notes = read_notes(notes_file)
    except NianbaoError as exc:
        err.print("[red]错误[/red]：", end="")
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    from assistant.config import get_settings

    settings = get_settings()
    calls_model = not offline and settings.model_configured
    waiting = (err.status(f"正在调用模型填表…（总时限 {settings.deadline:g} 秒，NIANBAO_DEADLINE）")
               if calls_model else nullcontext())
    try:
        with waiting:
            result = extract(notes, year, FormatId(format_id) if format_id else None, offline=offline)
    except NianbaoError as exc:
        err.print("[red]错误[/red]：", end="")
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    if as_json:
        for note in result.notes:  # why the model was not used, etc.: not part of the JSON
            if note != OFFLINE_NOTICE:
                err.print("[yellow]注意[/yellow]：", end="")
                err.print(note, markup=False, highlight=False)
        typer.echo(json.dumps(result.to_canonical(), ensure_ascii=False, indent=1))
        return
    render(extraction_summary(result), Console())


def _mark(cell: CellMark) -> str:
    text = cell.text
    if cell.derived:
        text += "[cyan]*[/cyan]"
    if cell.model_only:
        text += "[magenta]模[/magenta]"
    if cell.flagged:
        text += "[yellow]⚑[/yellow]"
    return text


def _table(table: TableSummary) -> Table:
    """表二 as a list (cell, value, evidence); 表三 / 表四 as printed: a row per printed row that has a value."""
    from rich.table import Table

    grid = Table(show_header=True, header_style="bold")
    if not table.columns:
        grid.add_column("单元格")
        grid.add_column("数值", justify="right")
        grid.add_column("依据", max_width=30, overflow="ellipsis", no_wrap=True)
        for row in table.rows:
            grid.add_row(row.name, _mark(row.cells[0]), row.cells[0].evidence or "")
        return grid
    grid.add_column("项目", max_width=26, overflow="ellipsis", no_wrap=True)
    for label in table.columns:
        grid.add_column(label, justify="right")
    for row in table.rows:
        grid.add_row(row.name, *(_mark(c) for c in row.cells))
    return grid


def render(summary: ExtractionSummary, console: Console) -> None:
    """The extraction summary: filled cells per table, 缺失, flags, findings."""
    from assistant.extract import OFFLINE_NOTICE

    console.print(f"[bold]{summary.heading}[/bold]")
    for note in summary.notes:
        style = "dim" if note == OFFLINE_NOTICE else "yellow"
        console.print(f"[{style}]{note}[/{style}]")
    if summary.model_line:
        console.print(summary.model_line)
    for table in summary.tables:
        console.print(f"\n[bold]{table.title}[/bold]：已填 {table.filled} / {table.total} 格")
        if table.rows:
            console.print(_table(table))
    console.print("[dim]来源：无标记 = 笔记原文；[cyan]*[/cyan] = 由笔记中的合计推算；[yellow]⚑[/yellow] = 需要核对；空白 = 笔记未提供[/dim]")
    if summary.missing:
        console.print(f"\n[bold]缺失[/bold]（笔记中没有依据，保持空白，共 {summary.missing} 格）：")
        for line in summary.missing_lines:
            console.print(f"  {line}", markup=False)
    if summary.flags:
        console.print("\n[bold]需要核对[/bold]：")
        for flag in summary.flags:
            console.print(f"  ⚑ {flag}", markup=False)
    if summary.findings:
        console.print("\n[bold]核查发现[/bold]：")
        for f in summary.findings:
            color = _COLORS[f.severity]
            console.print(f"  [{color}]{f.severity_name}[/{color}] {f.rule} ", end="")
            console.print(f.message, markup=False)
    else:
        console.print("\n核查未发现问题。")
