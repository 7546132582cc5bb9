"""``nianbao extract NOTES_FILE --year Y``: fill tables 二/三/四 from a clerk's notes."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli import app
from assistant.errors import NianbaoError
from assistant.load import read_notes
from assistant.extract import OFFLINE_NOTICE, TablesDraft, extract
from assistant.formats import FormatId, get_format, label_of

_TABLES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况", "t4": "表四 行政复议、行政诉讼情况"}
_SEVERITY = {"error": "[red]错误[/red]", "warning": "[yellow]提示[/yellow]", "info": "信息"}


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
    try:
        notes = read_notes(notes_file)
    except NianbaoError as exc:
        err.print(f"[red]错误[/red]：{exc}")
        raise typer.Exit(2) from None
    from assistant.config import get_settings

    settings = get_settings()
    calls_model = not offline and settings.model_configured
    waiting = (err.status(f"正在调用模型填表…（总时限 {settings.deadline:g} 秒，NIANBAO_DEADLINE）")
               if calls_model else nullcontext())
    try:
        with waiting:
            draft = extract(notes, year, FormatId(format_id) if format_id else None, offline=offline)
    except NianbaoError as exc:
        err.print(f"[red]错误[/red]：{exc}")
        raise typer.Exit(2) from None
    if as_json:
        for note in draft.notes:  # why the model was not used, etc.: not part of the JSON
            if note != OFFLINE_NOTICE:
                err.print("[yellow]注意[/yellow]：", end="")
                err.print(note, markup=False, highlight=False)
        typer.echo(json.dumps(draft.to_canonical(), ensure_ascii=False, indent=1))
        return
    render(draft, Console())


def _mark(draft: TablesDraft, key: str, flagged: set[str]) -> str:
    value = draft.cells[key]
    if value is None:
        return ""
    text = str(value)
    if draft.sources.get(key) == "derived":
        text += "[cyan]*[/cyan]"
    if draft.sources.get(key) == "model":
        text += "[magenta]模[/magenta]"
    if key in flagged:
        text += "[yellow]⚑[/yellow]"
    return text


def _row_name(row) -> str:
    """A short printed name: ``（三）不予公开·1.属于国家秘密``, ``（一）予以公开``, ``行政诉讼·复议后起诉``."""
    if row.group and (row.label[:1].isdigit() or row.group == "行政诉讼"):
        return f"{row.group}·{row.label}"
    return row.label


def _grid(draft: TablesDraft, table_spec, flagged: set[str]) -> Table:
    """表三 / 表四 as printed: a row per printed row that has a value, a column per column."""
    block = table_spec.blocks[0]
    grid = Table(show_header=True, header_style="bold")
    grid.add_column("项目", max_width=26, overflow="ellipsis", no_wrap=True)
    for col in block.columns:
        grid.add_column(col.label, justify="right")
    for row in block.rows:
        keys = [f"{table_spec.id}.{row.key}.{c.key}" for c in block.columns]
        if all(draft.cells.get(k) is None for k in keys):
            continue
        grid.add_row(_row_name(row), *(_mark(draft, k, flagged) for k in keys))
    return grid


def _list_table(draft: TablesDraft, keys: list[str], flagged: set[str]) -> Table:
    table = Table(show_header=True, header_style="bold")
    table.add_column("单元格")
    table.add_column("数值", justify="right")
    table.add_column("依据", max_width=30, overflow="ellipsis", no_wrap=True)
    for key in keys:
        ev = draft.evidence.get(key)
        table.add_row(label_of(key), _mark(draft, key, flagged), ev.text if ev else "")
    return table


def _missing_summary(draft: TablesDraft, max_rows: int = 8) -> str:
    """Missing cells by table and row: ``表三 （一）予以公开：自然人、商业企业…``."""
    from assistant.formats import column_of, row_of

    by_row: dict[tuple[str, str], list[str]] = {}
    for key in draft.missing:
        table_id, row_key, _ = key.split(".")
        by_row.setdefault((table_id, row_key), []).append(column_of(key).label)
    lines: list[str] = []
    for table_id, title in _TABLES.items():
        rows = [(r, cols) for (t, r), cols in by_row.items() if t == table_id]
        if not rows:
            continue
        name = title.split()[0]
        shown = []
        for row_key, cols in rows[:max_rows]:
            row = row_of(f"{table_id}.{row_key}.x")
            width = sum(1 for k in draft.cells if k.startswith(f"{table_id}.{row_key}."))
            shown.append(f"{_row_name(row)}（{'整行' if len(cols) == width else '、'.join(cols)}）")
        more = f" 等 {len(rows)} 行" if len(rows) > max_rows else ""
        lines.append(f"  {name}：{'；'.join(shown)}{more}")
    return "\n".join(lines)


def render(draft: TablesDraft, console: Console) -> None:
    """A readable Chinese summary: filled cells per table, 缺失, flags, findings."""
    console.print(f"[bold]{draft.year} 年度 · {draft.format} 年版格式[/bold]")
    for note in draft.notes:
        style = "dim" if note == OFFLINE_NOTICE else "yellow"
        console.print(f"[{style}]{note}[/{style}]")
    if draft.mode == "model":
        console.print(f"模型调用 {draft.model_calls} 次，尝试 {len(draft.attempts)} 轮。")
    flagged = {f.key for f in draft.flags}
    spec = get_format(draft.format)
    for table_id, title in _TABLES.items():
        keys = [k for k in draft.cells if k.startswith(table_id + ".")]
        filled = [k for k in keys if draft.cells[k] is not None]
        console.print(f"\n[bold]{title}[/bold]：已填 {len(filled)} / {len(keys)} 格")
        if not filled:
            continue
        if table_id == "t2":
            console.print(_list_table(draft, filled, flagged))
        else:
            console.print(_grid(draft, spec.table(table_id), flagged))
    console.print("[dim]来源：无标记 = 笔记原文；[cyan]*[/cyan] = 由笔记中的合计推算；[yellow]⚑[/yellow] = 需要核对；空白 = 笔记未提供[/dim]")
    if draft.missing:
        console.print(f"\n[bold]缺失[/bold]（笔记中没有依据，保持空白，共 {len(draft.missing)} 格）：")
        console.print(_missing_summary(draft))
    if draft.flags:
        console.print("\n[bold]需要核对[/bold]：")
        for flag in draft.flags:
            console.print(f"  ⚑ {label_of(flag.key)}：{flag.reason}")
    if draft.findings:
        console.print("\n[bold]核查发现[/bold]：")
        for finding in draft.findings:
            console.print(f"  {_SEVERITY.get(finding.severity, finding.severity)} {finding.rule} {finding.message}")
    elif not any("核查模块不可用" in n for n in draft.notes):
        console.print("\n核查未发现问题。")
