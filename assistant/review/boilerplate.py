"""Wording every organ writes, which is not copying: the format's own sentences (legal basis,
统计期限, where to get the report, contact), section and table titles, and sentences frequent
across the indexed corpus. A sentence is compared by its *key*: whitespace removed, numbers and
years masked."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from assistant.formats import FORMATS, SECTION_HEADING_VARIANTS
from assistant.paragraphs import prose, sentences, wrap_width

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
