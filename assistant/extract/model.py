"""Model table filling: notes → cells through a chat model, checked, with checker-driven retries.

``model_extract(notes, year, format_id, chat=…)`` asks the model for a WIRE answer — a flat list of
``{key, value, evidence}`` in which every cell is optional — and validates it into strict cells:
every key of the format present, ``None`` where the model gave nothing (blank is not zero), unknown
keys, impossible values and cells whose evidence quote is not in the notes dropped (and logged).
The deterministic checker then runs; errors it finds among filled cells go back to the model in
Chinese (``prompts/table_extraction_retry.md``) and it tries again, at most ``max_retries`` times.
Every attempt is kept in ``attempts`` for the UI; the best attempt (fewest checker errors, then
fewest fixable ones, the later one on ties) supplies ``cells``.

Checker errors that involve a blank cell are logged but not sent back: the model cannot fix them
without inventing a number the notes do not give.
"""

from __future__ import annotations

import logging
import math
import re
import time
import unicodedata
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import BaseModel, Field, ValidationError

from assistant.config import Settings
from assistant.errors import NianbaoError
from assistant.findings import CheckResult, Finding
from assistant.formats import FormatId, ValueKind, cell_keys, get_format, table_name, value_kind
from assistant.llm.client import profile_for
from assistant.llm.deadline import Deadline
from assistant.llm.errors import ModelConfigError, explain
from assistant.llm.fence import fence
from assistant.llm.profiles import get_profile
from assistant.llm.prompts import load_prompt
from assistant.llm.structured import StructuredChat

log = logging.getLogger(__name__)

Number = int | float
Checker = Callable[[dict, int, Any], CheckResult]



# --- the wire schema ---------------------------------------------------------------------


class WireCell(BaseModel):
    key: str
    value: int | float | None = None
    evidence: str = ""


class WireAnswer(BaseModel):
    cells: list[WireCell] = Field(default_factory=list)


def wire_schema(format_id: str | FormatId) -> dict:
    """The JSON Schema the model answers (OpenAI strict-mode compatible; keys as an enum)."""
    return {
        "title": "fill_tables",
        "description": "年报统计表中材料支持的单元格；材料没有的单元格不要列出。",
        "type": "object",
        "properties": {
            "cells": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string", "enum": list(cell_keys(format_id))},
                        "value": {"type": ["number", "null"]},
                        "evidence": {"type": "string", "description": "支持该数字的材料原文摘录"},
                    },
                    "required": ["key", "value", "evidence"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["cells"],
        "additionalProperties": False,
    }


def key_catalog(format_id: str | FormatId) -> str:
    """The rows and columns of a format, as the prompt lists them (from ``assistant.formats``)."""
    lines: list[str] = []
    for table in get_format(format_id).tables:
        lines.append(f"{table_name(table.id)}（{table.id}）{table.title}")
        for block in table.blocks:
            indent = "  "
            if block.label:
                lines.append(f"  {block.label}")
                indent = "    "
            lines.append(f"{indent}列：" + "；".join(f"{c.key}={c.label}" for c in block.columns))
            lines.append(f"{indent}行：")
            for r in block.rows:
                group = f"{r.group} " if r.group else ""
                lines.append(f"{indent}  {r.key}={group}{r.label}")
    return "\n".join(lines)


# --- results -----------------------------------------------------------------------------


class DroppedCell(BaseModel):
    key: str
    value: Any = None
    evidence: str = ""
    reason: str  # Chinese


class Attempt(BaseModel):
    number: int  # 1-based
    method: str | None = None  # structured-output method of the last request
    messages: list[dict[str, str]]  # what was sent: role + content
    raw: str | None = None  # the model's answer as received
    cells: dict[str, Number | None] | None = None  # None when the answer was unusable
    dropped: list[DroppedCell] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)  # checker errors
    # The errors among filled cells: sent back to the model when a retry is left.
    fixable_findings: list[Finding] = Field(default_factory=list)
    error: str | None = None  # Chinese: why the answer was unusable
    duration_s: float = 0.0
    model_calls: int = 0

    @property
    def ok(self) -> bool:
        return self.cells is not None and not self.fixable_findings


