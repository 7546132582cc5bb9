"""``nianbao ingest``, ``nianbao corpus list|remove`` and ``nianbao search``: the retrieval index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

corpus_app = typer.Typer(help="管理检索索引中的报告。", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

_OUTCOME = {"added": "新增", "updated": "更新", "unchanged": "未变", "duplicate": "重复", "failed": "失败"}


def _fail(err: Console, exc: NianbaoError | str) -> typer.Exit:
    err.print("[red]错误：[/red]", end="")
    err.print(str(exc), markup=False)
    return typer.Exit(2)


def _consoles() -> tuple[Console, Console]:
    return Console(highlight=False, soft_wrap=True), Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _index(err: Console, *, write: bool, rebuild: bool = False) -> Iterator:
    """The index of the configured data directory under its lock, or a Chinese error and exit 2.
    Repairs of a crashed run's leftovers are reported on stderr."""
    from assistant.corpus.index import open_index

    try:
        with open_index(write=write, rebuild=rebuild,
                        on_wait=lambda msg: err.print(f"[yellow]{msg}[/yellow]")) as index:
            try:
                yield index
            finally:
                _report_repairs(err, index)
    except NianbaoError as exc:  # embedding mismatch or down, store unreachable, corrupt manifest, busy
        raise _fail(err, exc) from None


def _report_repairs(err: Console, index) -> None:
    for note in index.repaired:
        err.print(f"[yellow]已修复[/yellow] 上次中断留下的不一致：{note}")


