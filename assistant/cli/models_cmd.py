"""``nianbao models check|profiles``: what the configured model endpoint can do."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import NianbaoError

if TYPE_CHECKING:  # the model client (openai, langchain) loads only when a command needs it
    from assistant.llm.check import ModelsReport

models_app = typer.Typer(help="模型服务：检查配置的模型、列出支持的服务类型。", no_args_is_help=True)
app.add_typer(models_app, name="models")

_MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[dim]–[/dim]"}


def render(report: ModelsReport, console: Console) -> None:
    if report.offline:
        console.print("[bold]离线模式[/bold]：未配置模型（需要设置 NIANBAO_BASE_URL 和 NIANBAO_MODEL）。")
        console.print("不调用模型时仍可使用：")
        for feature in report.offline_features:
            console.print(f"  • {feature}")
        return
    console.print(f"服务类型：{report.provider}")
    console.print(f"地址：{report.base_url}")
    console.print(f"模型：{report.model}")
    for item in report.items:
        console.print(f"{_MARK[item.ok]} {item.name}：{item.detail}")
    if report.chat_ok:
        method = report.usable_method
        if method:
            console.print(f"填表将使用结构化输出方式：{method}")
        else:
            console.print("[yellow]没有可用的结构化输出方式[/yellow]：模型填表不可用，规则填表仍可使用。")
    if not report.chat_ok:
        console.print("[red]模型不可用[/red]：需要模型的功能将无法使用；离线功能仍可使用。")


@models_app.command("check")
def models_check() -> None:
    """调用已配置的模型服务，检查对话、各种结构化输出方式和向量嵌入是否可用。"""
    from assistant.config import get_settings
    from assistant.llm.check import check_models

    console = Console(soft_wrap=True)
    err = Console(stderr=True)
    try:
        settings = get_settings()
        with err.status(f"正在检查模型服务…（总时限 {settings.deadline:g} 秒，NIANBAO_DEADLINE）"):
            report = check_models(settings)
    except NianbaoError as exc:
        console.print("[red]配置有误[/red]：", end="")
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    render(report, console)
    raise typer.Exit(0 if report.offline or report.chat_ok else 1)


@models_app.command("profiles")
def models_profiles() -> None:
    """列出支持的模型服务类型（NIANBAO_PROVIDER）及其特点。"""
    from assistant.llm.profiles import profiles

    try:
        available = profiles()
    except NianbaoError as exc:
        Console(stderr=True).print(f"配置有误：{exc}", markup=False)
        raise typer.Exit(2) from None
    from rich.table import Table

    table = Table("名称", "服务", "结构化输出（优先顺序）", "输出长度参数", "向量嵌入", "常用地址")
    for p in available.values():
        table.add_row(
            p.name, p.label, " → ".join(p.structured_methods), p.max_tokens_param,
            "支持" if p.embeddings else "不支持", p.base_url or "—",
        )
    Console().print(table)
