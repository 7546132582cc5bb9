"""End to end in a real browser: the app started on 127.0.0.1, driven in headless Chromium.

Uses Debian's ``chromium`` (never ``playwright install``) and ``fonts-noto-cjk``; without them the
test skips and says how to install. Screenshots of every page are kept in ``tests/artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
NOTES = ("今年共收到政府信息公开申请12件，其中自然人10件，商业企业2件。上年结转1件。予以公开8件，"
         "部分公开2件，本机关不掌握相关政府信息2件，结转下年度继续办理1件。行政复议1件，结果维持。")

playwright_api = pytest.importorskip("playwright.sync_api", reason="缺少 playwright：pip install -e '.[dev]'")
playwright_api.expect.set_options(timeout=30_000)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or not Path("/usr/share/fonts/opentype/noto").exists(),
    reason="浏览器测试需要 Debian 的 chromium 和 fonts-noto-cjk：sudo apt-get install chromium fonts-noto-cjk（或 make sysdeps）",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run ui/app.py`` on 127.0.0.1 in a subprocess, offline, with its own data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None
        self.log = data_dir.parent / "streamlit.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "OPENAI_"))}
        env["NIANBAO_DATA_DIR"] = str(self.data_dir)
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
               "--server.address", "127.0.0.1", "--server.port", str(self.port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit 启动失败：{self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit 在 60 秒内没有启动")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = AppServer(tmp_path_factory.mktemp("app") / "data")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-background-networking",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        yield b
        b.close()


@pytest.fixture(scope="module", autouse=True)
def _artifacts():
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)


def _page(browser, server, path: str):
    page = browser.new_page(viewport={"width": 1440, "height": 2200}, locale="zh-CN")
    page.set_default_timeout(60_000)
    page.goto(f"{server.url}/{path}")
    playwright_api.expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def _idle(page) -> None:
    """Wait until the script run the last action started has finished (Streamlit shows its
    status widget while a run is going on, after a short delay)."""
    try:
        page.wait_for_selector('[data-testid="stStatusWidget"]', timeout=1_500)
    except playwright_api.TimeoutError:
        pass  # a quick run: finished before the widget showed
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    page.wait_for_timeout(300)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _edit_cell(page, grid, row: int, col: int, value: str) -> None:
    """Type ``value`` into a data-editor cell: click the first row's label, move with the arrows."""
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
    page.wait_for_timeout(300)
    for _ in range(row):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(100)
    for _ in range(col):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    page.keyboard.type(value)
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    _idle(page)


def test_every_page_renders_in_chinese_with_offline_labels(browser, server):
    for path, title in (("", "起草"), ("tables", "表格"), ("review", "审核"), ("corpus", "语料库"),
                        ("settings", "设置")):
        page = _page(browser, server, path)
        playwright_api.expect(page.get_by_role("heading", level=1)).to_have_text(title)
        nav = page.locator('[data-testid="stSidebarNav"]')
        for name in ("起草", "表格", "审核", "语料库", "设置"):
            playwright_api.expect(nav.get_by_text(name, exact=True)).to_be_visible()
        if path in ("", "tables", "settings"):
            playwright_api.expect(page.get_by_text("离线模式").first).to_be_visible()
        _shot(page, f"page_{path or 'draft'}")
        page.close()


LAST = ROOT / "corpus" / "001_2f293616a0ca3bc1.txt"  # 牡丹江市人民政府, 2020
ORGAN = "牡丹江市人民政府"


def _expect_text(page, text: str, **kw):
    playwright_api.expect(page.get_by_text(text, **kw).first).to_be_visible()


