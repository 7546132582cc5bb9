"""Organ, year and organ kind from a report's title or preamble."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.parse.organ import clean_organ, correct_places
from assistant.report import OrganKind, Span

__all__ = ["Meta", "find_meta", "organ_kind"]

_TITLE_TAIL = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
# 牡丹江市人民政府 2020 年政府信息公开工作年度报告 (organ first)
_ORGAN_YEAR = re.compile(rf"^(?P<organ>[^\n\d]{{0,60}}?)\s*(?P<year>(?:19|20)\d{{2}})\s*年\s*度?\s*(?:本级)?\s*{_TITLE_TAIL}")
# 2020 年度牡丹江市XX局政府信息公开工作年度报告 (year first)
_YEAR_ORGAN = re.compile(rf"^(?P<year>(?:19|20)\d{{2}})\s*年\s*度?\s*(?P<organ>[^\n\d]{{2,60}}?)\s*{_TITLE_TAIL}")
_PERIOD = re.compile(r"(?:统计|期限|时间|期间)[^。\n]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SPACE = re.compile(r"\s+")

_GOVERNMENT = re.compile(r"(人民政府|管理委员会|管委会|政府|综合实验区|新区)$")  # 实验区/新区: a 管委会 acting as one
_DEPARTMENT = re.compile(
    r"(局|委员会|委|办公室|办|中心|厅|署|院|部|所|站|队|处|会|馆|社|台|行|公司|集团|支队|大队)$"
)


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    kind: OrganKind | None = None
    title: str | None = None
    title_span: Span | None = None
    notes: list[str] = field(default_factory=list)


def organ_kind(organ: str | None) -> OrganKind | None:
    """Government (人民政府, 管委会 acting as one) or department, when the name tells."""
    if not organ:
        return None
    if _GOVERNMENT.search(organ):
        return OrganKind.GOVERNMENT
    if _DEPARTMENT.search(organ):
        return OrganKind.DEPARTMENT
    return None


def _clean_organ(s: str) -> str | None:
    return clean_organ(s)


_CUT = re.compile(r"(?:19|20)\d{2}\s*年|关于|政府信息公开|政务公开|信息公开")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def _fallback_title(text: str, nonempty: list[tuple[int, str]], meta: Meta) -> None:
    """Titles in other word orders: ``XX局关于2021年度政府信息公开工作的报告``,
    ``XX局政府信息公开工作年度报告（2021年）``."""
    for i, (off, ln) in enumerate(nonempty[:8]):
        if "报告" not in ln or not ("信息公开" in ln or "政务公开" in ln) or len(ln) > 80:
            continue
        start = off + (len(text[off:off + 200]) - len(text[off:off + 200].lstrip()))
        end = off + len(text[off:].split("\n", 1)[0])
        combined = ln
        m = _CUT.search(ln)
        organ = _clean_organ(ln[: m.start()]) if m else None
        if organ is None and i > 0 and len(nonempty[i - 1][1]) <= 40 and "。" not in nonempty[i - 1][1]:
            prev_off, prev = nonempty[i - 1]
            organ = _clean_organ(prev)
            combined = prev + ln
            start = prev_off + (len(text[prev_off:prev_off + 200]) - len(text[prev_off:prev_off + 200].lstrip()))
        y = _YEAR.search(combined)
        meta.agency = organ
        meta.year = int(y.group(1)) if y else None
        meta.title = _SPACE.sub("", text[start:end])
        meta.title_span = Span(start=start, end=end, line=text.count("\n", 0, start) + 1)
        return


def find_meta(text: str, lines: list[tuple[int, str]], head_end: int) -> Meta:
    """``lines``: (offset, line) of the report; ``head_end``: offset where section 一 starts (or
    where to stop looking for the title)."""
    meta = Meta()
    head = [(off, ln) for off, ln in lines if off < max(head_end, 1)][:40]
    nonempty = [(off, ln.strip()) for off, ln in head if ln.strip()]
    for i, (off, ln) in enumerate(nonempty[:12]):
        m = _ORGAN_YEAR.match(ln) or _YEAR_ORGAN.match(ln)
        if not m:
            continue
        organ = _clean_organ(m.group("organ"))
        start = off + (len(text[off:off + 200]) - len(text[off:off + 200].lstrip()))
        end = off + len(text[off:].split("\n", 1)[0])
        if organ is None and i > 0:
            # title split over lines: the organ is the line before
            prev_off, prev = nonempty[i - 1]
            organ = _clean_organ(prev)
            start = prev_off + (len(text[prev_off:prev_off + 200]) - len(text[prev_off:prev_off + 200].lstrip()))
        meta.agency = organ
        meta.year = int(m.group("year"))
        meta.title = _SPACE.sub("", text[start:end])
        meta.title_span = Span(start=start, end=end, line=text.count("\n", 0, start) + 1)
        break
    if meta.title is None:
        _fallback_title(text, nonempty, meta)
    if meta.year is None:
        window = text[: max(head_end, 2000)]
        m = _PERIOD.search(window)
        if m:
            meta.year = int(m.group(1))
    if meta.agency is None:
        _organ_elsewhere(text, lines, head, meta)
    if meta.year is None:
        _year_from_dates(text, head_end, meta)
    if meta.agency:
        meta.agency, notes = correct_places(meta.agency)
        meta.notes.extend(notes)
    meta.kind = organ_kind(meta.agency)
    return meta


_PUBLISHER = re.compile(r"^\s*(?:发布机构|发文机关|来源)\s*[:：]\s*(\S.*?)\s*$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|((?:19|20)\d{2})-\d{1,2}-\d{1,2}")
_PUBLISHED = re.compile(r"^\s*发布时间\s*[:：]\s*((?:19|20)\d{2})")


def _organ_elsewhere(text: str, lines: list[tuple[int, str]], head: list[tuple[int, str]], meta: Meta) -> None:
    """No organ in the title: a crawler's 发布机构, then the signature above the closing date."""
    for _, ln in head:
        m = _PUBLISHER.match(ln)
        if m and (organ := clean_organ(m.group(1))):
            meta.agency = organ
            meta.notes.append(f"机关名称取自网页的发布机构「{organ}」。")
            return
    tail = [ln.strip() for _, ln in lines[-12:] if ln.strip()]
    for i, ln in enumerate(tail):
        date_here = _DATE.search(ln)
        name = ln[: date_here.start()] if date_here else ln
        organ = clean_organ(name.strip("（()） "))
        follows = date_here or (i + 1 < len(tail) and _DATE.fullmatch(tail[i + 1].strip("（()） ")))
        if organ and follows and len(name) <= 40:
            meta.agency = organ
            meta.notes.append(f"机关名称取自文末落款「{organ}」。")
            return


def _year_from_dates(text: str, head_end: int, meta: Meta) -> None:
    """No year in the title or the statistics period: the year before the publication date."""
    for ln in text[: max(head_end, 2000)].split("\n")[:20]:
        m = _PUBLISHED.match(ln)
        if m:
            meta.year = int(m.group(1)) - 1
            meta.notes.append(f"报告年度按发布时间推定为 {meta.year} 年。")
            return
