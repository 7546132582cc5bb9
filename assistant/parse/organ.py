"""Organ names: one name per organ, checked against China's administrative divisions.

``clean_organ`` turns what a title, a crawler header or a signature prints into the organ's name —
spaces, ``#``, quotes, ``关于``, the year and the 年度报告 words removed — or ``None`` when the text
is no organ name (a sentence fragment, a heading). ``correct_places`` checks the place names the
name starts with (``江苏省``, ``淮安市``, ``洪泽区``) against the list of administrative divisions
that the ``cpca`` package ships (read as data; offline) and corrects a place one character away
from a real one whose differing character looks alike (glyphs drawn with PyMuPDF's CJK font and
compared) — an OCR ``沐阳县`` for ``沭阳县``, not ``汝阳县`` — returning a note that says so.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import metadata

__all__ = ["OrganName", "clean_organ", "correct_places", "division_names", "likeness", "normalize_organ"]

_YEAR = re.compile(r"(?:19|20)\d{2}\s*年\s*度?")
_TAIL = re.compile(
    r"(?:关于)?(?:的)?(?:本级)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)$"
)
_LEAD = re.compile(r"^(?:#+|关于|[《“\"'【\[（(])+")
_TRAIL_PUNCT = re.compile(r"[：:，,。·—\-–》”\"'】\]）)\s]+$")
_NOT_A_NAME = re.compile(r"[。，；！？、：:,;!?]|根据|按照|依据|本报告|本机关|我[县区市局委办]|现将|编制|特此|以下简称|统计|期限|情况|工作$")
# What an organ's name ends with: a government, a department, or a place acting as one.
_ORGAN_END = re.compile(
    r"(?:人民政府|政府|管理委员会|管委会|委员会|办公室|办公厅|局|委|办|厅|署|院|部|所|站|队|处|中心|会|馆|社|台|行|"
    r"公司|集团|支队|大队|街道|街道办事处|镇|乡|苏木|[省市县区旗盟州]|实验区|新区|开发区|示范区|园区|林区|特区)$"
)
_PLACE_END = "省市县区旗盟州"
_SPACE = re.compile(r"\s+")


class OrganName:
    """An organ's name and what was done to it (Chinese notes for the parser's remarks)."""

    def __init__(self, name: str, notes: list[str] | None = None, printed: str | None = None) -> None:
        self.name = name
        self.notes = notes or []
        self.printed = printed

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"OrganName({self.name!r}, notes={self.notes!r})"


def clean_organ(text: str | None) -> str | None:
    """The organ name in a printed title or header, or None when the text names no organ."""
    if not text:
        return None
    s = _SPACE.sub("", text)
    s = _LEAD.sub("", s)
    m = _YEAR.search(s)
    if m and m.start() > 0:
        s = s[: m.start()]
    elif m:
        s = s[m.end() :]
    s = _TAIL.sub("", s)
    s = _LEAD.sub("", s)
    s = _TRAIL_PUNCT.sub("", s)
    s = s.removeprefix("关于").removesuffix("关于")
    if not 2 <= len(s) <= 40 or _NOT_A_NAME.search(s) or not _ORGAN_END.search(s):
        return None
    if re.search(r"\d", s):
        return None
    return s


@cache
def division_names() -> frozenset[str]:
    """Every province, city and county name in the ``cpca`` package's list (empty when the package
    or its data file is missing: names are then left as printed)."""
    try:
        path = metadata.distribution("cpca").locate_file("cpca/resources/adcodes.csv")
        with open(str(path), encoding="utf-8", newline="") as fh:
            return frozenset(row["name"].strip() for row in csv.DictReader(fh) if row.get("name"))
    except (metadata.PackageNotFoundError, OSError, KeyError, ValueError):
        return frozenset()


@cache
def _by_shape() -> dict[tuple[int, str], tuple[str, ...]]:
    """Division names by (length, last character), for one-character corrections."""
    out: dict[tuple[int, str], list[str]] = {}
    for name in division_names():
        out.setdefault((len(name), name[-1]), []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _one_off(word: str) -> list[str]:
    return [
        n
        for n in _by_shape().get((len(word), word[-1]), ())
        if sum(a != b for a, b in zip(n, word, strict=True)) == 1
    ]


_GLYPH_SIZE = 24
_MIN_LIKENESS = 0.6  # glyph overlap of a misread character and the real one (沐/沭 0.79, 沐/汝 0.33)
_MARGIN = 0.15


_GLYPHS: dict[str, frozenset[int]] = {}


def _draw(chars: set[str]) -> None:
    """Draw the characters not drawn yet, all on one page (the font is loaded once), in PyMuPDF's
    built-in CJK font, and keep each one's dark pixels."""
    todo = sorted(c for c in chars if c not in _GLYPHS)
    if not todo:
        return
    from assistant.parse.readers.mupdf import load_pymupdf

    pymupdf = load_pymupdf()

    per_row, n = 32, _GLYPH_SIZE
    rows = (len(todo) + per_row - 1) // per_row
    doc = pymupdf.open()
    try:
        page = doc.new_page(width=n * per_row, height=n * rows)
        for k, ch in enumerate(todo):
            r, c = divmod(k, per_row)
            page.insert_text((c * n, r * n + n * 0.85), ch, fontname="china-s", fontsize=n)
        pix = page.get_pixmap(colorspace=pymupdf.csGRAY)
        width, samples = pix.width, pix.samples
        for k, ch in enumerate(todo):
            r, c = divmod(k, per_row)
            x0, y0 = c * n, r * n
            _GLYPHS[ch] = frozenset(
                y * n + x for y in range(n) for x in range(n) if samples[(y0 + y) * width + x0 + x] < 128
            )
    finally:
        doc.close()


