"""Split a parsed ``Report`` into retrievable chunks along its own structure.

section (一…六) → subsection （一）… → paragraph. A chunk never crosses a section or a subsection.
Paragraphs are found robustly for PDF-extracted text whose lines break mid-sentence: a paragraph
ends at a line ending in sentence punctuation, before a numbered line (一是 / （二） / 1.), or where
table lines (tab-separated) start or stop. A paragraph longer than ``max_chars`` splits at 。！？；
(table text at line ends); short paragraphs (a heading line, a one-line remark) join the next one.

Each chunk's ``span`` points into ``report.text``; its ``text`` is that slice with line breaks
inside sentences removed (what is indexed and shown). Chunk ids are stable: a hash of the source
identity, the span and the text — they are the citation ids.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel

from assistant.report import Report, Span

MAX_CHARS = 400
MIN_CHARS = 60

_END = re.compile(r"[。！？!?；;：:][”’」』）)]*$")
_ENUM = re.compile(
    r"^(（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+是|"
    r"[一二三四五六七八九十]+[、，]|\d+[\.、．](?!\d)|（\d+）|第[一二三四五六七八九十]+[，、])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;][”’」』）)]*")


class Chunk(BaseModel):
    id: str
    source: str  # the file as ingested, or "<text>"
    organ: str | None = None
    year: int | None = None
    format: str = "legacy"
    section: str  # "一" … "六"
    section_heading: str = ""
    subsection: str | None = None  # "（一）主动公开情况" or None for a section's own text
    text: str
    span: Span  # into Report.text
    ord: int  # position of the chunk within its report
    content_hash: str


_HEADING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[\.、．](?!\d)|（\d+）)")


def _is_heading(line: str) -> bool:
    return len(line) <= 40 and bool(_HEADING.match(line)) and not re.search(r"[。！？；]", line)


def clean_text(raw: str) -> str:
    """Join lines broken inside a sentence (PDF extraction), keep heading lines and table rows on
    their own line, drop blank lines, strip."""
    lines = [ln.strip() for ln in raw.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    out = [lines[0]]
    for ln in lines[1:]:
        prev = out[-1].rsplit("\n", 1)[-1]
        glue = (
            "\t" not in prev and "\t" not in ln and not _is_heading(prev)
            and not _END.search(prev) and not _ENUM.match(ln)
        )
        if glue:
            ascii_pair = prev[-1].isascii() and prev[-1].isalpha() and ln[0].isascii() and ln[0].isalpha()
            out[-1] += (" " if ascii_pair else "") + ln
        else:
            out.append(ln)
    return "\n".join(out)


def chunk_id(source_key: str, start: int, end: int, text: str) -> str:
    h = hashlib.sha1(f"{source_key}\x1f{start}\x1f{end}\x1f{text}".encode())
    return h.hexdigest()[:20]


def _paragraphs(seg: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_table) of each paragraph in ``seg``, whitespace trimmed."""
    paras: list[tuple[int, int, bool]] = []
    start: int | None = None
    end = 0
    table = False
    for m in re.finditer(r"[^\n]*\n?", seg):
        line = m.group()
        body = line.strip()
        if not body:
            continue
        is_table = "\t" in line.strip(" \n")
        lead = m.start() + (len(line) - len(line.lstrip()))
        if start is not None and (is_table != table or (not is_table and _ENUM.match(body))):
            paras.append((start, end, table))
            start = None
        if start is None:
            start = lead
        end = m.start() + len(line.rstrip())
        table = is_table
        if not is_table and _END.search(body):
            paras.append((start, end, table))
            start = None
    if start is not None:
        paras.append((start, end, table))
    return paras


