"""``nianbao eval parse|check|retrieval|extraction``: each calls ``assistant.evals.<stage>.main``."""

from __future__ import annotations

import importlib

import typer

from assistant.cli import eval_app


def _runner(stage: str):
    return importlib.import_module(f"assistant.evals.{stage}").main


@eval_app.command("parse")
def eval_parse() -> None:
    """解析准确率：evals/ 中每份标注报告的单元格准确率。"""
    raise typer.Exit(_runner("parse")())


@eval_app.command("check")
def eval_check() -> None:
    """核查变异测试：表三、表四每个单元格 ±1 后是否被发现。"""
    raise typer.Exit(_runner("check")())


@eval_app.command("retrieval")
def eval_retrieval(
    sweep: bool = typer.Option(False, "--sweep", help="另测混合检索中向量排名的各种权重（据此设定 embeddings.toml）"),
) -> None:
    """检索评测：关键词、向量、混合检索的 recall@5 与 MRR（含每个机关每个小节主题的查询）。"""
    raise typer.Exit(_runner("retrieval")(run_sweep=sweep))


@eval_app.command("extraction")
def eval_extraction(
    offline: bool = typer.Option(False, "--offline", help="不调用模型，只用规则抽取。"),
) -> None:
    """填表评测：单元格准确率、整表正确率、臆造单元格数、每例模型调用次数。"""
    raise typer.Exit(_runner("extraction")(offline=offline))
