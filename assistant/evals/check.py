"""``nianbao eval check``: a mutation run of the checker.

For every labelled report with tables (the seeds in ``corpus/`` whose gold is in
``evals/parse/gold/``, and the fixtures in ``evals/parse/reports/`` with gold of the same stem),
every cell of tables 三 and 四 is changed by +1 and by −1 in turn. A mutation is caught when the
checker reports a new error finding (one the unmutated report did not have) that names the mutated
cell. The gold cells are checked (not a parse), so the figure measures the checker alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from assistant.checker import check
from assistant.evals import EVALS_DIR, REPO_ROOT, write_result
from assistant.findings import CheckResult
from assistant.report import Cell, Report

GOLD_DIR = EVALS_DIR / "parse" / "gold"
REPORTS_DIR = EVALS_DIR / "parse" / "reports"
CORPUS_DIR = REPO_ROOT / "corpus"
TABLES = ("t3", "t4")


@dataclass
class MutationScore:
    id: str
    caught: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    total: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    missed: list[str] = field(default_factory=list)  # "t3.new.total+1"


def _errors(result: CheckResult) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in result.errors}


def mutations(report: Report) -> list[tuple[str, int]]:
    """Every (cell key, delta) of the mutation run, in printed order."""
    keys = list(report.canonical_cells()) + sorted(set(report.cells) - set(report.canonical_cells()))
    keys = [k for k in keys if k.split(".")[0] in TABLES]
    return [(k, d) for k in keys for d in (1, -1)]


def mutate(report: Report, key: str, delta: int) -> Report:
    old = report.value(key)
    cells = dict(report.cells)
    cells[key] = Cell(key=key, value=(old or 0) + delta)
    return report.model_copy(update={"cells": cells})


def caught(report: Report, key: str, delta: int, baseline: set[tuple[str, str]]) -> bool:
    result = check(mutate(report, key, delta))
    return any(key in f.cells and (f.rule, f.message) not in baseline for f in result.errors)


def score_report(report_id: str, report: Report) -> MutationScore:
    score = MutationScore(report_id)
    baseline = _errors(check(report))
    for key, delta in mutations(report):
        table = key.split(".")[0]
        score.total[table] += 1
        if caught(report, key, delta, baseline):
            score.caught[table] += 1
        else:
            score.missed.append(f"{key}{delta:+d}")
    return score


def labelled_reports() -> list[tuple[str, Report]]:
    """(id, report from gold cells) for every labelled report that has tables."""
    out: list[tuple[str, Report]] = []
    sources = {p.stem for p in CORPUS_DIR.glob("*.txt")} | {p.stem for p in REPORTS_DIR.glob("*") if p.is_file()}
    for gold in sorted(GOLD_DIR.glob("*.json")):
        if gold.stem not in sources:
            continue
        data = json.loads(gold.read_text(encoding="utf-8"))
        report = Report.from_canonical(data, source=str(gold))
        if report.has_tables and report.cells:
            out.append((gold.stem, report))
    return out


def _fraction(c: int, t: int, pct: bool = False) -> str:
    return f"{c}/{t}" + (f" {c / t:.1%}" if pct and t else "")


def main(results_dir: Path | None = None) -> int:
    console = Console(highlight=False)
    reports = labelled_reports()
    scores: list[MutationScore] = []
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("变异测试", total=len(reports))
        for rid, report in reports:
            scores.append(score_report(rid, report))
            progress.advance(task)

    table = Table(title="核查变异测试：表三、表四每个单元格 ±1")
    table.add_column("报告", no_wrap=True)
    for t in TABLES:
        table.add_column({"t3": "表三", "t4": "表四"}[t], justify="right")
    table.add_column("合计", justify="right")
    for s in scores:
        table.add_row(s.id[:20], *(_fraction(s.caught[t], s.total[t]) for t in TABLES),
                      _fraction(sum(s.caught.values()), sum(s.total.values()), pct=True))
    per_table = {t: {"caught": sum(s.caught[t] for s in scores), "total": sum(s.total[t] for s in scores)} for t in TABLES}
    overall = {"caught": sum(v["caught"] for v in per_table.values()), "total": sum(v["total"] for v in per_table.values())}
    table.add_row("[bold]全部[/bold]", *(_fraction(per_table[t]["caught"], per_table[t]["total"]) for t in TABLES),
                  _fraction(overall["caught"], overall["total"], pct=True))
    console.print(table)
    missed = [f"{s.id}:{m}" for s in scores for m in s.missed]
    if missed:
        console.print(f"[yellow]未被发现的变异 {len(missed)} 个[/yellow]：" + "、".join(missed[:20]))
    result = {
        "reports": [
            {"id": s.id, "caught": s.caught, "total": s.total, "missed": s.missed} for s in scores
        ],
        "per_table": per_table,
        "overall": overall,
    }
    path = write_result("check", result, results_dir)
    console.print(f"结果已写入 {path}")
    return 0
