"""Numbers as clerks and reports write them: ``120``, ``1,200``, ``１２０``, ``十二``, ``两``, ``一百零五``, ``0.5``.

``to_halfwidth`` maps full-width digits and punctuation one character to one character, so
character spans found in the converted text are spans of the original notes.
"""

from __future__ import annotations

import re

__all__ = ["to_halfwidth", "parse_number", "ARABIC", "CHINESE", "NUMBER", "FULLWIDTH_ASCII", "FULLWIDTH_DIGITS"]

# The one full-width table: ！…～ (U+FF01–FF5E) to their ASCII forms, one character to one character.
FULLWIDTH_ASCII: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FULLWIDTH_DIGITS: dict[int, int] = {c: FULLWIDTH_ASCII[c] for c in range(ord("０"), ord("９") + 1)}
_FULLWIDTH: dict[int, int | str] = {**FULLWIDTH_ASCII, 0x3000: " ", 0xA0: " "}

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
ARABIC = r"[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?"
CHINESE = rf"[{CN_DIGITS}]+"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (digits, letters, ``（）：，；``) to half-width; same length as ``text``."""
    return text.translate(_FULLWIDTH)


def parse_number(token: str) -> int | float | None:
    """The value of one number token, or None when it is not a number.

    Arabic digits may carry thousands separators and a sign; Chinese numerals go through
    ``cn2an`` (``两`` = 2, ``〇`` = 0). Integral values come back as ``int``.
    """
    t = to_halfwidth(token).strip().replace("−", "-")
    if not t:
        return None
    if re.fullmatch(ARABIC, t):
        t = t.replace(",", "")
        try:
            value = float(t) if "." in t else int(t)
        except ValueError:
            return None
        return value
    if re.fullmatch(CHINESE, t):
        if t in ("万", "千", "百"):
            return None
        import cn2an  # a slow import, only when a Chinese numeral appears

        try:
            value = cn2an.cn2an(t, "smart")
        except (ValueError, KeyError, TypeError):
            return None
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    return None
