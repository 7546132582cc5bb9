"""``nianbao parse FILE... [--json]``: parse reports and show what was found."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError, ReadError, os_error_text


@app.command("parse")
def parse_command(
    files: list[Path] = typer.Argument(..., help="报告文件：txt、html、docx、pdf 均可。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON（规范单元格格式）。"),
) -> None:
    """解析年度报告：识别机关、年度、格式、章节和表二、表三、表四的单元格。"""
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False)
    from assistant.parse import parse
    from assistant.summaries import report_summary

    failed = 0
    for path in files:
        try:
            if not path.is_file():
                raise ReadError("文件不存在或不是普通文件。", where=str(path))
            report = parse(path)
        except NianbaoError as exc:
            failed += 1
            err.print(f"[red]无法解析[/red] {path}：", end="")
            err.print(exc.message, markup=False)
            continue
        except OSError as exc:
            failed += 1
            err.print(f"[red]无法读取[/red] {path}：{os_error_text(exc)}", markup=False)
            continue
        if as_json:
            payload = {"file": str(path), **report.to_canonical()}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        else:
            out.print(f"[bold]{path}[/bold]")
            for line in report_summary(report):
                out.print(f"  {line}", markup=False)
    if failed:
        raise typer.Exit(2)
