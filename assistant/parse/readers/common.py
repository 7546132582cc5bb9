"""What every reader shares: size caps and the Chinese messages for unreadable input."""

from __future__ import annotations

import re

__all__ = ["MAX_BYTES", "MAX_SPAN", "ALLOWED_CONTROLS", "WS", "CJK"]

MAX_BYTES = 64 * 1024 * 1024  # a report is a few hundred KB; refuse anything absurd
MAX_SPAN = 200  # cap on colspan/rowspan, against hostile markup
ALLOWED_CONTROLS = set("\t\n\r\f\v")
WS = re.compile(r"[ \t\n\r\f\v\u00a0\u3000\u200b]+")
CJK = re.compile(r"[\u4e00-\u9fff]")

MSG_EMPTY = "文件为空：没有可读取的报告内容。"
MSG_BINARY = "无法读取：文件看起来是二进制数据，不是报告文本。"
MSG_SCANNED = "该 PDF 没有可提取的文字（可能是扫描件），请先做文字识别（OCR）后再导入。"
MSG_NO_CHINESE = "该 PDF 的文字层里没有中文（可能是扫描件，或字体编码无法识别），请先做文字识别（OCR）后再导入。"
MSG_PDF_BROKEN = "PDF 文件已损坏或不完整，无法读取。"
MSG_DOCX_BROKEN = "Word 文档（.docx）已损坏或不完整，无法读取。"
MSG_ZIP_NOT_DOCX = "这是一个压缩文件，但不是 Word（.docx）文档，无法读取。"
MSG_IMAGE = "文件是图片，没有可提取的文字，请先做文字识别（OCR）后再导入。"
