"""model_extract with the scripted fake chat model: wire → strict cells, checker retries, attempt log."""

from __future__ import annotations

import logging

import pytest
from model_cases import GOOD_T4, NOTES, T4_GROUP, cell, wrong_t4

from assistant.errors import NianbaoError
from assistant.extract.model import key_catalog, model_extract, wire_schema
from assistant.findings import CheckResult, Finding, Severity
from assistant.formats import FormatId, cell_keys
from assistant.llm.fake import FakeChat


def t4_checker(cells, year, format_id):
    """A test double for the checker: T4-01 only (the loop is under test here, not the rules)."""
    findings = []
    for group in ("review", "suit_direct", "suit_after_review"):
        parts = [cells.get(f"t4.{group}.{c}") for c in T4_GROUP]
        total = cells.get(f"t4.{group}.total")
        got = sum(v or 0 for v in parts)
        if (total or 0) != got:
            findings.append(Finding(
                rule="T4-01", severity=Severity.ERROR,
                message=f"表四「{group}」各项之和为 {got}，总计却为 {total}",
                cells=[f"t4.{group}.{c}" for c in (*T4_GROUP, "total")],
            ))
    return CheckResult(findings=findings)


def test_wire_schema_and_catalog_come_from_the_format():
    enum21 = wire_schema("2021")["properties"]["cells"]["items"]["properties"]["key"]["enum"]
    assert enum21 == list(cell_keys("2021"))
    assert "t3.other_1.natural" in enum21 and "t3.other.natural" not in enum21
    assert "\n    other_1=（六）其他处理 1." in key_catalog("2021")
    assert "\n    other=" in key_catalog("2019") and "\n    other=" not in key_catalog("2021")


def test_cells_are_validated_and_blank_stays_blank(caplog):
    caplog.set_level(logging.INFO)
    answer = {"cells": [
        *GOOD_T4,
        cell("t3.new.natural", 10, "自然人申请10件"),
        cell("t3.new.business", 2, "商业企业2件"),
        cell("t3.new.total", 12, "收到政府信息公开申请十二件"),
        cell("t2.fee.amount_wan", 2.5, "收取行政事业性收费25000元"),
        cell("t3.granted.total", None, ""),  # the model says blank
        cell("t3.partial.natural", -2, "部分公开2件"),  # negative count
        cell("t3.partial.total", 2.5, "部分公开2件"),  # not an integer
        cell("t9.bogus.cell", 5, "主动公开信息500条"),  # unknown key
        cell("t3.granted.natural", 8, "予以公开8件，其中自然人8件"),  # quote not in the notes
    ]}
    chat = FakeChat.scripted(answer)
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    cells = result.cells
    assert set(cells) == set(cell_keys("2021"))
    assert cells["t3.new.total"] == 12 and isinstance(cells["t3.new.total"], int)
    assert cells["t2.fee.amount_wan"] == 2.5
    assert cells["t4.review.other"] == 0  # stated as 0 in the notes
    # Everything the answer did not support is None — never 0.
    for key in ("t3.granted.total", "t3.partial.natural", "t3.partial.total", "t3.granted.natural",
                "t3.carried_in.total", "t4.suit_direct.total"):
        assert cells[key] is None, key
    assert sum(v is not None for v in cells.values()) == 9
    reasons = {d.key: d.reason for d in result.attempts[0].dropped}
    assert reasons == {
        "t3.partial.natural": "件数不能为负数",
        "t3.partial.total": "件数必须是整数",
        "t9.bogus.cell": "不是本年度格式的单元格",
        "t3.granted.natural": "依据的原文在材料中找不到",
    }
    assert "t9.bogus.cell" in caplog.text
    assert result.model_calls == 1 and len(result.attempts) == 1 and result.best == 0
    assert result.findings == []


def test_signed_delta_may_be_negative_in_2019():
    notes = "行政许可事项上一年30项，本年减少5项（-5）。"
    chat = FakeChat.scripted({"cells": [cell("t2.license.delta", -5, "本年减少5项（-5）"),
                                        cell("t2.license.prev", 30, "上一年30项")]})
    result = model_extract(notes, 2020, FormatId.F2019, chat=chat, check=t4_checker)
    assert result.cells["t2.license.delta"] == -5 and result.cells["t2.license.prev"] == 30


def test_conflicting_duplicates_are_dropped():
    chat = FakeChat.scripted({"cells": [cell("t4.review.total", 3, "行政复议3件"),
                                        cell("t4.review.total", 4, "行政复议3件")]})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=lambda *a: CheckResult())
    assert result.cells["t4.review.total"] is None
    assert any(d.reason == "同一单元格给出了不同的数字" for d in result.attempts[0].dropped)


def test_checker_error_is_fixable_findings_in_chinese_and_the_retry_fixes_it():
    chat = FakeChat.scripted({"cells": wrong_t4(4)}, {"cells": GOOD_T4})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    assert len(result.attempts) == 2 and result.model_calls == 2 and result.best == 1
    first, second = result.attempts
    assert first.cells["t4.review.total"] == 4 and [f.rule for f in first.fixable_findings] == ["T4-01"]
    assert second.ok and result.cells["t4.review.total"] == 3 and result.findings == []
    # The retry conversation: original messages + the model's own answer + the finding in Chinese.
    roles = [m["role"] for m in second.messages]
    assert roles == ["system", "user", "assistant", "user"]
    assert '"value": 4' in second.messages[2]["content"]
    assert "各项之和为 3，总计却为 4" in second.messages[3]["content"]
    assert "不要为了让合计相等而编造" in second.messages[3]["content"]
    assert chat.calls[1]["messages"][3][1] == second.messages[3]["content"]


