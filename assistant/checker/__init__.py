"""The deterministic checker: ``check(report, previous=None) -> CheckResult``.

Every rule of ``rules.RULES`` is either judged or listed as not assessable with a Chinese reason
(legacy format, no previous report, no text, organ kind unknown…) — never silently passed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from operator import itemgetter

from assistant.checker import content, history, narrative, tables
from assistant.checker.context import Ctx
from assistant.checker.rules import RULES, Rule
from assistant.findings import CheckResult, NotAssessable
from assistant.formats import TABLE_IDS, FormatId, table_name
from assistant.report import Cell, Number, Report

__all__ = ["RULES", "Rule", "check", "check_cells", "previous_mismatch"]

CHECKS: dict[str, Callable[[Ctx], str | None]] = {
    **tables.CHECKS, **history.CHECKS, **narrative.CHECKS, **content.CHECKS,
}
assert set(CHECKS) == set(RULES), set(CHECKS) ^ set(RULES)

_FORMAT_ONLY = {
    frozenset({FormatId.F2021}): "本规则只适用于 2021 年格式的报告",
    frozenset({FormatId.F2019}): "本规则只适用于 2019 年格式（2019、2020 年度）的报告",
}


def _missing(rule: Rule, report: Report, previous: Report | None, tables_present: set[str]) -> str | None:
    """Why ``rule`` cannot be judged on this input, or None."""
    if report.format not in rule.formats:
        if report.format == FormatId.LEGACY:
            return "旧格式报告（2018 年及以前的条例格式）没有统一的统计表和章节"
        return _FORMAT_ONLY.get(rule.formats, "本规则不适用于该报告的格式")
    for need in rule.needs:
        if need == "tables" and not report.has_tables:
            return "报告没有统计表"
        if need in TABLE_IDS and need not in tables_present:
            return f"报告中未找到{table_name(need, title=True)}"
    if "text" in rule.needs and not report.text.strip():
        return "只有表格数据（如规范 JSON），没有报告正文"
    if "year" in rule.needs and report.year is None:
        return "报告年度不明"
    if "kind" in rule.needs and report.kind is None:
        return "无法判断机关类型（人民政府或政府部门）"
    if "previous" in rule.needs and previous is None:
        return "未提供同一机关上一年度的报告"
    if "previous_text" in rule.needs and (previous is None or not previous.text.strip()):
        return "上一年度报告没有正文（如规范 JSON）"
    if "previous_tables" in rule.needs and (previous is None or not previous.has_tables or not previous.cells):
        return "上一年度报告没有统计表"
    return None


_MISSING: dict[tuple, dict[str, str | None]] = {}
_PREFIX = itemgetter(slice(0, 2))  # "t3.new.total" → "t3"


def _organ_key(name: str | None) -> str:
    return re.sub(r"[\s\W_]", "", unicodedata.normalize("NFKC", name or ""))


def previous_mismatch(report: Report, previous: Report) -> str | None:
    """Why ``previous`` is not last year's report of the same organ (Chinese), or None. Organs
    are compared by name (width, spaces and punctuation ignored); an unknown name is no proof."""
    a, b = _organ_key(report.agency), _organ_key(previous.agency)
    if a and b and a != b:
        return (f"所给上年报告的机关是「{previous.agency}」，本报告是「{report.agency}」，不是同一机关，"
                "未做跨年核对（确为同一机关，如机关更名，可用 --force-previous 强制核对）")
    return None


def check(report: Report, previous: Report | None = None, *, force_previous: bool = False) -> CheckResult:
    """Run every rule on ``report`` (and last year's report of the same organ, if given).

    A ``previous`` report of another organ (``previous_mismatch``) is not used unless
    ``force_previous``: the cross-year rules are then not assessable, with that reason."""
    if previous is not None and not force_previous and (why := previous_mismatch(report, previous)):
        result = check(report)
        for item in result.not_assessable:
            if {"previous", "previous_tables", "previous_text"} & set(RULES[item.rule].needs):
                item.reason = why
        return result
    ctx = Ctx(report, previous)
    not_assessable: list[NotAssessable] = []
    tables_present = set(map(_PREFIX, report.cells))
    # _missing depends on these facts only: its answers are kept per combination.
    facts = (
        report.format, frozenset(tables_present), not report.text or report.text.isspace(), report.year is None,
        report.kind is None, previous is None,
        previous is not None and not previous.text.strip(),
        previous is not None and previous.has_tables and bool(previous.cells),
    )
    missing = _MISSING.get(facts)
    if missing is None:
        missing = {rule.id: _missing(rule, report, previous, tables_present) for rule in RULES.values()}
        if len(_MISSING) >= 256:
            _MISSING.clear()
        _MISSING[facts] = missing
    for rule in RULES.values():
        reason = missing[rule.id]
        if reason is None:
            reason = CHECKS[rule.id](ctx)
        if reason:
            not_assessable.append(NotAssessable(rule=rule.id, reason=reason))
    return CheckResult(findings=ctx.findings, not_assessable=not_assessable)


def check_cells(
    cells: Mapping[str, Number | None], year: int, format_id: str | FormatId
) -> CheckResult:
    """Table-only check of canonical cells (e.g. cells a model filled in from notes)."""
    report = Report(
        year=year,
        format=FormatId(str(format_id)),
        cells={k: Cell(key=k, value=v) for k, v in cells.items()},
        source="<cells>",
    )
    return check(report)
