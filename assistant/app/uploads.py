"""Uploaded files: refuse what cannot be a report (wrong type, empty, too large) with a Chinese
message, and unpack a .zip into its report files, listing the members that were skipped."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from pydantic import BaseModel, Field

from assistant.errors import NianbaoError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a report is a few hundred KB; 20 MB leaves room for scanned pages
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_TOTAL = 200 * 1024 * 1024  # uncompressed, against zip bombs

REPORT_SUFFIXES = (".pdf", ".docx", ".htm", ".html", ".txt", ".text", ".md", ".json")
NOTES_SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf", ".htm", ".html", ".csv", ".tsv")


class UploadError(NianbaoError):
    """An uploaded file refused before parsing (message in Chinese)."""


class Upload(BaseModel):
    """One file as the browser sent it."""

    name: str
    data: bytes


class Unpacked(BaseModel):
    """The report files of an upload (a .zip expanded) and what was left out, with reasons."""

    files: list[Upload] = Field(default_factory=list)
    skipped: list[tuple[str, str]] = Field(default_factory=list)  # (name, Chinese reason)


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def check_upload(name: str, data: bytes, suffixes: tuple[str, ...] = REPORT_SUFFIXES,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Raise :class:`UploadError` for a file of the wrong type, empty, or larger than ``max_bytes``."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in suffixes:
        allowed = "、".join(s.lstrip(".") for s in suffixes)
        raise UploadError(f"不支持的文件类型“{suffix or '无扩展名'}”，可上传：{allowed}", where=name)
    if not data or not data.strip():
        raise UploadError("文件是空的", where=name)
    if len(data) > max_bytes:
        raise UploadError(
            f"文件过大（{_size_text(len(data))}），单个文件不能超过 {_size_text(max_bytes)}", where=name
        )


def unpack(uploads: list[Upload], suffixes: tuple[str, ...] = REPORT_SUFFIXES) -> Unpacked:
    """Every report file among ``uploads``: plain files are checked, a .zip is opened and its
    report members taken (folders, hidden files and other types skipped with a reason)."""
    out = Unpacked()
    for up in uploads:
        if PurePosixPath(up.name).suffix.lower() == ".zip":
            _unpack_zip(up, suffixes, out)
            continue
        try:
            check_upload(up.name, up.data, suffixes)
        except UploadError as exc:
            out.skipped.append((up.name, exc.message))
            continue
        out.files.append(up)
    return out


def _unpack_zip(up: Upload, suffixes: tuple[str, ...], out: Unpacked) -> None:
    if not up.data:
        out.skipped.append((up.name, "压缩包是空的"))
        return
    if len(up.data) > MAX_ZIP_TOTAL:
        out.skipped.append((up.name, f"压缩包过大（{_size_text(len(up.data))}）"))
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(up.data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        out.skipped.append((up.name, "压缩包已损坏或不是 zip 格式，无法打开"))
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        out.skipped.append((up.name, f"压缩包中文件过多（{len(infos)} 个，最多 {MAX_ZIP_MEMBERS} 个）"))
        return
    total = 0
    found = 0
    with zf:
        for info in infos:
            name = _member_name(info)
            shown = f"{up.name}/{name}"
            if info.is_dir():
                continue
            if any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts):
                out.skipped.append((shown, "隐藏文件或系统文件，已跳过"))
                continue
            if PurePosixPath(name).suffix.lower() not in suffixes:
                out.skipped.append((shown, "不是报告文件（类型不支持），已跳过"))
                continue
            total += info.file_size
            if info.file_size > MAX_UPLOAD_BYTES or total > MAX_ZIP_TOTAL:
                out.skipped.append((shown, "解压后过大，已跳过"))
                continue
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
                out.skipped.append((shown, "压缩包中的这个文件已损坏或加密，无法读取"))
                continue
            try:
                check_upload(name, data, suffixes)
            except UploadError as exc:
                out.skipped.append((shown, exc.message))
                continue
            out.files.append(Upload(name=PurePosixPath(name).name, data=data))
            found += 1
    if not found:
        out.skipped.append((up.name, "压缩包中没有可读取的报告文件"))


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; zips made on Chinese Windows store GBK names without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name
