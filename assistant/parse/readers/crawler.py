"""Web pages saved as text by a crawler: a header block, then the report with its line breaks lost.

The header block (``标题:``, ``发布时间:``, ``文号:``, ``发布机构:``, ``栏目:``, ``原文链接:``, a line of
``=`` around ``正文``) becomes a title line and the publisher's name and date; the body follows.

A collapsed body holds headings, paragraphs and every table row on one or a few very long lines.
``unfold`` puts the line breaks back where the national format says they are: before each section
heading (一、…六、, in order), each subsection marker, each table-二 block and row label, each
table-三 row and group label (in the format's order, searched one after the other so that a short
label such as ``其他`` is only looked for where its row must be), and before the run of numbers of
table 四. A row's numbers are set apart from its label by a space: they may still be run together
(``693665``), which the table readers split with the table identities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.formats import (
    SECTION_HEADING_VARIANTS,
    SECTION_NUMBERS,
    FormatId,
    get_format,
)

__all__ = ["CrawlerHeader", "is_collapsed", "read_header", "unfold"]

_HEADER_KEYS = ("标题", "发布时间", "文号", "发布机构", "栏目", "原文链接", "本地目录", "来源", "发文机关", "成文日期")
_HEADER_LINE = re.compile(rf"^\s*({'|'.join(_HEADER_KEYS)})\s*[:：]\s*(.*?)\s*$")
_BODY_MARK = re.compile(r"^\s*={3,}\s*正文\s*={3,}\s*$")
_LONG = 400  # a line longer than this may be a collapsed report
_NUMBERING = r"(?:[（(]\s*[一二三四五六七八九十]\s*[）)]|[一二三四五六七八九十]\s*[、.．]|\d\s*[.．、])\s*"
_NUMBERING_BEFORE = re.compile(rf"{_NUMBERING}$")
_SUBSECTION = re.compile(r"(?<!第)[（(][一二三四五六七八九十][）)]")
_TRAILING_NUMBERS = re.compile(r"(?<=[^\d\s.,，+\-])\s*(?=[+\-]?\d[\d.,，\s+\-]*$)")
_WINDOW = 600  # a table label is looked for this far after the previous one


@dataclass
class CrawlerHeader:
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


def read_header(text: str) -> tuple[CrawlerHeader | None, str]:
    """The crawler's header block and the body after it, or (None, text) when there is none."""
    lines = text.split("\n", 40)
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:40]):
        if _BODY_MARK.match(line):
            if "标题" not in fields:
                return None, text
            body = "\n".join(lines[i + 1 :])
            header = CrawlerHeader(fields.get("标题") or None, fields.get("发布机构") or None, fields.get("发布时间") or None)
            return header, body
        m = _HEADER_LINE.match(line)
        if m:
            fields.setdefault(m.group(1), m.group(2))
    return None, text


def _flexible(label: str) -> str:
    """A regex for a printed label: any spacing between characters, quotes optional."""
    out = []
    for ch in label:
        if ch in "“”\"'‘’":
            out.append("[“”\"'‘’]?")
        elif ch in "、，,":
            out.append("[、，,]?")
        elif ch in "（(":
            out.append("[（(]")
        elif ch in "）)":
            out.append("[）)]")
        elif not ch.isspace():
            out.append(re.escape(ch))
    return r"\s*".join(out)


def _core(label: str) -> str:
    """The label without its numbering, up to a bracketed remark: ``（二）部分公开（区分…）`` → ``部分公开``."""
    s = re.sub(rf"^{_NUMBERING}", "", label.strip())
    return re.split(r"[（(]", s, maxsplit=1)[0] or s


@cache
def _heading_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for number in SECTION_NUMBERS:
        variants = sorted(SECTION_HEADING_VARIANTS[number], key=len, reverse=True)
        alt = "|".join(_flexible(v) for v in variants)
        out.append((number, re.compile(rf"{number}\s*(?:[、.．]|\s)\s*(?:{alt})")))
    return tuple(out)


