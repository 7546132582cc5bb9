"""``nianbao compare THIS LAST [--json] [--html OUT.html]``: this year's report against the same
organ's report of last year — sections side by side, copied wording, table deltas, cross-year rules."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

_STATUS_NAMES = {"error": ("错误", "red"), "warning": ("警告", "yellow"), "info": ("提示", "blue")}


@app.command("compare")
def compare_command(
    this: Path = typer.Argument(..., help="本年度报告（任意版式或规范 JSON）。"),
    last: Path = typer.Argument(..., help="同一机关上一年度的报告。"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON：sections、findings、deltas、summary。"),
    html_out: Path | None = typer.Option(None, "--html", help="写出独立的 HTML 对比页（左上年、右本年）。"),
) -> None:
    """与上年报告对比：逐部分逐句比对、雷同段落（X-04、X-05）、统计表增减、跨年核对。"""
    from assistant.config import get_settings
    from assistant.load import load_report
    from assistant.review import compare, corpus_boilerplate, render_redline_html

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        this_report, last_report = load_report(this), load_report(last)
    except NianbaoError as exc:
        err.print(f"无法读取：{exc}", markup=False)
        raise typer.Exit(2) from None
    review = compare(this_report, last_report, corpus_boilerplate(get_settings().data_dir))
    if html_out is not None:
        try:
            html_out.write_text(render_redline_html(review), encoding="utf-8")
        except OSError as exc:
            err.print(f"无法写出 HTML：{exc.strerror or exc}", markup=False)
            raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(review.to_json(), ensure_ascii=False))
    else:
        out.print(review.summary, markup=False)
        for s in review.sections:
            if s.similarity is None:
                continue
            mark = "  [red]雷同[/red]" if s.copied else ""
            out.print(f"  {s.section} {s.heading or s.last_heading or ''}：相似度 {round(s.similarity * 100)}%{mark}")
        for f in review.findings:
            name, color = _STATUS_NAMES[f.severity.value]
            out.print(f"  [{color}]{name}[/{color}] [bold]{f.rule}[/bold] ", end="")
            out.print(f.message, markup=False)
        if html_out is not None:
            out.print(f"对比页已写出：{html_out}", markup=False)
    raise typer.Exit(1 if any(f.severity.value == "error" for f in review.findings) else 0)
