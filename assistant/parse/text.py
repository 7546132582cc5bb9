"""``parse_text(text) -> Report``: organ, year, format, sections and tables from report text.

The text is normalised first (line ends, full-width digits and signs, odd spaces, zero-width
characters); ``Report.text`` holds the normalised text and every ``Span`` points into it.
Raises ``ParseError`` for text that is not a report, and nothing else.
"""

from __future__ import annotations

import re

from assistant.formats import FormatId, format_for_year
from assistant.labels import normalize_label
from assistant.numerals import FULLWIDTH_DIGITS
from assistant.parse.errors import ParseError
from assistant.parse.meta import find_meta
from assistant.parse.sections import build_sections, find_headings
from assistant.parse.tables import Line, detect_format, parse_t2, parse_t3, parse_t4
from assistant.report import Cell, Report

__all__ = ["parse_text", "normalize_text"]

_TRANSLATE: dict[int, int | str | None] = dict(FULLWIDTH_DIGITS)
_TRANSLATE.update({ord("＋"): "+", ord("．"): ".", ord("\xa0"): " ", ord("\u3000"): " "})
_TRANSLATE.update({c: " " for c in range(0x2000, 0x200B)})
_TRANSLATE.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"})
_TRANSLATE.update({c: " " for c in range(0x00, 0x20) if c not in (0x09, 0x0A)})
_TRANSLATE.update({0x7F: " "})
_NEEDS_TRANSLATE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_T3_START = ("申请人情况", "勾稽关系", "本年新收", "自然人")


def normalize_text(text: str) -> str:
    """Line ends to ``\\n``; full-width digits, ``＋`` and ``．`` to ASCII; NBSP, ideographic and
    other odd spaces to a space; zero-width characters and BOM removed; control characters to a
    space. Brackets are kept as printed (labels are matched bracket-insensitively)."""
    text = _NEWLINES.sub("\n", text)
    return text.translate(_TRANSLATE) if _NEEDS_TRANSLATE.search(text) else text


def _lines(text: str) -> list[tuple[int, str]]:
    out, off = [], 0
    for ln in text.split("\n"):
        out.append((off, ln))
        off += len(ln) + 1
    return out


def _first(lines: list[tuple[int, str]], lo: int, hi: int, words: tuple[str, ...]) -> int | None:
    for i in range(lo, min(hi, len(lines))):
        norm = normalize_label(lines[i][1])
        if any(w in norm for w in words):
            return i
    return None


def parse_text(text: str, source: str | None = None) -> Report:
    if not isinstance(text, str):
        raise ParseError("输入不是文本，无法解析。")
    try:
        return _parse(text, source)
    except ParseError:
        raise
    except RecursionError as exc:  # pragma: no cover - pathological input
        raise ParseError("文本结构过于复杂，无法解析为年度报告。") from exc
    except Exception as exc:  # never a traceback for the user: a bug is reported as a parse failure
        raise ParseError(f"解析失败（内部错误：{type(exc).__name__}），该文本可能不是政府信息公开工作年度报告。") from exc


def _parse(raw: str, source: str | None) -> Report:
    text = normalize_text(raw)
    if not text.strip():
        raise ParseError("文本为空，无法解析为政府信息公开工作年度报告。")
    lines = _lines(text)
    headings, legacy = find_headings(lines)
    head_end = lines[headings[0].line][0] if headings else min(len(text), 3000)
    meta = find_meta(text, lines, head_end)
    notes: list[str] = []

    sec_line = {h.number: h.line for h in headings}
    order = [h.line for h in headings]

    def after(i: int) -> int:
        return next((ln for ln in order if ln > i), len(lines))

    cells: dict[str, Cell] = {}
    table_lines: set[int] = set()
    t2: tuple[int, int] | None
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None
    fmt: FormatId
    if legacy:
        fmt = FormatId.LEGACY
    else:
        # regions
        if "二" in sec_line:
            t2 = (sec_line["二"] + 1, after(sec_line["二"]))
        else:
            a = _first(lines, 0, len(lines), ("第二十条第",))
            t2 = (a, after(a)) if a is not None else None
        if "三" in sec_line:
            base3 = (sec_line["三"] + 1, after(sec_line["三"]))
        else:  # heading missing: look from table 二 on, up to the next heading after 四's place
            lo3 = t2[0] if t2 else (sec_line["一"] + 1 if "一" in sec_line else 0)
            hi3 = sec_line.get("四") or next((sec_line[n] for n in "五六" if n in sec_line and sec_line[n] > lo3), len(lines))
            base3 = (lo3, hi3)
        a3 = _first(lines, base3[0], base3[1], _T3_START)
        t3 = (a3, base3[1]) if a3 is not None else None
        if t2 and t3 and t2[1] > t3[0]:
            t2 = (t2[0], t3[0])
        if "四" in sec_line:
            t4 = (sec_line["四"] + 1, after(sec_line["四"]))
        else:
            lo = t3[0] if t3 else (t2[1] if t2 else 0)
            a4 = _first(lines, lo, len(lines), ("复议后起诉", "结果维持", "行政复议行政诉讼"))
            t4 = (a4, after(a4)) if a4 is not None else None
            if t3 and a4 is not None and t3[1] > a4:
                t3 = (t3[0], a4)

        def region(r: tuple[int, int] | None) -> list[Line]:
            if not r:
                return []
            return [Line(i, lines[i][0], lines[i][1]) for i in range(r[0], r[1])]

        r2, r3, r4 = region(t2), region(t3), region(t4)
        detected = detect_format("\n".join(ln.text for ln in r2 + r3))
        year_fmt = format_for_year(meta.year) if meta.year else None
        if detected:
            fmt = detected
        elif year_fmt and year_fmt != FormatId.LEGACY:
            fmt = year_fmt
        else:
            fmt = FormatId.F2021
        if year_fmt and detected and year_fmt != detected and year_fmt != FormatId.LEGACY:
            notes.append(f"表格按 {detected.value} 版格式印制，而 {meta.year} 年度报告应使用 {year_fmt.value} 版格式。")
        cells.update(parse_t2(r2, fmt, notes))
        cells.update(parse_t3(r3, fmt, notes))
        cells.update(parse_t4(r4, notes))
        for r in (t2, t3, t4):
            if r:
                table_lines.update(range(*r))
        if not cells:
            if meta.year and meta.year <= 2018:
                fmt = FormatId.LEGACY
            elif headings:
                notes.append("未找到表二、表三、表四。")
            if not detected and fmt != FormatId.LEGACY:
                notes.append(f"未找到表格，格式按年度推定为 {fmt.value} 版。")

    preamble, sections = build_sections(text, lines, headings, table_lines)
    if not sections and not cells:
        raise ParseError("未能识别出报告标题、章节（一、总体情况……）或表格，该文本不像政府信息公开工作年度报告。")
    if meta.agency is None:
        notes.append("未能从标题识别出机关名称。")
    if meta.year is None:
        notes.append("未能从标题或统计期限识别出报告年度。")
    return Report(
        agency=meta.agency,
        year=meta.year,
        kind=meta.kind,
        format=fmt,
        title=meta.title,
        text=text,
        preamble=preamble,
        sections=sections,
        cells=cells,
        source=source,
        notes=notes,
    )