@app.command("ingest")
def ingest_command(
    paths: list[Path] = typer.Argument(None, help="报告文件或文件夹（递归）：txt、html、docx、pdf。"),
    rebuild: bool = typer.Option(
        False, "--rebuild", help="清空索引后重建（更换嵌入模型后需要）；已入库且仍存在的文件一并重新入库。"
    ),
) -> None:
    """把报告加入检索索引：按章节、小节、段落分块；未变的文件跳过，变了的文件替换。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.corpus.ingest import Outcome, ingest_paths

    out, err = _consoles()
    paths = list(paths or [])
    if rebuild:
        # Files indexed before are re-ingested too, so a rebuild never silently drops them.
        previous = _previous_sources(err)
        paths += [Path(p) for p in previous if Path(p).exists() and Path(p) not in paths]
    if not paths:
        raise _fail(err, "请给出要入库的报告文件或文件夹。")

    with _index(err, write=True, rebuild=rebuild) as index:
        with Progress(TextColumn("[bold]入库"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=err, transient=True) as prog:
            task = prog.add_task("", total=None)

            def on_start(n: int) -> None:
                prog.update(task, total=n)

            def on_file(r) -> None:
                prog.update(task, advance=1, description=Path(r.source).name)
                if r.outcome == Outcome.FAILED:
                    prog.console.print(f"[red]失败[/red] {r.source}：", end="")
                    prog.console.print(r.reason, markup=False)
                elif r.outcome == Outcome.DUPLICATE:
                    prog.console.print(f"[yellow]重复[/yellow] {r.source}：", end="")
                    prog.console.print(r.reason, markup=False)
                if r.warning:
                    prog.console.print(f"[yellow]注意[/yellow] {r.source}：", end="")
                    prog.console.print(r.warning, markup=False)

            result = ingest_paths(index, paths, on_file=on_file, on_start=on_start)
        total = len(index.files())
    for r in result.files:  # missing paths are not seen by the progress callback
        if r.outcome == Outcome.FAILED and r.reason == "文件或文件夹不存在":
            err.print(f"[red]失败[/red] {r.source}：{r.reason}")
    out.print(
        f"入库完成：新增 {result.count(Outcome.ADDED)} 份，更新 {result.count(Outcome.UPDATED)} 份，"
        f"未变 {result.count(Outcome.UNCHANGED)} 份，"
        + (f"重复 {result.count(Outcome.DUPLICATE)} 份，" if result.count(Outcome.DUPLICATE) else "")
        + f"失败 {result.count(Outcome.FAILED)} 份；"
        f"本次写入 {sum(f.chunks for f in result.files if f.outcome in (Outcome.ADDED, Outcome.UPDATED))} 个分块，"
        f"索引中共 {total} 份报告。"
    )
    if result.failed:
        raise typer.Exit(1)


def _previous_sources(err: Console) -> list[str]:
    from assistant.config import get_settings
    from assistant.corpus.manifest import ManifestCorrupt, indexed_sources

    try:
        return indexed_sources(get_settings().data_dir)
    except ManifestCorrupt as exc:
        err.print("[yellow]注意：[/yellow]", end="")
        err.print(f"{exc.message.split('。')[0]}：无法得知以前入库了哪些文件，本次只入库命令中给出的路径。",
                  markup=False)
        return []


@corpus_app.command("list")
def list_command(
    as_json: bool = typer.Option(False, "--json", help="每份报告输出一行 JSON。"),
) -> None:
    """列出索引中的报告：文件、机关、年度、分块数。"""
    out, err = _consoles()
    with _index(err, write=False) as index:  # repairs first what a killed ingest left
        files = index.files()
    if as_json:
        for f in files:
            typer.echo(json.dumps({"file": f.source, "organ": f.organ, "year": f.year, "format": f.format,
                                   "chunks": f.n_chunks, "sha256": f.sha256}, ensure_ascii=False))
        return
    if not files:
        out.print("索引为空。用 `nianbao ingest 路径` 加入报告。")
        return
    from rich.table import Table

    table = Table(title=f"检索索引：{len(files)} 份报告")
    for col in ("文件", "机关"):
        table.add_column(col)
    for col in ("年度", "分块数"):
        table.add_column(col, justify="right")
    for f in files:
        table.add_row(f.source, f.organ or "未识别", str(f.year) if f.year else "未识别", str(f.n_chunks))
    out.print(table)


@corpus_app.command("remove")
def remove_command(
    files: list[Path] = typer.Argument(None, help="要移出索引的报告文件（按入库时的文件）。"),
    all_: bool = typer.Option(False, "--all", help="清空整个索引。"),
) -> None:
    """把报告移出检索索引（文件本身不动）。"""
    from assistant.corpus.ingest import file_key

    out, err = _consoles()
    files = list(files or [])
    if not files and not all_:
        raise _fail(err, "请给出要移除的文件，或用 --all 清空索引。")
    missing = 0
    with _index(err, write=True) as index:
        if all_:
            n = index.remove_all()
            out.print(f"已清空索引：移除 {n} 份报告。")
            return
        by_source = {e.source: e for e in index.files()}
        removed = 0
        for f in files:
            entry = index.file(file_key(f)) or by_source.get(str(f))
            if entry is None:
                err.print(f"[yellow]未入库[/yellow] {f}")
                missing += 1
                continue
            n = index.remove(entry.key)
            removed += 1
            out.print(f"已移除 {entry.source}（{n} 个分块）")
    out.print(f"共移除 {removed} 份报告。")
    if missing:
        raise typer.Exit(1)


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help="检索内容，如“依申请公开答复期限”。"),
    organ: str = typer.Option(None, "--organ", help="机关（全称，或名称中的一段，如“牡丹江”）。"),
    year: int = typer.Option(None, "--year", help="年度。"),
    year_from: int = typer.Option(None, "--from", help="起始年度（含）。"),
    year_to: int = typer.Option(None, "--to", help="截止年度（含）。"),
    section: list[str] = typer.Option(None, "--section", help="章节序号：一 … 六，可多次给出。"),
    fmt: str = typer.Option(None, "--format", help="报告格式：2019、2021 或 legacy。"),
    k: int = typer.Option(5, "-k", "--top", min=1, max=200, help="返回条数。"),
    mode: str = typer.Option("hybrid", "--mode", help="检索方式：hybrid（混合）、keyword（关键词）、vector（向量）。"),
    as_json: bool = typer.Option(False, "--json", help="每条结果输出一行 JSON。"),
) -> None:
    """在已入库的报告中检索段落（关键词与向量混合排序），可按机关、年度、章节、格式筛选。"""
    from assistant.corpus import Retriever
    from assistant.corpus.filters import validate_search

    out, err = _consoles()
    try:
        validate_search(query, mode=mode, format=fmt, sections=section or None)
    except NianbaoError as exc:
        raise _fail(err, exc) from None
    with _index(err, write=False) as index:
        r = Retriever(index)
        filters = r.filters(organ=organ, year=year, year_min=year_from, year_max=year_to,
                            section=section or None, format=fmt)
        waiting = index.settings.embeddings_configured and mode != "keyword"
        with err.status("正在检索…（等待向量嵌入服务）") if waiting else nullcontext():
            hits = r.search(query, k=k, filters=filters, mode=mode)
        empty = not hits and not index.files()
    if as_json:
        for h in hits:
            typer.echo(h.model_dump_json())
        return
    if not hits:
        out.print("没有找到匹配的段落。" + ("" if not empty else "索引为空，请先运行 `nianbao ingest 路径`。"))
        return
    for i, h in enumerate(hits, 1):
        where = f"{h.section}、{h.section_heading}" + (f" · {h.subsection}" if h.subsection else "")
        out.print(f"[bold]{i}. {h.organ or '未识别机关'} {h.year or ''} 年[/bold] · {where} "
                  f"· 得分 {h.score:.4f}")
        out.print(f"   [dim]引用号 {h.id} · {h.source} 第 {h.span.line or '?'} 行[/dim]")
        out.print("   " + h.text.replace("\n", "\n   "), markup=False)
        out.print()
