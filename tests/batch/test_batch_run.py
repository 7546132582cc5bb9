from __future__ import annotations

import csv
import io
import shutil

import pytest
from typer.testing import CliRunner

from assistant.batch import check_batch, normalise_organ
from assistant.batch.write import COLUMNS, FINDING_COLUMNS, notice_docx, write_csv, xlsx_bytes
from assistant.checker import check
from assistant.cli import app
from assistant.load import load_report
from assistant.testing.reports import shift_years


@pytest.fixture
def this_path(corpus_dir):
    return corpus_dir / "001_2f293616a0ca3bc1.txt"  # 牡丹江市人民政府 2020


@pytest.fixture
def folders(tmp_path, corpus_dir, gold_dir, this_path):
    """This year's folder (nested, with a bad file) and last year's folder."""
    this = tmp_path / "2020"
    (this / "区县").mkdir(parents=True)
    shutil.copy(this_path, this / "牡丹江市.txt")
    shutil.copy(corpus_dir / "003_ac7dc73dff26925e.txt", this / "区县" / "东安区.txt")
    shutil.copy(gold_dir / "f2021_tabs.json", this / "表格.json")
    (this / "损坏.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (this / "说明.md").write_text("不是报告", encoding="utf-8")
    last = tmp_path / "2019"
    last.mkdir()
    # Last year's report of 牡丹江市人民政府, printed with a space in the organ's name.
    text = shift_years(this_path.read_text(encoding="utf-8")).replace("牡丹江市人民政府", "牡丹江市 人民政府", 1)
    (last / "牡丹江市2019.txt").write_text(text, encoding="utf-8")
    return this, last


def test_rows_pairing_and_bad_file(folders, this_path):
    this, last = folders
    rows = check_batch(this, last, workers=2)
    by_name = {r.file.rsplit("/", 1)[-1]: r for r in rows}
    assert set(by_name) == {"牡丹江市.txt", "东安区.txt", "表格.json", "损坏.pdf"}  # recursive, .md skipped
    bad = by_name["损坏.pdf"]
    assert bad.error and bad.organ is None and bad.errors == 0
    mdj = by_name["牡丹江市.txt"]
    assert mdj.previous_file and mdj.previous_file.endswith("牡丹江市2019.txt")
    assert mdj.copy_ratio is not None and mdj.copy_ratio > 0.9  # last year's text, years changed
    report = load_report(this_path)
    assert (mdj.organ, mdj.year, mdj.format) == (report.agency, report.year, report.format.value)
    assert (mdj.new_applications, mdj.handled_total, mdj.carried_forward) == (130, 127, 6)
    assert mdj.review_total == report.value("t4.review.total")
    assert mdj.suit_total == report.value("t4.suit_direct.total") + report.value("t4.suit_after_review.total")
    expected = check(report, load_report(last / "牡丹江市2019.txt"))
    assert (mdj.errors, mdj.warnings) == (len(expected.errors), len(expected.warnings))
    assert {"X-01", "X-05"} <= set(mdj.rules)  # carried-in ≠ last year's carried-forward; text copied
    assert by_name["东安区.txt"].previous_file is None and by_name["东安区.txt"].copy_ratio is None
    assert by_name["表格.json"].organ == "示例市交通运输局"


def test_one_process_gives_the_same_rows(folders):
    this, last = folders
    assert check_batch(this, last, workers=1) == check_batch(this, last, workers=2)


def test_progress_reaches_the_total(folders):
    this, last = folders
    seen: list[tuple[int, int]] = []
    check_batch(this, last, workers=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == 2 * 4 + 1


def test_normalised_organ_names():
    assert normalise_organ("牡丹江市 人民政府") == normalise_organ("牡丹江市人民政府")
    assert normalise_organ("（东安区）人民政府") == normalise_organ("东安区人民政府")
    assert normalise_organ(None) is None


def test_csv_xlsx_and_notice(folders, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    this, last = folders
    rows = check_batch(this, last, workers=1)
    write_csv(rows, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table[0] == [name for _, name in COLUMNS] and len(table) == 1 + len(rows)
    wb = load_workbook(io.BytesIO(xlsx_bytes(rows)))
    assert wb.sheetnames == ["报告", "核查发现"]
    findings = list(wb["核查发现"].values)
    assert findings[0] == FINDING_COLUMNS
    assert len(findings) - 1 == sum(len(r.findings) for r in rows)
    assert {f[3] for f in findings[1:]} == {f.rule for r in rows for f in r.findings}
    text = "\n".join(p.text for p in Document(io.BytesIO(notice_docx(rows))).paragraphs)
    assert "关于2020年度政府信息公开工作年度报告核查情况的通报" in text and "共核查年度报告 4 份" in text
    assert "牡丹江市人民政府" in text and "无法读取的文件" in text and "损坏.pdf" in text


def test_cli(folders, tmp_path):
    this, last = folders
    result = CliRunner().invoke(app, ["check-batch", str(this), "--previous-dir", str(last), "--workers", "1",
                                      "--xlsx", str(tmp_path / "r.xlsx"), "--docx", str(tmp_path / "通报.docx")])
    assert result.exit_code == 2, result.output  # a file could not be read
    assert "无法读取" in result.output and "共 4 份" in result.output
    assert (tmp_path / "r.xlsx").stat().st_size > 0 and (tmp_path / "通报.docx").stat().st_size > 0
    missing = CliRunner().invoke(app, ["check-batch", str(tmp_path / "无此目录")])
    assert missing.exit_code == 2 and "不是目录" in missing.output
