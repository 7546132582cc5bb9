"""Readers: a file or bytes in any layout → normalised report text.

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
import unicodedata
import zipfile
from pathlib import Path

from assistant.parse.errors import ParseError

__all__ = ["read_source", "decode_text", "html_to_text", "docx_to_text", "pdf_to_text", "detect_kind"]

MAX_BYTES = 64 * 1024 * 1024  # a report is a few hundred KB; refuse anything absurd
_MAX_SPAN = 200  # cap on colspan/rowspan, against hostile markup

_MSG_EMPTY = "文件为空：没有可读取的报告内容。"
_MSG_BINARY = "无法读取：文件看起来是二进制数据，不是报告文本。"
_MSG_SCANNED = "该 PDF 没有可提取的文字（可能是扫描件），请先做文字识别（OCR）后再导入。"
_MSG_NO_CHINESE = "该 PDF 的文字层里没有中文（可能是扫描件，或字体编码无法识别），请先做文字识别（OCR）后再导入。"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MSG_PDF_BROKEN = "PDF 文件已损坏或不完整，无法读取。"
_MSG_DOCX_BROKEN = "Word 文档（.docx）已损坏或不完整，无法读取。"
_MSG_ZIP_NOT_DOCX = "这是一个压缩文件，但不是 Word（.docx）文档，无法读取。"
_MSG_OLE = "暂不支持旧版 Office 格式（如 .doc、.wps），请另存为 .docx 或 PDF 后再导入。"
_MSG_IMAGE = "文件是图片，没有可提取的文字，请先做文字识别（OCR）后再导入。"


# --- entry point ---------------------------------------------------------------------------


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
        raise ParseError(_MSG_EMPTY)
    kind = detect_kind(data, suffix)
    if kind == "pdf":
        text = pdf_to_text(data)
    elif kind == "docx":
        text = docx_to_text(data)
    else:
        text = decode_text(data)
        if kind == "html" or _looks_like_html(text):
            text = html_to_text(text)
    text = _normalise(text)
    if not text.strip():
        raise ParseError(_MSG_EMPTY)
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
    """``pdf``, ``docx``, ``html`` or ``text``; raises ``ParseError`` for known unreadable kinds."""
    head = data[:1024]
    if b"%PDF" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise ParseError(_MSG_DOCX_BROKEN if suffix == ".docx" else "压缩文件已损坏，无法读取。") from None
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names:
            raise ParseError("暂不支持 OFD 版式文件，请导出为 PDF 或 Word（.docx）后再导入。")
        if "xl/workbook.xml" in names:
            raise ParseError("这是 Excel 表格文件，不是年度报告，请导入报告的 Word、PDF 或文本文件。")
        raise ParseError(_MSG_ZIP_NOT_DOCX)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ParseError(_MSG_OLE)
    if data.lstrip()[:5] == b"{\\rtf":
        raise ParseError("暂不支持 RTF 格式，请另存为 Word（.docx）或 PDF 后再导入。")
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise ParseError(_MSG_IMAGE)
    # Content did not tell; the extension may.
    if suffix in (".pdf", ".docx", ".doc") and re.search(rb"<\s*(?:!doctype\s+html|html|body)\b", head, re.I):
        raise ParseError(f"文件扩展名是 {suffix}，内容却是网页（HTML），可能下载不完整或下载到了错误页面。")
    if suffix == ".pdf":
        raise ParseError(_MSG_PDF_BROKEN)
    if suffix == ".docx":
        raise ParseError(_MSG_DOCX_BROKEN)
    if suffix in (".doc", ".wps"):
        raise ParseError(_MSG_OLE)
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return "html"
    return "text"


# --- plain text ----------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def decode_text(data: bytes) -> str:
    """Decode report bytes: BOM (UTF-8/16/32), UTF-8, GB18030 (⊃ GBK), then charset-normalizer.

    Raises ``ParseError`` for binary data and for bytes no encoding explains.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                raise ParseError(f"无法读取：文件以 {encoding.upper()} 标记开头，但内容无法按该编码解码。") from None
            _reject_binary(text)
            return text
    if b"\x00" in data:
        raise ParseError(_MSG_BINARY)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _reject_binary(text)
        return text
    text = _charset_normalizer_decode(data)
    _reject_binary(text)
    return text


def _charset_normalizer_decode(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a library failure on hostile input is still "unreadable"
        best = None
    if best is None:
        raise ParseError("无法读取：无法识别文件的文字编码（支持 UTF-8、GBK/GB18030、UTF-16）。")
    return str(best)


def _reject_binary(text: str) -> None:
    if not text:
        return
    controls = sum(
        1
        for ch in text
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    if "\x00" in text or controls > max(2, len(text) // 50):
        raise ParseError(_MSG_BINARY)


# PDF fonts often map characters to look-alike Kangxi radicals or compatibility ideographs
# (⼀ U+2F00 for 一 U+4E00): they are the same character to a reader and must be to the parser.
_CJK_LOOKALIKES = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00))
    if len(unicodedata.normalize("NFKC", chr(cp))) == 1 and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n")
    for sep in ("\r", "\f", "\v", "\x85", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return text.lstrip("\ufeff").translate(_CJK_LOOKALIKES)


# --- HTML ----------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|table|tr|td|div|p|br|meta|span)\b[^>]*>", re.IGNORECASE
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
    "summary ul".split()
)
_DROP_TAGS = frozenset("script style noscript template head title meta link iframe object svg".split())
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u3000\u200b]+")


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:8192]))


