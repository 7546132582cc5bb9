"""Snapshots of the compare JSON and the HTML redline. A change in either fails here; when it is
intended, regenerate them with ``NIANBAO_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/review``
and review the diff before committing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from review_cases import last_with_copied_five, this_report

from assistant.review import compare, render_redline_html

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("NIANBAO_UPDATE_SNAPSHOTS") == "1"


def _check(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"缺少快照 {path}：用 NIANBAO_UPDATE_SNAPSHOTS=1 生成"
    assert actual == path.read_text(encoding="utf-8"), f"{name} 与快照不同（有意的改动请用 NIANBAO_UPDATE_SNAPSHOTS=1 更新）"


def test_compare_json_snapshot():
    review = compare(this_report(), last_with_copied_five())
    data = review.to_json()
    assert {"sections", "findings", "deltas", "summary"} <= set(data)
    assert {"section", "similarity", "copied"} <= set(data["sections"][0])
    _check("compare_copied.json", json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def test_redline_html_snapshot():
    review = compare(this_report(), last_with_copied_five())
    html = render_redline_html(review)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "<link" not in html and "src=" not in html  # standalone
    assert 'id="sec-五"' in html and 'href="#sec-五"' in html  # X-04 links to its section
    assert "<del>" in html and "<ins>" in html
    _check("redline_copied.html", html)
