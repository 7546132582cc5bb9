"""The checker's fast paths give exactly what the straightforward code gave.

The compact text view is compared with the former per-whitespace-run implementation (kept here as
the reference), and every regex scan anchored on literal words with the regex's own ``finditer``,
on the seed reports and on random text made of the characters and words that matter.
"""

from __future__ import annotations

import bisect
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.checker import content as C
from assistant.checker import narrative as Na
from assistant.checker import numbers as N
from assistant.parse import parse_text

# --- reference: the view as it was built before (one Python step per whitespace run) -----------

def _ref_mask_tables(text: str, extra: tuple[tuple[int, int], ...]) -> str:
    ranges = [(m.start(), m.end()) for m in N._TABLE_LINE.finditer(text)]
    for s, e in extra:
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        ranges.append((ls, len(text) if le < 0 else le))
    if not ranges:
        return text
    ranges.sort()
    out: list[str] = []
    pos = 0
    for s, e in ranges:
        if e <= pos:
            continue
        s = max(s, pos)
        out.append(text[pos:s])
        out.append("|" * (e - s))
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _ref_build(source: str, cell_spans: tuple[tuple[int, int], ...]) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    masked = _ref_mask_tables(source, cell_spans)
    parts: list[str] = []
    starts_c: list[int] = []
    starts_o: list[int] = []
    clen = 0
    pos = 0
    n = len(masked)
    heading_ends = {m.start() + len(m.group().rstrip()) for m in N._HEADING_LINE.finditer(masked)}
    for m in N._WS.finditer(masked):
        a, b = m.start(), m.end()
        if a > pos:
            starts_c.append(clen)
            starts_o.append(pos)
            parts.append(masked[pos:a])
            clen += a - pos
        if 0 < a and b < n:
            before, after = masked[a - 1], masked[b]
            keep = None
            if before.isdigit() and after.isdigit():
                keep = " "
            elif "\n" in m.group() and (N._HEADING_START.match(masked, b) or a in heading_ends):
                keep = "|"
            if keep:
                starts_c.append(clen)
                starts_o.append(a)
                parts.append(keep)
                clen += 1
        pos = b
    if pos < n:
        starts_c.append(clen)
        starts_o.append(pos)
        parts.append(masked[pos:])
    compact = "".join(parts).replace("％", "%")
    return compact, tuple(starts_c), tuple(starts_o)




def _ref_compact_pos(starts_c, starts_o, n_compact, orig):
    k = bisect.bisect_right(starts_o, orig) - 1
    if k < 0:
        return 0
    seg_len = (starts_c[k + 1] if k + 1 < len(starts_c) else n_compact) - starts_c[k]
    return starts_c[k] + min(orig - starts_o[k], seg_len)


def _same_view(source: str, spans: tuple[tuple[int, int], ...]) -> None:
    text, starts_c, starts_o = _ref_build(source, spans)
    view = N._build(source, spans)
    assert view.text == text
    # the offset map may be built differently; every position must map the same way
    for i in range(-1, len(text) + 2):
        k = bisect.bisect_right(starts_c, i) - 1
        want = 0 if k < 0 else starts_o[k] + (i - starts_c[k])
        assert view.orig(i) == want, (source, i)
    for o in range(-1, len(source) + 2):
        assert view.compact_pos(o) == _ref_compact_pos(starts_c, starts_o, len(text), o), (source, o)




def _spans(report):
    return tuple(sorted((c.span.start, c.span.end) for c in report.cells.values() if c.span is not None))


def test_view_of_each_seed_is_unchanged(seed_path):
    path = seed_path
    report = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    _same_view(report.text, _spans(report))
    _same_view(report.text, ())


_ALPHABET = list("0123456789 \t\r\n\n\n。；，一二三四五六七八九十、（）().．-+年件申请|％%①²\u3000\xa0ab")
_WORDS = ["二、主动公开政府信息情况", "（一）", "\n三、", "2019年", "130 件", "5 4 2", "\t12\t-3\t4.5\n",
          "1 2 3\n", "②", " \n（二）规章", "四、标题 \n", "\n\n"]
