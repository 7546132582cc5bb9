"""Report text back into paragraphs and sentences.

Text extracted from PDFs is hard-wrapped (a line per printed line, often a blank line between):
``paragraphs`` joins the lines back. Table text the parser read (tab-separated rows, header
fragments, page numbers) is left out of ``prose``. The exporter and the year-on-year review both
read section bodies through here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.report import Report

_PAGE_NUMBER = re.compile(r"^[-－—\s]*\d{1,3}[-－—\s]*$")
_PARA_END = ("。", "！", "？", "”", "；")
_NEW_PARA = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是|\d+[.、．](?!\d))")
_SENTENCE = re.compile(r"[^。！？；;!?]+[。！？；;!?”」]*")


_WIDE = re.compile("[\u2e80-\U0010ffff]")


def units(line: str) -> int:
    """A line's printed width: a Chinese character counts two, a Latin letter or digit one."""
    return len(line) + len(_WIDE.findall(line))


@lru_cache(maxsize=64)
def wrap_width(text: str) -> int | None:
    """The printed line width (``units``) of hard-wrapped text (PDF extraction), or None when
    lines are paragraphs."""
    lengths = sorted(units(s.strip()) for s in text.split("\n") if len(s.strip()) > 3 and "\t" not in s)
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.8)]
    return width if width <= 120 else None


def paragraphs(text: str, width: int | None) -> list[str]:
    """Lines joined back into paragraphs; blank lines and page numbers dropped."""
    out: list[str] = []
    open_para = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _PAGE_NUMBER.match(line):
            continue
        if open_para and out and not _NEW_PARA.match(line):
            out[-1] += line
        else:
            out.append(line)
        open_para = width is not None and units(line) >= width * 0.85 and not line.endswith(_PARA_END)
    return out


def prose(text: str, width: int | None, has_table: bool) -> list[str]:
    """The paragraphs of a section body without its table text; in a section holding a table
    only whole sentences are kept (header fragments and rows are not)."""
    lines = [ln for ln in text.split("\n") if "\t" not in ln]
    paras = paragraphs("\n".join(lines), width)
    if not has_table:
        return paras
    return [p for p in paras if len(p) >= 20 and p.endswith(_PARA_END) and not p.startswith("（本列数据")]


def sentences(paragraph: str) -> list[str]:
    """A paragraph split after 。！？；, each sentence keeping its end mark."""
    return [m.group(0).strip() for m in _SENTENCE.finditer(paragraph) if m.group(0).strip()]


def title_of(report: Report) -> str:
    if report.title:
        return report.title
    if report.agency and report.year:
        return f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return "政府信息公开工作年度报告"


def preamble(report: Report, width: int | None) -> list[str]:
    """The preamble's paragraphs, without the title lines at its top."""
    paras = paragraphs(report.preamble, width)
    title = re.sub(r"\s+", "", title_of(report))
    # Drop what stands before the body: the title (organ and "…年度报告" may be on two lines) and
    # anything above it (a web page's navigation).
    heads = [i for i, p in enumerate(paras[:5])
             if len(p) <= 60 and ("年度报告" in p or re.sub(r"\s+", "", p) == title)]
    return paras[heads[-1] + 1:] if heads else paras
