"""起草 and 审核 in AppTest: a workspace drafted offline, an edited wrong number flagged, a stale
second tab refused, the draft found again in a new session; the review of the draft against last
year's report; the 批量 logic on a .zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from assistant.app import compare_view, grid, workspace
from assistant.app.uploads import Upload
from assistant.load import load_report, load_report_bytes
from assistant.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
LAST = ROOT / "corpus" / "001_2f293616a0ca3bc1.txt"  # 牡丹江市人民政府 2020
ORGAN = "牡丹江市人民政府"
NOTES = ("今年共收到政府信息公开申请12件，其中自然人10件，商业企业2件。上年结转1件。予以公开8件，"
         "部分公开2件，本机关不掌握相关政府信息2件，结转下年度继续办理1件。行政复议1件，结果维持。")


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "ui" / "views" / f"{name}.py"), default_timeout=90)


@pytest.fixture
def prepared():
    """Tables made on 表格 (kept in the store) and the 2021 workspace of 牡丹江 with last year's report."""
    with Store() as db:
        workspace.save_tables_state(db, grid.fill_from_notes(NOTES, 2021))
        opened = workspace.open_workspace(db, ORGAN, 2021)
        workspace.put_previous(db, opened, load_report(LAST))
    return opened


def _draft_offline(at: AppTest) -> AppTest:
    at.run()
    next(b for b in at.button if b.label == "离线起草").click()
    return at.run()


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_without_a_workspace_the_page_says_what_to_do():
    at = _page("draft").run()
    assert not at.exception
    assert any("打开工作区" in i.value for i in at.info)
    assert any("离线模式" in i.value for i in at.info)


def test_open_a_workspace_from_the_form():
    at = _page("draft").run()
    at.text_input[0].input("示例县交通运输局")
    at.number_input[0].set_value(2023)
    next(b for b in at.button if b.label == "打开工作区").click()
    at.run()
    assert not at.exception
    assert any("示例县交通运输局 · 2023 年度" in c.value for c in at.caption)


def test_offline_draft_edit_with_a_wrong_number_is_highlighted(prepared):
    at = _draft_offline(_page("draft"))
    assert not at.exception
    assert "draft-text" in _html(at) and "一、总体情况" in _html(at)
    assert "t3.new.total" in _html(at)  # the facts panel
    labels = [b.label for b in at.get("download_button")]
    assert "下载 Word（.docx）" in labels and "下载 Markdown（.md）" in labels
    text = at.text_area(key="draft_editor").value
    assert "申请12件" in text
    at.text_area(key="draft_editor").input(text.replace("申请12件", "申请15件", 1))
    next(b for b in at.button if b.label == "保存为新版本").click()
    at.run()
    assert not at.exception
    html = _html(at)
    assert 'class="guard-flag" data-kind="wrong_value"' in html and "15件<sup>" in html
    assert any("应为 12件" in w.value for w in at.warning)
    with Store() as db:
        assert [v.version for v in db.versions(prepared.draft_id or 1)] == [1, 2]


def test_a_second_tab_saving_an_older_version_is_refused(prepared):
    first = _draft_offline(_page("draft"))
    second = _page("draft").run()  # another tab: same draft, version 1
    text = first.text_area(key="draft_editor").value
    first.text_area(key="draft_editor").input(text + "\n补充一句。")
    next(b for b in first.button if b.label == "保存为新版本").click()
    first.run()
    second.text_area(key="draft_editor").input(text + "\n另一处的修改。")
    next(b for b in second.button if b.label == "保存为新版本").click()
    second.run()
    assert not second.exception
    assert any("已有第 2 版" in e.value and "未保存" in e.value for e in second.error)
    with Store() as db:
        d = db.draft(db.drafts(prepared.workspace_id)[-1])
        assert d.current_version == 2 and "补充一句" in d.current.text


def test_the_draft_is_there_in_a_new_session(prepared):
    _draft_offline(_page("draft"))
    again = _page("draft").run()
    assert not again.exception
    assert any("草稿 1 第 1 版" in c.value for c in again.caption)
    assert "draft-text" in _html(again)


def test_versions_diff_between_two_versions(prepared):
    at = _draft_offline(_page("draft"))
    text = at.text_area(key="draft_editor").value
    at.text_area(key="draft_editor").input(text.replace("一、总体情况", "一、总体情况\n新增的一段。", 1))
    next(b for b in at.button if b.label == "保存为新版本").click()
    at.run()
    assert "<ins" in _html(at) and "新增的一段" in _html(at)


def test_review_of_the_draft_against_last_year(prepared):
    _draft_offline(_page("draft"))
    at = _page("review").run()
    assert not at.exception
    assert any("对照" in m.value for m in at.markdown)
    sections = next(df.value for df in at.dataframe if "章节" in df.value.columns)
    assert list(sections["章节"].str[:1]) == ["一", "二", "三", "四", "五", "六"]
    figures = next(df.value for df in at.dataframe if "项目" in df.value.columns)
    row = figures.set_index("项目").loc["新收申请"]
    assert row["本年"] == 12
    assert any("X-01" in e.value or "T3" in e.value for e in (*at.error, *at.warning))
    labels = [b.label for b in at.get("download_button")]
    assert "下载 Word（.docx）" in labels


