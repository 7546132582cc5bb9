"""The ``nianbao`` command line. One module per command group; this module only wires them."""

from __future__ import annotations

import typer

from assistant.cli import zh

zh.install()  # click's and typer's own messages (usage errors, help headings) in Chinese

app = typer.Typer(
    name="nianbao",
    help="年报助手：政府信息公开工作年度报告的解析、核查、检索、填表与起草。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="离线评测：在标注数据上度量各环节。", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _register() -> None:
    # Each command module adds its commands to ``app`` / ``eval_app`` on import.
    import importlib

    for name in ("parse_cmd", "check_cmd", "corpus_cmd", "models_cmd", "extract_cmd", "draft_cmd", "eval_cmd",
                 "export_cmd", "compare_cmd", "batch_cmd"):
        try:
            importlib.import_module(f"assistant.cli.{name}")
        except ModuleNotFoundError as exc:  # a command group not built yet
            if exc.name != f"assistant.cli.{name}":
                raise


_register()


def main() -> None:
    _logging()
    app()


def _logging() -> None:
    """Diagnostics stay out of the user's way: libraries' log records (English) are dropped, and
    our own warnings (Chinese) reach stderr only with ``NIANBAO_LOG=warning|info|debug``."""
    import logging
    import os

    level = os.environ.get("NIANBAO_LOG", "").upper()
    if level in ("DEBUG", "INFO", "WARNING", "ERROR"):
        logging.basicConfig(level=level, format="%(levelname)s %(name)s：%(message)s")
    else:
        logging.getLogger().addHandler(logging.NullHandler())
