"""Old Office files (.doc, .wps, .rtf) → .docx through LibreOffice, when it is installed.

``soffice --headless --convert-to docx`` runs in a temporary folder with its own profile (so a
LibreOffice the user has open is not disturbed) and a time limit. Without LibreOffice the message
says how to save the file as .docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.parse.errors import ParseError

__all__ = ["CONVERT_TIMEOUT", "find_soffice", "to_docx"]

CONVERT_TIMEOUT = 120  # seconds for one conversion
_NAMES = {".doc": "Word 97-2003（.doc）", ".wps": "WPS（.wps）", ".rtf": "RTF（.rtf）"}


def find_soffice() -> str | None:
    """The LibreOffice program (``NIANBAO_SOFFICE``, else ``soffice``/``libreoffice`` on PATH)."""
    configured = os.environ.get("NIANBAO_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str) -> bytes:
    """The .docx LibreOffice makes of an old Office file. Raises ``ParseError`` (Chinese)."""
    kind = _NAMES.get(suffix, "旧版 Office")
    program = find_soffice()
    if program is None:
        raise ParseError(
            f"这是 {kind} 文件，需要 LibreOffice 才能读取，但本机未安装。"
            "请用 Word 或 WPS 打开后“另存为” Word 文档（.docx）再导入，或安装 LibreOffice。"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-office-") as tmp:
        src = Path(tmp) / f"report{suffix or '.doc'}"
        src.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        cmd = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ParseError(f"用 LibreOffice 转换 {kind} 文件超过 {CONVERT_TIMEOUT} 秒仍未完成，请另存为 .docx 后再导入。") from None
        except OSError:
            raise ParseError(f"无法运行 LibreOffice 转换 {kind} 文件，请另存为 .docx 后再导入。") from None
        out = src.with_suffix(".docx")
        if not out.is_file() or out.stat().st_size == 0:
            raise ParseError(f"LibreOffice 无法转换这个 {kind} 文件（文件可能已损坏），请另存为 .docx 后再导入。")
        return out.read_bytes()
