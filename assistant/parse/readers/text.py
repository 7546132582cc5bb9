"""Plain text bytes → str: BOMs, UTF-8, GB18030, UTF-16 without a BOM, then charset-normalizer."""

from __future__ import annotations

import re
import unicodedata

from assistant.parse.errors import ParseError
from assistant.parse.readers.common import ALLOWED_CONTROLS, MSG_BINARY

__all__ = ["decode_text", "normalise_text_layer"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ParseError(MSG_BINARY)
        _reject_binary(utf16)
        return utf16
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


_READABLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\t\n\r“”‘’—…·]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 (LE or BE) without a byte-order mark: the decoding whose characters are nearly all
    Chinese, ASCII or Chinese punctuation. None when neither reads as text."""
    if len(data) < 4:
        return None
    # ASCII (digits, line ends) in UTF-16 puts its zero byte on one side of each pair: odd
    # offsets for little-endian, even for big-endian. Zeros on both sides are binary data.
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    if odd >= 4 * even:
        encodings = ("utf-16-le",)
    elif even >= 4 * odd:
        encodings = ("utf-16-be",)
    else:
        return None
    best: tuple[float, str] | None = None
    for encoding in encodings:
        try:
            text = data[: len(data) - len(data) % 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        share = len(_READABLE.findall(sample)) / max(1, len(sample))
        if best is None or share > best[0]:
            best = (share, text)
    return best[1] if best and best[0] >= 0.9 else None


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
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
    )
    if "\x00" in text or controls > max(2, len(text) // 50):
        raise ParseError(MSG_BINARY)


# PDF fonts often map characters to look-alike Kangxi radicals or compatibility ideographs
# (⼀ U+2F00 for 一 U+4E00): they are the same character to a reader and must be to the parser.
_CJK_LOOKALIKES = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00))
    if len(unicodedata.normalize("NFKC", chr(cp))) == 1 and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}


def normalise_text_layer(text: str) -> str:
    text = text.replace("\r\n", "\n")
    for sep in ("\r", "\f", "\v", "\x85", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return text.lstrip("\ufeff").translate(_CJK_LOOKALIKES)
