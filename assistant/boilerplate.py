"""Wording every organ writes, which is not copying: the format's own sentences (legal basis,
统计期限, where to get the report, contact), section and table titles, and sentences frequent
across the indexed corpus. A sentence is compared by its *key*: whitespace removed, numbers and
years masked.

``own_texts(this, last)`` gives, section by section, each report's own wording (its sentences
without boilerplate, tables left out): the text the copy rules X-04/X-05 compare, both in
``nianbao check --previous`` and in ``review.compare``."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from assistant.formats import FORMATS, SECTION_HEADING_VARIANTS, FormatId
from assistant.paragraphs import preamble, prose, sentences, wrap_width
from assistant.report import Report, Section

_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二三四五六七八九十百千万两]+(?=[件条次个项人期篇万余])")
_SPACE = re.compile(r"[\s\u3000]+")

# The format's sentences (what the national format and its notice tell every organ to write).
FORMAT_PATTERNS = tuple(re.compile(p) for p in (
    r"(根据|依据|按照).{0,40}《中华人民共和国政府信息公开条例》.{0,160}(编制|形成|制作)",
    r"《中华人民共和国政府信息公开工作年度报告格式》",
    r"本报告由.{0,120}(部分|组成)",
    r"(统计期限|统计时间|统计时限|统计区间|所列数据)",
    r"电子版.{0,60}(下载|查阅|获取)",
    r"(如对本?报告有.{0,4}疑问|联系方式|联系电话|联系地址|邮政编码|邮编|电子邮箱|传真)",
    r"^本报告(所列|中|的)?(数据|电子版|由)",
    r"^#年#月#日$",
))


def key(sentence: str) -> str:
    """A sentence's comparison key: whitespace removed, numbers and years masked as ``#``."""
    return _DIGITS.sub("#", _SPACE.sub("", sentence))


def _format_keys() -> frozenset[str]:
    labels: set[str] = set()
    for variants in SECTION_HEADING_VARIANTS.values():
        labels.update(variants)
    for spec in FORMATS.values():
        for table in spec.tables:
            labels.add(table.title)
            for block in table.blocks:
                labels.add(block.label)
                labels.update(r.label for r in block.rows)
                labels.update(c.label for c in block.columns)
    return frozenset(key(x) for x in labels if x)


FORMAT_KEYS = _format_keys()


def is_boilerplate(sentence: str, corpus_keys: frozenset[str] = frozenset()) -> bool:
    k = key(sentence)
    if k in FORMAT_KEYS or k in corpus_keys:
        return True
    return any(p.search(k) for p in FORMAT_PATTERNS)


def sentence_keys(text: str) -> frozenset[str]:
    """The keys of a report text's sentences (of 8 characters or more), tables left out."""
    width = wrap_width(text)
    return frozenset(key(s) for para in prose(text, width, has_table=False) for s in sentences(para) if len(s) >= 8)


def frequent_keys(per_text: Iterable[tuple[str, Iterable[str]]], min_organs: int = 3, min_share: float = 0.2) -> frozenset[str]:
    """Keys written by many organs: ``per_text`` gives (organ, sentence keys of one text); a key is
    boilerplate when at least ``min_organs`` organs and ``min_share`` of all organs wrote it."""
    seen: dict[str, set[str]] = defaultdict(set)
    organs: set[str] = set()
    for organ, keys in per_text:
        organs.add(organ)
        for k in keys:
            seen[k].add(organ)
    need = max(min_organs, int(len(organs) * min_share + 0.999))
    return frozenset(k for k, who in seen.items() if len(who) >= need)


def frequent_sentences(texts: Iterable[tuple[str, str]], min_organs: int = 3, min_share: float = 0.2) -> frozenset[str]:
    """Keys of sentences written by many organs, from (organ, text) pairs (see ``frequent_keys``)."""
    return frequent_keys(((organ, sentence_keys(text)) for organ, text in texts), min_organs, min_share)


def corpus_boilerplate(data_dir: Path, min_organs: int = 3, min_share: float = 0.2) -> frozenset[str]:
    """Frequent sentences of the corpus indexed in ``data_dir`` (empty when there is no index)."""
    path = Path(data_dir) / "corpus.sqlite"
    if not path.is_file():
        return frozenset()
    from assistant.corpus.manifest import Manifest

    manifest = Manifest(path)
    try:
        texts = [(c.organ or c.source, c.text) for _, _, c in manifest.all_tokens()]
    finally:
        manifest.close()
    return frequent_sentences(texts, min_organs, min_share)


# --- each report's own wording, section by section ----------------------------------------

PREAMBLE = "前言"
TABLE_SECTIONS = ("二", "三", "四")
_RANK = {n: i for i, n in enumerate("一二三四五六七八九十")}


def national_number(section: Section) -> str:
    """The national section a printed section stands for, from its heading (numbers vary)."""
    return _national_number(section.number, section.heading.strip())


@lru_cache(maxsize=1024)
def _national_number(number: str, heading: str) -> str:
    best, best_ratio = number, 0.0
    for number, variants in SECTION_HEADING_VARIANTS.items():
        for v in variants:
            r = 1.0 if heading == v else SequenceMatcher(None, heading, v, autojunk=False).ratio()
            if r > best_ratio:
                best, best_ratio = number, r
    return best if best_ratio >= 0.6 else number


def sections_by_number(report: Report) -> dict[str, Section]:
    """A report's sections by national number (the first of a number wins)."""
    return {national_number(s): s for s in reversed(report.sections)}


def section_order(this: dict[str, Section], last: dict[str, Section]) -> list[str]:
    """The national numbers of both reports' sections, in national order."""
    numbers = dict.fromkeys([*this, *last])
    return sorted(numbers, key=lambda n: (_RANK.get(n, 99), n))


def section_sentences(report: Report, section: Section | None) -> list[str]:
    """The sentences of a section (``None``: of the preamble), table text left out."""
    width = wrap_width(report.text)
    if section is None:
        return [s for p in preamble(report, width) for s in sentences(p)]
    has_table = national_number(section) in TABLE_SECTIONS and report.format != FormatId.LEGACY
    return [s for p in prose(section.text, width, has_table) for s in sentences(p)]


def own_text(sentence_list: Iterable[str], corpus_keys: frozenset[str] = frozenset()) -> str:
    """The sentences that are not boilerplate, joined."""
    return "".join(s for s in sentence_list if not is_boilerplate(s, corpus_keys))


def own_texts(this: Report, last: Report, corpus_keys: frozenset[str] = frozenset()) -> dict[str, tuple[str, str]]:
    """(this year's, last year's) own wording of the preamble (``PREAMBLE``) and of every section
    both reports have, in national order; a part that is all boilerplate on both sides is left out."""
    this_by, last_by = sections_by_number(this), sections_by_number(last)
    out: dict[str, tuple[str, str]] = {}
    ts, ls = section_sentences(this, None), section_sentences(last, None)
    if ts and ls:
        out[PREAMBLE] = (own_text(ts, corpus_keys), own_text(ls, corpus_keys))
    for n in section_order(this_by, last_by):
        if n in this_by and n in last_by:
            out[n] = (own_text(section_sentences(this, this_by[n]), corpus_keys),
                      own_text(section_sentences(last, last_by[n]), corpus_keys))
    return {n: pair for n, pair in out.items() if pair[0] or pair[1]}
