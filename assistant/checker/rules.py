"""The checker's rules as data: id, severity, statement, Chinese message templates, and what each
rule needs to be judged (see ../shared/spec/checker-rules.md).

A template is formatted with ``str.format`` from the values a check passes; a rule may have
several templates (``variant``), and a variant may carry its own severity (C-01 accepts a heading
variant with a warning although a missing section is an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.findings import Severity
from assistant.formats import FormatId

E, W = Severity.ERROR, Severity.WARNING

BOTH = frozenset({FormatId.F2019, FormatId.F2021})
F19 = frozenset({FormatId.F2019})
F21 = frozenset({FormatId.F2021})
ANY = frozenset({FormatId.F2019, FormatId.F2021, FormatId.LEGACY})

# What a rule can need. "tables": the report has tables of a national format; "t2"/"t3"/"t4": that
# table was printed; "text": the report's text; "previous": last year's report; "previous_tables":
# last year's report has tables; "kind": organ kind known; "year": report year known.
NEEDS = ("tables", "t2", "t3", "t4", "text", "previous", "previous_tables", "previous_text", "kind", "year")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    statement: str  # Chinese, one line
    messages: dict[str, str]  # variant -> template ("main" is the default)
    needs: frozenset[str] = frozenset()
    formats: frozenset[FormatId] = BOTH  # report formats the rule applies to
    variant_severity: dict[str, Severity] = field(default_factory=dict)

    def render(self, variant: str = "main", **values: object) -> str:
        return self.messages[variant].format(**values)

    def severity_of(self, variant: str = "main") -> Severity:
        return self.variant_severity.get(variant, self.severity)


def _r(id, sev, statement, messages, needs=(), formats=BOTH, variant_severity=None) -> Rule:
    if isinstance(messages, str):
        messages = {"main": messages}
    return Rule(id, sev, statement, messages, frozenset(needs), formats, variant_severity or {})


_RULES: tuple[Rule, ...] = (
    # --- table 三 ------------------------------------------------------------------------------
    _r("T3-01", E, "表三每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
       "表三「{col}」列：新收 {new} + 上年结转 {carried_in} = {lhs}，但办结总计 {total} + 结转下年度 {carried_forward} = {rhs}",
       ("tables", "t3")),
    _r("T3-02", E, "表三每列：总计 = 各项办理结果之和",
       "表三「{col}」列：各项办理结果之和为 {sum}，但「{total_label}」为 {total}",
       ("tables", "t3")),
    _r("T3-03", E, "表三每行：总计列 = 自然人与各类法人或其他组织之和",
       "表三「{row}」行：各类申请人之和为 {sum}，但「总计」列为 {total}",
       ("tables", "t3")),
    _r("T3-04", E, "表三每个单元格为非负整数",
       {"main": "{label} 为 {value}，应为非负整数",
        "ambiguous": "{label} 数字连写无法唯一拆分（候选值 {candidates}），请核对原表"},
       ("tables", "t3")),
    _r("T3-05", W, "表三不应有空白单元格（无数据应填 0）",
       "表三有 {n} 个空白单元格（应填 0）：{labels}", ("tables", "t3")),
    _r("T3-06", E, "表三的行与报告年度格式一致",
       {"missing": "表三缺少 {fmt} 年格式应有的行：{labels}",
        "extra": "表三出现不属于 {fmt} 年格式的行：{labels}（混用了两种格式）"},
       ("tables", "t3")),
    _r("T3-08", W, "结转下年度数量超过本年新收的四分之一属异常，应说明原因",
       "{cf_label}为 {carried_forward} 件，超过{new_label} {new} 件的四分之一，请在正文说明原因",
       ("tables", "t3")),
    _r("T3-10", E, "（2021）因逾期未缴费不再处理的申请大于 0，说明发出过收费通知，第六部分应报告",
       {"main": "表三「{label}」为 {value}，说明发出过收费通知，但第六部分未报告信息处理费情况",
        "no_section": "表三「{label}」为 {value}，说明发出过收费通知，但报告没有第六部分（其他需要报告的事项）"},
       ("tables", "t3", "text"), F21),
    # --- table 四 ------------------------------------------------------------------------------
    _r("T4-01", E, "表四每组：维持 + 纠正 + 其他 + 尚未审结 = 总计",
       "表四「{group}」：维持 {upheld} + 纠正 {corrected} + 其他 {other} + 尚未审结 {pending} = {sum}，但总计为 {total}",
       ("tables", "t4")),
    _r("T4-02", E, "表四 15 个单元格均为非负整数",
       {"main": "{label} 为 {value}，应为非负整数",
        "blank": "表四有 {n} 个单元格空白或缺失（应填 0）：{labels}",
        "ambiguous": "{label} 数字连写无法唯一拆分（候选值 {candidates}），请核对原表"},
       ("tables", "t4")),
    # --- table 二 ------------------------------------------------------------------------------
    _r("T2-01", E, "表二的栏目、行、列与报告年度格式一致，不得混用两种格式",
       {"missing": "表二缺少 {fmt} 年格式应有的单元格：{labels}",
        "extra": "表二出现不属于 {fmt} 年格式的单元格：{labels}（混用了两种格式）"},
       ("tables",)),
    _r("T2-02", W, "（2021）现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（集中清理时可能不符）",
       "{row}：上年现行有效 {prev} + 本年制发 {issued} − 本年废止 {repealed} = {expected}，但本年现行有效为 {in_force}",
       ("tables", "t2", "previous", "previous_tables"), F21),
    _r("T2-03", E, "（2021）本年废止件数不超过上年现行有效 + 本年制发",
       "{row}：本年废止 {repealed} 件，超过上年现行有效 {prev} + 本年制发 {issued} = {limit}",
       ("tables", "t2", "previous", "previous_tables"), F21),
    _r("T2-04", W, "（2021）收费金额单位为万元：疑似按元填写或小数超过 4 位",
       {"yuan": "{label} 为 {value}，疑似按「元」填写（本栏单位为万元）",
        "decimals": "{label} 为 {value}，小数超过 4 位（单位万元，精确到元即 4 位小数）"},
       ("tables", "t2"), F21),
    _r("T2-05", W, "规章数只有能制定规章的机关（国务院部门、省级和设区的市人民政府）才应非零",
       "{agency}不是有权制定规章的机关，但表二「规章」有非零数据：{values}",
       ("tables", "t2", "kind")),
    _r("T2-06", E, "（2019）本年「上一年项目数量」= 上年报告的上一年项目数量 + 本年增/减",
       "{row}：上年报告上一年项目数量 {prev_prev} + 增/减 {prev_delta} = {expected}，但本年「上一年项目数量」为 {prev}",
       ("tables", "t2", "previous", "previous_tables"), F19),
    _r("T2-07", W, "（2019）对外公开总数量不小于本年新公开数量",
       "{row}：对外公开总数量 {total} 小于本年新公开数量 {published}",
       ("tables", "t2"), F19),
    _r("T2-08", E, "表二只填数字；只有「本年增/减」可为负数",
       {"main": "{label} 为 {value}，{why}",
        "ambiguous": "{label} 数字连写无法唯一拆分（候选值 {candidates}），请核对原表"},
       ("tables", "t2")),
    # --- narrative against tables -------------------------------------------------------------
    _r("N-01", E, "正文的依申请公开数字与表三一致",
       {"main": "正文称「{quote}」，即 {stated} 件，但{label}为 {expected} 件",
        "incl": "正文称「{quote}」（含上年结转），共 {stated} 件，但{new_label} {new} + {cin_label} {carried_in} = {expected} 件"},
       ("tables", "t3", "text")),
    _r("N-02", E, "正文的办理结果数字与百分比与表三一致",
       {"main": "正文称「{quote}」，即 {stated} 件，但{label}为 {expected} 件",
        "pct": "正文称「{quote}」，占 {stated}%，但按表三 {count}/{total} 应为 {expected}%"},
       ("tables", "t3", "text")),
    _r("N-03", E, "正文的行政复议、行政诉讼数字和说法与表四一致",
       {"main": "正文称「{quote}」，即 {stated} 件，但{label}为 {expected} 件",
        "upheld": "正文称「{quote}」，但表四{what}有纠正 {corrected} 件、尚未审结 {pending} 件",
        "none": "正文称「{quote}」，但表四{what}合计 {expected} 件"},
       ("tables", "t4", "text")),
    _r("N-04", E, "正文的规章、规范性文件数字与表二一致",
       "正文称「{quote}」，即 {stated} 件，但{label}为 {expected} 件",
       ("tables", "t2", "text")),
    _r("N-05", E, "「未收到申请」与表三新收为 0 一致；「未收取信息处理费」与收费情况一致",
       {"no_apps": "正文称「{quote}」，但{label}为 {expected} 件",
        "no_fee": "正文称「{quote}」，但正文另称「{other}」"},
       ("tables", "t3", "text")),
    _r("N-06", E, "报告年度前后一致：标题、统计期限、正文（下一年度计划与明确的上年对比除外）",
       {"title": "标题年度为 {stated} 年，但报告年度为 {year} 年",
        "period": "统计期限写为 {stated} 年（「{quote}」），但报告年度为 {year} 年",
        "body": "正文出现 {stated} 年（「{quote}」），报告年度为 {year} 年，疑似沿用往年报告文字"},
       ("text", "year"), ANY),
    _r("N-07", W, "正文中同一数量前后表述一致",
       "正文对「{what}」前后说法不一：「{quote1}」为 {v1}，「{quote2}」为 {v2}",
       ("text",), ANY),
    # --- against last year's report -----------------------------------------------------------
    _r("X-01", E, "本年上年结转 = 上年报告的结转下年度（每列）",
       "表三「{col}」列：上年结转 {carried_in}，但上年报告结转下年度为 {prev_forward}",
       ("tables", "t3", "previous", "previous_tables")),
    _r("X-04", W, "「五、存在的主要问题及改进情况」不照搬上年报告",
       {"main": "第五部分与上年报告第五部分高度雷同（去除数字后相似度 {similarity}%），应写出本年的问题和上年问题的整改情况"},
       ("text", "previous", "previous_text")),
    _r("X-05", W, "全文（去除数字和年份）不与上年报告雷同",
       "全文与上年报告高度雷同（去除数字和年份后相似度 {similarity}%），疑似照搬往年报告",
       ("text", "previous", "previous_text"), ANY),
    _r("X-07", W, "与上年相比的大幅变化（新收申请 ×3 或 ÷3；行政复议从 0 到多起）应在正文说明",
       "{what}由上年的 {prev} 件变为 {cur} 件，正文未见说明",
       ("tables", "t3", "text", "previous", "previous_tables")),
    _r("X-06", E, "格式与报告年度相符（2019–2020 用 2019 年格式，2021 年起用 2021 年格式）",
       "报告年度为 {year} 年，应使用 {expected} 格式，但报告使用的是 {actual} 格式",
       ("year",), ANY),
    # --- sections and content -----------------------------------------------------------------
    _r("C-01", E, "六个部分（一至六）齐全、顺序正确、标题规范",
       {"missing": "报告缺少第{number}部分「{heading}」",
        "order": "报告各部分顺序不对：{order}",
        "variant": "第{number}部分标题为「{actual}」，规范标题为「{heading}」",
        "unknown": "第{number}部分标题为「{actual}」，与规范标题「{heading}」不符"},
       ("text",), BOTH, {"variant": W}),
    _r("C-02", W, "「一、总体情况」涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障",
       {"main": "「总体情况」未涉及：{topics}", "no_section": "报告没有「总体情况」部分"},
       ("text",)),
    _r("C-03", E, "人民政府的报告在监督保障中报告工作考核、社会评议和责任追究结果",
       {"main": "人民政府的报告应在「总体情况·监督保障」中报告{missing}",
        "no_section": "报告没有「总体情况」部分，无从报告工作考核、社会评议和责任追究结果"},
       ("text", "kind")),
    _r("C-04", E, "（2021）第六部分说明信息处理费情况，并与表三一致",
       {"missing": "第六部分未说明信息处理费情况（发出收费通知、收费金额或未收费）",
        "no_section": "报告没有第六部分（其他需要报告的事项），未说明信息处理费情况",
        "conflict": "第六部分称「{quote}」，但表三「{label}」为 {value}（说明发出过收费通知）"},
       ("text",), F21),
    _r("C-05", W, "报告落实上级年度政务公开工作要点情况",
       "报告未提及落实上级年度政务公开工作要点的情况", ("text",)),
    _r("C-06", W, "报告人大代表建议和政协委员提案办理情况",
       "报告未提及人大代表建议和政协委员提案办理情况", ("text",)),
    _r("C-08", W, "「五、存在的主要问题及改进情况」写出具体问题和具体措施",
       {"main": "第五部分{what}", "no_section": "报告没有第五部分（存在的主要问题及改进情况）"},
       ("text",)),
    _r("C-09", W, "前言写明法律依据、统计期限、报告获取方式和联系方式",
       "前言未写明：{missing}", ("text",)),
    _r("C-10", E, "不得公开申请人个人信息（身份证号、私人手机号等）",
       {"id": "正文出现疑似身份证号「{value}」", "mobile": "正文出现疑似私人手机号「{value}」"},
       ("text",), ANY),
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
