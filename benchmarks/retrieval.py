"""Retrieval benchmark: ingest speed and query latency over synthetic reports.

    .venv/bin/python benchmarks/retrieval.py            # 1,000 and 10,000 reports
    .venv/bin/python benchmarks/retrieval.py --sizes 1000 --queries 200

For each size: generates that many synthetic reports (assistant.testing.synthetic, seeded), ingests
them into a fresh temporary data directory with the offline embedding (chunking, tokenising,
embedding, Chroma writes, manifest, and the final BM25 build are all timed; with --via-files the
reports are first written as text files and ingested through the parser, as `nianbao ingest`
does, parsing included in the time), then runs queries and
prints p50/p95 latency for keyword, vector and hybrid search (k = 10), unfiltered and with an
organ/year filter. Targets: ingest ≥ 20 reports/s, hybrid p95 ≤ 100 ms at 10,000 reports.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from assistant.config import get_settings
from assistant.corpus.embeddings import HashingEmbeddingFunction
from assistant.corpus.index import CorpusIndex
from assistant.corpus.ingest import ingest_paths
from assistant.corpus.retrieve import Mode, Retriever
from assistant.testing.synthetic import synthetic_report

QUERIES = [
    "招生入学政策和录取结果公开", "食品安全抽检结果", "保障性住房分配结果公示", "预决算公开和三公经费",
    "依申请公开答复期限", "政府信息公开申请办理情况", "政策解读形式单一", "政务新媒体发布信息",
    "保密审查制度", "政府网站集约化建设", "绩效考核和业务培训", "行政复议和行政诉讼情况",
    "信息处理费", "人大代表建议政协委员提案办理", "土地征收补偿安置方案", "排污许可证核发",
    "空气质量监测数据", "惠农补贴发放对象", "就业创业补贴政策", "重点交通工程项目招标",
    "优化营商环境惠企政策", "公开目录和公开指南更新", "老旧小区改造计划", "传染病疫情信息发布",
]
BATCH = 32


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def run(size: int, n_queries: int, console: Console, via_files: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"nianbao-bench-{size}-"))
    try:
        settings = get_settings(data_dir=tmp, chroma_url=None, base_url=None, embedding_model=None)
        index = CorpusIndex(settings, ef=HashingEmbeddingFunction())
        chunks = 0
        t0 = time.perf_counter()
        if via_files:  # the real path: files on disk → parser → chunks (the writing is not timed)
            folder = tmp / "reports"
            folder.mkdir()
            for i in range(size):
                (folder / f"{i:05d}.txt").write_text(synthetic_report(i).text, encoding="utf-8")
            t0 = time.perf_counter()
        with Progress("[bold]入库", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as prog:
            task = prog.add_task("", total=size)
            if via_files:
                res = ingest_paths(index, [folder], on_file=lambda r: prog.advance(task))
                chunks = res.chunks
                if res.failed:
                    console.print(f"[red]{len(res.failed)} 份入库失败[/red]，如 {res.failed[0].source}：{res.failed[0].reason}")
            else:
                for start in range(0, size, BATCH):
                    batch = [synthetic_report(i) for i in range(start, min(size, start + BATCH))]
                    done = index.add_reports([(r, r.source, r.source, str(i)) for i, r in enumerate(batch)])
                    chunks += sum(len(c) for c in done)
                    prog.advance(task, len(batch))
        t_add = time.perf_counter() - t0
        index.flush()
        t_ingest = time.perf_counter() - t0
        retriever = Retriever(index)
        rng = random.Random(7)
        organs = index.organs()
        queries = [QUERIES[i % len(QUERIES)] for i in range(n_queries)]
        filtered = [(q, retriever.filters(organ=rng.choice(organs), year_min=2019, year_max=2022))
                    for q in queries]
        for q in QUERIES[:3]:  # warm-up: lazy loads (BM25 from disk, HNSW segments)
            for m in Mode:
                retriever.search(q, k=10, mode=m)
        lat: dict[str, list[float]] = {}
        for m in Mode:
            lat[m.value] = []
            for q in queries:
                t = time.perf_counter()
                retriever.search(q, k=10, mode=m)
                lat[m.value].append((time.perf_counter() - t) * 1000)
        lat["hybrid+filter"] = []
        for q, f in filtered:
            t = time.perf_counter()
            retriever.search(q, k=10, filters=f)
            lat["hybrid+filter"].append((time.perf_counter() - t) * 1000)
        index.close()
        result = {
            "reports": size, "chunks": chunks, "via_files": via_files,
            "ingest_seconds": round(t_ingest, 2), "bm25_build_seconds": round(t_ingest - t_add, 2),
            "ingest_reports_per_s": round(size / t_ingest, 1),
            "latency_ms": {k: {"p50": round(statistics.median(v), 2), "p95": round(pct(v, 95), 2)}
                           for k, v in lat.items()},
            "queries": n_queries,
        }
        how = "，经文件与解析器" if via_files else ""
        table = Table(title=f"检索基准：{size} 份报告，{chunks} 个分块{how}")
        table.add_column("指标")
        table.add_column("数值", justify="right")
        table.add_row("入库耗时（秒，含 BM25 构建）", f"{t_ingest:.1f}")
        table.add_row("入库速度（份/秒）", f"{size / t_ingest:.1f}")
        for k, v in result["latency_ms"].items():
            table.add_row(f"{k} 查询 p50 / p95（毫秒，k=10）", f"{v['p50']:.1f} / {v['p95']:.1f}")
        console.print(table)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="检索基准：合成报告的入库速度与查询延迟")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="报告份数（默认 1000 10000）")
    ap.add_argument("--queries", type=int, default=200, help="每种检索方式的查询次数")
    ap.add_argument("--via-files", action="store_true",
                    help="先把报告写成文件，再经解析器入库（默认直接用生成的 Report，不计解析）")
    ap.add_argument("--json", dest="json_out", type=Path, help="把结果另存为 JSON")
    args = ap.parse_args(argv)
    console = Console()
    results = [run(n, args.queries, console, via_files=args.via_files) for n in args.sizes]
    if args.json_out:
        args.json_out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
