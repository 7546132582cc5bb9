"""``nianbao eval drafting``: guard recall on planted errors, false flags on correct drafts, topic
coverage of the offline drafter, similarity to last year (cases in ``evals/drafting/cases.yaml``).

- recall: planted errors flagged at their place / planted errors. Planted: the hand-written ones of
  the cases file, every swap of two table numbers of a hand draft, and generated ones on every
  labelled report's offline draft (each number the guard traced to a table fact +1 in turn, the
  opening's year set to last year, a fake citation).
- false flags: flags and N-* errors on correct drafts (every offline draft, the hand drafts).
- topic coverage: the share of the five topics of 一、总体情况 whose subsection has content
  rather than a 【请补充】 placeholder.
- similarity to last year: of the draft's 一 to last year's 一 (numbers removed; X-05's measure),
  and paragraphs flagged 照搬.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from assistant.evals import EVALS_DIR, REPO_ROOT, write_result

DATA = EVALS_DIR / "drafting"


def _labelled() -> list[Path]:
    return [p for p in sorted((EVALS_DIR / "parse" / "gold").glob("*.json"))
            if json.loads(p.read_text(encoding="utf-8")).get("format") != "legacy"]


def _hit(flags, start: int, end: int, kind: str | None = None) -> bool:
    return any((kind is None or f.kind == kind) and f.span[0] < end and start < f.span[1] for f in flags)


def _coverage(text: str) -> tuple[int, int]:
    from assistant.drafting.facts import TOPICS
    from assistant.drafting.offline import TO_FILL

    covered = 0
    for heading in TOPICS.values():
        at = text.find(heading)
        if at < 0:
            continue
        body = text[at + len(heading):].split("\n", 2)[1] if "\n" in text[at:] else ""
        covered += int(bool(body.strip()) and not body.startswith(TO_FILL))
    return covered, len(TOPICS)


def _mutations(text: str, traced, year: int) -> list[tuple[str, str, int, int, str]]:
    """(name, mutated text, start, end, expected kind) for one correct draft."""
    import re

    out = []
    for t in traced:
        if t.to == "notes":
            continue
        m = re.match(r"(\d+(?:\.\d+)?)", t.text)
        if not m:
            continue
        raw = m.group(1)
        new = str(round(float(raw) + 1, 4)).removesuffix(".0") if "." in raw else str(int(raw) + 1)
        a = t.span[0]
        mutated = text[:a] + new + text[a + len(raw):]
        kind = "wrong_percent" if t.text.endswith("%") else "wrong_value"
        out.append((f"{t.to} +1", mutated, a, a + len(new), kind))
    at = text.find(f"{year}年，")
    if at >= 0:
        out.append(("opening year", text[:at] + str(year - 1) + text[at + 4:], at, at + 4, "year"))
    end = text.find("。", text.find("（三）")) + 1
    if end > 0:
        fake = "【引用:ffffffffffffffffffff】"
        out.append(("fake citation", text[:end] + fake + text[end:], end, end + len(fake), "citation"))
    return out


def _swaps(text: str, traced) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """Every pair of table numbers of a draft with the same unit and different values, swapped
    (both places must be flagged)."""
    import re
    from itertools import combinations

    nums = []
    for t in traced:
        m = re.match(r"\d+(?:\.\d+)?", t.text)
        if t.to != "notes" and m:
            nums.append((t.span[0], m.group(), t.text[m.end():]))
    out = []
    for (a, va, ua), (b, vb, ub) in combinations(sorted(nums), 2):
        if va == vb or ua != ub:
            continue
        s = text[:b] + va + text[b + len(vb):]
        s = s[:a] + vb + s[a + len(va):]
        shift = len(vb) - len(va)
        out.append((f"互换 {va}{ua} 与 {vb}{ub}", s, [(a, a + len(vb)), (b + shift, b + shift + len(va))]))
    return out


def run() -> dict[str, Any]:
    from assistant.checker.history import similarity
    from assistant.drafting import build_facts, draft_offline, guard
    from assistant.drafting.guard import sections_of
    from assistant.drafting.sources import from_report
    from assistant.load import load_report, read_notes
    from assistant.report import Report

    planted = caught = false_flags = correct_drafts = 0
    covered = topics = 0
    missed: list[dict[str, Any]] = []
    false: list[dict[str, Any]] = []
    similar: list[dict[str, Any]] = []

    def judge(case: str, text: str, facts, tables, notes, previous=None, citations=()):
        nonlocal false_flags, correct_drafts
        g = guard(text, facts, tables=tables, notes=notes, previous=previous, citations=citations)
        correct_drafts += 1
        errors = [f for f in g.findings if f.severity == "error"]
        false_flags += len(g.flags) + len(errors)
        for f in g.flags:
            false.append({"case": case, "kind": f.kind, "text": f.text, "message": f.message})
        for e in errors:
            false.append({"case": case, "kind": e.rule, "text": "", "message": e.message})
        return g

    def plant(case: str, name: str, text: str, start: int, end: int, kind: str, facts, tables, notes, citations=()):
        nonlocal planted, caught
        planted += 1
        g = guard(text, facts, tables=tables, notes=notes, citations=citations)
        if _hit(g.flags, start, end, kind):
            caught += 1
        else:
            missed.append({"case": case, "error": name, "kind": kind,
                           "got": [(f.kind, f.text) for f in g.flags]})

    for path in _labelled():
        tables = Report.from_canonical(json.loads(path.read_text(encoding="utf-8")))
        facts = build_facts(tables)
        d = draft_offline(facts)
        g = judge(path.stem, d.text, facts, tables, None)
        c, n = _coverage(d.text)
        covered, topics = covered + c, topics + n
        for name, text, a, b, kind in _mutations(d.text, g.traced, facts.year):
            plant(path.stem, name, text, a, b, kind, facts, tables, None)

    spec = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))
    for case in spec["cases"]:
        tables = load_report(REPO_ROOT / case["tables"])
        previous = load_report(REPO_ROOT / case["previous"]) if case.get("previous") else None
        notes = read_notes(REPO_ROOT / case["notes"]) if case.get("notes") else None
        facts = build_facts(tables, previous, organ=case.get("organ"), year=case.get("year"))
        past = from_report(previous) if previous is not None else []
        d = draft_offline(facts, notes, past)
        cited = {c.id for c in d.citations}
        judge(case["id"] + "·离线", d.text, facts, tables, notes, previous, cited)
        c, n = _coverage(d.text)
        covered, topics = covered + c, topics + n
        last_one = previous.section("一") if previous is not None else None
        if last_one is not None:
            one = sections_of(d.text).get("一")
            if one:
                g = guard(d.text, facts, tables=tables, notes=notes, previous=previous, citations=cited)
                similar.append({"case": case["id"],
                                "similarity": round(similarity(d.text[one[0]:one[1]], last_one.text), 3),
                                "copied_flags": sum(1 for f in g.flags if f.kind == "copied"),
                                "stale_marked": d.text.count("【请核实更新】")})
        if case.get("draft"):
            text = (REPO_ROOT / case["draft"]).read_text(encoding="utf-8")
            g = judge(case["id"], text, facts, tables, notes, previous)
            for name, mutated, spans in _swaps(text, g.traced):
                planted += 1
                flags = guard(mutated, facts, tables=tables, notes=notes).flags
                if all(_hit(flags, a, b) for a, b in spans):
                    caught += 1
                else:
                    missed.append({"case": case["id"], "error": name, "kind": "swap",
                                   "got": [(f.kind, f.text) for f in flags]})
            for p in case.get("planted") or []:
                at = text.find(p["find"])
                if at < 0:
                    missed.append({"case": case["id"], "error": p["name"], "kind": p["kind"], "got": "find 不在草稿中"})
                    planted += 1
                    continue
                mutated = text[:at] + p["replace"] + text[at + len(p["find"]):]
                plant(case["id"], p["name"], mutated, at, at + len(p["replace"]), p["kind"], facts, tables, notes)
    return {
        "planted": planted, "caught": caught, "recall": round(caught / planted, 4) if planted else None,
        "correct_drafts": correct_drafts, "false_flags": false_flags,
        "topic_coverage": round(covered / topics, 4) if topics else None,
        "similarity_to_last_year": similar, "missed": missed, "false": false,
    }


def main() -> int:
    console = Console()
    t0 = time.perf_counter()
    result = run()
    result["seconds"] = round(time.perf_counter() - t0, 1)
    table = Table(title="起草评测：数字核对与离线起草")
    table.add_column("指标")
    table.add_column("结果", justify="right")
    table.add_row("植入错误召回", f"{result['caught']}/{result['planted']}（{result['recall']:.1%}）")
    table.add_row("正确草稿的误报", f"{result['false_flags']}（{result['correct_drafts']} 份草稿）")
    table.add_row("离线起草小节覆盖", f"{result['topic_coverage']:.1%}")
    for s in result["similarity_to_last_year"]:
        table.add_row(f"与上年相似度·{s['case']}",
                      f"{s['similarity']:.1%}（照搬标记 {s['copied_flags']}，待核实段 {s['stale_marked']}）")
    console.print(table)
    for m in result["missed"][:10]:
        console.print(f"[red]漏报[/red] {m['case']} {m['error']}：{m['got']}")
    for f in result["false"][:10]:
        console.print(f"[yellow]误报[/yellow] {f['case']} {f['kind']} {f['text']}：{f['message']}")
    path = write_result("drafting", result)
    console.print(f"结果已写入 {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    return 1 if result["missed"] or result["false_flags"] else 0