@cache
def _t2_labels(fmt: FormatId) -> tuple[re.Pattern[str], ...]:
    pats: list[re.Pattern[str]] = []
    for block in get_format(fmt).table("t2").blocks:
        pats.append(re.compile(_flexible(block.label)))
        for row in block.rows:
            names = sorted({row.label, *row.aliases}, key=len, reverse=True)
            pats.append(re.compile("|".join(_flexible(n) for n in names)))
    return tuple(pats)


@cache
def _t3_labels(fmt: FormatId) -> tuple[re.Pattern[str], ...]:
    pats: list[re.Pattern[str]] = []
    group = None
    for row in get_format(fmt).table("t3").blocks[0].rows:
        if row.group and row.group != group and row.key != "total":
            pats.append(re.compile(_flexible(_core(row.group))))
        group = row.group
        names = sorted({_core(row.label), *(a for a in row.aliases if len(a) >= 4)}, key=len, reverse=True)
        pats.append(re.compile("|".join(_flexible(n) for n in names)))
    return tuple(pats)


def _break_before(s: str, pos: int) -> int:
    """Where the line break goes for a label at ``pos``: before its numbering when it has one."""
    m = _NUMBERING_BEFORE.search(s[max(0, pos - 8) : pos])
    return pos - len(m.group()) if m else pos


def _sequential(s: str, patterns: tuple[re.Pattern[str], ...], start: int = 0, window: int | None = _WINDOW) -> list[int]:
    """Break positions of ``patterns`` found one after another in ``s``; a pattern not found within
    ``window`` characters of the previous find is skipped."""
    cuts, pos = [], start
    for pat in patterns:
        end = len(s) if window is None else min(len(s), pos + window)
        m = pat.search(s, pos, end)
        if not m:
            continue
        cuts.append(_break_before(s, m.start()))
        pos = m.end()
    return cuts


def _cut(s: str, cuts: list[int]) -> list[str]:
    out, prev = [], 0
    for c in sorted(set(cuts)):
        if c > prev:
            out.append(s[prev:c])
            prev = c
    out.append(s[prev:])
    return [p.strip() for p in out if p.strip()]


def is_collapsed(text: str) -> bool:
    """A report whose line breaks were lost: a very long line holding two section headings, or a
    table label followed by its rows."""
    for line in text.split("\n"):
        if len(line) < _LONG:
            continue
        headings = sum(1 for _, pat in _heading_patterns() if pat.search(line))
        if headings >= 2 or ("第二十条第" in line and "本年新收" in line):
            return True
    return False


def _detect(text: str) -> FormatId:
    from assistant.parse.tables import detect_format

    return detect_format(text) or FormatId.F2021


def _space_numbers(line: str) -> str:
    return _TRAILING_NUMBERS.sub(" ", line, count=1)


def _unfold_line(line: str, fmt: FormatId) -> list[str]:
    cuts = []
    pos = 0
    for _number, pat in _heading_patterns():
        m = pat.search(line, pos)
        if m:
            cuts.append(m.start())
            pos = m.end()
    parts = _cut(line, cuts)
    out: list[str] = []
    for part in parts:
        if "第二十条第" in part:
            a = part.index("第二十条第")
            pieces = _cut(part, [a, *_sequential(part, _t2_labels(fmt), a)])
            out.extend(_space_numbers(p) for p in pieces)
        elif re.search(_flexible("本年新收"), part) and re.search(_flexible("结转下年度"), part):
            pieces = _cut(part, _sequential(part, _t3_labels(fmt)))
            out.extend(_space_numbers(p) for p in pieces)
        elif "结果维持" in part and "总计" in part:
            m = re.search(r"总\s*计\s*(?=[\d\-—/][\d\s\-—/.]*$)", part)
            if m:
                out.extend([part[: m.end()].strip(), part[m.end() :].strip()])
            else:
                out.append(part)
        else:
            subs = [m.start() for m in _SUBSECTION.finditer(part)]
            out.extend(_cut(part, subs))
    return out


def unfold(text: str) -> str:
    """The report with its line breaks put back (see the module docstring)."""
    fmt = _detect(text)
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) >= _LONG:
            out.extend(_unfold_line(line, fmt))
        else:
            out.append(line)
    return "\n".join(out)