def test_at_most_max_retries_and_best_is_fewest_errors_last_on_ties():
    two_errors = [*wrong_t4(9), *(cell(f"t4.suit_direct.{c}", 0, "其他结果0件") for c in T4_GROUP),
                  cell("t4.suit_direct.total", 3, "行政复议3件")]
    chat = FakeChat.scripted({"cells": two_errors}, {"cells": wrong_t4(4)}, {"cells": wrong_t4(5)},
                             {"cells": GOOD_T4})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker, max_retries=2)
    assert [len(a.fixable_findings) for a in result.attempts] == [2, 1, 1]
    assert result.model_calls == 3 and len(chat.responses) == 1  # the 4th reply was never asked for
    assert result.best == 2 and result.cells["t4.review.total"] == 5
    assert len(result.findings) == 1


def test_max_retries_zero_means_one_attempt():
    chat = FakeChat.scripted({"cells": wrong_t4(4)}, {"cells": GOOD_T4})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker, max_retries=0)
    assert len(result.attempts) == 1 and result.cells["t4.review.total"] == 4 and result.findings


def test_errors_on_blank_cells_are_not_fixable_findings():
    # Only the total is given: T4-01 fails because the parts are blank, which the model cannot fix
    # without inventing numbers — no retry.
    chat = FakeChat.scripted({"cells": [cell("t4.review.total", 3, "行政复议3件")]}, {"cells": GOOD_T4})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    assert len(result.attempts) == 1 and result.model_calls == 1
    assert [f.rule for f in result.findings] == ["T4-01"] and result.attempts[0].fixable_findings == []


def test_invalid_json_counts_as_an_attempt_and_is_retried():
    chat = FakeChat.scripted("好的，以下是结果：cells=…", {"cells": GOOD_T4})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    first, second = result.attempts
    assert first.cells is None and first.error == "模型返回的内容不是合法的 JSON"
    assert first.raw == "好的，以下是结果：cells=…"
    assert "不是合法的 JSON" in second.messages[-1]["content"]
    assert result.best == 1 and result.cells["t4.review.total"] == 3


def test_json_that_breaks_the_schema_is_a_failed_attempt():
    bad = {"cells": [{"key": "t4.review.total", "value": "三件", "evidence": "行政复议3件"}]}
    chat = FakeChat.scripted(bad, bad, bad)
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    assert len(result.attempts) == 3 and result.best is None
    assert all(v is None for v in result.cells.values())
    assert result.error.startswith("模型返回的 JSON 不符合约定的结构")


def test_rejected_method_falls_back_within_an_attempt():
    chat = FakeChat.scripted({"cells": GOOD_T4}, rejects=("json_schema",))
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker)
    assert result.attempts[0].method == "function_calling" and result.model_calls == 2
    assert result.cells["t4.review.upheld"] == 2


def test_legacy_format_is_refused_in_chinese():
    with pytest.raises(NianbaoError, match="旧格式"):
        model_extract(NOTES, 2017, "legacy", chat=FakeChat.scripted())


def test_prompt_carries_the_notes_and_the_format():
    chat = FakeChat.scripted({"cells": []})
    result = model_extract(NOTES, 2020, "2019", chat=chat, check=t4_checker)
    sent = result.attempts[0].messages
    assert NOTES.strip() in sent[-1]["content"]
    assert "国办公开办函〔2019〕60号" in sent[0]["content"] and "t3" in sent[0]["content"]
    assert all(v is None for v in result.cells.values())  # an empty answer fills nothing


def test_evidence_survives_spacing_punctuation_and_ellipsis_but_not_changed_words():
    notes = "自然人申请10件；商业企业 2 件。\n行政复议3件。"
    answer = {"cells": [
        cell("t3.new.natural", 10, "“自然人申请10件，商业企业2件”"),
        cell("t3.new.business", 2, "自然人申请10件……商业企业2件"),
        cell("t4.review.total", 3, "行政复议 3 件"),
        cell("t3.new.total", 12, "共收到申请12件"),  # not in the notes
    ]}
    result = model_extract(notes, 2023, "2021", chat=FakeChat.scripted(answer), check=lambda *a: CheckResult())
    assert (result.cells["t3.new.natural"], result.cells["t3.new.business"], result.cells["t4.review.total"]) == (10, 2, 3)
    assert result.cells["t3.new.total"] is None


def test_best_attempt_has_the_fewest_checker_errors_even_if_later_ones_exist():
    worse = [*wrong_t4(5), cell("t4.suit_direct.total", 2, "维持2件")]  # + an error on blank parts
    chat = FakeChat.scripted({"cells": wrong_t4(4)}, {"cells": worse})
    result = model_extract(NOTES, 2023, "2021", chat=chat, check=t4_checker, max_retries=1)
    assert [len(a.findings) for a in result.attempts] == [1, 2]
    assert result.best == 0 and result.cells["t4.review.total"] == 4


def test_no_chat_model_is_a_chinese_error():
    with pytest.raises(NianbaoError, match="未配置模型"):
        model_extract(NOTES, 2023, "2021", chat=None)
