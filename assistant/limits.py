"""Input size limits, one place for every command (README lists them).

A published annual report is 10–60 thousand characters; a clerk's notes a few thousand. The
limits leave ample room above that and refuse, with a Chinese message, input that would make a
command run for minutes or use hundreds of megabytes. Under them parsing uses memory linear in
the input (measured: about 12 MB per MB of text on top of a 30 MB interpreter).

Each limit is checked at the entry points (``assistant.load``, ``assistant.parse.parse``, notes
reading, ingestion, search): file size before reading, text length after reading.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.errors import ReadError

MB = 1024 * 1024
BINARY_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".xlsx", ".xls"})


class TooLarge(ReadError):
    """Input above a documented size limit."""


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


class Limit(BaseModel):
    what: str  # Chinese: 报告文件, 笔记文件…
    usual: str  # Chinese: what such a file usually weighs
    max_bytes: int  # Word/PDF files
    max_text_bytes: int  # text and HTML files, and bytes of unknown type
    max_chars: int  # characters of text after reading

    def byte_limit(self, name: str | None) -> int:
        return self.max_bytes if name and Path(name).suffix.lower() in BINARY_SUFFIXES else self.max_text_bytes

    def check_size(self, size: int, name: str | None = None) -> None:
        limit = self.byte_limit(name)
        if size > limit:
            raise TooLarge(f"{self.what}过大：{_size(size)}，上限 {_size(limit)}。"
                           f"请确认选对了文件（{self.usual}），或拆分后再处理", where=name)

    def check_file(self, path: Path) -> None:
        """Refuse before reading a file above the byte limit (OSError if it cannot be stat'ed)."""
        self.check_size(Path(path).stat().st_size, str(path))

    def check_text(self, text: str, name: str | None = None) -> None:
        if len(text) > self.max_chars:
            raise TooLarge(f"{self.what}内容过长：{len(text):,} 个字符，上限 {self.max_chars:,} 个字符", where=name)


class Limits(BaseModel):
    report: Limit = Limit(what="报告文件", usual="一份年度报告通常不超过 1 MB", max_bytes=30 * MB, max_text_bytes=4 * MB,
                          max_chars=500_000)
    notes: Limit = Limit(what="笔记文件", usual="各科室报来的笔记通常只有几千字",
                         max_bytes=20 * MB, max_text_bytes=2 * MB, max_chars=200_000)
    query_chars: int = 1_000  # search text

    def check_query(self, query: str) -> None:
        if len(query) > self.query_chars:
            raise TooLarge(f"检索内容过长：{len(query):,} 个字符，上限 {self.query_chars:,} 个字符")

    @property
    def ingest(self) -> Limit:
        """Each file of ``nianbao ingest``: the report limit."""
        return self.report


LIMITS = Limits()
