"""Throughput of ``nianbao check-batch`` on generated reports in mixed layouts.

    .venv/bin/python benchmarks/batch.py                 # 1,000 reports, all cores
    .venv/bin/python benchmarks/batch.py -n 200 --workers 1
    .venv/bin/python benchmarks/batch.py --dir /tmp/reports     # keep the generated files and reuse them

Generates ``n`` synthetic reports (``assistant.testing.synthetic``: half of them one year, half the
same organs the year after, so pairing, cross-year checks and the copy ratio run) with table
values that satisfy the table identities, and writes them round-robin as tab-separated text, HTML,
.docx (``assistant.export``) and PDF with a text layer (the fixture renderers of
``assistant.testing.render``). Then times ``check_batch`` on the folder — parsing included —
and prints reports/s, the number of processes, and how many files failed to read. Target: ≥ 20
reports/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from assistant.batch import check_batch
from assistant.export import export_docx
from assistant.export.document import blocks
from assistant.export.layout import table_grids
from assistant.formats import T3_COLUMNS, T3_RESULT_ROWS, T4_COLUMNS, T4_ROWS, cell_keys
from assistant.report import Cell, Report
from assistant.testing import render
from assistant.testing.synthetic import _ORGANS, YEARS, synthetic_report

TARGET = 20
LAYOUTS = ("txt", "html", "docx", "pdf")


def with_tables(report: Report, rng: random.Random) -> Report:
    """The report with table values that satisfy T3-01..03 and T4-01."""
    v: dict[str, int | float | None] = {k: 0 for k in cell_keys(report.format)}
    for k in v:
        if k.startswith("t2."):
            v[k] = rng.randint(0, 500) if not k.endswith("amount_wan") else round(rng.uniform(0, 90), 2)
    results = T3_RESULT_ROWS[report.format]
    for col in T3_COLUMNS[:-1]:
        total = 0
        for row in results:
            n = rng.choice((0, 0, 0, 1, 2, 5, 12)) if col.key in ("natural", "business") else rng.choice((0, 0, 0, 1))
            v[f"t3.{row}.{col.key}"] = n
            total += n
        cin = rng.randint(0, 3)
        cf = rng.randint(0, min(3, total + cin))
        v[f"t3.total.{col.key}"] = total
        v[f"t3.carried_in.{col.key}"] = cin
        v[f"t3.carried_forward.{col.key}"] = cf
        v[f"t3.new.{col.key}"] = total + cf - cin
    for row in ("new", "carried_in", *results, "total", "carried_forward"):
        v[f"t3.{row}.total"] = sum(v[f"t3.{row}.{c.key}"] or 0 for c in T3_COLUMNS[:-1])
    for r in T4_ROWS:
        parts = [rng.choice((0, 0, 1, 2)) for _ in T4_COLUMNS[:-1]]
        for c, n in zip(T4_COLUMNS[:-1], parts):
            v[f"t4.{r.key}.{c.key}"] = n
        v[f"t4.{r.key}.total"] = sum(parts)
    return report.model_copy(update={"cells": {k: Cell(key=k, value=x) for k, x in v.items()}})


def fixture_blocks(report: Report) -> list:
    grids = table_grids(report)
    return [(b.kind, grids[b.text] if b.kind == "table" else b.text) for b in blocks(report)]


def generate(n: int, folder: Path) -> dict[str, int]:
    per_year = len(_ORGANS)
    first = YEARS.index(2021) * per_year
    counts = dict.fromkeys(LAYOUTS, 0)
    for j in range(n):
        year_offset, organ = divmod(j, max(1, n // 2))
        i = first + year_offset * per_year + organ * 7 % per_year
        rng = random.Random(j)
        report = with_tables(synthetic_report(i), rng)
        layout = LAYOUTS[j % len(LAYOUTS)]
        path = folder / f"{report.year}" / f"{j:05d}.{layout}"
        path.parent.mkdir(exist_ok=True)
        if layout == "docx":
            path.write_bytes(export_docx(report))
        elif layout == "txt":
            path.write_text(render.render_tabs(fixture_blocks(report), mangle=False), encoding="utf-8")
        elif layout == "html":
            path.write_text(render.render_html(fixture_blocks(report)), encoding="utf-8")
        else:
            path.write_bytes(render.render_pdf(fixture_blocks(report)))
        counts[layout] += 1
    return counts


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="报告份数")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="进程数")
    ap.add_argument("--dir", type=Path, default=None, help="生成的报告保存在此目录，再次运行时直接使用")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        if args.dir and any(folder.rglob("*.*")):
            print(f"使用已生成的报告：{folder}")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            counts = generate(args.n, folder)
            gen = time.perf_counter() - t0
            print(f"生成 {args.n} 份报告（{'、'.join(f'{k} {v}' for k, v in counts.items())}）：{gen:.1f} 秒")
        t0, cpu0 = time.perf_counter(), _cpu()
        rows = check_batch(folder, workers=args.workers)
        took, cpu = time.perf_counter() - t0, _cpu() - cpu0
    bad = [r for r in rows if r.error]
    paired = sum(1 for r in rows if r.previous_file)
    wrong = sum(1 for r in rows if not r.error and r.new_applications is None)
    print(f"check-batch：{len(rows)} 份，{args.workers} 个进程，{took:.1f} 秒，{len(rows) / took:.1f} 份/秒"
          f"（目标 ≥ {TARGET} 份/秒）")
    print(f"CPU 时间 {cpu:.1f} 秒（本进程与子进程）：每 CPU 秒 {len(rows) / cpu:.1f} 份；"
          f"机器负载 {os.getloadavg()[0]:.1f}（其他进程占用核时，墙钟速度低于 CPU 速度 × 进程数）")
    print(f"无法读取 {len(bad)} 份；未读出表三的 {wrong} 份；与上年配对 {paired} 份")
    for r in bad[:5]:
        print(f"  {r.file}：{r.error}")


if __name__ == "__main__":
    main()
