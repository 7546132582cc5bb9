"""The reviewer's short Chinese summary of a year-on-year review."""

from __future__ import annotations

from assistant.findings import Severity
from assistant.review.models import Review


def _pct(x: float) -> str:
    return f"{round(x * 100)}%"


def summarise(review: Review) -> str:
    last = f"{review.last_year} 年度" if review.last_year else "上年"
    parts = [f"与{last}报告相比："]
    copied = [s for s in review.sections if s.copied]
    compared = [s for s in review.sections if s.similarity is not None]
    if copied:
        names = "、".join(f"第{s.section}部分（相似度 {_pct(s.similarity or 0)}）" for s in copied)
        parts.append(f"{len(compared)} 个可比部分中 {len(copied)} 个与上年高度雷同：{names}。")
    elif compared:
        parts.append(f"{len(compared)} 个可比部分均未发现照搬上年文字。")
    else:
        parts.append("两份报告没有可比的部分。")
    if review.similarity is not None:
        ratio = ""
        if review.copy_ratio is not None:
            ratio = f"，沿用上年原句（仅数字、年份不同或完全相同）的文字占 {_pct(review.copy_ratio)}"
        bp = sum(s.boilerplate_sentences for s in review.sections)
        parts.append(f"全文相似度 {_pct(review.similarity)}{ratio}（已排除格式套话 {bp} 句）。")
    if review.deltas:
        swings = sum(1 for d in review.deltas if d.swing)
        parts.append(f"统计表有 {len(review.deltas)} 个单元格与上年不同或非零，其中大幅变化 {swings} 处。")
    errors = sum(1 for f in review.findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in review.findings if f.severity == Severity.WARNING)
    if review.findings:
        rules = "、".join(dict.fromkeys(f.rule for f in review.findings))
        parts.append(f"跨年核对发现错误 {errors} 项、警告 {warnings} 项（{rules}）。")
    else:
        parts.append("跨年核对未发现问题。")
    if review.organ and review.last_organ and review.organ != review.last_organ:
        parts.append(f"注意：两份报告的机关名称不同（{review.organ}／{review.last_organ}）。")
    return "".join(parts)
