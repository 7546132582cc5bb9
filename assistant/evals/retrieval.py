"""``nianbao eval retrieval``: recall@5 and MRR of keyword, vector and hybrid retrieval.

Builds a temporary index from the bundled corpus (through the parser) plus the synthetic reports
named in ``evals/retrieval/corpus.json`` (deterministic, seeded), then runs the labelled queries of
``evals/retrieval/queries.jsonl``. A query's relevant chunks are given by criteria (organ, year,
section, a phrase the chunk contains…), not by chunk ids, so labels survive chunking changes.

recall@5 = |relevant ∩ top 5| / min(|relevant|, 5); MRR = mean of 1/rank of the first relevant
hit within the top ``mrr_depth`` (0 if none).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from assistant.evals import EVALS_DIR, REPO_ROOT, write_result

DATA = EVALS_DIR / "retrieval"


def load_queries(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or DATA / "queries.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def matches(criteria: dict[str, Any], chunk) -> bool:
    """Whether ``chunk`` satisfies one relevance criterion."""
    if "organ" in criteria and chunk.organ != criteria["organ"]:
        return False
    if "year" in criteria and chunk.year != criteria["year"]:
        return False
    if "year_min" in criteria and (chunk.year is None or chunk.year < criteria["year_min"]):
        return False
    if "year_max" in criteria and (chunk.year is None or chunk.year > criteria["year_max"]):
        return False
    if "section" in criteria and chunk.section != criteria["section"]:
        return False
    if "subsection_prefix" in criteria and not (chunk.subsection or "").startswith(criteria["subsection_prefix"]):
        return False
    if "subsection_any" in criteria and not any(w in (chunk.subsection or "") for w in criteria["subsection_any"]):
        return False
    return "contains" not in criteria or criteria["contains"] in chunk.text


def build_index(data_dir: Path, spec: dict[str, Any], console: Console | None = None):
    from assistant.config import get_settings
    from assistant.corpus import CorpusIndex, ingest_paths
    from assistant.corpus.embeddings import HashingEmbeddingFunction
    from assistant.testing.synthetic import synthetic_report

    settings = get_settings(data_dir=data_dir, chroma_url=None, base_url=None, embedding_model=None)
    index = CorpusIndex(settings, ef=HashingEmbeddingFunction())
    result = ingest_paths(index, [REPO_ROOT / p for p in spec.get("bundled", [])])
    if result.failed and console:
        for f in result.failed:
            console.print(f"[yellow]入库失败[/yellow] {f.source}：{f.reason}")
    syn = spec.get("synthetic") or {}
    indices = list(range(syn.get("start", 0), syn.get("stop", 0), syn.get("step", 1)))
    for i in range(0, len(indices), 32):
        batch = [synthetic_report(j, seed=syn.get("seed", 0)) for j in indices[i : i + 32]]
        index.add_reports([(r, str(r.source), str(r.source), str(r.source)) for r in batch])
    index.flush()
    return index


SWEEP = (1.0, 0.5, 0.3, 0.1, 0.05, 0.03, 0.02, 0.01, 0.005)


def sweep(index, queries: list[dict[str, Any]], weights=SWEEP, k: int = 5, depth: int = 10) -> dict[str, Any]:
    """Hybrid scores for each vector weight, and the largest weight at which hybrid scores at least
    as well as the best single mode on both recall@5 and MRR (what ``embeddings.toml`` records)."""
    rows, best = [], None
    for w in weights:
        s = evaluate(index, queries, k, depth, vector_weight=w)["summary"]
        single = {m: max(s["keyword"][m], s["vector"][m]) for m in ("recall@5", "mrr")}
        ok = all(s["hybrid"][m] >= single[m] for m in single)
        rows.append({"vector_weight": w, **s["hybrid"], "at_least_best_single": ok})
        if ok and (best is None or w > best):
            best = w
    return {"rows": rows, "largest_ok_weight": best}


def evaluate(index, queries: list[dict[str, Any]], k: int = 5, depth: int = 10,
             vector_weight: float | None = None) -> dict[str, Any]:
    from assistant.corpus import Mode, Retriever

    retriever = Retriever(index, vector_weight=vector_weight)
    chunks = [c for _, _, c in index.manifest.all_tokens()]
    per_query: list[dict[str, Any]] = []
    unlabelled: list[str] = []
    sums = {m.value: {"recall": 0.0, "rr": 0.0} for m in Mode}
    for q in queries:
        relevant = {c.id for c in chunks if any(matches(crit, c) for crit in q["relevant"])}
        if not relevant:
            unlabelled.append(q["id"])
            continue
        f = q.get("filters") or {}
        filters = retriever.filters(
            organ=f.get("organ"), year=f.get("year"), year_min=f.get("year_min"), year_max=f.get("year_max"),
            section=f.get("section"), format=f.get("format"),
        )
        row: dict[str, Any] = {"id": q["id"], "relevant": len(relevant)}
        for m in Mode:
            hits = retriever.search(q["query"], k=depth, filters=filters, mode=m)
            ids = [h.id for h in hits]
            recall = len(relevant & set(ids[:k])) / min(len(relevant), k)
            rank = next((i + 1 for i, cid in enumerate(ids) if cid in relevant), None)
            rr = 1.0 / rank if rank else 0.0
            sums[m.value]["recall"] += recall
            sums[m.value]["rr"] += rr
            row[m.value] = {"recall@5": round(recall, 3), "rank": rank}
        per_query.append(row)
    n = len(per_query)
    summary = {
        m: {"recall@5": round(v["recall"] / n, 4) if n else 0.0, "mrr": round(v["rr"] / n, 4) if n else 0.0}
        for m, v in sums.items()
    }
    return {"queries": n, "unlabelled": unlabelled, "summary": summary, "per_query": per_query}


def main(run_sweep: bool = False) -> int:
    from assistant.corpus import Retriever

    console = Console()
    spec = json.loads((DATA / "corpus.json").read_text(encoding="utf-8"))
    queries = load_queries()
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-eval-retrieval-"))
    t0 = time.perf_counter()
    try:
        with console.status("正在建立评测索引…"):
            index = build_index(tmp, spec, console)
        n_files, n_chunks = len(index.files()), index.manifest.count_chunks()
        result = evaluate(index, queries, k=spec.get("k", 5), depth=spec.get("mrr_depth", 10))
        result["vector_weight"] = Retriever(index).vector_weight
        if run_sweep:
            result["sweep"] = sweep(index, queries, k=spec.get("k", 5), depth=spec.get("mrr_depth", 10))
        index.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result.update({"reports": n_files, "chunks": n_chunks, "seconds": round(time.perf_counter() - t0, 1)})
    table = Table(title=f"检索评测：{result['queries']} 条标注查询，{n_files} 份报告，{n_chunks} 个分块")
    table.add_column("检索方式")
    table.add_column("recall@5", justify="right")
    table.add_column("MRR", justify="right")
    names = {"keyword": "关键词（BM25）", "vector": "向量", "hybrid": "混合（RRF）"}
    for mode in ("keyword", "vector", "hybrid"):
        s = result["summary"][mode]
        table.add_row(names[mode], f"{s['recall@5']:.3f}", f"{s['mrr']:.3f}")
    topic = [r for r in result["per_query"] if r["id"].startswith("topic-")]
    if topic:
        result["topic_recall@5"] = {m: round(sum(r[m]["recall@5"] for r in topic) / len(topic), 4) for m in names}
        table.add_section()
        for mode in ("keyword", "vector", "hybrid"):
            table.add_row(f"主题查询·{names[mode]}", f"{result['topic_recall@5'][mode]:.3f}", "")
    console.print(table)
    console.print(f"混合检索中向量排名的权重：{result['vector_weight']:g}（assistant/corpus/embeddings.toml，关键词为 1）")
    if run_sweep:
        for row in result["sweep"]["rows"]:
            mark = "✓" if row["at_least_best_single"] else " "
            console.print(f"  {mark} 向量权重 {row['vector_weight']:g}：recall@5 {row['recall@5']:.3f}，MRR {row['mrr']:.3f}")
        console.print(f"不低于最佳单一方式的最大权重：{result['sweep']['largest_ok_weight']}")
    if result["unlabelled"]:
        console.print(f"[red]以下查询在索引中找不到任何相关分块（标注失效）：[/red]{'、'.join(result['unlabelled'])}")
    path = write_result("retrieval", result)
    console.print(f"结果已写入 {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    return 1 if result["unlabelled"] else 0