def _pick(page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role("option", name=option).first.click()
    _idle(page)


def _scanned_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().draw_rect(pymupdf.Rect(20, 20, 300, 300), fill=(0.2, 0.2, 0.2))
    return doc.tobytes()


def _corpus(browser, server, tmp_path) -> None:
    page = _page(browser, server, "corpus")
    junk = tmp_path / "说明.exe"
    junk.write_bytes(b"MZ")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    big = tmp_path / "扫描合集.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    scanned = tmp_path / "扫描件.pdf"
    scanned.write_bytes(_scanned_pdf())
    junk_zip = tmp_path / "杂项.zip"
    with zipfile.ZipFile(junk_zip, "w") as zf:
        zf.writestr("a.png", b"\x89PNG")
        zf.writestr("b.exe", b"MZ")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [LAST, junk, empty, big, scanned, junk_zip])
    _idle(page)
    page.get_by_role("button", name="入库").click()
    _idle(page)
    _expect_text(page, "入库完成：新增或更新 1 份报告。")
    _expect_text(page, "不支持的文件类型")
    _expect_text(page, "空.txt：文件是空的")
    _expect_text(page, "扫描合集.pdf：文件过大（50.0 MB）")
    _expect_text(page, "扫描件.pdf：该 PDF 没有可提取的文字（可能是扫描件）")
    _expect_text(page, "杂项.zip：压缩包中没有可读取的报告文件")
    listing = page.locator('[data-testid="stDataFrame"]').first
    playwright_api.expect(listing.locator('[role="gridcell"]', has_text=LAST.name)).to_have_count(1)
    _shot(page, "corpus_after_upload")
    page.close()


def _tables(browser, server) -> None:
    page = _page(browser, server, "tables")
    page.get_by_label("报告年度").fill("2021")
    page.get_by_label("报告年度").press("Enter")
    _idle(page)
    page.get_by_label("笔记或表格粘贴").fill(NOTES)
    page.get_by_role("button", name="填表").click()
    _idle(page)
    page.get_by_role("tab", name="表三 收到和处理政府信息公开申请情况").click()
    page.wait_for_timeout(800)
    panel = page.locator('[role="tabpanel"]:visible')
    grid = panel.locator('[data-testid="stDataFrame"]').first
    playwright_api.expect(grid.locator('[role="gridcell"]').nth(1)).to_have_text("10")  # 本年新收 · 自然人
    finding = panel.get_by_text("T3-03 表三「二、上年结转政府信息公开申请数量」行")
    playwright_api.expect(finding).to_be_visible()
    _shot(page, "tables_filled")
    # 上年结转 1 件 has no applicant breakdown: the clerk types it in and that finding goes away.
    _edit_cell(page, grid, row=1, col=1, value="1")
    for col in range(2, 7):
        _edit_cell(page, grid, row=1, col=col, value="0")
    playwright_api.expect(finding).to_have_count(0)
    _shot(page, "tables_after_edit")
    page.close()


def _draft(browser, server) -> None:
    page = _page(browser, server, "")
    page.get_by_label("机关名称").fill(ORGAN)
    page.get_by_label("报告年度").fill("2021")
    page.get_by_label("报告年度").press("Enter")
    _idle(page)
    page.get_by_role("button", name="打开工作区").click()
    _idle(page)
    page.get_by_role("tab", name="从语料库选择").click()
    _pick(page, "语料库中的报告", f"{ORGAN} 2020 年度（{LAST.name}）")
    page.get_by_role("button", name="使用所选报告").click()
    _idle(page)
    _expect_text(page, f"已选 {ORGAN} 2020 年度")
    page.get_by_role("button", name="离线起草").click()
    _idle(page)
    _expect_text(page, "草稿 · 第 1 版（离线起草）")
    draft = page.locator(".draft-text")
    playwright_api.expect(draft).to_contain_text("本年新收政府信息公开申请12件")
    before = draft.locator("mark.guard-flag").count()
    _shot(page, "draft_offline")
    # The clerk types a wrong number in: saved as version 2, highlighted with its message.
    editor = page.get_by_label("草稿正文")
    editor.fill(editor.input_value().replace("本年新收政府信息公开申请12件", "本年新收政府信息公开申请15件", 1))
    editor.press("Control+Enter")
    _idle(page)
    page.get_by_role("button", name="保存为新版本").click()
    _idle(page)
    _expect_text(page, "草稿 · 第 2 版（离线起草）")
    playwright_api.expect(draft.locator("mark.guard-flag")).to_have_count(before + 1)
    mark = draft.locator("mark.guard-flag", has_text="15件")
    playwright_api.expect(mark).to_have_count(1)
    assert "12件" in (mark.get_attribute("title") or "")
    _expect_text(page, "应为 12件")
    page.get_by_role("tab", name="版本").click()
    playwright_api.expect(page.locator("ins").first).to_be_visible()
    _shot(page, "draft_flagged")
    page.close()


