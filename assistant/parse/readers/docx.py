"""Word (.docx) → text: paragraphs and tables in body order; tables as tab-separated lines on the
merged grid (gridSpan, vMerge, hMerge); Word's automatic numbering (``一、`` ``（一）``) written out."""

from __future__ import annotations

import io
import re
import zipfile

from assistant.parse.errors import ParseError
from assistant.parse.readers.common import MAX_BYTES, MAX_SPAN, MSG_DOCX_BROKEN, WS

__all__ = ["docx_to_text"]


def docx_to_text(data: bytes) -> str:
    """Paragraphs and tables in body order; tables as tab-separated lines on the merged grid."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_BYTES:
                raise ParseError("Word 文档过大，无法读取。")
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except ParseError:
        raise
    except Exception:  # python-docx/lxml/zipfile raise many kinds for a broken file
        raise ParseError(MSG_DOCX_BROKEN) from None
    lines: list[str] = []
    try:
        numbering = _Numbering(document)
        _docx_block(body, lines, numbering)
    except ParseError:
        raise
    except Exception:
        raise ParseError(MSG_DOCX_BROKEN) from None
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


_W_P, _W_TBL, _W_SDT, _W_SDTCONTENT = _w("p"), _w("tbl"), _w("sdt"), _w("sdtContent")
_W_T, _W_TAB, _W_BR, _W_CR = _w("t"), _w("tab"), _w("br"), _w("cr")
_W_TR, _W_TC, _W_TCPR, _W_TRPR = _w("tr"), _w("tc"), _w("tcPr"), _w("trPr")
_W_GRIDSPAN, _W_VMERGE, _W_HMERGE, _W_VAL = _w("gridSpan"), _w("vMerge"), _w("hMerge"), _w("val")
_W_GRIDBEFORE, _W_GRIDAFTER = _w("gridBefore"), _w("gridAfter")
_W_DEL, _W_CUSTOMXML, _W_TXBX = _w("del"), _w("customXml"), _w("txbxContent")
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


_W_NUMPR, _W_ILVL, _W_NUMID, _W_PPR, _W_PSTYLE = _w("numPr"), _w("ilvl"), _w("numId"), _w("pPr"), _w("pStyle")
_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _chinese_number(n: int) -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "japaneseCounting", "taiwaneseCounting", "ideographLegalTraditional"):
        return _chinese_number(n)
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


class _Numbering:
    """Word's automatic paragraph numbering (``一、`` ``（一）`` ``1.``), which is not part of the
    paragraph text: headings numbered this way would otherwise lose their numbers."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part, or one python-docx cannot load
            root = None
        if root is not None:
            for absnum in root.iterchildren(_w("abstractNum")):
                levels = {}
                for lvl in absnum.iterchildren(_w("lvl")):
                    level = _int_attr(lvl, _w("ilvl"), 0)
                    fmt = lvl.find(_w("numFmt"))
                    text = lvl.find(_w("lvlText"))
                    levels[level] = (
                        _int_val(lvl.find(_w("start")), 1),
                        (fmt.get(_W_VAL) if fmt is not None else None) or "decimal",
                        (text.get(_W_VAL) if text is not None else None) or "",
                    )
                self.levels[absnum.get(_w("abstractNumId")) or ""] = levels
            for num in root.iterchildren(_w("num")):
                absid = num.find(_w("abstractNumId"))
                overrides = {
                    _int_attr(o, _w("ilvl"), 0): _int_val(o.find(_w("startOverride")), 1)
                    for o in num.iterchildren(_w("lvlOverride"))
                    if o.find(_w("startOverride")) is not None
                }
                self.nums[num.get(_w("numId")) or ""] = (absid.get(_W_VAL) if absid is not None else "", overrides)
        try:
            styles = document.styles.element
        except Exception:
            styles = None
        if styles is not None:
            raw: dict[str, tuple[str | None, str | None, int | None]] = {}
            for style in styles.iterchildren(_w("style")):
                ppr = style.find(_W_PPR)
                numpr = ppr.find(_W_NUMPR) if ppr is not None else None
                based = style.find(_w("basedOn"))
                raw[style.get(_w("styleId")) or ""] = (
                    based.get(_W_VAL) if based is not None else None,
                    _val(numpr.find(_W_NUMID)) if numpr is not None else None,
                    _int_val(numpr.find(_W_ILVL), 0) if numpr is not None and numpr.find(_W_ILVL) is not None else None,
                )
            for sid in raw:
                num_id: str | None = None
                ilvl: int | None = None
                seen: set[str] = set()
                cur: str | None = sid
                while cur in raw and cur not in seen:  # follow basedOn until a numbering is found
                    seen.add(cur)
                    based, nid, lvl = raw[cur]
                    num_id = num_id if num_id is not None else nid
                    ilvl = ilvl if ilvl is not None else lvl
                    cur = based
                self.style_num[sid] = (num_id, ilvl)

    def label(self, p) -> str:
        """The number Word displays before paragraph ``p`` ("" when it has none); advances the count."""
        if not self.nums:
            return ""
        ppr = p.find(_W_PPR)
        num_id, ilvl = None, None
        if ppr is not None:
            numpr = ppr.find(_W_NUMPR)
            if numpr is not None:
                num_id = _val(numpr.find(_W_NUMID))
                ilvl = _int_val(numpr.find(_W_ILVL), 0) if numpr.find(_W_ILVL) is not None else None
            if num_id is None:
                style = ppr.find(_W_PSTYLE)
                num_id, style_lvl = self.style_num.get(_val(style) or "", (None, None))
                ilvl = ilvl if ilvl is not None else style_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        absid, overrides = self.nums[num_id]
        levels = self.levels.get(absid, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        start = overrides.get(ilvl, levels[ilvl][0])
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def number(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, (1, "decimal", ""))
            return _format_number(counts.get(k, overrides.get(k, lvl[0])), lvl[1])

        shown = re.sub(r"%([1-9])", number, text)
        return shown + " " if shown and shown[-1].isalnum() else shown


def _val(el) -> str | None:
    return None if el is None else el.get(_W_VAL)


def _int_attr(el, attr: str, default: int) -> int:
    m = re.match(r"\s*(\d+)", el.get(attr) or "")
    return int(m.group(1)) if m else default


def _docx_block(parent, lines: list[str], numbering: _Numbering) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W_P:
            text = WS.sub(" ", numbering.label(child) + _docx_par_text(child)).strip()
            if text:
                lines.append(text)
            # text boxes anchored in the paragraph: their paragraphs and tables, in order
            for box in child.iter(_W_TXBX):
                if not _inside(box, (_MC_FALLBACK, _W_TXBX), child):
                    _docx_block(box, lines, numbering)
        elif tag == _W_TBL and _is_frame(child):
            # a table used as a frame: its cells hold the report's paragraphs and tables
            for tr in child.iterchildren(_W_TR):
                for tc in _row_cells(tr):
                    _docx_block(tc, lines, numbering)
        elif tag == _W_TBL:
            rows = _docx_table_rows(child, numbering)
            if rows:
                if lines and lines[-1] != "":
                    lines.append("")
                lines.extend("\t".join(r) for r in rows)
                lines.append("")
        elif tag == _W_SDT:  # a content control wrapping paragraphs or tables
            content = child.find(_W_SDTCONTENT)
            if content is not None:
                _docx_block(content, lines, numbering)
        elif tag == _W_CUSTOMXML:
            _docx_block(child, lines, numbering)


def _is_frame(tbl) -> bool:
    """A table holding another table in one of its cells."""
    return any(el is not tbl for el in tbl.iter(_W_TBL))


def _docx_par_text(p) -> str:
    out: list[str] = []
    for el in p.iter():
        if el.tag == _W_T:
            if not _inside(el, (_W_DEL, _MC_FALLBACK, _W_TXBX), p):
                out.append(el.text or "")
        elif el.tag in (_W_TAB, _W_BR, _W_CR):
            out.append(" ")
    return "".join(out)


def _inside(el, tags: tuple[str, ...], stop) -> bool:
    """Whether ``el`` sits in one of ``tags`` (deleted text, the fallback copy of a text box)."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag in tags:
            return True
        node = node.getparent()
    return False


def _docx_cell_text(tc, numbering: _Numbering) -> str:
    parts = [numbering.label(p) + _docx_par_text(p) for p in tc.iter(_W_P)]
    return WS.sub(" ", " ".join(x.strip() for x in parts if x.strip())).strip()


def _int_val(el, default: int) -> int:
    if el is None:
        return default
    m = re.match(r"\s*(\d+)", el.get(_W_VAL) or "")
    return int(m.group(1)) if m else default


def _docx_table_rows(tbl, numbering: _Numbering) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(_W_TR):
        row: list[str] = []
        trpr = tr.find(_W_TRPR)
        before = _int_val(trpr.find(_W_GRIDBEFORE), 0) if trpr is not None else 0
        after = _int_val(trpr.find(_W_GRIDAFTER), 0) if trpr is not None else 0
        row.extend([""] * min(before, MAX_SPAN))
        for tc in _row_cells(tr):
            tcpr = tc.find(_W_TCPR)
            span = 1
            continuation = False
            if tcpr is not None:
                span = max(1, min(_int_val(tcpr.find(_W_GRIDSPAN), 1), MAX_SPAN))
                vmerge = tcpr.find(_W_VMERGE)
                if vmerge is not None and (vmerge.get(_W_VAL) or "continue") != "restart":
                    continuation = True
                hmerge = tcpr.find(_W_HMERGE)
                if hmerge is not None and (hmerge.get(_W_VAL) or "continue") != "restart":
                    continuation = True
            row.append("" if continuation else _docx_cell_text(tc, numbering))
            row.extend([""] * (span - 1))
        row.extend([""] * min(after, MAX_SPAN))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return rows if any(any(c for c in r) for r in rows) else []


def _row_cells(tr):
    """The row's ``w:tc`` elements, also those wrapped in content controls / custom XML."""
    for child in tr.iterchildren():
        if child.tag == _W_TC:
            yield child
        elif child.tag in (_W_SDT, _W_CUSTOMXML):
            content = child.find(_W_SDTCONTENT) if child.tag == _W_SDT else child
            if content is not None:
                yield from (c for c in content.iterchildren(_W_TC))

