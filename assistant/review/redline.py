"""The review as one standalone HTML page (no external files): the summary, the findings linking
to their place, each section side by side — last year left, this year right — with deletions and
insertions marked and the section's similarity, then the table deltas. The web app shows the same
HTML."""

from __future__ import annotations

from html import escape

from assistant.review.models import Review, SectionReview, SentencePair

_CSS = """
body{font-family:"仿宋_GB2312","FangSong","Noto Serif CJK SC",serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.7}
h1{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:1.5em}
h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:1.15em;margin-top:2em}
.summary{background:#f4f6f8;padding:.8em 1em;border-left:4px solid #5a7}
.badge{display:inline-block;padding:0 .5em;margin-left:.5em;border-radius:3px;font-size:.85em;background:#ddd}
.badge.copied{background:#c33;color:#fff}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#eee}
table.side td{width:50%}
del{background:#fcc;text-decoration:line-through}
ins{background:#cfc;text-decoration:none}
tr.boilerplate td{color:#999}
tr.same td,tr.numbers td{background:#fff8e6}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.swing td{background:#fff0f0}
li.error{color:#b00}
li.warning{color:#a60}
"""

_STATUS = {"same": "相同", "numbers": "仅数字不同", "changed": "改写", "added": "新增", "removed": "删去"}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100)}%"


def _side(pair: SentencePair, side: str) -> str:
    keep, mark = ("delete", "del") if side == "last" else ("insert", "ins")
    text = pair.last if side == "last" else pair.this
    if text is None:
        return ""
    out = []
    for op in pair.ops:
        if op.tag == "equal":
            out.append(escape(op.text))
        elif op.tag == keep:
            out.append(f"<{mark}>{escape(op.text)}</{mark}>")
    return "".join(out)


def _section(s: SectionReview) -> str:
    heading = escape(s.heading or s.last_heading or "")
    badge = '<span class="badge copied">与上年雷同</span>' if s.copied else ""
    rows = []
    for p in s.sentences:
        cls = "boilerplate" if p.boilerplate else p.status
        note = "格式套话" if p.boilerplate else _STATUS[p.status]
        rows.append(f'<tr class="{cls}" title="{note}"><td>{_side(p, "last")}</td><td>{_side(p, "this")}</td></tr>')
    if not rows:
        rows.append('<tr><td colspan="2">（本部分没有可比的文字）</td></tr>')
    last_heading = escape(s.last_heading) if s.last_heading else "（上年无此部分）"
    this_heading = escape(s.heading) if s.heading else "（本年无此部分）"
    return (
        f'<section id="sec-{escape(s.section)}"><h2>{escape(s.section) + "、" if s.section != heading else ""}{heading}'
        f'<span class="badge">相似度 {_pct(s.similarity)}</span>{badge}</h2>'
        f'<table class="side"><tr><th>上年：{last_heading}</th><th>本年：{this_heading}</th></tr>'
        + "".join(rows) + "</table></section>"
    )


def _number(v: object) -> str:
    return "" if v is None else escape(str(v))


def render_redline_html(review: Review) -> str:
    """The review as a standalone HTML document (UTF-8 text)."""
    title = f"{review.organ or '本年报告'} {review.year or ''} 年度报告与上年对比"
    findings = "".join(
        f'<li class="{f.severity.value}"><a href="#{escape(f.anchor or "sections")}">{escape(f.rule)}</a> '
        f"{escape(f.message)}</li>"
        for f in review.findings
    ) or "<li>跨年核对未发现问题。</li>"
    deltas = "".join(
        f'<tr id="cell-{escape(d.key)}" class="{"swing" if d.swing else ""}"><td>{escape(d.label)}</td>'
        f'<td class="num">{_number(d.last)}</td><td class="num">{_number(d.this)}</td>'
        f'<td class="num">{_number(d.delta)}</td><td>{"大幅变化" if d.swing else ""}'
        f'{" " + escape("、".join(d.rules)) if d.rules else ""}</td></tr>'
        for d in review.deltas
    )
    deltas_html = (
        '<table><tr><th>单元格</th><th>上年</th><th>本年</th><th>增减</th><th>标记</th></tr>' + deltas + "</table>"
        if deltas else "<p>两年统计表没有可比的非零单元格。</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{escape(title)}</h1>\n"
        f'<p>上年报告：{escape(review.last_organ or "机关未识别")} {review.last_year or ""} 年度 · '
        f"全文相似度 {_pct(review.similarity)} · 沿用上年原句 {_pct(review.copy_ratio)}</p>\n"
        f'<div class="summary">{escape(review.summary)}</div>\n'
        f'<h2 id="findings">核查发现</h2><ul>{findings}</ul>\n'
        '<div id="sections">' + "\n".join(_section(s) for s in review.sections) + "</div>\n"
        f'<h2 id="deltas">统计表与上年对比</h2>{deltas_html}\n'
        "</body></html>\n"
    )
