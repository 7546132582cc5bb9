"""Offline eval runners. Labelled data lives in ``evals/<stage>/`` at the repo root; each runner
prints its figures and writes a JSON result under ``evals/results/``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from assistant.config import CHECKOUT

REPO_ROOT = CHECKOUT  # labelled data and results live in the checkout
EVALS_DIR = REPO_ROOT / "evals"
RESULTS_DIR = EVALS_DIR / "results"


def write_result(stage: str, result: dict[str, Any], results_dir: Path | None = None) -> Path:
    """Write ``result`` as ``<results_dir>/<stage>-<timestamp>.json`` and ``<stage>-latest.json``."""
    out_dir = results_dir or RESULTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    payload = json.dumps(result, ensure_ascii=False, indent=1)
    path = out_dir / f"{stage}-{stamp}.json"
    path.write_text(payload, encoding="utf-8")
    (out_dir / f"{stage}-latest.json").write_text(payload, encoding="utf-8")
    return path