def _review(browser, server, tmp_path):
    from assistant.load import load_report

    page = _page(browser, server, "review")
    _expect_text(page, f"本年度：{ORGAN} 2021 年度草稿第 2 版")
    _expect_text(page, "各章节与上年的相似度")
    _expect_text(page, "逐句对照（左：上年，右：本年）")
    playwright_api.expect(page.locator("iframe").first).to_be_visible()
    _shot(page, "review_compare")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 Word（.docx）").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".docx"
    back = load_report(path)
    assert (back.agency, back.year) == (ORGAN, 2021)
    assert [s.number for s in back.sections] == ["一", "二", "三", "四", "五", "六"]
    assert back.value("t3.new.total") == 12 and back.value("t3.carried_in.natural") == 1
    assert "申请15件" in back.section("一").text
    page.get_by_role("tab", name="批量").click()
    page.locator('[role="tabpanel"]:visible [data-testid="stFileUploaderDropzoneInput"]').set_input_files(SEEDS[:3])
    _idle(page)
    page.get_by_role("button", name="批量核查").click()
    _idle(page)
    playwright_api.expect(page.get_by_role("button", name="下载 Excel（.xlsx）")).to_be_visible()
    playwright_api.expect(page.get_by_role("button", name="下载通报（.docx）")).to_be_visible()
    _shot(page, "review_batch")
    page.close()


def _settings(browser, server) -> None:
    page = _page(browser, server, "settings")
    page.get_by_label("服务地址（OpenAI 兼容）").fill("http://127.0.0.1:9/v1")
    page.get_by_label("模型名称").fill("本地模型")
    page.get_by_label("API 密钥（留空则保持不变；保存后不再显示）").fill("sk-browser-secret")
    page.get_by_role("button", name="保存").click()
    _idle(page)
    _expect_text(page, "API 密钥：已设置（不会显示）")
    assert "sk-browser-secret" not in page.content()
    assert page.get_by_label("API 密钥（留空则保持不变；保存后不再显示）").input_value() == ""
    _shot(page, "settings_saved")
    page.get_by_role("button", name="恢复为环境变量中的设置").click()
    _idle(page)
    page.close()


def test_the_whole_journey_and_a_restart(browser, server, tmp_path):
    """Upload last year's report, fill tables from notes, draft offline, plant a wrong number,
    compare, download the .docx and parse it back; restart the server: the draft is still there."""
    _corpus(browser, server, tmp_path)
    _tables(browser, server)
    _draft(browser, server)
    _review(browser, server, tmp_path)
    _settings(browser, server)
    server.stop()
    server.start()
    page = _page(browser, server, "")
    _expect_text(page, f"工作区：{ORGAN} · 2021 年度 · 草稿 1 第 2 版")
    playwright_api.expect(page.locator(".draft-text mark.guard-flag", has_text="15件")).to_have_count(1)
    _shot(page, "draft_after_restart")
    page.close()
    page = _page(browser, server, "tables")
    grid = page.locator('[role="tabpanel"]:visible [data-testid="stDataFrame"]').first
    page.get_by_role("tab", name="表三 收到和处理政府信息公开申请情况").click()
    page.wait_for_timeout(800)
    grid = page.locator('[role="tabpanel"]:visible [data-testid="stDataFrame"]').first
    cells = grid.locator('[role="gridcell"]')
    playwright_api.expect(cells.nth(1)).to_have_text("10")
    _shot(page, "tables_after_restart")
    page.close()
