"""Chinese tokenisation shared by the keyword index and the offline embedding.

jieba words (no HMM: faster, deterministic), lower-cased, without whitespace, punctuation and a
short list of function words. jieba's start-up chatter on stderr is silenced.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_ready = False

# Function words and boilerplate that carry no topic.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 对 为 是 将 把 被 等 并 也 由 于 其 中 以 之 而 上 下 年 个 项 件 次 我 "
    "有 无 一 二 三 四 五 六 七 八 九 十 着 从 向 共 已 按 就 所 该 各".split()
)

_KEEP = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def _init() -> None:
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                jieba.initialize()
                _ready = True


def words(text: str) -> list[str]:
    """The content words of ``text`` in order."""
    _init()
    out: list[str] = []
    for w in jieba.lcut(text, HMM=False):
        w = w.strip().lower()
        if not w or w in STOPWORDS or not _KEEP.search(w):
            continue
        out.append(w)
    return out


def char_bigrams(text: str) -> list[str]:
    """Overlapping pairs of consecutive CJK characters (robust to word-segmentation misses)."""
    out: list[str] = []
    for run in _CJK_RUN.findall(text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
