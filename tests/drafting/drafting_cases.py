"""Drafting cases (imported by the tests of this folder): this year's tables (a labelled 2021 report with suits after review and a
carried-forward count unlike the carried-in one), a correct model-style draft, planted errors."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.drafting import build_facts
from assistant.report import Report

GOLD = Path(__file__).resolve().parents[2] / "evals" / "parse" / "gold"

YEAR = 2022
ORGAN = "示例市交通运输局"


def tables_report() -> Report:
    data = json.loads((GOLD / "f2021_tabs.json").read_text(encoding="utf-8"))
    cells = data["cells"]
    cells["t4.suit_after_review.upheld"] = 1
    cells["t4.suit_after_review.total"] = 1
    return Report.from_canonical(data)


def correct_draft(citation: str | None = None) -> str:
    """A draft worded unlike the offline drafter, every number true to the tables."""
    cite = f"【引用:{citation}】" if citation else ""
    return (
        "一、总体情况\n"
        f"{YEAR}年，示例市交通运输局认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。\n"
        "（一）主动公开\n"
        "全年制发行政规范性文件3件，废止行政规范性文件1件，截至年底现行有效行政规范性文件12件。"
        "作出行政许可决定1486件、行政处罚决定352件。\n"
        "（二）依申请公开\n"
        "本年度新收政府信息公开申请74件，上年结转3件。全年办结申请73件，其中予以公开40件，占54.8%；"
        "部分公开7件。结转下年度继续办理4件。"
        "因政府信息公开工作被申请行政复议4件，被提起行政诉讼3件（未经复议直接起诉2件、复议后起诉1件）。\n"
        "（三）政府信息管理\n"
        f"严格落实公开前保密审查制度，动态更新政府信息公开指南。{cite}\n"
        "（四）政府信息公开平台建设\n"
        "通过政务新媒体发布信息560条，开展政务公开业务培训2场、参训120人次。\n"
        "（五）监督保障\n"
        "将政务公开纳入年度考核。\n"
        "五、存在的主要问题及改进情况\n"
        "政策解读形式较为单一。下一步将丰富解读形式，加强培训。\n"
        "六、其他需要报告的事项\n"
        "本年度未收取信息处理费。承办人大代表建议和政协委员提案8件。\n"
    )


NOTES = "政务新媒体全年发布信息560条。组织政务公开业务培训2场，参训120人次。承办人大代表建议和政协委员提案8件。"

# (name, find, replace, flag kind expected at the replacement)
PLANTED = [
    ("changed count", "新收政府信息公开申请74件", "新收政府信息公开申请75件", "wrong_value"),
    ("wrong percentage", "占54.8%", "占58.4%", "wrong_percent"),
    ("invented percentage", "部分公开7件。", "部分公开7件，群众满意率达98.5%。", "untraced"),
    ("suits as direct only", "被提起行政诉讼3件（未经复议直接起诉2件、复议后起诉1件）", "被提起行政诉讼2件", "wrong_value"),
    ("swapped carried", "上年结转3件", "上年结转4件", "wrong_value"),
    ("swapped forward", "结转下年度继续办理4件", "结转下年度继续办理3件", "wrong_value"),
    ("last year's year", f"{YEAR}年，示例市", f"{YEAR - 1}年，示例市", "year"),
    ("fake citation", "政府信息公开指南。", "政府信息公开指南。【引用:0123456789abcdef0000】", "citation"),
    ("wrong amount", "将政务公开纳入年度考核。", "将政务公开纳入年度考核。本年度行政事业性收费金额12万元。", "wrong_value"),
]


def default_facts():
    return build_facts(tables_report(), organ=ORGAN, year=YEAR)
