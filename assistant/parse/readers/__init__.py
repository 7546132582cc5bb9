"""Readers, one module per input kind: a file or bytes in any layout → normalised report text.

``read_source`` detects the kind by content first (``%PDF``, a zip holding ``word/document.xml``,
HTML tags after decoding) and by extension second. PDF text layers are concatenated. Word, HTML
and ruled PDF tables become tab-separated lines, one per row, on a grid where a merged cell's
text appears once (its top-left position) and every position it also covers is an empty
string — the shape of tab-separated seeds such as ``corpus/003*``. Word's automatic paragraph
numbering (``一、`` ``（一）``) is written out, as the reader of the document sees it.

Every failure is a ``ParseError`` with a Chinese message; no library exception escapes.
"""


from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from assistant.parse.errors import ParseError
from assistant.parse.readers.common import (
    MAX_BYTES,
    MSG_DOCX_BROKEN,
    MSG_EMPTY,
    MSG_IMAGE,
    MSG_PDF_BROKEN,
    MSG_ZIP_NOT_DOCX,
)
from assistant.parse.readers.crawler import is_collapsed, read_header, unfold
from assistant.parse.readers.docx import docx_to_text
from assistant.parse.readers.html import html_to_text, looks_like_html
from assistant.parse.readers.markdown import looks_like_markdown, markdown_to_text
from assistant.parse.readers.office import to_docx
from assistant.parse.readers.pages import strip_page_marks
from assistant.parse.readers.pdf import pdf_to_text
from assistant.parse.readers.text import decode_text, normalise_text_layer

__all__ = [
    "decode_text",
    "detect_kind",
    "docx_to_text",
    "html_to_text",
    "pdf_to_text",
    "read_source",
    "text_layout",
]

def read_source(src: str | Path | bytes) -> str:
    """The report text of a file path or of raw bytes. Raises ``ParseError``."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        data, suffix = bytes(src), ""
    elif isinstance(src, str) and "\n" in src:  # report text itself, not a path
        data, suffix = src.encode("utf-8"), ""
    else:
        data, suffix = _read_file(Path(src)), Path(src).suffix.lower()
    if len(data) > MAX_BYTES:
        raise ParseError(f"文件过大（{len(data) // (1024 * 1024)} MB），不像是一份年度报告。")
    if not data.strip():
        raise ParseError(MSG_EMPTY)
    kind = detect_kind(data, suffix)
    if kind == "pdf":
        text = pdf_to_text(data)
    elif kind == "docx":
        text = docx_to_text(data)
    elif kind in ("doc", "wps", "rtf"):
        text = docx_to_text(to_docx(data, f".{kind}"))
        if not text.strip():
            raise ParseError(f"{kind.upper()} 文件经 LibreOffice 转换后没有文字内容。")
    else:
        text = decode_text(data)
        if kind == "html" or looks_like_html(text):
            text = html_to_text(text)
    text = normalise_text_layer(text)
    if not text.strip():
        raise ParseError(MSG_EMPTY)
    return text


def _read_file(path: Path) -> bytes:
    shown = str(path) if len(str(path)) <= 200 else str(path)[:200] + "…"
    try:
        if not path.exists():
            raise ParseError(f"找不到文件：{shown}")
        if path.is_dir():
            raise ParseError(f"这是一个文件夹，不是文件：{shown}")
        if path.stat().st_size > MAX_BYTES:
            raise ParseError(f"文件过大，不像是一份年度报告：{shown}")
        return path.read_bytes()
    except ParseError:
        raise
    except (OSError, ValueError) as exc:
        raise ParseError(f"无法读取文件：{shown}（{getattr(exc, 'strerror', None) or exc}）") from None


def detect_kind(data: bytes, suffix: str = "") -> str:
    """``pdf``, ``docx``, ``doc``/``wps``/``rtf`` (through LibreOffice), ``html`` or ``text``; raises ``ParseError`` for known unreadable kinds."""
    head = data[:1024]
    if b"%PDF" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise ParseError(MSG_DOCX_BROKEN if suffix == ".docx" else "压缩文件已损坏，无法读取。") from None
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names:
            raise ParseError("暂不支持 OFD 版式文件，请导出为 PDF 或 Word（.docx）后再导入。")
        if "xl/workbook.xml" in names:
            raise ParseError("这是 Excel 表格文件，不是年度报告，请导入报告的 Word、PDF 或文本文件。")
        raise ParseError(MSG_ZIP_NOT_DOCX)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: .doc, .wps (also .xls, .ppt)
        if suffix in (".xls", ".et"):
            raise ParseError("这是 Excel 表格文件，不是年度报告，请导入报告的 Word、PDF 或文本文件。")
        if suffix in (".ppt", ".dps"):
            raise ParseError("这是演示文稿文件，不是年度报告，请导入报告的 Word、PDF 或文本文件。")
        return "wps" if suffix == ".wps" else "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise ParseError(MSG_IMAGE)
    # Content did not tell; the extension may.
    if suffix in (".pdf", ".docx", ".doc") and re.search(rb"<\s*(?:!doctype\s+html|html|body)\b", head, re.I):
        raise ParseError(f"文件扩展名是 {suffix}，内容却是网页（HTML），可能下载不完整或下载到了错误页面。")
    if suffix == ".pdf":
        raise ParseError(MSG_PDF_BROKEN)
    if suffix == ".docx":
        raise ParseError(MSG_DOCX_BROKEN)
    if suffix in (".doc", ".wps"):
        raise ParseError(f"文件扩展名是 {suffix}，内容却不是 Word/WPS 文档，文件可能已损坏。")
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    return "text"


_MD_HEADING = re.compile(r"^#{1,6}[ \t]*", re.M)


def text_layout(text: str) -> str:
    """Report text in the layout the table and section readers expect, from the text layouts that
    arrive as plain text: a crawler's header block and collapsed lines, converter Markdown, page
    marks. Text already in that layout comes back unchanged."""
    header, body = read_header(text)
    if header is not None:
        head = [header.title or ""]
        if header.publisher:
            head.append(f"发布机构：{header.publisher}")
        if header.published:
            head.append(f"发布时间：{header.published}")
        text = "\n".join([*head, "", body])
    if looks_like_markdown(text):
        text = markdown_to_text(text)
    elif "#" in text:
        text = _MD_HEADING.sub("", text)
    if is_collapsed(text):
        text = unfold(text)
    return strip_page_marks(text)
