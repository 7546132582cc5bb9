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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
SEEDS = sorted((ROOT / "corpus").glob("0*.txt"))
NOTES = ("今年共收到政府信息公开申请12件，其中自然人10件，商业企业2件。上年结转1件。予以公开8件，"
         "部分公开2件，本机关不掌握相关政府信息2件，结转下年度继续办理1件。行政复议1件，结果维持。")

playwright_api = pytest.importorskip("playwright.sync_api", reason="缺少 playwright：pip install -e '.[dev]'")

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
    """Wait until the script run the last action started has finished."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
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
    for path, title in (("draft", "起草"), ("tables", "表格"), ("review", "审核"), ("corpus", "语料库"),
                        ("settings", "设置")):
        page = _page(browser, server, path)
        playwright_api.expect(page.get_by_role("heading", level=1)).to_have_text(title)
        nav = page.locator('[data-testid="stSidebarNav"]')
        for name in ("起草", "表格", "审核", "语料库", "设置"):
            playwright_api.expect(nav.get_by_text(name, exact=True)).to_be_visible()
        if path in ("draft", "tables", "settings"):
            playwright_api.expect(page.get_by_text("离线模式").first).to_be_visible()
        _shot(page, f"page_{path}")
        page.close()


def test_corpus_upload_list_and_bad_files(browser, server, tmp_path):
    page = _page(browser, server, "corpus")
    junk = tmp_path / "说明.exe"
    junk.write_bytes(b"MZ")
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([SEEDS[0], SEEDS[1], junk, empty])
    _idle(page)
    page.get_by_role("button", name="入库").click()
    _idle(page)
    playwright_api.expect(page.get_by_text("入库完成：新增或更新 2 份报告。")).to_be_visible()
    playwright_api.expect(page.get_by_text("不支持的文件类型")).to_be_visible()
    playwright_api.expect(page.get_by_text("空.txt：文件是空的")).to_be_visible()
    listing = page.locator('[data-testid="stDataFrame"]').first
    playwright_api.expect(listing.locator('[role="gridcell"]', has_text=SEEDS[0].name)).to_have_count(1)
    _shot(page, "corpus_after_upload")
    page.close()


def test_tables_notes_fill_a_cell_show_a_finding_and_refresh_on_edit(browser, server):
    page = _page(browser, server, "tables")
    page.get_by_label("报告年度").fill("2023")
    page.get_by_label("报告年度").press("Enter")
    _idle(page)
    page.get_by_label("笔记或表格粘贴").fill(NOTES)
    page.get_by_role("button", name="填表").click()
    _idle(page)
    page.get_by_role("tab", name="表三 收到和处理政府信息公开申请情况").click()
    page.wait_for_timeout(800)
    panel = page.locator('[role="tabpanel"]:visible')
    grid = panel.locator('[data-testid="stDataFrame"]').first
    row0 = grid.locator('[role="gridcell"]')
    playwright_api.expect(row0.nth(1)).to_have_text("10")  # 本年新收 · 自然人, read from the notes
    t301 = panel.get_by_text("T3-03 表三「二、上年结转政府信息公开申请数量」行")
    playwright_api.expect(t301).to_be_visible()
    _shot(page, "tables_filled")
    # 上年结转 1 件 has no applicant breakdown: the clerk types it in and that finding goes away.
    _edit_cell(page, grid, row=1, col=1, value="1")
    for col in range(2, 7):
        _edit_cell(page, grid, row=1, col=col, value="0")
    playwright_api.expect(t301).to_have_count(0)
    _shot(page, "tables_after_edit")
    page.close()