def _split_long(seg: str, start: int, end: int, table: bool, max_chars: int) -> list[tuple[int, int]]:
    if len(clean_text(seg[start:end])) <= max_chars:
        return [(start, end)]
    part = seg[start:end]
    pattern = re.compile(r"\n") if table else _SENTENCE_END
    cuts = [start + m.end() for m in pattern.finditer(part)]
    if not cuts or cuts[-1] != end:
        cuts.append(end)
    pieces: list[tuple[int, int]] = []
    prev = start
    for cut in cuts:  # sentences
        if cut <= prev:
            continue
        s, e = prev, cut
        while len(seg[s:e]) > max_chars:  # a single sentence over the limit: hard split
            pieces.append((s, s + max_chars))
            s += max_chars
        pieces.append((s, e))
        prev = cut
    packed: list[tuple[int, int]] = []
    for s, e in pieces:  # greedy packing of sentences up to max_chars
        if packed and len(clean_text(seg[packed[-1][0]:e])) <= max_chars:
            packed[-1] = (packed[-1][0], e)
        else:
            packed.append((s, e))
    return packed


def _trim(seg: str, s: int, e: int) -> tuple[int, int]:
    while s < e and seg[s].isspace():
        s += 1
    while e > s and seg[e - 1].isspace():
        e -= 1
    return s, e


def split_segment(seg: str, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS) -> list[tuple[int, int]]:
    """Chunk boundaries (start, end) within one section or subsection body."""
    pieces: list[tuple[int, int]] = []
    for s, e, table in _paragraphs(seg):
        pieces.extend(_split_long(seg, s, e, table, max_chars))
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged:
            ps, pe = merged[-1]
            short = len(clean_text(seg[ps:pe])) < min_chars
            if short and len(clean_text(seg[ps:e])) <= max_chars:
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    # A short last piece joins the previous one when it fits.
    if len(merged) >= 2:
        (ps, _), (s, e) = merged[-2], merged[-1]
        if len(clean_text(seg[s:e])) < min_chars and len(clean_text(seg[ps:e])) <= max_chars:
            merged[-2:] = [(ps, e)]
    return [_trim(seg, s, e) for s, e in merged]


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def chunk_report(
    report: Report,
    source: str | None = None,
    *,
    max_chars: int = MAX_CHARS,
    min_chars: int = MIN_CHARS,
) -> list[Chunk]:
    """All chunks of ``report`` in reading order. ``source`` (default ``report.source``) is the
    identity hashed into chunk ids."""
    src = source or report.source or "<text>"
    full = report.text
    chunks: list[Chunk] = []

    def emit(body: str, base: int, section, subsection: str | None) -> None:
        for s, e in split_segment(body, max_chars, min_chars):
            text = clean_text(body[s:e])
            if not text:
                continue
            start, end = base + s, base + e
            chunks.append(
                Chunk(
                    id=chunk_id(src, start, end, text),
                    source=src,
                    organ=report.agency,
                    year=report.year,
                    format=report.format.value,
                    section=section.number,
                    section_heading=section.heading,
                    subsection=subsection,
                    text=text,
                    span=Span(start=start, end=end, line=_line_of(full, start) if full else None),
                    ord=len(chunks),
                    content_hash=hashlib.sha1(text.encode("utf-8")).hexdigest()[:16],
                )
            )

    for section in report.sections:
        s0, s1 = section.span.start, section.span.end
        in_text = bool(full) and 0 <= s0 < s1 <= len(full)
        if not in_text:  # a hand-made report without full text: offsets relative to the section
            emit(section.text, s0, section, None)
            continue
        subs = sorted(
            (x for x in section.subsections if s0 <= x.span.start < x.span.end <= s1),
            key=lambda x: x.span.start,
        )
        cursor = s0
        for sub in subs:
            gap = full[cursor : sub.span.start]
            if len(clean_text(gap)) >= min_chars or (cursor == s0 and clean_text(gap)):
                emit(gap, cursor, section, None)
            emit(full[sub.span.start : sub.span.end], sub.span.start, section,
                 f"{sub.number}{sub.title}")
            cursor = max(cursor, sub.span.end)
        rest = full[cursor:s1]
        if clean_text(rest) and (cursor == s0 or len(clean_text(rest)) >= min_chars):
            emit(rest, cursor, section, None)
    return chunks
