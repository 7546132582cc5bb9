"""Bad uploads are refused with a Chinese reason; a .zip yields its report files and names the junk."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.app.uploads import MAX_UPLOAD_BYTES, Upload, UploadError, check_upload, unpack

SEED = Path(__file__).resolve().parents[2] / "corpus" / "001_2f293616a0ca3bc1.txt"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("报告.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("报告", b"text", "无扩展名"),
        ("空.txt", b"", "文件是空的"),
        ("空白.txt", b" \n\t ", "文件是空的"),
        ("大.pdf", b"%PDF" + b"0" * (50 * 1024 * 1024), "文件过大（50.0 MB）"),
    ],
)
def test_refused_uploads_say_why_in_chinese(name, data, words):
    with pytest.raises(UploadError) as info:
        check_upload(name, data)
    assert words in str(info.value)
    assert info.value.where == name


def test_a_report_within_the_limit_passes():
    check_upload("a.txt", SEED.read_bytes())
    check_upload("b.PDF", b"%PDF-1.4" + b"0" * (MAX_UPLOAD_BYTES - 16))


def test_zip_keeps_reports_and_names_the_junk():
    data = _zip({
        "2023/甲.txt": SEED.read_bytes(),
        "2023/乙.docx": b"",  # empty
        "__MACOSX/._甲.txt": b"junk",
        ".DS_Store": b"junk",
        "setup.exe": b"MZ",
        "folder/": b"",
    })
    out = unpack([Upload(name="报告.zip", data=data)])
    assert [f.name for f in out.files] == ["甲.txt"]
    assert out.files[0].data == SEED.read_bytes()
    reasons = dict(out.skipped)
    assert "文件是空的" in reasons["报告.zip/2023/乙.docx"]
    assert "不是报告文件" in reasons["报告.zip/setup.exe"]
    assert "隐藏文件" in reasons["报告.zip/.DS_Store"]


def test_corrupt_or_empty_zip_is_named_not_raised():
    out = unpack([Upload(name="坏.zip", data=b"PK\x03\x04 not really"), Upload(name="空.zip", data=b"")])
    assert not out.files
    reasons = dict(out.skipped)
    assert "已损坏" in reasons["坏.zip"]
    assert "空" in reasons["空.zip"]


def test_zip_of_only_junk_says_so():
    out = unpack([Upload(name="杂.zip", data=_zip({"a.png": b"\x89PNG", "b.exe": b"MZ"}))])
    assert not out.files
    assert dict(out.skipped)["杂.zip"] == "压缩包中没有可读取的报告文件"


def test_gbk_member_names_of_windows_zips_are_read():
    # Chinese Windows writes GBK names without the UTF-8 flag: patch them into the raw bytes.
    data = _zip({"abcd.txt": SEED.read_bytes()}).replace(b"abcd.txt", "年报.txt".encode("gbk"))
    out = unpack([Upload(name="win.zip", data=data)])
    assert [f.name for f in out.files] == ["年报.txt"]