def test_batch_of_a_zip_with_junk_gives_rows_xlsx_and_notice():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in SEEDS[:3]:
            zf.writestr(f"报告/{p.name}", p.read_bytes())
        zf.writestr("报告/说明.exe", b"MZ")
        zf.writestr("报告/空.txt", b"")
    seen: list[tuple[int, int]] = []
    result = compare_view.run_batch([Upload(name="各单位.zip", data=buf.getvalue())],
                                    progress=lambda d, t: seen.append((d, t)))
    assert sorted(r.file for r in result.rows) == sorted(p.name for p in SEEDS[:3])
    assert {n for n, _ in result.skipped} == {"各单位.zip/报告/说明.exe", "各单位.zip/报告/空.txt"}
    assert seen and seen[-1][0] == seen[-1][1]
    frame = compare_view.batch_frame(result)
    assert len(frame) == 3
    files = compare_view.batch_files(result)
    book = openpyxl.load_workbook(io.BytesIO(files["批量核查结果.xlsx"][0]()))
    assert len(book.sheetnames) == 2
    notice = docx.Document(io.BytesIO(files["通报.docx"][0]()))
    assert any("通报" in p.text for p in notice.paragraphs)


def test_draft_as_a_report_exports_and_parses_back(prepared):
    with Store() as db:
        state = workspace.load_tables_state(db)
        saved = workspace.start_draft(db, prepared, workspace.tables_report(state, ORGAN), notes=NOTES)
        report = workspace.draft_report(ORGAN, 2021, saved.draft.text, workspace.stored_tables(db, prepared))
    files = workspace.export_files(report)
    back = load_report_bytes(next(build() for n, (build, _) in files.items() if n.endswith(".docx")), "草稿.docx")
    assert (back.agency, back.year) == (ORGAN, 2021)
    assert [s.number for s in back.sections] == ["一", "二", "三", "四", "五", "六"]
    assert back.value("t3.new.total") == 12 and back.value("t3.carried_in.natural") is None


def test_citations_are_marked_and_open_the_source_paragraph(prepared):
    at = _draft_offline(_page("draft"))
    html = _html(at)
    assert 'class="citation"' in html and "〔引1〕" in html
    button = next(b for b in at.button if b.label.startswith("〔引1〕"))
    assert ORGAN in button.label and "2020" in button.label
    button.click()
    at.run()
    assert not at.exception
    with Store() as db:
        d = db.draft(db.drafts(prepared.workspace_id)[-1])
        first = workspace.cited_passages(db, d.id, d.current.citations)
    paragraph = next(iter(first.values())).text
    assert any(paragraph[:30] in m.value for m in at.markdown)


MODEL_DRAFT = (
    "一、总体情况\n"
    "2021年，牡丹江市人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。\n"
    "（二）依申请公开\n"
    "本年新收政府信息公开申请12件，上年结转1件，予以公开8件，部分公开2件，结转下年度继续办理1件。\n"
    "五、存在的主要问题及改进情况\n"
    "公开内容还不够全面，下一步将持续改进。\n"
    "六、其他需要报告的事项\n"
    "本年度未收取信息处理费。\n"
)


def test_with_a_model_the_draft_streams_and_chat_revises(prepared, monkeypatch):
    from openai_server import OpenAIServer

    with OpenAIServer() as server:
        monkeypatch.setenv("NIANBAO_BASE_URL", server.base_url)
        monkeypatch.setenv("NIANBAO_MODEL", "test-model")
        monkeypatch.setenv("NIANBAO_API_KEY", "sk-test")
        monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
        for _ in range(3):
            server.chat_text(MODEL_DRAFT)
        at = _page("draft").run()
        assert not any("离线模式" in i.value for i in at.info)
        assert any("模型：test-model" in c.value for c in at.caption)
        next(b for b in at.button if b.label == "对话起草（模型）").click()
        at.run()
        assert not at.exception
        assert server.chat_requests()[0].body.get("stream") is True
        assert "test-model" in "\n".join(s.value for s in at.subheader)
        assert "持续深化政务公开" in _html(at)
        for _ in range(3):
            server.chat_text(MODEL_DRAFT.replace("，持续深化政务公开", ""))
        at.chat_input[0].set_value("压缩一些").run()
        assert not at.exception
        assert "压缩一些" in server.chat_requests()[-1].text()
    with Store() as db:
        d = db.draft(db.drafts(prepared.workspace_id)[-1])
        assert d.current_version == 2 and d.current.instruction == "压缩一些" and d.current.model == "test-model"
        assert [t.role for t in db.turns(d.id)].count("user") >= 2  # the conversation is kept


def test_a_hand_edit_keeps_the_citations_it_still_has(prepared):
    at = _draft_offline(_page("draft"))
    text = at.text_area(key="draft_editor").value
    at.text_area(key="draft_editor").input(text + "\n补充。")
    next(b for b in at.button if b.label == "保存为新版本").click()
    at.run()
    assert "〔引1〕" in _html(at) and "〔引?〕" not in _html(at)
