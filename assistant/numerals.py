"""Numbers as clerks and reports print them — the one number reader of parser, extractor and checker.

``120``, ``1,203``, ``1，203`` (thousands separators, also full-width), ``１２０``, ``+146``/``-640``
(signed 2019 增减), ``7730.28`` (decimals), ``十二``, ``两``, ``一百零五``, ``三万五千``, ``1.2万``,
``两亿`` (Chinese numerals and 万/亿 multipliers through cn2an), and amounts with a unit
(``251000元`` → 25.1 万元, ``1.2亿元`` → 12000 万元).

``to_halfwidth`` maps full-width digits and punctuation one character to one character, so
character spans found in the converted text are spans of the original notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ARABIC",
    "CHINESE",
    "FULLWIDTH_ASCII",
    "FULLWIDTH_DIGITS",
    "NUMBER",
    "THOUSANDS_COMMA",
    "Amount",
    "parse_amount",
    "parse_number",
    "to_halfwidth",
]

# The one full-width table: ！…～ (U+FF01–FF5E) to their ASCII forms, one character to one character.
FULLWIDTH_ASCII: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FULLWIDTH_DIGITS: dict[int, int] = {c: FULLWIDTH_ASCII[c] for c in range(ord("０"), ord("９") + 1)}
_FULLWIDTH: dict[int, int | str] = {**FULLWIDTH_ASCII, 0x3000: " ", 0xA0: " "}

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_SIGN = r"[+\-−－]"
# 1,203 / 1，203 / 12,345.6: separators only between groups of three digits; else plain digits.
ARABIC = rf"{_SIGN}?(?:\d{{1,3}}(?:[,，]\d{{3}})+|\d+)(?:\.\d+)?"
CHINESE = rf"[{CN_DIGITS}]+"
# 1.2万 / 3万5千 / 12亿: Arabic digits with Chinese multipliers.
_MIXED = r"\d+(?:\.\d+)?[万亿](?:\d+[千百]?)*"
NUMBER = rf"(?:{_MIXED}|{ARABIC}|{CHINESE})"
# A comma that separates thousands (``1,203``): text segmenters must not cut there.
THOUSANDS_COMMA = r"(?<=\d)[,，](?=\d{3}(?!\d))"

_ARABIC_RE = re.compile(ARABIC)
_MIXED_RE = re.compile(_MIXED)
_CHINESE_RE = re.compile(CHINESE)
_UNIT_RE = re.compile(r"[（(]?\s*(?:单位\s*[：:]?\s*)?(亿元|万元|元|亿|万)\s*[）)]?\s*$")
_UNIT_SCALE_WAN = {"亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (digits, letters, ``（）：，；``) to half-width; same length as ``text``."""
    return text.translate(_FULLWIDTH)


def _integral(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def parse_number(token: str) -> int | float | None:
    """The value of one number token, or None when it is not a number.

    Arabic digits may carry thousands separators (ASCII or full-width comma) and a sign; Chinese
    numerals and 万/亿 multipliers go through ``cn2an`` (``两`` = 2, ``〇`` = 0). Integral values
    come back as ``int``; a decimal printed with a point stays a ``float`` (``7730.28``).
    """
    t = to_halfwidth(token).strip().replace("−", "-").replace("－", "-")
    if not t:
        return None
    if _ARABIC_RE.fullmatch(t):
        t = t.replace(",", "")
        try:
            return float(t) if "." in t else int(t)
        except ValueError:
            return None
    if _MIXED_RE.fullmatch(t) or _CHINESE_RE.fullmatch(t):
        if t in ("万", "千", "百", "亿"):
            return None
        import cn2an  # a slow import, only when a Chinese numeral appears

        try:
            value = cn2an.cn2an(t, "smart")
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        return _integral(float(value)) if isinstance(value, float) else value
    return None


@dataclass(frozen=True)
class Amount:
    """A printed amount read as 万元: the value, and the unit it was printed in when it was not 万元."""

    value: int | float
    printed_unit: str | None = None  # "元" / "亿元" when converted; None when printed in 万元 or bare


def parse_amount(raw: str, *, want_wan: bool = True) -> Amount | None:
    """A printed value with an optional unit (``218827.31（万元）``, ``251000元``, ``1.2亿元``).

    With ``want_wan`` the value is converted to 万元 (rounded to 6 decimals) and ``printed_unit``
    names the unit converted from; without it the unit is ignored (a count).
    """
    s = to_halfwidth(raw).strip()
    unit = None
    m = _UNIT_RE.search(s)
    if m:
        unit = m.group(1)
        s = s[: m.start()].strip()
    value = parse_number(s)
    if value is None:
        return None
    if not want_wan or unit is None or unit in ("万元", "万"):
        return Amount(value)
    converted = round(float(value) * _UNIT_SCALE_WAN[unit], 6)
    return Amount(_integral(converted) if unit.startswith("亿") else converted, unit)