_text = st.lists(st.one_of(st.sampled_from(_ALPHABET), st.sampled_from(_WORDS)), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(source=_text, cuts=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 6)), max_size=3))
def test_view_of_random_text_is_unchanged(source, cuts):
    spans = tuple(sorted((s, s + d) for s, d in cuts if s <= len(source)))
    _same_view(source, spans)


# --- anchored scans -------------------------------------------------------------------------------

_ANCHORED = [
    (Na._DONE, lambda t: N.finditer(Na._DONE, t, Na._DONE_AT)),
    (Na._FORWARD, lambda t: N.finditer(Na._FORWARD, t, Na._FORWARD_AT)),
    (Na._UPHELD, lambda t: N.finditer(Na._UPHELD, t, Na._UPHELD_AT)),
    (Na._NONE, lambda t: N.finditer(Na._NONE, t, Na._NONE_AT)),
    (Na._NO_APPS, lambda t: N.finditer(Na._NO_APPS, t, Na._NO_APPS_AT)),
    (Na._NO_FEE, lambda t: N.finditer(Na._NO_FEE, t, Na._NO_FEE_AT)),
    (Na._YEAR, lambda t: N.finditer(Na._YEAR, t, ("年",), back=4)),
    (Na._NORMATIVE, lambda t: N.finditer_near(Na._NORMATIVE, t, "规范性文件", Na._NORM_REACH)),
    (Na._RULES, lambda t: N.finditer_near(Na._RULES, t, "规章", Na._NORM_REACH)),
    (C._ID, lambda t: N.finditer(C._ID, t, ("19", "20"), back=6)),
    (C._MOBILE, C._MOBILE_FAST.finditer),
]


def _spans_of(matches):
    return [(m.span(), m.groups()) for m in matches]


def _check_scans(text: str) -> None:
    for rx, fast in _ANCHORED:
        assert _spans_of(fast(text)) == _spans_of(rx.finditer(text)), rx.pattern
    assert C._mentions.__wrapped__(text) == (
        bool(C._WORK_POINTS.search(N._WS.sub("", text))),
        bool(C._SUGGESTIONS.search(N._WS.sub("", text)) and C._PROPOSALS.search(N._WS.sub("", text)))
        or bool(C._BOTH.search(N._WS.sub("", text))),
    )


def test_anchored_scans_on_the_seeds(seed_texts):
    for name, text in seed_texts.items():
        report = parse_text(text, source=name)
        _check_scans(report.text)
        _check_scans(N.text_view(report).text)


_SCAN_WORDS = ["办结", "答复", "办理完毕", "结转至下一年度", "转入下年", "结转至2020年度", "均维持", "全部予以维持",
               "都被维持", "无败诉", "均胜诉", "未发生", "没有被", "无", "无论", "未收到", "行政复议", "行政诉讼",
               "信息公开申请", "未收取", "不收取信息处理费", "费用", "制发", "现行有效", "公开", "规范性文件", "规章",
               "部门规章", "共", "件", "份", "2019年", "120年", "1990年", "11010519900307123X", "13812345678",
               "138 1234 5678", "联系电话：", "申请人", "工作要点", "政务公开工作方案", "人大代表建议", "政协提案",
               "建议提案", "，", "。", "；", "3", "12", " ", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_WORDS), max_size=40).map("".join))
def test_anchored_scans_on_random_text(text):
    _check_scans(text)


def test_str_split_drops_exactly_the_regex_whitespace():
    chars = "".join(chr(i) for i in range(0x3001) if chr(i).isspace() or re.match(r"\s", chr(i)))
    text = "a" + "b".join(chars) + "c"
    assert N.compact(text) == N._WS.sub("", text)