class ModelExtraction(BaseModel):
    year: int
    format: FormatId
    cells: dict[str, Number | None]  # of the best attempt; all None when none was usable
    best: int | None = None  # index into attempts
    attempts: list[Attempt] = Field(default_factory=list)
    model_calls: int = 0

    @property
    def findings(self) -> list[Finding]:
        return self.attempts[self.best].findings if self.best is not None else []

    @property
    def error(self) -> str | None:
        """Why no attempt was usable (Chinese), else None."""
        if self.best is not None or not self.attempts:
            return None
        return self.attempts[-1].error


# --- validation --------------------------------------------------------------------------


def _squash(text: str) -> str:
    """Letters, CJK and digits only: quotes survive changes of spacing, punctuation and width."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text))


def _supported(evidence: str, notes_squashed: str) -> bool:
    """The quote (pieces around an ellipsis) is in the notes."""
    pieces = [_squash(p) for p in re.split(r"…+|\.{3,}", unicodedata.normalize("NFKC", evidence))]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(p in notes_squashed for p in pieces)


def _strict_value(key: str, value: int | float) -> tuple[Number | None, str | None]:
    if isinstance(value, bool) or not math.isfinite(value):
        return None, "不是有效数字"
    kind = value_kind(key)
    if kind == ValueKind.AMOUNT_WAN:
        if value < 0:
            return None, "金额不能为负数"
        return float(value), None
    if value != int(value):
        return None, "件数必须是整数"
    if kind == ValueKind.COUNT and value < 0:
        return None, "件数不能为负数"
    return int(value), None


def to_cells(answer: WireAnswer, notes: str, format_id: str | FormatId) -> tuple[dict[str, Number | None], list[DroppedCell]]:
    """Strict cells (every key of the format; None = blank) and the wire cells that were dropped."""
    keys = cell_keys(format_id)
    cells: dict[str, Number | None] = dict.fromkeys(keys)
    dropped: list[DroppedCell] = []
    seen: dict[str, Number] = {}
    conflicting: set[str] = set()
    squashed = _squash(notes)
    for wc in answer.cells:
        key = wc.key.strip()
        if wc.value is None:
            continue  # the model says blank: blank it stays
        if key not in cells:
            log.warning("模型给出了格式中没有的单元格 %r，已舍弃", key)
            dropped.append(DroppedCell(key=key, value=wc.value, evidence=wc.evidence, reason="不是本年度格式的单元格"))
            continue
        value, problem = _strict_value(key, wc.value)
        if problem is None and not _supported(wc.evidence, squashed):
            problem = "依据的原文在材料中找不到"
        if problem is not None:
            log.info("dropped model cell %s=%r: %s", key, wc.value, problem)
            dropped.append(DroppedCell(key=key, value=wc.value, evidence=wc.evidence, reason=problem))
            continue
        if value is None:
            continue
        if key in seen and seen[key] != value:
            conflicting.add(key)
        seen.setdefault(key, value)
    for key, value in seen.items():
        if key in conflicting:
            dropped.append(DroppedCell(key=key, value=value, reason="同一单元格给出了不同的数字"))
        else:
            cells[key] = value
    return cells, dropped


# --- the loop ----------------------------------------------------------------------------


def _default_checker() -> Checker | None:
    try:
        from assistant.checker import check_cells
    except ImportError:
        log.warning("核查模块不可用：模型填写的单元格未经核查")
        return None
    return check_cells


def _fixable(findings: list[Finding], cells: dict[str, Number | None]) -> list[Finding]:
    return [f for f in findings if all(cells.get(k) is not None for k in f.cells)]


def _problem_lines(findings: list[Finding]) -> str:
    return "\n".join(f"- {f.message}" for f in findings)


def _as_dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles.get(m.type, m.type), "content": str(m.content)} for m in messages]


def _score(attempt: Attempt) -> tuple[int, int, int]:
    """Higher is better: usable, then fewest checker errors, then fewest fixable ones."""
    if attempt.cells is None:
        return (-1, 0, 0)
    return (0, -len(attempt.findings), -len(attempt.fixable_findings))


def model_extract(
    notes: str,
    year: int,
    format_id: str | FormatId,
    *,
    chat: BaseChatModel,
    settings: Settings | None = None,
    max_retries: int = 2,
    check: Checker | None = None,
    deadline: Deadline | None = None,
) -> ModelExtraction:
    """Fill the tables of ``format_id`` from ``notes`` with ``chat``; see the module docstring.

    ``settings`` selects the provider profile (structured-output methods); without it the
    ``custom`` profile is used. ``check`` defaults to ``assistant.checker.check_cells``. Every
    attempt together must finish within ``deadline`` (default: ``settings.deadline`` seconds);
    when it expires the attempts stop and the last one says so. The notes reach the prompt
    fenced (``assistant.llm.fence``): text in them cannot close the notes block.
    """
    if chat is None:
        raise ModelConfigError("未配置模型，无法用模型填表（离线模式只用规则抽取）")
    fmt = FormatId(format_id)
    if fmt == FormatId.LEGACY:
        raise NianbaoError("2018 年及以前的旧格式年报没有统计表，无法填表")
    profile = profile_for(settings) if settings else get_profile("custom")
    caller = StructuredChat(chat, profile, timeout=settings.timeout if settings else None)
    if deadline is None:
        from assistant.config import get_settings

        deadline = Deadline((settings or get_settings()).deadline, "模型填表",
                            base_url=settings.base_url if settings else None)
    checker = check if check is not None else _default_checker()
    schema = wire_schema(fmt)
    spec = get_format(fmt)
    base = load_prompt("table_extraction").render(
        year=year,
        format_name=f"{fmt.value} 年版格式，{spec.issued_by}",
        catalog=key_catalog(fmt),
        notes=fence(notes.strip(), "材料"),
    )
    retry_prompt = load_prompt("table_extraction_retry")

    result = ModelExtraction(year=year, format=fmt, cells=dict.fromkeys(cell_keys(fmt)))
    messages = base
    for number in range(1, max(0, max_retries) + 2):
        started = time.perf_counter()
        outcome = caller.invoke(messages, schema, deadline=deadline, step=f"第 {number} 次尝试")
        attempt = Attempt(
            number=number,
            method=outcome.method,
            messages=_as_dicts(messages),
            raw=outcome.raw,
            model_calls=outcome.calls,
        )
        problems: str | None = None
        if outcome.data is None:
            attempt.error = outcome.error
            problems = f"- {outcome.error}：请只输出符合约定结构的 JSON。"
        else:
            try:
                answer = WireAnswer.model_validate(outcome.data)
            except ValidationError as exc:
                attempt.error = explain(exc)
                problems = f"- {attempt.error}：每个单元格须是 {{\"key\": 字符串, \"value\": 数字或 null, \"evidence\": 字符串}}。"
            else:
                attempt.cells, attempt.dropped = to_cells(answer, notes, fmt)
                if checker is not None:
                    attempt.findings = list(checker(attempt.cells, year, fmt).errors)
                    attempt.fixable_findings = _fixable(attempt.findings, attempt.cells)
                    if attempt.fixable_findings:
                        problems = _problem_lines(attempt.fixable_findings)
        attempt.duration_s = round(time.perf_counter() - started, 3)
        log.info(
            "model attempt %d (%s): %s, %d cells, %d errors (%d fixable), %d dropped, %.2fs",
            number, attempt.method, attempt.error or "ok",
            sum(v is not None for v in (attempt.cells or {}).values()),
            len(attempt.findings), len(attempt.fixable_findings), len(attempt.dropped), attempt.duration_s,
        )
        result.attempts.append(attempt)
        result.model_calls += outcome.calls
        if problems is None or outcome.fatal or number > max_retries:
            break
        if outcome.raw is None:
            messages = base  # nothing came back (transport failure): ask the same again
        else:
            messages = [*base, AIMessage(content=outcome.raw), *retry_prompt.render(problems=problems)]

    usable = [i for i, a in enumerate(result.attempts) if a.cells is not None]
    if usable:
        best = max(usable, key=lambda i: (_score(result.attempts[i]), i))
        result.best = best
        result.cells = dict(result.attempts[best].cells or {})
    return result
