"""``nianbao eval parse``: cell accuracy of the parser over every labelled report.

Each ``evals/parse/gold/<stem>.json`` (canonical JSON) is compared with the parse of the file of
the same stem in ``corpus/`` or ``evals/parse/reports/`` (any extension): agency, year, format and
every cell of the gold (a blank must stay blank; an ambiguous cell counts as wrong).
"""

from __future__ import annotations

import fnmatch
import json
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track
from rich.table import Table

from assistant.evals import EVALS_DIR, REPO_ROOT, write_result
from assistant.parse import ParseError, parse

GOLD_DIR = EVALS_DIR / "parse" / "gold"
SOURCE_DIRS = (REPO_ROOT / "corpus", EVALS_DIR / "parse" / "reports")


def find_source(stem: str, dirs: tuple[Path, ...] = SOURCE_DIRS) -> Path | None:
    for folder in dirs:
        for p in sorted(folder.glob(f"{stem}.*")):
            if p.is_file():
                return p
    return None


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def unscored(gold: dict[str, Any]) -> set[str]:
    """Cells the input itself has lost (``unrecoverable_from_input``; ``t3.granted.*`` patterns)."""
    keys = set(gold.get("cells") or {})
    out: set[str] = set()
    for pat in gold.get("unrecoverable_from_input") or []:
        out.update(k for k in keys if fnmatch.fnmatchcase(k, pat))
    return out


def compare(gold: dict[str, Any], canon: dict[str, Any]) -> dict[str, Any]:
    """Agency, year, format and every scored gold cell (cells the input has lost are not scored)."""
    skip = unscored(gold)
    cells = {k: v for k, v in (gold.get("cells") or {}).items() if k not in skip}
    got = canon.get("cells") or {}
    wrong = {k: {"gold": v, "parsed": got.get(k)} for k, v in cells.items() if not _same(v, got.get(k))}
    return {
        "cells": len(cells),
        "correct": len(cells) - len(wrong),
        "wrong": wrong,
        "agency_ok": gold.get("agency") == canon.get("agency"),
        "year_ok": gold.get("year") == canon.get("year"),
        "format_ok": str(gold.get("format")) == str(canon.get("format")),
        "ambiguous": len(canon.get("ambiguous") or {}),
    }


def evaluate(gold_dir: Path = GOLD_DIR, source_dirs: tuple[Path, ...] = SOURCE_DIRS) -> dict[str, Any]:
    reports: list[dict[str, Any]] = []
    golds = sorted(gold_dir.glob("*.json"))
    for gold_path in track(golds, description="解析标注报告…", transient=True):
        stem = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        src = find_source(stem, source_dirs)
        row: dict[str, Any] = {"report": stem, "file": str(src) if src else None}
        if src is None:
            row["error"] = "找不到对应的报告文件"
            row.update(cells=len(gold.get("cells") or {}), correct=0, wrong={}, agency_ok=False, year_ok=False, format_ok=False)
        else:
            try:
                canon = parse(src).to_canonical()
                row.update(compare(gold, canon))
            except ParseError as exc:
                row["error"] = str(exc)
                row.update(cells=len(gold.get("cells") or {}), correct=0, wrong={}, agency_ok=False, year_ok=False, format_ok=False)
        reports.append(row)
    total = sum(r["cells"] for r in reports)
    correct = sum(r["correct"] for r in reports)
    return {
        "reports": reports,
        "n_reports": len(reports),
        "cells": total,
        "correct": correct,
        "cell_accuracy": (correct / total) if total else None,
        "meta_accuracy": (
            sum(r["agency_ok"] + r["year_ok"] + r["format_ok"] for r in reports) / (3 * len(reports)) if reports else None
        ),
        "exact_reports": sum(1 for r in reports if r["correct"] == r["cells"] and r["agency_ok"] and r["year_ok"] and r["format_ok"]),
    }


