"""``nianbao check-batch DIR [--previous-dir DIR] [--csv OUT.csv] [--xlsx OUT.xlsx] [--docx 通报.docx]``:
parse and check every report in a folder, in parallel, one row per report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError


@app.command("check-batch")
def check_batch_command(
    directory: Path = typer.Argument(..., help="报告所在目录（含子目录；PDF、Word、HTML、文本、规范 JSON）。"),
    previous_dir: Path | None = typer.Option(None, "--previous-dir", help="上一年度报告所在目录，按机关名称配对。"),
    csv_out: Path | None = typer.Option(None, "--csv", help="写出 CSV（每份报告一行）。"),
    xlsx_out: Path | None = typer.Option(None, "--xlsx", help="写出 Excel：报告表与核查发现明细表。"),
    docx_out: Path | None = typer.Option(None, "--docx", help="写出按机关汇总问题的通报（Word）。"),
    workers: int | None = typer.Option(None, "--workers", min=1, help="并行进程数（默认为处理器核数）。"),
) -> None:
    """批量核查一个目录中的年度报告：每份报告一行，可与上年报告配对做跨年核对。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.batch import check_batch
    from assistant.batch.write import write_csv, write_notice_docx, write_xlsx

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        with Progress(TextColumn("核查中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("check", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            rows = check_batch(directory, previous_dir, workers=workers, progress=progress)
    except NianbaoError as exc:
        err.print(f"无法批量核查：{exc}", markup=False)
        raise typer.Exit(2) from None
    try:
        if csv_out:
            write_csv(rows, csv_out)
        if xlsx_out:
            write_xlsx(rows, xlsx_out)
        if docx_out:
            write_notice_docx(rows, docx_out)
    except OSError as exc:
        err.print(f"无法写出文件：{exc.strerror or exc}", markup=False)
        raise typer.Exit(2) from None
    for r in rows:
        if r.error:
            out.print(f"[red]无法读取[/red] {r.file}：", end="")
            out.print(r.error, markup=False)
            continue
        paired = f"，上年报告 {r.previous_file}" if r.previous_file else ""
        out.print(f"{r.file}  {r.organ or '机关未识别'} {r.year or '年度未识别'}：错误 {r.errors}，警告 {r.warnings}{paired}",
                  markup=False)
    bad = sum(1 for r in rows if r.error)
    out.print(f"共 {len(rows)} 份：有错误 {sum(1 for r in rows if r.errors)} 份，无法读取 {bad} 份。")
    for path, what in ((csv_out, "CSV"), (xlsx_out, "Excel"), (docx_out, "通报")):
        if path:
            out.print(f"已写出{what}：{path}", markup=False)
    if bad:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.errors for r in rows) else 0)
