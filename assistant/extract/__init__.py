"""Notes → the statutory tables 二/三/四: ``extract(notes, year) -> ExtractionResult``.

The deterministic extractor always runs: spreadsheet copies first (``spreadsheet.py``), then the
prose phrasings (``phrases.py``); a cell both give differently is flagged ``conflict`` and keeps
the spreadsheet value. Cells the format's sums determine are then derived (``result.RuleFacts``).

With a model (``chat`` given, or configured and not ``offline``) ``model.model_extract`` runs too,
and the two are merged cell by cell:

- both agree → source ``both`` (confirmed);
- both filled, different → the **rule value stays** (it has a snippet of the notes behind it and
  no model number goes in unchecked) and the cell is flagged ``disagree`` with both values;
- only the rules → the rule value (``rule`` / ``derived``);
- only the model → the model value is taken, source ``model``, flagged ``model_only`` for the
  clerk to confirm (the model layer has already checked its quote against the notes and the
  checker has run over it).

A model failure (network, unusable output) never loses the rule result: it is recorded in
``notes`` and the extraction stays offline. The checker runs over the final cells; its findings are in
the extraction. Blank is not zero: a cell nothing supports is ``None`` and listed in ``missing``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from assistant.errors import NianbaoError
from assistant.extract.phrases import extract_phrases
from assistant.extract.result import Evidence, ExtractionResult, Flag, RuleFacts
from assistant.extract.spreadsheet import extract_spreadsheet
from assistant.formats import FormatId, cell_keys, format_for_year

if TYPE_CHECKING:  # langchain loads only when a model is used
    from langchain_core.language_models import BaseChatModel

__all__ = ["extract", "extract_rules", "ExtractionResult", "Flag", "Evidence", "OFFLINE_NOTICE"]

log = logging.getLogger(__name__)

OFFLINE_NOTICE = "离线模式：未配置模型，仅使用规则抽取"


def extract_rules(notes: str, format_id: str | FormatId) -> RuleFacts:
    """The deterministic side alone: spreadsheet rows, prose phrasings, derived sums."""
    facts, consumed = extract_spreadsheet(notes, format_id)
    prose = notes
    for start, end in consumed:  # blank the rows read as a sheet, keeping every offset
        prose = prose[:start] + " " * (end - start) + prose[end:]
    facts.merge(extract_phrases(prose, format_id))
    facts.derive()
    return facts


def extract(
    notes: str,
    year: int,
    format_id: str | FormatId | None = None,
    *,
    chat: BaseChatModel | None = None,
    offline: bool = False,
    settings=None,
) -> ExtractionResult:
    """Fill the tables of ``format_id`` (default: the format of ``year``) from ``notes``."""
    fmt = FormatId(format_id) if format_id is not None else format_for_year(year)
    if fmt == FormatId.LEGACY:
        raise NianbaoError("2018 年及以前的旧格式年报没有统计表，无法填表")
    keys = cell_keys(fmt)
    rules = extract_rules(notes, fmt)

    extraction = ExtractionResult(year=year, format=str(fmt), cells=dict.fromkeys(keys))
    for key, value in rules.cells.items():
        extraction.cells[key] = value
        extraction.sources[key] = rules.sources.get(key, "rule")
        if key in rules.evidence:
            extraction.evidence[key] = rules.evidence[key]
    extraction.flags.extend(rules.flags)

    if chat is None and not offline:
        chat, settings, problem = _configured_chat(settings)
        if problem:
            extraction.notes.append(f"模型配置无法使用，已仅使用规则抽取：{problem}")
    if chat is not None and not offline:
        _merge_model(extraction, notes, year, fmt, chat, settings)
    elif not extraction.notes:
        extraction.notes.append(OFFLINE_NOTICE)

    extraction.missing = [k for k in keys if extraction.cells[k] is None]
    extraction.findings = _check(extraction)
    return extraction


def _configured_chat(settings):
    try:
        from assistant.config import get_settings
        from assistant.llm.client import chat_model

        settings = settings or get_settings()
        return chat_model(settings), settings, None
    except Exception as exc:  # a broken configuration must not stop the offline path
        log.warning("对话模型不可用：%s", exc)
        return None, settings, str(exc) or type(exc).__name__


def _merge_model(extraction: ExtractionResult, notes: str, year: int, fmt: FormatId, chat, settings) -> None:
    from assistant.extract.model import model_extract

    try:
        result = model_extract(notes, year, fmt, chat=chat, settings=settings)
    except Exception as exc:  # network, provider, bad output: keep the rule result
        log.warning("模型抽取失败：%s", exc)
        extraction.notes.append(f"模型抽取失败，已仅使用规则结果：{exc}")
        return
    extraction.attempts = list(result.attempts)
    extraction.model_calls = result.model_calls
    if result.best is None:
        reason = result.error or "模型没有给出可用的回答"
        extraction.notes.append(f"模型抽取失败，已仅使用规则结果：{reason}")
        return
    extraction.mode = "model"
    for key in extraction.cells:
        rule_value = extraction.cells[key]
        model_value = result.cells.get(key)
        if model_value is None:
            continue
        if rule_value is None:
            extraction.cells[key] = model_value
            extraction.sources[key] = "model"
            extraction.flags.append(
                Flag(
                    key=key,
                    kind="model_only",
                    reason="仅模型给出此数，规则未在笔记中找到，请核对后采用。",
                    model_value=model_value,
                )
            )
        elif _same(rule_value, model_value):
            extraction.sources[key] = "both"
        else:
            extraction.flags.append(
                Flag(
                    key=key,
                    kind="disagree",
                    reason=f"规则抽取为 {rule_value}，模型为 {model_value}，暂取规则值，请核对。",
                    rule_value=rule_value,
                    model_value=model_value,
                )
            )


def _same(a, b) -> bool:
    return abs(float(a) - float(b)) < 1e-9


def _check(extraction: ExtractionResult) -> list:
    from assistant.checker import check_cells

    return list(check_cells(dict(extraction.cells), extraction.year, extraction.format).findings)
