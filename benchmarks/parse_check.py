"""Parse and check throughput on one core over the seed reports, repeated.

    .venv/bin/python benchmarks/parse_check.py              # 40 rounds over corpus/*.txt
    .venv/bin/python benchmarks/parse_check.py --rounds 100

Parses every seed (text already in memory: the parser, not the disk, is measured) ``rounds``
times, then checks every parsed report with ``assistant.checker.check``. Prints parses/s and
checks/s per CPU-second of this single-threaded process (what one core does, unaffected by other
load on the machine) and per wall-clock second. Targets: ≥ 200 parses/s, ≥ 2,000 checks/s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.parse import parse_text

ROOT = Path(__file__).resolve().parents[1]

PARSE_TARGET = 200
CHECK_TARGET = 2000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=40, help="每份样本重复的次数")
    args = ap.parse_args()
    console = Console()
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus").glob("0*.txt"))]
    if not texts:
        console.print("[red]corpus/ 中没有样本报告。[/red]")
        return 2
    size = sum(len(t) for _, t in texts) / len(texts)

    # warm-up (imports, compiled patterns, label caches) is not timed
    reports = [parse_text(t, source=name) for name, t in texts]

    n = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for name, t in texts:
            parse_text(t, source=name)
            n += 1
    parse_cpu, parse_wall = time.process_time() - cpu, time.perf_counter() - wall
    parses_per_s = n / parse_cpu

    table = Table("环节", "次数", "CPU 秒", "每 CPU 秒", "每墙钟秒", "目标", "达标", title="解析与核查速度（单核）")
    table.add_row("解析 parse", str(n), f"{parse_cpu:.2f}", f"{parses_per_s:,.0f}", f"{n / parse_wall:,.0f}",
                  f"≥ {PARSE_TARGET}", "✓" if parses_per_s >= PARSE_TARGET else "✗")
    try:
        from assistant.checker import check
    except ImportError as exc:
        console.print(table)
        console.print(f"核查速度不可用：无法导入 assistant.checker.check（{exc}）。")
        return 0
    for r in reports:
        check(r)  # warm-up
    m = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.rounds * 10):
        for r in reports:
            check(r)
            m += 1
    check_cpu, check_wall = time.process_time() - cpu, time.perf_counter() - wall
    checks_per_s = m / check_cpu
    table.add_row("核查 check", str(m), f"{check_cpu:.2f}", f"{checks_per_s:,.0f}", f"{m / check_wall:,.0f}",
                  f"≥ {CHECK_TARGET:,}", "✓" if checks_per_s >= CHECK_TARGET else "✗")
    # Cold: every report's text is new to the checker's per-text caches (as for a fresh draft).
    cold = [
        r.model_copy(update={"text": r.text + " " * (i + 1)})
        for i in range(args.rounds * 2)
        for r in reports
    ]
    wall, cpu = time.perf_counter(), time.process_time()
    for r in cold:
        check(r)
    cold_cpu, cold_wall = time.process_time() - cpu, time.perf_counter() - wall
    cold_per_s = len(cold) / cold_cpu
    table.add_row("核查 check（新文本）", str(len(cold)), f"{cold_cpu:.2f}", f"{cold_per_s:,.0f}",
                  f"{len(cold) / cold_wall:,.0f}", f"≥ {CHECK_TARGET:,}", "✓" if cold_per_s >= CHECK_TARGET else "✗")
    console.print(table)
    console.print(f"样本 {len(texts)} 份，平均 {size / 1000:.1f} 千字符；解析不含读文件，核查不含解析。")
    console.print("「核查 check」重复核查同一报告，正文的抽取结果按文本缓存；「新文本」每次都是缓存里没有的正文。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
