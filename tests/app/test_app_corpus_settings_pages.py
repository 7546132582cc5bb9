"""The 语料库 and 设置 pages in AppTest (uploads themselves are driven in the browser test)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.app import library
from assistant.app.uploads import Upload

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "ui" / "views" / f"{name}.py"), default_timeout=60)


def test_empty_corpus_page_says_so():
    at = _page("corpus").run()
    assert not at.exception
    assert any("索引为空" in i.value for i in at.info)


def test_corpus_page_lists_searches_and_removes():
    with library.open_index() as index:
        library.ingest_uploads(index, [Upload(name=p.name, data=p.read_bytes()) for p in SEEDS[:2]])
    at = _page("corpus").run()
    assert not at.exception
    listing = at.dataframe[0].value
    assert sorted(listing["文件"]) == sorted(p.name for p in SEEDS[:2])
    assert set(listing.columns) >= {"机关", "年度", "格式", "解析说明"}

    organ = listing["机关"].iloc[0]
    at.text_input[0].input("依申请公开")
    at.selectbox[0].select(organ)
    at.button[-1].click()  # the form's 检索
    at.run()
    assert not at.exception
    titles = [e.label for e in at.expander]
    assert titles and all(organ in t for t in titles)

    at.multiselect[0].select(at.multiselect[0].options[0]).run()
    next(b for b in at.button if b.label == "移除所选").click()
    at.run()
    assert not at.exception
    with library.open_index() as index:
        assert len(library.rows(index)) == 1


def test_corpus_search_without_query_is_a_chinese_message():
    at = _page("corpus").run()
    at.button[-1].click()
    at.run()
    assert not at.exception
    assert any("检索内容不能为空" in e.value for e in at.error)


def test_settings_offline_plainly_and_never_the_key(monkeypatch):
    monkeypatch.setenv("NIANBAO_API_KEY", "sk-secret-should-never-show")
    at = _page("settings").run()
    assert not at.exception
    shown = "\n".join(str(e.value) for e in (*at.info, *at.markdown, *at.caption, *at.text_input))
    assert "离线模式" in shown
    assert "已设置（不会显示）" in shown
    assert "sk-secret" not in shown and "sk-secret" not in str(at._tree)
    assert any("不配置模型也能用" in m.value for m in at.markdown)
    assert any("数据目录" in m.value for m in at.markdown)
    # The connection test offline calls nothing and says so.
    next(b for b in at.button if b.label == "连接测试").click()
    at.run()
    assert any("没有调用任何服务" in i.value for i in at.info)


def test_settings_form_validates_and_applies_overrides(monkeypatch):
    at = _page("settings").run()
    at.text_input[0].input("ftp://example")
    at.text_input[1].input("m")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert any("http://" in e.value for e in at.error)
    at.text_input[0].input("http://127.0.0.1:9/v1")
    at.text_input[1].input("m")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert not at.exception
    from assistant.app.workspace import MODEL_SETTINGS
    from assistant.store import Store

    with Store() as db:  # kept for the next session, without any key
        assert db.get_setting(MODEL_SETTINGS)["base_url"] == "http://127.0.0.1:9/v1"
    again = _page("settings").run()
    assert any("已配置" in s.value for s in again.success)
    assert any("已配置" in s.value for s in at.success)


def test_a_key_typed_in_is_used_but_never_shown_or_stored():
    from assistant.app.workspace import MODEL_SETTINGS
    from assistant.store import Store

    at = _page("settings").run()
    at.text_input[0].input("http://127.0.0.1:9/v1")
    at.text_input[1].input("m")
    at.text_input[3].input("sk-typed-secret")
    next(b for b in at.button if b.label == "保存").click()
    at.run()
    assert not at.exception
    assert "sk-typed" not in str(at._tree)
    assert any("已设置（不会显示）" in c.value for c in at.caption)
    with Store() as db:
        assert "sk-typed" not in str(db.get_setting(MODEL_SETTINGS))
