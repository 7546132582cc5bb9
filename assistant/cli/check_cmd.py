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

from assistant.checker import check, previous_mismatch
from assistant.cli import app
from assistant.findings import CheckResult, Severity
from assistant.formats import is_known_key, label_of
from assistant.load import ReadError, load_report
from assistant.report import Report


def result_json(path: Path, result: CheckResult) -> dict:
    return {
        "file": str(path),
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "not_assessable": [n.model_dump(mode="json") for n in result.not_assessable],
    }


_SEVERITY_NAMES = {Severity.ERROR: ("错误", "red"), Severity.WARNING: ("警告", "yellow"), Severity.INFO: ("提示", "blue")}


MAX_PER_RULE = 5  # in the readable summary; --json lists every finding


def _print_result(out: Console, path: Path, report: Report, result: CheckResult) -> None:
    title = f"{report.agency or '机关未识别'} {report.year or '年度未识别'} 年度"
    out.print(f"[bold]{path}[/bold]  ", end="", highlight=False)
    out.print(title, markup=False, highlight=False)
    out.print(f"  错误 {len(result.errors)} 项，警告 {len(result.warnings)} 项，"
              f"无法评估的规则 {len(result.not_assessable)} 条")
    shown_per_rule: dict[str, int] = {}
    for f in result.findings:
        if f.severity == Severity.INFO:
            continue
        shown_per_rule[f.rule] = shown_per_rule.get(f.rule, 0) + 1
        if shown_per_rule[f.rule] > MAX_PER_RULE:
            continue
        name, color = _SEVERITY_NAMES[f.severity]
        out.print(f"  [{color}]{name}[/{color}] [bold]{f.rule}[/bold] ", end="")
        out.print(f.message, markup=False, highlight=False)
        if f.cells:
            shown = "、".join(label_of(k) if is_known_key(k) else f"格式中没有的单元格「{k}」" for k in f.cells[:4])
            more = f" 等 {len(f.cells)} 个" if len(f.cells) > 4 else ""
            out.print(f"      单元格：{shown}{more}", markup=False, highlight=False)
        if f.span and f.span.line:
            out.print(f"      位置：第 {f.span.line} 行", markup=False)
    for rule, n in shown_per_rule.items():
        if n > MAX_PER_RULE:
            out.print(f"  [dim]{rule} 另有 {n - MAX_PER_RULE} 条同类问题未列出（用 --json 查看全部）[/dim]", highlight=False)
    by_reason: dict[str, list[str]] = {}
    for n in result.not_assessable:
        by_reason.setdefault(n.reason, []).append(n.rule)
    for reason, rules in by_reason.items():
        out.print(f"  [dim]无法评估 {'、'.join(rules)}：", end="", highlight=False)
        out.print(reason, markup=False, highlight=False, style="dim")


@app.command("check")
def check_command(
    files: list[Path] = typer.Argument(..., help="报告文件（txt、html、docx、pdf）或规范 JSON 文件。"),
    previous: Path | None = typer.Option(None, "--previous", help="同一机关上一年度的报告，用于跨年核对。"),
    force_previous: bool = typer.Option(
        False, "--force-previous", help="上年报告的机关名称与本报告不同（如机关更名）时仍做跨年核对。"),
    as_json: bool = typer.Option(False, "--json", help="每个文件输出一行 JSON。"),
) -> None:
    """核查年度报告：表内勾稽、正文与表格一致、章节内容、跨年衔接。"""
    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    prev_report = None
    unreadable = False
    if previous is not None:
        try:
            prev_report = load_report(previous)
        except ReadError as exc:
            unreadable = True
            err.print(f"[red]无法读取上年度报告[/red] {previous}：", end="")
            err.print(f"{exc.message}（以下不做跨年核对）", markup=False)
    any_error = False
    for path in files:
        try:
            report = load_report(path)
        except ReadError as exc:
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
            typer.echo(json.dumps(result_json(path, result), ensure_ascii=False))
        else:
            _print_result(out, path, report, result)
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if any_error else 0)
