"""Drafting benchmark: offline draft time with retrieval over a 1,000-report index, and guard time
on a 3,000-character draft.

    .venv/bin/python benchmarks/drafting.py                 # 1,000 reports, 30 drafts, 200 guards
    .venv/bin/python benchmarks/drafting.py --reports 300 --drafts 10

The index is built from synthetic reports (assistant.corpus.synthetic, seeded) with the offline
embedding in a temporary data directory. One offline draft = build the facts of a labelled
report's tables, fetch the organ's own past sections 一 and 五 from the index
(``same_organ_history``), compose the draft and guard it (N-* rules included); the organ is a
different indexed organ each time, drafting the year after one it has in the index. The guard is
timed on distinct ~3,000-character drafts (the checker's view cache never answers). Prints
p50/p95 in milliseconds. Aims: offline draft ≤ 1 s, guard ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.config import get_settings
from assistant.corpus.embeddings import HashingEmbeddingFunction
from assistant.corpus.index import CorpusIndex
from assistant.corpus.retrieve import Retriever
from assistant.drafting import build_facts, draft_offline, guard, past_passages
from assistant.report import Report
from assistant.testing.synthetic import synthetic_report

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "evals" / "parse" / "gold" / "f2021_tabs.json"
BATCH = 32


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def build(tmp: Path, n: int) -> CorpusIndex:
    settings = get_settings(data_dir=tmp, chroma_url=None, base_url=None, embedding_model=None)
    index = CorpusIndex(settings, ef=HashingEmbeddingFunction())
    for i in range(0, n, BATCH):
        batch = [synthetic_report(j) for j in range(i, min(n, i + BATCH))]
        index.add_reports([(r, r.source, r.source, r.source) for r in batch])
    index.flush()
    return index


def long_draft(tables: Report, k: int) -> str:
    """A distinct correct draft of about 3,000 characters (the offline draft plus notes wording)."""
    facts = build_facts(tables, organ=f"示例市第{k}交通运输局", year=2022)
    notes = "".join(f"组织政务公开业务培训{k % 7 + 1}场，参训{100 + k}人次。政务新媒体发布信息{500 + k}条。"
                    f"严格落实保密审查制度，更新公开指南和公开目录第{k}版。" for _ in range(1))
    text = draft_offline(facts, notes).text
    filler = "坚持以公开为常态、不公开为例外，持续深化重点领域信息公开，及时回应社会关切，不断提升政务公开质量和实效。"
    while len(text) < 3000:
        text = text.replace("（五）监督保障\n", "（五）监督保障\n" + filler, 1)
    return text, facts, notes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--drafts", type=int, default=30)
    ap.add_argument("--guards", type=int, default=200)
    args = ap.parse_args()
    console = Console()
    tables = Report.from_canonical(json.loads(TABLES.read_text(encoding="utf-8")))
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-drafting-"))
    try:
        t0 = time.perf_counter()
        index = build(tmp, args.reports)
        built = time.perf_counter() - t0
        index.close()
        organs0 = synthetic_report(args.reports - 1)
        t = time.perf_counter()  # what `nianbao draft --offline` pays once: open the index from disk
        settings = get_settings(data_dir=tmp, chroma_url=None, base_url=None, embedding_model=None)
        index = CorpusIndex(settings, ef=HashingEmbeddingFunction())
        retriever = Retriever(index)
        facts0 = build_facts(tables, organ=organs0.agency, year=organs0.year + 1)
        draft_offline(facts0, None, past_passages(organs0.agency, organs0.year + 1, retriever=retriever))
        cold_ms = (time.perf_counter() - t) * 1000
        organs = [(r.agency, r.year) for r in (synthetic_report(i) for i in range(args.reports))]
        draft_ms, past_counts = [], []
        for k in range(args.drafts):
            organ, year = organs[(k * 97) % len(organs)]
            t = time.perf_counter()
            facts = build_facts(tables, organ=organ, year=year + 1)
            past = past_passages(organ, year + 1, retriever=retriever)
            d = draft_offline(facts, None, past)
            g = guard(d.text, facts, tables=tables, citations={c.id for c in d.citations})
            draft_ms.append((time.perf_counter() - t) * 1000)
            past_counts.append(len(past))
            assert not g.flags, g.flags
        guard_ms, sizes = [], []
        for k in range(args.guards):
            text, facts, notes = long_draft(tables, k)
            sizes.append(len(text))
            t = time.perf_counter()
            g = guard(text, facts, tables=tables, notes=notes)
            guard_ms.append((time.perf_counter() - t) * 1000)
        index.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = Table(title=f"起草基准：{args.reports} 份报告的索引（建库 {built:.0f} 秒）")
    table.add_column("项目", max_width=44)
    table.add_column("次数", justify="right")
    table.add_column("p50 毫秒", justify="right")
    table.add_column("p95 毫秒", justify="right")
    table.add_column("目标", justify="right")
    table.add_row(f"离线起草（含检索、核对；平均取回往年段落 {statistics.mean(past_counts):.0f} 段）", str(len(draft_ms)),
                  f"{statistics.median(draft_ms):.1f}", f"{pct(draft_ms, 95):.1f}", "≤ 1000")
    table.add_row(f"数字核对（草稿 {min(sizes)}–{max(sizes)} 字）", str(len(guard_ms)),
                  f"{statistics.median(guard_ms):.1f}", f"{pct(guard_ms, 95):.1f}", "≤ 20")
    table.add_row("首次起草（打开磁盘上的索引 + 一次起草）", "1", f"{cold_ms:.0f}", "", "≤ 1000")
    console.print(table)


if __name__ == "__main__":
    main()
