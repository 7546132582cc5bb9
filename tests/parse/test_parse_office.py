"""Old Office files (.doc, .wps, .rtf) go through LibreOffice when it is installed."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import GOLD

from assistant.parse import ParseError, parse
from assistant.parse.readers import office, read_source
from assistant.testing.layouts import render

needs_soffice = pytest.mark.skipif(office.find_soffice() is None, reason="LibreOffice (soffice) is not installed")


def test_without_libreoffice_the_message_says_how_to_save_as_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("NIANBAO_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(ParseError, match=r"另存为.*\.docx"):
        read_source(b"{\\rtf1\\ansi XX\\par}")


@needs_soffice
def test_doc_parses_like_the_docx_it_was_saved_from(tmp_path):
    gold = json.loads((GOLD / "f2021_tabs.json").read_text(encoding="utf-8"))
    data, _ = render(gold, "docx")
    src = tmp_path / "report.docx"
    src.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [office.find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    report = parse(tmp_path / "report.doc")
    assert report.to_canonical()["cells"] == gold["cells"]
    assert report.agency == gold["agency"]


@needs_soffice
def test_rtf_is_read():
    text = read_source(b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0 SimSun;}}\\f0 XX\\'cf\\'d8\\par}")
    assert text.strip() == "XX县"


@needs_soffice
def test_broken_doc_gets_a_chinese_message():
    with pytest.raises(ParseError, match="LibreOffice"):
        read_source(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
