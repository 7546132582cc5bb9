"""``nianbao parse FILE... [--json]``: parse reports and show what was found."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.formats import FormatId, is_known_key, label_of
from assistant.errors import os_error_text
from assistant.parse import ParseError, parse
from assistant.report import OrganKind, Report

_FORMAT_NAMES = {
    FormatId.F2019: "2019 版（国办公开办函〔2019〕60号）",
    FormatId.F2021: "2021 版（国办公开办函〔2021〕30号）",
    FormatId.LEGACY: "旧版（2018 年及以前，无固定表格）",
}
_KIND_NAMES = {OrganKind.GOVERNMENT: "人民政府", OrganKind.DEPARTMENT: "政府部门", None: "未能判断"}


def summary_lines(report: Report) -> list[str]:
    """A readable Chinese summary of one parsed report."""
    out = [
        f"机关：{report.agency or '未识别'}（{_KIND_NAMES[report.kind]}）",
        f"年度：{report.year or '未识别'}",
        f"格式：{_FORMAT_NAMES[report.format]}",
        "章节：" + ("；".join(f"{s.number}、{s.heading}" for s in report.sections) or "未识别"),
    ]
    if report.format != FormatId.LEGACY:
        canon = report.canonical_cells()
        filled = sum(v is not None for v in canon.values())
        ambiguous = len(report.ambiguous_cells())
        blank = len(canon) - filled - sum(1 for k in report.ambiguous_cells() if k in canon)
        out.append(f"表格单元格：共 {len(canon)} 个，已填 {filled}，空白 {blank}，存疑 {ambiguous}")
        extra = sorted(set(report.cells) - set(canon))
        if extra:
            example = label_of(extra[0]) if is_known_key(extra[0]) else "无法对应到格式的单元格"
            out.append(f"另有 {len(extra)} 个单元格属于另一版格式（如 {example}）")
    for note in report.notes:
        out.append(f"说明：{note}")
    return out


@app.command("parse")
def parse_command(
    files: list[Path] = typer.Argument(..., help="报告文件：txt、html、docx、pdf 均可。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON（规范单元格格式）。"),
) -> None:
    """解析年度报告：识别机关、年度、格式、章节和表二、表三、表四的单元格。"""
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False)
    failed = 0
    for path in files:
        try:
            if not path.is_file():
                raise ParseError("文件不存在或不是普通文件。")
            report = parse(path)
        except ParseError as exc:
            failed += 1
            err.print(f"[red]无法解析[/red] {path}：{exc}")
            continue
        except OSError as exc:
            failed += 1
            err.print(f"[red]无法读取[/red] {path}：{os_error_text(exc)}")
            continue
        if as_json:
            payload = {"file": str(path), **report.to_canonical()}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        else:
            out.print(f"[bold]{path}[/bold]")
            for line in summary_lines(report):
                out.print(f"  {line}", markup=False)
    if failed:
        raise typer.Exit(2)
