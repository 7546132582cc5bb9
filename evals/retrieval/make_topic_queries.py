"""Write the topic-level queries of ``queries.jsonl``: one per subsection topic of 一、总体情况 per
organ (the queries a drafter asks), for the seed organ that prints the five subsections and for
eight synthetic organs of ``corpus.json``. Relevant: that organ's section-一 chunks under a
subsection whose title names the topic. Run once; the output is committed labelled data.

    .venv/bin/python evals/retrieval/make_topic_queries.py
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.testing.synthetic import report_params

HERE = Path(__file__).resolve().parent
# topic → (query, words a relevant subsection title contains)
TOPICS = {
    "active": ("主动公开", ["主动公开"]),
    "apply": ("依申请公开", ["依申请"]),
    "manage": ("政府信息管理", ["信息管理"]),
    "platform": ("政府信息公开平台建设", ["平台"]),
    "supervise": ("监督保障", ["监督", "保障"]),
}
SEED_ORGANS = ["牡丹江市人民政府"]


def synthetic_organs(n: int = 8) -> list[str]:
    spec = json.loads((HERE / "corpus.json").read_text(encoding="utf-8"))["synthetic"]
    seen: list[str] = []
    for i in range(spec["start"], spec["stop"], spec["step"] * 7):
        organ = report_params(i)[0]
        if organ not in seen:
            seen.append(organ)
        if len(seen) == n:
            break
    return seen


def main() -> None:
    path = HERE / "queries.jsonl"
    kept = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and '"id": "topic-' not in ln]
    out = list(kept)
    for k, organ in enumerate(SEED_ORGANS + synthetic_organs()):
        for key, (query, words) in TOPICS.items():
            q = {"id": f"topic-{k:02d}-{key}", "query": query, "filters": {"organ": organ, "section": "一"},
                 "relevant": [{"organ": organ, "section": "一", "subsection_any": words}]}
            out.append(json.dumps(q, ensure_ascii=False))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(out) - len(kept)} topic queries written")


if __name__ == "__main__":
    main()
