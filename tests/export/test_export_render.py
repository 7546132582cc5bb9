"""Render check: the exported .docx converted to PDF by LibreOffice (where installed) has the
expected pages and the tables' text; one page image is kept under tests/artifacts/ to look at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.export import export_docx
from assistant.load import load_report

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"  # gitignored: the page image to look at
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="未安装 LibreOffice（apt-get install libreoffice-writer-nogui）")
@pytest.mark.timeout(240)
def test_docx_renders_with_its_tables(tmp_path, corpus_dir):
    import pymupdf

    report = load_report(corpus_dir / "001_2f293616a0ca3bc1.txt")
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(export_docx(report))
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=200,
    )
    pdf = pymupdf.open(tmp_path / "report.pdf")
    # Body text and three tables of a real report on A4 with 公文 margins: several pages, not dozens.
    assert 5 <= pdf.page_count <= 15
    assert round(pdf[0].rect.width / 72 * 25.4) == 210 and round(pdf[0].rect.height / 72 * 25.4) == 297
    text = "".join(page.get_text() for page in pdf).replace(" ", "").replace("\n", "")
    assert report.title.replace(" ", "") in text
    for label in ("第二十条第（一）项", "申请人情况", "法人或其他组织", "结转下年度继续办理", "未经复议直接起诉", "复议后起诉"):
        assert label in text
    # Table 三's first row as printed: its label and then its seven numbers.
    new = "".join(str(report.value(f"t3.new.{c}")) for c in
                  ("natural", "business", "research", "public_interest", "legal_service", "other_org", "total"))
    assert f"一、本年新收政府信息公开申请数量{new}" in text
    page = next(i for i, p in enumerate(pdf) if "申请人情况" in p.get_text())
    ARTIFACTS.mkdir(exist_ok=True)
    pdf[page].get_pixmap(dpi=80).save(ARTIFACTS / "export_table3_page.png")
    assert (ARTIFACTS / "export_table3_page.png").stat().st_size > 10_000
