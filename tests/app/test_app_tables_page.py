"""The 表格 page in Streamlit's AppTest: notes → grids, findings beside them, edits refresh them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

UI = Path(__file__).resolve().parents[2] / "ui"
NOTES = ("今年共收到政府信息公开申请12件，其中自然人10件，商业企业2件。上年结转1件。予以公开8件，"
         "部分公开2件，本机关不掌握相关政府信息2件，结转下年度继续办理1件。行政复议1件，结果维持。")


def _page() -> AppTest:
    return AppTest.from_file(str(UI / "views" / "tables.py"), default_timeout=60)


def _fill(at: AppTest, notes: str = NOTES, year: int = 2023) -> AppTest:
    at.run()
    at.number_input[0].set_value(year)
    at.text_area(key="tables_notes").input(notes)
    at.button[0].click()
    return at.run()


def _editors(at: AppTest) -> list:
    """The editable grids (numbers), not the read-only marked views (text)."""
    return [e for e in at.dataframe if str(e.value.dtypes.iloc[0]) in ("Int64", "Float64")]


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.success, *at.info, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


def test_page_before_filling_says_what_to_do_and_is_labelled_offline():
    at = _page().run()
    assert not at.exception
    assert any("离线模式" in i.value for i in at.info)
    assert any("尚未填表" in i.value for i in at.info)


def test_notes_fill_table_three_and_blank_stays_blank():
    at = _fill(_page())
    assert not at.exception
    # The editors are laid out like the national tables: 表二 blocks, 表三, 表四.
    t3 = next(df for df in (e.value for e in _editors(at)) if "自然人" in df.columns)
    assert t3.loc["一、本年新收政府信息公开申请数量", "自然人"] == 10
    assert t3.loc["一、本年新收政府信息公开申请数量", "总计"] == 12
    assert pd.isna(t3.loc["二、上年结转政府信息公开申请数量", "自然人"])  # not said → blank, not 0
    assert "T3-01" in _texts(at)


def test_a_saved_edit_shows_its_mark_and_refreshed_findings():
    """The page renders the tables it keeps; an edited cell (as the grid hands it back) is marked
    手工填写 and the findings are those of the edited cells."""
    from assistant.app import grid

    at = _fill(_page())
    before = at.session_state["tables_state"]
    assert any(f["rule"] == "T3-03" and "t3.carried_in.total" in f["cells"] for f in before["findings"])
    state = grid.TablesState.model_validate(at.session_state["tables_base"])
    state = grid.edit(state, {f"t3.carried_in.{c}": v for c, v in
                              (("natural", 1), ("business", 0), ("research", 0), ("public_interest", 0),
                               ("legal_service", 0), ("other_org", 0))})
    at.session_state["tables_base"] = state.model_dump(mode="json")
    at.run()
    assert not at.exception
    after = at.session_state["tables_state"]
    assert after["cells"]["t3.carried_in.natural"] == 1
    assert not any(f["rule"] == "T3-03" and "t3.carried_in.total" in f["cells"] for f in after["findings"])
    marked = next(df.value for df in at.dataframe if "自然人" in df.value.columns and str(df.value.dtypes.iloc[0]) not in ("Int64", "Float64"))
    assert marked.loc["二、上年结转政府信息公开申请数量", "自然人"] == "1 ✗"  # T3-01 names its column
    assert marked.loc["二、上年结转政府信息公开申请数量", "科研机构"] == "0 ✎"
    assert marked.loc["（一）予以公开", "自然人"] == "缺"


def test_empty_notes_give_a_chinese_message_and_the_page_keeps_running():
    at = _fill(_page(), notes="   ")
    assert not at.exception
    assert any("笔记是空的" in e.value for e in at.error)


@pytest.mark.parametrize("year", [2020])
def test_2019_format_years_show_the_2019_table_two(year):
    at = _fill(_page(), notes="本年新制作规范性文件3件。", year=year)
    assert not at.exception
    labels = {c for e in _editors(at) for c in e.value.columns}
    assert "本年新制作数量" in labels and "本年制发件数" not in labels


def test_typing_into_the_grid_refreshes_findings_and_emptying_a_cell_leaves_it_blank():
    from assistant.testing.apptest import edit_grid, editors

    at = _fill(_page())
    t3 = next(e for e in editors(at) if "自然人" in e.value.columns)
    row = {"自然人": 1, "商业企业": 0, "科研机构": 0, "社会公益组织": 0, "法律服务机构": 0, "其他": 0}
    edit_grid(at, t3, {1: row})
    assert not at.exception
    state = at.session_state["tables_state"]
    assert state["cells"]["t3.carried_in.natural"] == 1
    assert not any(f["rule"] == "T3-03" and "t3.carried_in.total" in f["cells"] for f in state["findings"])
    assert "T3-03 表三「二、上年结转" not in _texts(at)
    # The clerk clears 本年新收 · 自然人: blank, not 0, and the row sum is reported again.
    edit_grid(at, editors(at)[4], {0: {"自然人": None}})
    state = at.session_state["tables_state"]
    assert state["cells"]["t3.new.natural"] is None
    assert "t3.new.natural" not in state["sources"]
    assert any(f["rule"] == "T3-03" and "t3.new.total" in f["cells"] for f in state["findings"])


def test_with_a_model_the_rules_and_the_model_both_fill(monkeypatch):
    """A configured model is used by 表格 (not only the rules): a cell both read is confirmed."""
    from openai_server import OpenAIServer

    with OpenAIServer() as server:
        monkeypatch.setenv("NIANBAO_BASE_URL", server.base_url)
        monkeypatch.setenv("NIANBAO_MODEL", "test-model")
        monkeypatch.setenv("NIANBAO_API_KEY", "sk-test")
        monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
        for _ in range(4):
            server.chat_json({"cells": [{"key": "t3.new.total", "value": 12, "evidence": "共收到政府信息公开申请12件"}]})
        at = _fill(_page())
        assert not at.exception
        assert server.chat_requests(), "the model was not asked"
    state = at.session_state["tables_state"]
    assert state["cells"]["t3.new.total"] == 12 and state["sources"]["t3.new.total"] == "both"
    assert not any("离线模式" in i.value for i in at.info)


@pytest.mark.parametrize("year", [2019, 2023])
def test_the_national_merged_headers_are_drawn_above_tables_three_and_four(year):
    """表三's 申请人情况 → 自然人 / 法人或其他组织 (its five columns) / 总计 and 表四's 行政复议 /
    行政诉讼 → 未经复议直接起诉 / 复议后起诉, with their spans, over editors of the same columns."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.cells: list[tuple[str, int, int]] = []
            self._span: tuple[int, int] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "th":
                a = dict(attrs)
                self._span = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))

        def handle_data(self, data):
            if self._span is not None:
                self.cells.append((data, *self._span))
                self._span = None

    at = _fill(_page(), year=year)
    assert not at.exception
    heads = []
    for h in at.html:
        p = Cells()
        p.feed(h.value)
        heads.append(p.cells)
    t3 = next(c for c in heads if ("申请人情况", 1, 7) in c)
    assert [x for x in t3 if x[0] != "项目"] == [
        ("申请人情况", 1, 7), ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1),
        ("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)]
    t4 = next(c for c in heads if ("行政诉讼", 1, 2) in c)
    assert t4 == [("项目", 2, 1), ("行政复议", 2, 1), ("行政诉讼", 1, 2), ("未经复议直接起诉", 1, 1), ("复议后起诉", 1, 1)]
    editors = [list(e.value.columns) for e in _editors(at)]
    # the editors' columns are the header's leaf columns, in the same order
    assert ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"] in editors
    assert ["行政复议", "未经复议直接起诉", "复议后起诉"] in editors
    t4_editor = next(e.value for e in _editors(at) if "行政复议" in e.value.columns)
    assert t4_editor.loc["结果维持", "行政复议"] == 1  # 行政复议1件，结果维持
