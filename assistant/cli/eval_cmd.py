"""``nianbao eval parse|check|retrieval|extraction|drafting``: each calls ``assistant.evals.<stage>.main``."""

from __future__ import annotations

import importlib

import typer

from assistant.cli import eval_app
from assistant.errors import NianbaoError


def _run(stage: str, **kwargs: object) -> int:
    """The exit code of ``assistant.evals.<stage>.main``; a NianbaoError is a Chinese message and 2."""
    main = importlib.import_module(f"assistant.evals.{stage}").main
    try:
        return main(**kwargs)
    except NianbaoError as exc:
        typer.echo(f"错误：{exc}", err=True)
        return 2


@eval_app.command("parse")
def eval_parse() -> None:
    """解析准确率：evals/ 中每份标注报告的单元格准确率。"""
    raise typer.Exit(_run("parse"))


@eval_app.command("check")
def eval_check() -> None:
    """核查变异测试：表三、表四每个单元格 ±1 后是否被发现。"""
    raise typer.Exit(_run("check"))


@eval_app.command("retrieval")
def eval_retrieval(
    sweep: bool = typer.Option(False, "--sweep", help="另测混合检索中向量排名的各种权重（据此设定 embeddings.toml）"),
) -> None:
    """检索评测：关键词、向量、混合检索的 recall@5 与 MRR（含每个机关每个小节主题的查询）。"""
    raise typer.Exit(_run("retrieval", run_sweep=sweep))


@eval_app.command("extraction")
def eval_extraction(
    offline: bool = typer.Option(False, "--offline", help="不调用模型，只用规则抽取。"),
) -> None:
    """填表评测：单元格准确率、整表正确率、臆造单元格数、每例模型调用次数。"""
    raise typer.Exit(_run("extraction", offline=offline))


@eval_app.command("drafting")
def eval_drafting() -> None:
    """起草评测：植入错误的召回、正确草稿的误报、小节覆盖、与上年的相似度。"""
    raise typer.Exit(_run("drafting"))