def html_to_text(html: str) -> str:
    """Block elements → lines in document order; each ``<table>`` → tab-separated lines."""
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "html.parser")
    except Exception:  # html.parser is lenient; anything it raises means unreadable markup
        raise ParseError("无法读取：网页（HTML）内容无法解析。") from None
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            lines.append(line)

    def walk(node) -> None:
        from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in _DROP_TAGS:
                continue
            if name == "br":
                flush()
            elif name == "table" and _is_layout_table(child):
                # Page layout, not data: its cells hold the article (paragraphs, report tables).
                flush()
                walk(child)
                flush()
            elif name == "table":
                flush()
                rows = _html_table_rows(child)
                caption = child.find("caption")
                if caption is not None and caption.find_parent("table") is child:
                    title = _cell_text(caption)
                    if title:
                        lines.append(title)
                if rows:
                    if lines and lines[-1] != "":
                        lines.append("")
                    lines.extend("\t".join(r) for r in rows)
                    lines.append("")
            elif name in _BLOCK_TAGS or name in ("tr", "td", "th"):  # stray cells outside a table
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(soup)
    flush()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _own_cells(table) -> list:
    return [
        cell
        for tr in table.find_all("tr")
        if tr.find_parent("table") is table
        for cell in tr.find_all(["td", "th"], recursive=False)
    ]


def _is_layout_table(table) -> bool:
    """A table used to lay out a page: a cell holds another table, or the table is a single
    column whose cells hold several paragraphs (a whole article)."""
    cells = _own_cells(table)
    if any(cell.find("table") is not None for cell in cells):
        return True
    single_column = all(
        len(tr.find_all(["td", "th"], recursive=False)) <= 1
        for tr in table.find_all("tr")
        if tr.find_parent("table") is table
    )
    return single_column and any(len(cell.find_all(["p", "div", "br", "h1", "h2", "h3"])) >= 2 for cell in cells)


def _span(value, limit: int) -> int:
    m = re.match(r"\s*(\d+)", str(value or ""))
    n = int(m.group(1)) if m else 1
    return max(1, min(n, limit))


def _cell_text(cell) -> str:
    """A cell's text on one line: strings joined as printed, ``<br>`` and blocks as spaces."""
    from bs4 import NavigableString, Tag

    out: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                name = (child.name or "").lower()
                if name in _DROP_TAGS:
                    continue
                if name == "br":
                    out.append(" ")
                    continue
                block = name in _BLOCK_TAGS or name in ("table", "tr", "td", "th")
                if block:
                    out.append(" ")
                walk(child)
                if block:
                    out.append(" ")
            elif type(child) is NavigableString:
                out.append(str(child))

    walk(cell)
    return _WS.sub(" ", "".join(out)).strip()