def likeness(a: str, b: str) -> float:
    """How alike two characters look (overlap of their glyphs, 0…1): the test of an OCR misreading."""
    try:
        _draw({a, b})
    except Exception:  # noqa: BLE001 - no font or no PyMuPDF: no visual evidence
        return 0.0
    ga, gb = _GLYPHS.get(a, frozenset()), _GLYPHS.get(b, frozenset())
    union = len(ga | gb)
    return len(ga & gb) / union if union else 0.0


def _misread(word: str) -> str | None:
    """The one division ``word`` is a misreading of: one character off, and that character looks
    like the real one far more than any other candidate's does."""
    scored = []
    candidates = _one_off(word)
    try:
        _draw(set(word) | {ch for real in candidates for ch in real})
    except Exception:  # noqa: BLE001 - no font or no PyMuPDF: no visual evidence
        return None
    for real in candidates:
        i = next(k for k, (a, b) in enumerate(zip(word, real, strict=True)) if a != b)
        scored.append((likeness(word[i], real[i]), real))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < _MIN_LIKENESS:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MARGIN:
        return None
    return scored[0][1]


def correct_places(name: str) -> tuple[str, list[str]]:
    """``name`` with its leading place names checked; a place one character away from exactly one
    division is corrected. Returns the name and Chinese notes (one per correction)."""
    names = division_names()
    if not names:
        return name, []
    notes: list[str] = []
    pos = 0
    while pos < len(name):
        known = next((name[pos:end] for end in range(min(len(name), pos + 10), pos + 1, -1) if name[pos:end] in names), None)
        if known:
            pos += len(known)
            continue
        fixed = None
        for end in range(pos + 2, min(len(name), pos + 9) + 1):
            word = name[pos:end]
            if word[-1] not in _PLACE_END:
                continue
            real = _misread(word)
            if real:
                fixed = (word, real)
                break
        if fixed is None:
            break
        word, real = fixed
        name = name[:pos] + real + name[pos + len(word) :]
        notes.append(f"机关名称中的「{word}」不是行政区划名称，按最接近的「{real}」更正（可能是识别错字）。")
        pos += len(real)
    return name, notes


def normalize_organ(text: str | None) -> OrganName | None:
    """``clean_organ`` then ``correct_places``: the organ's one name, or None."""
    cleaned = clean_organ(text)
    if cleaned is None:
        return None
    name, notes = correct_places(cleaned)
    return OrganName(name, notes, printed=cleaned if name != cleaned else None)
