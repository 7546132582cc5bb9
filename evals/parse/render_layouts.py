"""Render gold-labelled reports in every layout family, to look at or to parse by hand.

    .venv/bin/python evals/parse/render_layouts.py OUT_DIR [GOLD.json ...] [--seed N]

Without gold files, every ``evals/parse/gold/*.json`` is rendered. Writes
``OUT_DIR/<report>_<layout><suffix>`` (crawler text, converter Markdown, .docx, PDF). The renderers
live in ``assistant/testing/layouts.py``; ``nianbao eval parse`` parses every rendering back and
prints the reports × layouts matrix.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.testing.layouts import LAYOUTS, render  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="把标注报告渲染成各种版式。")
    ap.add_argument("out", type=Path, help="输出目录")
    ap.add_argument("gold", nargs="*", type=Path, help="标注文件（默认 evals/parse/gold/*.json）")
    ap.add_argument("--seed", type=int, default=0, help="随机怪癖的种子")
    args = ap.parse_args(argv)
    golds = args.gold or sorted((ROOT / "evals" / "parse" / "gold").glob("*.json"))
    args.out.mkdir(parents=True, exist_ok=True)
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for layout in LAYOUTS:
            data, suffix = render(gold, layout, args.seed)
            target = args.out / f"{path.stem}_{layout}{suffix}"
            target.write_bytes(data)
            print(f"{target}：{len(data)} 字节")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