def layout_matrix(gold_dir: Path = GOLD_DIR, seed: int = 0) -> dict[str, Any]:
    """Every gold-labelled report rendered in every layout family (``assistant.testing.layouts``)
    and parsed back: per report and layout, the gold cells read right and whether organ, year and
    format came back."""
    from assistant.testing.layouts import LAYOUTS
    from assistant.testing.layouts import render as render_layout

    rows: list[dict[str, Any]] = []
    golds = sorted(gold_dir.glob("*.json"))
    for gold_path in track(golds, description="各版式渲染后重新解析…", transient=True):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold = {**gold, "unrecoverable_from_input": []}  # a rendering prints every cell
        row: dict[str, Any] = {"report": gold_path.stem, "layouts": {}}
        for layout in LAYOUTS:
            data, suffix = render_layout(gold, layout, seed)
            try:
                got = compare(gold, parse(data, source=f"{gold_path.stem}{suffix}").to_canonical())
                cell = {k: got[k] for k in ("cells", "correct", "agency_ok", "year_ok", "format_ok")}
                cell["wrong"] = sorted(got["wrong"])
            except ParseError as exc:
                cell = {"cells": len(gold.get("cells") or {}), "correct": 0, "agency_ok": False,
                        "year_ok": False, "format_ok": False, "wrong": [], "error": str(exc)}
            row["layouts"][layout] = cell
        rows.append(row)
    totals = {}
    for layout in LAYOUTS:
        cells = sum(r["layouts"][layout]["cells"] for r in rows)
        correct = sum(r["layouts"][layout]["correct"] for r in rows)
        meta = sum(all(r["layouts"][layout][k] for k in ("agency_ok", "year_ok", "format_ok")) for r in rows)
        totals[layout] = {"cells": cells, "correct": correct, "meta_ok": meta, "reports": len(rows)}
    return {"seed": seed, "layouts": list(LAYOUTS), "rows": rows, "totals": totals}


def render_matrix(matrix: dict[str, Any], console: Console) -> None:
    names = {"crawler": "网页文本", "markdown": "Markdown", "docx": "Word", "pdf": "PDF"}
    table = Table("报告", *(names.get(x, x) for x in matrix["layouts"]), title=f"各版式单元格正确数（随机种子 {matrix['seed']}）")
    for r in matrix["rows"]:
        cells = []
        for layout in matrix["layouts"]:
            c = r["layouts"][layout]
            meta = "" if c["agency_ok"] and c["year_ok"] and c["format_ok"] else " ⚑"
            cells.append(f"{c['correct']}/{c['cells']}{meta}" if "error" not in c else "无法解析")
        table.add_row(r["report"], *cells)
    tot = matrix["totals"]
    table.add_row(
        "合计",
        *(f"{t['correct'] / t['cells']:.2%}" if t["cells"] else "—" for t in (tot[x] for x in matrix["layouts"])),
    )
    console.print(table)
    console.print("⚑：机关、年度或格式与标注不符。")


def render(result: dict[str, Any], console: Console) -> None:
    table = Table("报告", "单元格", "正确", "准确率", "机关", "年度", "格式", "备注", title="解析准确率")
    mark = {True: "✓", False: "✗"}
    for r in result["reports"]:
        acc = f"{r['correct'] / r['cells']:.1%}" if r["cells"] else "—"
        note = r.get("error") or (f"错 {len(r['wrong'])} 个，如 {next(iter(r['wrong']))}" if r["wrong"] else "")
        table.add_row(r["report"], str(r["cells"]), str(r["correct"]), acc,
                      mark[r["agency_ok"]], mark[r["year_ok"]], mark[r["format_ok"]], note)
    console.print(table)
    acc = result["cell_accuracy"]
    console.print(
        f"共 {result['n_reports']} 份报告，单元格 {result['correct']}/{result['cells']}"
        + (f"（{acc:.2%}）" if acc is not None else "")
        + f"，完全正确的报告 {result['exact_reports']} 份。"
    )


def main(
    gold_dir: Path | None = None,
    results_dir: Path | None = None,
    source_dirs: tuple[Path, ...] | None = None,
    layouts: bool = True,
    seed: int = 0,
) -> int:
    console = Console()
    started = time.perf_counter()
    result = evaluate(gold_dir or GOLD_DIR, source_dirs or SOURCE_DIRS)
    result["seconds"] = round(time.perf_counter() - started, 3)
    render(result, console)
    if layouts:
        started = time.perf_counter()
        result["layout_matrix"] = layout_matrix(gold_dir or GOLD_DIR, seed)
        result["layout_matrix"]["seconds"] = round(time.perf_counter() - started, 3)
        render_matrix(result["layout_matrix"], console)
    path = write_result("parse", result, results_dir)
    console.print(f"结果已写入 {path}")
    return 0
