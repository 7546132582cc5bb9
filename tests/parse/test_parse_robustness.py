"""Property tests: whatever bytes or text arrive, ``parse`` returns a Report or raises ParseError
with a Chinese message — never any other exception; the internal text parser raises only ParseError."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.parse import ParseError, parse
from assistant.parse.text import _parse, parse_text
from assistant.report import Report

GARBAGE = ("html_error_page.pdf", "mojibake_gbk_as_latin1.txt", "not_a_report.txt")  # in tests/fixtures/parse

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="session")
def report_bytes(seed_paths, reports_dir) -> dict[str, bytes]:
    """The seeds and the layout fixtures, as bytes."""
    fixtures = sorted(p for p in reports_dir.iterdir() if p.is_file())
    return {p.name: p.read_bytes() for p in [*seed_paths, *fixtures]}


def _chinese(msg: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in msg)


def parses_or_parse_error(src) -> Report | None:
    """The contract under test; also checks a returned report can be exported."""
    try:
        report = parse(src)
    except ParseError as exc:
        assert _chinese(str(exc)), f"ParseError without a Chinese message: {exc!r}"
        return None
    assert isinstance(report, Report)
    json.dumps(report.to_canonical(), ensure_ascii=False)
    return report


# --- the internal text parser: ParseError or a result, without the safety net of parse() -----------

ALPHABET = "一二三四五六七（）()、.．0123456789０１ \t\n\r年度报告人民政府局总计其他本年新收予以公开万元元-+/—\u3000\xa0"


def _internal_ok(text: str) -> None:
    try:
        _parse(text, None)
    except ParseError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_internal_parser_on_random_table_like_text(text):
    _internal_ok(text)


@pytest.fixture(scope="session")
def table_texts(seed_texts, fixtures_dir) -> list[str]:
    return [seed_texts["001_2f293616a0ca3bc1.txt"], (fixtures_dir / "parse" / "r2021_tab_blanks.txt").read_text(encoding="utf-8")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(0, 20000), st.integers(0, 20000), st.text(alphabet=ALPHABET, max_size=80))
def test_internal_parser_on_mutilated_reports(table_texts, data, a, b, insert):
    base = data.draw(st.sampled_from(table_texts))
    a, b = sorted((a % (len(base) + 1), b % (len(base) + 1)))
    _internal_ok(base[:a] + insert + base[b:])  # cut a piece out and put junk in its place
    _internal_ok(base[:a])  # truncated


def test_binary_like_text_is_a_parse_error():
    for junk in ["\x00" * 100, "\ufffd" * 50, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"]:
        try:
            parse_text(junk)
        except ParseError as exc:
            assert str(exc)


# --- random input ----------------------------------------------------------------------------------


@settings(max_examples=300, **SETTINGS)
@given(st.binary(max_size=3000))
@example(b"")
@example(b"\x00")
@example(b"%PDF")
@example(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
@example(b"PK\x03\x04")
@example(b"PK\x05\x06" + b"\x00" * 18)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe")
@example("<table><tr><td rowspan=999999999 colspan=-3>一</td></tr></table>".encode())
def test_random_bytes(data):
    parses_or_parse_error(data)


_report_alphabet = st.sampled_from(
    list("一二三四五六七（）、.0123456789 \t\n年件万元总计自然人行政复议诉讼规章") + ["\u3000", "\xa0", "本年新收政府信息公开申请数量"]
)


@settings(max_examples=200, **SETTINGS)
@given(st.one_of(st.text(max_size=2000), st.lists(_report_alphabet, max_size=400).map("".join)))
@example("")
@example("\n")
@example("一、总体情况\n")
@example("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 99999999999999999999999999\n")
def test_random_text(text):
    parses_or_parse_error(text)


# --- real and fixture reports, damaged -------------------------------------------------------------


@settings(max_examples=200, **SETTINGS)
@given(st.data(), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_reports(report_bytes, data_, fraction):
    data = report_bytes[data_.draw(st.sampled_from(sorted(report_bytes)))]
    parses_or_parse_error(data[: int(len(data) * fraction)])


@settings(max_examples=150, **SETTINGS)
@given(
    st.data(),
    st.lists(st.tuples(st.floats(min_value=0.0, max_value=0.999), st.integers(1, 255)), min_size=1, max_size=20),
)
def test_bytes_flipped(report_bytes, pick, flips):
    data = bytearray(report_bytes[pick.draw(st.sampled_from(sorted(report_bytes)))])
    for where, xor in flips:
        data[int(len(data) * where)] ^= xor
    parses_or_parse_error(bytes(data))


@settings(max_examples=200, **SETTINGS)
@given(st.data())
def test_seed_text_with_lines_edited(seed_texts, data):
    """Near-valid reports: lines dropped, duplicated, or replaced by numbers."""
    lines = seed_texts[data.draw(st.sampled_from(sorted(seed_texts)))].split("\n")
    for _ in range(data.draw(st.integers(1, 12))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "digits", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "digits":
            lines[i] = data.draw(st.from_regex(r"[0-9 \t\-+.]{0,40}", fullmatch=True))
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        if not lines:
            lines = [""]
    parses_or_parse_error("\n".join(lines))


# --- specific broken containers ------------------------------------------------------------------


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \n\t",
        _zip({"readme.txt": "一、总体情况".encode()}),
        _zip({"word/document.xml": b"<not xml"}),
        _zip({"word/document.xml": b"<?xml version='1.0'?><w:document xmlns:w='x'/>", "[Content_Types].xml": b""}),
        b"%PDF-1.5\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["empty", "blank", "zip-not-docx", "docx-bad-xml", "docx-wrong-ns", "pdf-junk", "pdf-no-pages"],
)
def test_broken_containers_raise_parse_error(data):
    with pytest.raises(ParseError) as exc:
        parse(data)
    assert _chinese(str(exc.value))


@pytest.mark.parametrize("name", GARBAGE)
def test_garbage_fixture_files(name, fixtures_dir):
    parses_or_parse_error(fixtures_dir / "parse" / name)


def test_garbage_fixtures_give_no_tables(fixtures_dir):
    """A web error page is refused; a notice and mojibake are not reports with tables."""
    with pytest.raises(ParseError):
        parse(fixtures_dir / "parse" / GARBAGE[0])
    for name in GARBAGE[1:]:
        report = parses_or_parse_error(fixtures_dir / "parse" / name)
        assert report is None or not any(v is not None for v in report.canonical_cells().values())


# --- the CLI -------------------------------------------------------------------------------------


def _unreadable_files(tmp: Path, reports_dir: Path, fixtures_dir: Path) -> list[Path]:
    import pymupdf

    files = {
        "scan.pdf": None,
        "truncated.docx": (reports_dir / "f2021_word.docx").read_bytes()[:2000],
        "archive.zip": _zip({"a.txt": b"x"}),
        "binary.txt": bytes(range(256)) * 8,
        "empty.txt": b"",
        "page.pdf": (fixtures_dir / "parse" / GARBAGE[0]).read_bytes(),
    }
    doc = pymupdf.open()
    doc.new_page().draw_rect(pymupdf.Rect(10, 10, 200, 200), fill=(0, 0, 0))
    files["scan.pdf"] = doc.tobytes()
    out = []
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out.append(tmp / name)
    return out


def test_cli_parse_unreadable_files_exit_2_with_chinese_message(tmp_path, reports_dir, fixtures_dir):
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    for path in _unreadable_files(tmp_path, reports_dir, fixtures_dir) + [tmp_path / "missing.pdf"]:
        result = runner.invoke(app, ["parse", str(path)])
        assert result.exit_code == 2, (path.name, result.output)
        assert path.name in result.stderr and _chinese(result.stderr), (path.name, result.stderr)
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