def _html_table_rows(table) -> list[list[str]]:
    own_rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: dict[tuple[int, int], str] = {}
    width = 0
    n_rows = len(own_rows)
    for r, tr in enumerate(own_rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            colspan = _span(cell.get("colspan"), _MAX_SPAN)
            rowspan = _span(cell.get("rowspan"), max(1, n_rows - r))
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else ""
            c += colspan
            width = max(width, c)
        width = max(width, max((cc + 1 for (rr, cc) in grid if rr == r), default=0))
    rows = []
    for r in range(n_rows):
        row = [grid.get((r, c), "") for c in range(width)]
        rows.append(row)
    # A table holding no text at all (layout spacer) is dropped.
    return rows if any(any(cell for cell in row) for row in rows) else []


# --- Word (.docx) --------------------------------------------------------------------------


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
        raise ParseError(_MSG_DOCX_BROKEN) from None
    lines: list[str] = []
    try:
        numbering = _Numbering(document)
        _docx_block(body, lines, numbering)
    except ParseError:
        raise
    except Exception:
        raise ParseError(_MSG_DOCX_BROKEN) from None
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
_W_DEL, _W_CUSTOMXML = _w("del"), _w("customXml")
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
                    ilvl = _int_attr(lvl, _w("ilvl"), 0)
                    fmt = lvl.find(_w("numFmt"))
                    text = lvl.find(_w("lvlText"))
                    levels[ilvl] = (
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
                num_id, ilvl, seen, cur = None, None, set(), sid
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
            text = _WS.sub(" ", numbering.label(child) + _docx_par_text(child)).strip()
            if text:
                lines.append(text)
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


def _docx_par_text(p) -> str:
    out: list[str] = []
    for el in p.iter():
        if el.tag == _W_T:
            if not _inside(el, (_W_DEL, _MC_FALLBACK), p):
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
    return _WS.sub(" ", " ".join(x.strip() for x in parts if x.strip())).strip()


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
        row.extend([""] * min(before, _MAX_SPAN))
        for tc in _row_cells(tr):
            tcpr = tc.find(_W_TCPR)
            span = 1
            continuation = False
            if tcpr is not None:
                span = max(1, min(_int_val(tcpr.find(_W_GRIDSPAN), 1), _MAX_SPAN))
                vmerge = tcpr.find(_W_VMERGE)
                if vmerge is not None and (vmerge.get(_W_VAL) or "continue") != "restart":
                    continuation = True
                hmerge = tcpr.find(_W_HMERGE)
                if hmerge is not None and (hmerge.get(_W_VAL) or "continue") != "restart":
                    continuation = True
            row.append("" if continuation else _docx_cell_text(tc, numbering))
            row.extend([""] * (span - 1))
        row.extend([""] * min(after, _MAX_SPAN))
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


# --- PDF -----------------------------------------------------------------------------------


def pdf_to_text(data: bytes) -> str:
    """The concatenated text layers of every page; ruled tables as tab-separated grids."""
    try:
        import pymupdf

        pymupdf.TOOLS.mupdf_display_errors(False)
        pymupdf.TOOLS.mupdf_display_warnings(False)
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # pymupdf raises FileDataError, RuntimeError, ValueError… for broken files
        raise ParseError(_MSG_PDF_BROKEN) from None
    try:
        if doc.needs_pass:
            raise ParseError("PDF 文件已加密，请先解除密码保护后再导入。")
        if doc.page_count == 0:
            raise ParseError(_MSG_PDF_BROKEN)
        pages = [_pdf_page_text(page) for page in doc]
    except ParseError:
        raise
    except Exception:
        raise ParseError(_MSG_PDF_BROKEN) from None
    finally:
        doc.close()
    text = "\n".join(p.rstrip("\n") for p in pages)
    # Control characters in a text layer are font-encoding debris, not content.
    text = "".join(ch for ch in text if ch in _ALLOWED_CONTROLS or unicodedata.category(ch) != "Cc")
    if not text.strip():
        raise ParseError(_MSG_SCANNED)
    if not _CJK.search(text):  # page numbers or font-encoding debris only: not readable text
        raise ParseError(_MSG_NO_CHINESE)
    return text


_MIN_DRAWINGS = 8  # fewer vector paths than this: no ruled table worth looking for
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _pdf_page_text(page) -> str:
    """A page's text layer. Ruled tables (found by PyMuPDF's ``find_tables``) become
    tab-separated lines on their merged-cell grid, like Word and HTML tables; the rest of the
    page stays as extracted. Plain ``get_text`` would print every table cell on a line of its own."""
    plain = page.get_text("text")
    try:
        if len(page.get_cdrawings()) < _MIN_DRAWINGS:
            return plain
        tables = [t for t in _find_tables(page) if t.row_count >= 2 and t.col_count >= 2]
        if not tables:
            return plain
        items: list[tuple[float, int, str]] = []
        rects = [t.bbox for t in tables]
        for i, block in enumerate(page.get_text("dict")["blocks"]):
            if block.get("type") != 0:
                continue
            kept = []  # the block's lines outside every table, each judged by its centre
            for line in block["lines"]:
                x0, y0, x1, y1 = line["bbox"]
                cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                if not any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects):
                    kept.append((y0, "".join(span["text"] for span in line["spans"])))
            if kept:
                items.append((kept[0][0], i, "\n".join(text for _, text in kept)))
        for k, table in enumerate(tables):
            rows = ["\t".join(_pdf_cell(c) for c in row) for row in table.extract()]
            if any(row.strip() for row in rows):
                items.append((table.bbox[1], -len(tables) + k, "\n" + "\n".join(rows) + "\n"))
        items.sort(key=lambda it: (it[0], it[1]))
        return "\n".join(text for _, _, text in items) + "\n"
    except Exception:  # table detection is a refinement: fall back to the plain text layer
        return plain


def _pdf_cell(text: str | None) -> str:
    """A table cell on one line: a line wrapped inside the cell is joined (no space between
    Chinese characters)."""
    if not text:
        return ""
    parts = [p.strip() for p in text.replace("\t", " ").splitlines() if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        glue = "" if _CJK_OR_PUNCT.match(out[-1]) or _CJK_OR_PUNCT.match(part[0]) else " "
        out += glue + part
    return out


def _find_tables(page) -> list:
    """Line-based table finding only: ``use_layout=False`` keeps PyMuPDF's layout model (an ONNX
    network, seconds per page) out of it."""
    try:
        found = page.find_tables(use_layout=False)
    except TypeError:  # a PyMuPDF without the layout gate
        found = page.find_tables()
    return list(found.tables)
