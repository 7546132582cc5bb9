"""Which national format (2019 or 2021) a table region is printed in, from its printed clues."""

from __future__ import annotations

from assistant.formats import FormatId
from assistant.labels import normalize_label

__all__ = ["detect_format"]

# Printed clues of each format (normalised text).
_CLUES = {
    FormatId.F2021: (("本年制发", 1), ("废止件数", 1), ("现行有效", 1), ("收费金额", 1), ("逾期不补正", 2), ("收费通知", 2)),
    FormatId.F2019: (("新制作", 1), ("新公开", 1), ("公开总数", 1), ("上一年项目", 1), ("政府集中采购", 1), ("采购总金额", 1)),
}



def detect_format(region_text: str) -> FormatId | None:
    norm = normalize_label(region_text)
    score = {f: sum(w for clue, w in clues if clue in norm) for f, clues in _CLUES.items()}
    if score[FormatId.F2021] > score[FormatId.F2019]:
        return FormatId.F2021
    if score[FormatId.F2019] > score[FormatId.F2021]:
        return FormatId.F2019
    return None

