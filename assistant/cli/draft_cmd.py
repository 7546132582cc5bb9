"""``nianbao draft`` / ``revise`` / ``guard``: draft the narrative, revise a saved draft, guard a draft."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

_KINDS = {"untraced": "无依据", "wrong_value": "数字不符", "wrong_percent": "百分比不符", "year": "年份",
          "citation": "引用号", "copied": "照搬"}


def _fail(err: Console, exc: NianbaoError) -> typer.Exit:
    err.print(f"[red]错误[/red]：{exc}")
    return typer.Exit(2)


def _load_inputs(tables: Path, notes: Path | None, previous: Path | None):
    from assistant.load import load_report, read_notes

    t = load_report(tables)
    if not t.has_tables:
        raise NianbaoError("没有读到 2019 或 2021 年格式的统计表", where=str(tables))
    n = read_notes(notes) if notes else None
    p = load_report(previous) if previous else None
    return t, n, p


def _stream_printer(console: Console):
    def on_token(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()

    return on_token


def _render_flags(console: Console, flags: list[Any], findings: list[Any]) -> None:
    if not flags and not findings:
        console.print("[green]数字核对与正文核查均未发现问题。[/green]")
        return
    for f in flags:
        exp = f"（应为 {f.expected}）" if f.expected else ""
        where = f"第 {f.span[0]}–{f.span[1]} 字「{f.text}」"
        console.print(f"  [yellow]⚑ {_KINDS.get(f.kind, f.kind)}[/yellow] {where}：{f.message}{exp}")
    for f in findings:
        sev = "[red]错误[/red]" if f.severity == "error" else "[yellow]提示[/yellow]"
        console.print(f"  {sev} {f.rule} {f.message}")


def _render(console: Console, saved, printed: bool) -> None:
    d = saved.draft
    if not printed:
        console.print(d.text, markup=False, highlight=False)
    console.print(f"\n[bold]草稿 {saved.id} · 第 {saved.version} 版[/bold]（{d.model or '离线起草'}）")
    for n in d.notices:
        console.print(f"[yellow]{n}[/yellow]")
    if d.citations:
        cited = (f"{c.id}（{c.organ or ''} {c.year or ''} 第{c.section}部分）" for c in d.citations)
        console.print("引用：" + "；".join(cited))
    _render_flags(console, d.flags, d.findings)
    console.print(f"[dim]修改：nianbao revise {saved.id} \"修改要求\"[/dim]")


def _emit(console: Console, saved, out: Path | None, as_json: bool, printed: bool) -> None:
    """The saved draft: written to ``out``, then one JSON object or the Chinese summary."""
    if out is not None:
        out.write_text(saved.draft.text, encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(saved.to_json(), ensure_ascii=False))
        return
    if out is not None:
        console.print(f"草稿已写入 {out}")
    _render(console, saved, printed=printed or out is not None)


def _chat(offline: bool):
    if offline:
        return None, None
    from assistant.config import get_settings
    from assistant.llm.client import chat_model

    s = get_settings()
    return chat_model(s), s.model


@app.command("draft")
def draft_command(
    organ: str = typer.Option(..., "--organ", help="机关名称，如「示例市交通运输局」"),
    year: int = typer.Option(..., "--year", help="报告年度，如 2023"),
    tables: Path = typer.Option(..., "--tables",
                                help="本年统计表：规范 JSON（nianbao extract --json 的输出）或报告文件"),
    notes: Path | None = typer.Option(None, "--notes", help="各科室报来的笔记"),
    previous: Path | None = typer.Option(None, "--previous", help="本机关上一年度的报告"),
    offline: bool = typer.Option(False, "--offline", help="不调用模型，用离线起草"),
    out: Path | None = typer.Option(None, "--out", help="把草稿正文写入此文件"),
    as_json: bool = typer.Option(False, "--json",
                                 help="输出一个 JSON 对象：id、version、text、flags、findings、citations、model"),
) -> None:
    """起草「一、总体情况」及五、六部分：配置了模型时对话起草（逐字输出），否则离线起草；草稿自动保存。"""
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    console = Console(soft_wrap=True, highlight=False)
    if not 2000 <= year <= 2100:
        err.print(f"[red]错误[/red]：年度不合理：{year}")
        raise typer.Exit(2)
    try:
        t, n, p = _load_inputs(tables, notes, previous)
        from assistant.drafting.service import new_draft, open_retriever
        from assistant.store import Store

        chat, model_name = _chat(offline)
        retriever = open_retriever()
        streaming = chat is not None and not as_json
        with Store() as store:
            saved = new_draft(store, organ=organ, year=year, tables=t, notes=n, previous=p, chat=chat,
                              retriever=retriever, on_token=_stream_printer(console) if streaming else None,
                              organ_kind=t.kind, model_name=model_name)
        if retriever is not None:
            retriever.index.close()
    except NianbaoError as exc:
        raise _fail(err, exc) from None
    if chat is None and not offline:
        saved.draft.notices.insert(0, "未配置模型（NIANBAO_BASE_URL、NIANBAO_MODEL），已离线起草")
    _emit(console, saved, out, as_json, printed=streaming)


@app.command("revise")
def revise_command(
    draft_id: int = typer.Argument(..., help="草稿编号（nianbao draft 输出的 id）"),
    instruction: str = typer.Argument(..., help="修改要求，如「第二段写具体一些」「压缩到800字」"),
    out: Path | None = typer.Option(None, "--out", help="把新版本正文写入此文件"),
    as_json: bool = typer.Option(False, "--json", help="输出一个 JSON 对象（同 nianbao draft --json）"),
) -> None:
    """按修改要求生成已保存草稿的新版本（需要配置模型），保留对话。"""
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    console = Console(soft_wrap=True, highlight=False)
    try:
        chat, model_name = _chat(False)
        if chat is None:
            raise NianbaoError("修改草稿需要配置模型（NIANBAO_BASE_URL、NIANBAO_MODEL），离线模式只能重新起草")
        from assistant.drafting.service import revise_saved
        from assistant.store import Store

        with Store() as store:
            saved = revise_saved(store, draft_id, instruction, chat, model_name=model_name,
                                 on_token=None if as_json else _stream_printer(console))
    except NianbaoError as exc:
        raise _fail(err, exc) from None
    _emit(console, saved, out, as_json, printed=not as_json)


def _known_citations(text: str) -> set[str]:
    """Cited ids that exist in the corpus index of the data directory."""
    from assistant.drafting.guard import CITATION

    ids = {m.group(1) for m in CITATION.finditer(text)}
    if not ids:
        return set()
    from assistant.drafting.service import open_retriever

    r = open_retriever()
    if r is None:
        return set()
    try:
        return set(r.index.manifest.chunks(ids))
    finally:
        r.index.close()


@app.command("guard")
def guard_command(
    draft: Path = typer.Argument(..., help="草稿文件（手写或模型起草的正文）"),
    tables: Path = typer.Option(..., "--tables", help="本年统计表：规范 JSON 或报告文件"),
    notes: Path | None = typer.Option(None, "--notes", help="各科室报来的笔记"),
    previous: Path | None = typer.Option(None, "--previous", help="本机关上一年度的报告（照搬检查）"),
    year: int | None = typer.Option(None, "--year", help="报告年度（默认取统计表中的年度）"),
    as_json: bool = typer.Option(False, "--json", help="输出 {\"flags\": […], \"findings\": […]}"),
) -> None:
    """数字核对：草稿中每个数字对应到统计表事实或笔记，并运行正文核查 N-* 规则。退出码 1 表示有问题。"""
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    try:
        from assistant.drafting import build_facts, guard
        from assistant.load import read_notes

        t, n, p = _load_inputs(tables, notes, previous)
        text = read_notes(draft)
        facts = build_facts(t, p, year=year)
        g = guard(text, facts, tables=t, notes=n, previous=p, citations=_known_citations(text), organ_kind=t.kind)
    except NianbaoError as exc:
        raise _fail(err, exc) from None
    if as_json:
        typer.echo(json.dumps({"flags": [f.model_dump(mode="json") for f in g.flags],
                               "findings": [f.model_dump(mode="json") for f in g.findings]}, ensure_ascii=False))
    else:
        console = Console(soft_wrap=True, highlight=False)
        console.print(f"[bold]{draft}[/bold]：{len(g.traced)} 个数字已对应，{len(g.flags)} 处标记，"
                      f"{len(g.findings)} 条核查发现")
        _render_flags(console, g.flags, g.findings)
    raise typer.Exit(1 if g.flags or any(f.severity == "error" for f in g.findings) else 0)
