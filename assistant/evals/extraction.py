"""``nianbao eval extraction [--offline]``: notes → tables on the labelled cases of ``evals/extraction/``.

Each case is one YAML file: ``id``, ``category`` (spreadsheet / phrasing / traps / partial),
``year``, ``format``, ``notes`` and ``gold`` — the cells the notes support; every other cell of
the format is gold-blank. A gold key may end in ``.*`` for every column of a row.

Figures, overall and per category: cell accuracy over every cell of the format (a blank is a
cell: blank where gold is blank is correct), exact-table rate (a case's table 二/三/四 entirely
right), invented cells (a value where gold is blank — must be 0), missed cells (gold has a value,
the result none), wrong cells (both have values that differ), model calls per case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from assistant.evals import EVALS_DIR, write_result
from assistant.formats import FormatId, cell_keys

CASES_DIR = EVALS_DIR / "extraction"
CATEGORIES = ("spreadsheet", "phrasing", "traps", "partial")

Number = int | float


@dataclass
class Case:
    id: str
    category: str
    year: int
    format: str
    notes: str
    gold: dict[str, Number]  # expanded: only cells with a value
    path: Path | None = None


@dataclass
class CaseScore:
    id: str
    category: str
    cells: int = 0
    correct: int = 0
    gold_filled: int = 0  # gold cells with a value
    filled_correct: int = 0  # of those, the result has the same value
    invented: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    tables: int = 0
    exact_tables: int = 0
    model_calls: int = 0
    mode: str = "offline"


def expand_gold(gold: dict[str, Any], format_id: str) -> dict[str, Number]:
    """Gold cells with ``t3.row.*`` expanded; unknown keys are an error in the case file."""
    keys = cell_keys(format_id)
    out: dict[str, Number] = {}
    for key, value in (gold or {}).items():
        if value is None:
            continue
        if key.endswith(".*"):
            matched = [k for k in keys if k.startswith(key[:-1])]
        else:
            matched = [key] if key in keys else []
        if not matched:
            raise ValueError(f"评测用例中的单元格键不属于 {format_id} 年版格式：{key}")
        for k in matched:
            out[k] = value
    return out


def load_cases(cases_dir: Path | None = None) -> list[Case]:
    cases = []
    for path in sorted((cases_dir or CASES_DIR).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fmt = str(data.get("format") or "")
        year = int(data["year"])
        if not fmt:
            from assistant.formats import format_for_year

            fmt = str(format_for_year(year))
        category = data.get("category", "phrasing")
        if category not in CATEGORIES:
            raise ValueError(f"{path.name}: 未知类别 {category}")
        cases.append(
            Case(
                id=str(data.get("id") or path.stem),
                category=category,
                year=year,
                format=fmt,
                notes=data["notes"],
                gold=expand_gold(data.get("gold") or {}, fmt),
                path=path,
            )
        )
    return cases


def _same(a: Number, b: Number) -> bool:
    return abs(float(a) - float(b)) < 1e-6


def score(case: Case, cells: dict[str, Number | None]) -> CaseScore:
    s = CaseScore(id=case.id, category=case.category)
    per_table: dict[str, bool] = {}
    for key in cell_keys(case.format):
        gold = case.gold.get(key)
        got = cells.get(key)
        ok = (gold is None and got is None) or (gold is not None and got is not None and _same(gold, got))
        s.cells += 1
        s.correct += ok
        if gold is not None:
            s.gold_filled += 1
            s.filled_correct += ok
        if gold is None and got is not None:
            s.invented.append(key)
        elif gold is not None and got is None:
            s.missed.append(key)
        elif not ok:
            s.wrong.append(key)
        table = key.split(".")[0]
        per_table[table] = per_table.get(table, True) and ok
    s.tables = len(per_table)
    s.exact_tables = sum(per_table.values())
    return s


def run(cases: list[Case], *, offline: bool, progress: bool = True) -> list[CaseScore]:
    from assistant.extract import extract

    scores = []
    with Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task("填表评测", total=len(cases))
        for case in cases:
            outcome = extract(case.notes, case.year, FormatId(case.format), offline=offline)
            s = score(case, outcome.cells)
            s.model_calls = outcome.model_calls
            s.mode = outcome.mode
            scores.append(s)
            bar.advance(task)
    return scores


def summarize(scores: list[CaseScore]) -> dict[str, Any]:
    def agg(group: list[CaseScore]) -> dict[str, Any]:
        cells = sum(s.cells for s in group)
        tables = sum(s.tables for s in group)
        return {
            "cases": len(group),
            "cells": cells,
            "cell_accuracy": round(sum(s.correct for s in group) / cells, 4) if cells else None,
            "gold_filled": sum(s.gold_filled for s in group),
            "filled_recall": round(sum(s.filled_correct for s in group) / max(1, sum(s.gold_filled for s in group)), 4),
            "exact_table_rate": round(sum(s.exact_tables for s in group) / tables, 4) if tables else None,
            "invented": sum(len(s.invented) for s in group),
            "missed": sum(len(s.missed) for s in group),
            "wrong": sum(len(s.wrong) for s in group),
            "model_calls_per_case": round(sum(s.model_calls for s in group) / len(group), 2) if group else 0,
        }

    out = {"overall": agg(scores)}
    for cat in CATEGORIES:
        group = [s for s in scores if s.category == cat]
        if group:
            out[cat] = agg(group)
    return out


def main(offline: bool = False, cases_dir: Path | None = None, results_dir: Path | None = None) -> int:
    console = Console()
    cases = load_cases(cases_dir)
    if not cases:
        console.print("[red]错误[/red]：evals/extraction/ 中没有评测用例。")
        return 2
    scores = run(cases, offline=offline)
    summary = summarize(scores)
    modes = {s.mode for s in scores}
    mode = "model" if modes == {"model"} else ("offline" if modes == {"offline"} else "mixed")
    if mode != "model":
        console.print("离线模式：未配置模型或指定 --offline，仅使用规则抽取" if mode == "offline" else "部分用例模型失败，已回退规则抽取")

    table = Table(title=f"填表评测（{len(cases)} 例）", header_style="bold")
    for col in ("类别", "用例", "准确率", "召回", "整表", "臆造", "遗漏", "错值", "调用/例"):
        table.add_column(col, justify="right" if col != "类别" else "left")
    names = {"overall": "全部", "spreadsheet": "表格复制", "phrasing": "常见表述", "traps": "陷阱", "partial": "部分笔记"}
    for key, row in summary.items():
        table.add_row(
            names[key],
            str(row["cases"]),
            f"{row['cell_accuracy']:.2%}",
            f"{row['filled_recall']:.2%}",
            f"{row['exact_table_rate']:.2%}",
            f"[red]{row['invented']}[/red]" if row["invented"] else "0",
            str(row["missed"]),
            str(row["wrong"]),
            f"{row['model_calls_per_case']:.1f}",
        )
    console.print(table)
    console.print(
        "准确率：全部单元格（空白也算一格）；召回：标注有值的单元格；整表：表二/三/四整张全对的比例；"
        "臆造：标注为空却填了数（必须为 0）；调用/例：每例模型调用次数。",
        style="dim",
    )
    bad = [s for s in scores if s.invented or s.wrong]
    for s in bad:
        console.print(f"[yellow]{s.id}[/yellow] 臆造：{', '.join(s.invented) or '无'}；错值：{', '.join(s.wrong) or '无'}")

    result = {
        "mode": mode,
        "summary": summary,
        "cases": [
            {
                "id": s.id,
                "category": s.category,
                "cell_accuracy": round(s.correct / s.cells, 4),
                "exact_tables": f"{s.exact_tables}/{s.tables}",
                "invented": s.invented,
                "missed": s.missed,
                "wrong": s.wrong,
                "model_calls": s.model_calls,
                "mode": s.mode,
            }
            for s in scores
        ],
    }
    write_result("extraction", result, results_dir)
    return 1 if summary["overall"]["invented"] else 0
