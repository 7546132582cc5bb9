"""``nianbao extract NOTES_FILE --year Y``: fill tables 二/三/四 from a clerk's notes."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli import app
from assistant.extract import OFFLINE_NOTICE, TablesDraft, extract
from assistant.formats import FormatId, label_of

_TABLES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况", "t4": "表四 行政复议、行政诉讼情况"}
_SOURCES = {"rule": "规则", "model": "模型", "both": "规则+模型", "derived": "推算"}
_SEVERITY = {"error": "[red]错误[/red]", "warning": "[yellow]提示[/yellow]", "info": "信息"}


def read_notes(path: Path) -> str:
    """The notes file as text (UTF-8, GBK/GB18030, UTF-16); ``ValueError`` in Chinese otherwise."""
    from assistant.parse.errors import ParseError
    from assistant.parse.readers import decode_text

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"找不到笔记文件：{path}") from None
    except IsADirectoryError:
        raise ValueError(f"这是一个目录，不是笔记文件：{path}") from None
    except OSError as exc:
        raise ValueError(f"无法读取笔记文件 {path}：{exc.strerror or exc}") from None
    try:
        text = decode_text(data)
    except ParseError as exc:
        raise ValueError(f"无法读取笔记文件 {path}：{exc}") from None
    if not text.strip():
        raise ValueError(f"笔记文件是空的：{path}")
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


@app.command("extract")
def extract_command(
    notes_file: Path = typer.Argument(..., help="各科室报来的笔记（文字或从表格复制的内容）", show_default=False),
    year: int = typer.Option(..., "--year", help="年报所属年度，如 2023"),
    format_id: str | None = typer.Option(None, "--format", help="表格格式：2021 或 2019（默认按年度）"),
    offline: bool = typer.Option(False, "--offline", help="不调用模型，只用规则抽取"),
    as_json: bool = typer.Option(False, "--json", help="输出规范 JSON（含 missing、flags、findings）"),
) -> None:
    """从笔记填写表二、表三、表四：规则抽取，配置了模型时再由模型核对。"""
    err = Console(stderr=True)
    if format_id is not None and format_id not in ("2019", "2021"):
        err.print(f"[red]错误[/red]：--format 只能是 2021 或 2019，收到「{format_id}」。")
        raise typer.Exit(2)
    if not 2000 <= year <= 2100:
        err.print(f"[red]错误[/red]：年度不合理：{year}")
        raise typer.Exit(2)
    try:
        notes = read_notes(notes_file)
    except ValueError as exc:
        err.print(f"[red]错误[/red]：{exc}")
        raise typer.Exit(2) from None
    try:
        draft = extract(notes, year, FormatId(format_id) if format_id else None, offline=offline)
    except ValueError as exc:
        err.print(f"[red]错误[/red]：{exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(draft.to_canonical(), ensure_ascii=False, indent=1))
        return
    render(draft, Console())


def render(draft: TablesDraft, console: Console) -> None:
    """A readable Chinese summary: filled cells per table, 缺失, flags, findings."""
    console.print(f"[bold]{draft.year} 年度 · {draft.format} 年版格式[/bold]")
    for note in draft.notes:
        style = "dim" if note == OFFLINE_NOTICE else "yellow"
        console.print(f"[{style}]{note}[/{style}]")
    if draft.mode == "model":
        console.print(f"模型调用 {draft.model_calls} 次，尝试 {len(draft.attempts)} 轮。")
    flagged = {f.key for f in draft.flags}
    for table_id, title in _TABLES.items():
        keys = [k for k in draft.cells if k.startswith(table_id + ".")]
        filled = [k for k in keys if draft.cells[k] is not None]
        console.print(f"\n[bold]{title}[/bold]：已填 {len(filled)} / {len(keys)} 格")
        if not filled:
            continue
        table = Table(show_header=True, header_style="bold")
        table.add_column("单元格")
        table.add_column("数值", justify="right")
        table.add_column("来源")
        table.add_column("依据")
        for key in filled:
            ev = draft.evidence.get(key)
            mark = " [yellow]⚑[/yellow]" if key in flagged else ""
            table.add_row(
                label_of(key),
                f"{draft.cells[key]}{mark}",
                _SOURCES.get(draft.sources.get(key, ""), ""),
                (ev.text[:40] if ev else ""),
            )
        console.print(table)
    if draft.missing:
        console.print(f"\n[bold]缺失[/bold]（笔记中没有依据，保持空白，共 {len(draft.missing)} 格）：")
        by_table: dict[str, list[str]] = {}
        for key in draft.missing:
            by_table.setdefault(key.split(".")[0], []).append(label_of(key))
        for table_id, labels in by_table.items():
            shown = "；".join(labels[:12])
            more = f" 等 {len(labels)} 格" if len(labels) > 12 else ""
            console.print(f"  {_TABLES[table_id].split()[0]}：{shown}{more}")
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
