"""Writes the spreadsheet-copy cases ``sheet_*.yaml`` of this directory.

The notes are made from one set of numbers per case and the gold from the same numbers, so the
two agree by construction; the prose cases are written by hand. Run from the repo root:
``.venv/bin/python evals/extraction/make_sheet_cases.py``. Blank cells are chosen so that no
other cell becomes arithmetically determined, except where the case says so in its gold.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
COLS = ("natural", "business", "research", "public_interest", "legal_service", "other_org")

ROW_LABELS_2021 = [
    ("new", ["一、本年新收政府信息公开申请数量", "", ""]),
    ("carried_in", ["二、上年结转政府信息公开申请数量", "", ""]),
    ("granted", ["三、本年度办理结果", "（一）予以公开", ""]),
    ("partial", ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""]),
    ("denied_1", ["", "（三）不予公开", "1．属于国家秘密"]),
    ("denied_2", ["", "", "2．其他法律行政法规禁止公开"]),
    ("denied_3", ["", "", "3．危及“三安全一稳定”"]),
    ("denied_4", ["", "", "4．保护第三方合法权益"]),
    ("denied_5", ["", "", "5．属于三类内部事务信息"]),
    ("denied_6", ["", "", "6．属于四类过程性信息"]),
    ("denied_7", ["", "", "7．属于行政执法案卷"]),
    ("denied_8", ["", "", "8．属于行政查询事项"]),
    ("unable_1", ["", "（四）无法提供", "1．本机关不掌握相关政府信息"]),
    ("unable_2", ["", "", "2．没有现成信息需要另行制作"]),
    ("unable_3", ["", "", "3．补正后申请内容仍不明确"]),
    ("not_processed_1", ["", "（五）不予处理", "1．信访举报投诉类申请"]),
    ("not_processed_2", ["", "", "2．重复申请"]),
    ("not_processed_3", ["", "", "3．要求提供公开出版物"]),
    ("not_processed_4", ["", "", "4．无正当理由大量反复申请"]),
    ("not_processed_5", ["", "", "5．要求行政机关确认或重新出具已获取信息"]),
    ("other_1", ["", "（六）其他处理", "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]),
    ("other_2", ["", "", "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]),
    ("other_3", ["", "", "3．其他"]),
    ("total", ["", "（七）总计", ""]),
    ("carried_forward", ["四、结转下年度继续办理", "", ""]),
]
ROW_LABELS_2019 = [r for r in ROW_LABELS_2021 if not r[0].startswith("other_")]
ROW_LABELS_2019.insert(-2, ("other", ["", "（六）其他处理", ""]))

HEADER_3LINE = [
    ["", "", "", "申请人情况"],
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


def t3_numbers(fmt: str, base: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """Complete a 表三: row totals, （七）总计 and 结转下年度 from the result rows."""
    labels = ROW_LABELS_2021 if fmt == "2021" else ROW_LABELS_2019
    rows = {key: base.get(key, (0,) * 6) for key, _ in labels if key not in ("total", "carried_forward")}
    results = [k for k in rows if k not in ("new", "carried_in")]
    rows["total"] = tuple(sum(rows[r][i] for r in results) for i in range(6))
    cf = tuple(rows["new"][i] + rows["carried_in"][i] - rows["total"][i] for i in range(6))
    assert all(v >= 0 for v in cf), cf
    rows["carried_forward"] = cf
    return {k: (*v, sum(v)) for k, v in rows.items()}


def gold_t3(numbers, blanks=()) -> dict[str, int]:
    out = {}
    for row, values in numbers.items():
        for col, v in zip((*COLS, "total"), values):
            key = f"t3.{row}.{col}"
            if key not in blanks:
                out[key] = v
    return out


def t3_lines(fmt, numbers, *, sep="\t", split_labels=True, blanks=(), header=True):
    labels = ROW_LABELS_2021 if fmt == "2021" else ROW_LABELS_2019
    lines = []
    if header and sep == "\t":
        lines += ["\t".join(h) for h in HEADER_3LINE]
    elif header:
        lines.append(sep.join(["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]))
    for key, parts in labels:
        values = [
            "" if f"t3.{key}.{c}" in blanks else str(v) for c, v in zip((*COLS, "total"), numbers[key])
        ]
        if split_labels:
            cells = [*parts, *values]
        else:
            label = "".join(p for p in parts if p) if sep == "\t" else parts[2] or parts[1] or parts[0]
            cells = [label, *values]
        lines.append(sep.join(cells))
    return lines


BASE_A = {
    "new": (50, 10, 0, 1, 2, 0),
    "carried_in": (2, 0, 0, 0, 0, 0),
    "granted": (30, 5, 0, 0, 1, 0),
    "partial": (5, 2, 0, 0, 0, 0),
    "denied_2": (1, 0, 0, 0, 0, 0),
    "denied_4": (1, 0, 0, 0, 0, 0),
    "unable_1": (10, 2, 0, 1, 1, 0),
    "unable_2": (1, 0, 0, 0, 0, 0),
    "not_processed_1": (2, 0, 0, 0, 0, 0),
    "not_processed_2": (1, 0, 0, 0, 0, 0),
    "other_1": (1, 0, 0, 0, 0, 0),
}
BASE_B = {
    "new": (212, 35, 2, 3, 8, 1),
    "carried_in": (9, 1, 0, 0, 0, 0),
    "granted": (101, 12, 1, 1, 3, 0),
    "partial": (22, 6, 0, 1, 2, 0),
    "denied_1": (1, 0, 0, 0, 0, 0),
    "denied_6": (4, 1, 0, 0, 0, 0),
    "unable_1": (50, 8, 1, 1, 2, 1),
    "unable_2": (6, 2, 0, 0, 0, 0),
    "unable_3": (3, 0, 0, 0, 0, 0),
    "not_processed_1": (12, 1, 0, 0, 0, 0),
    "not_processed_2": (5, 0, 0, 0, 0, 0),
    "not_processed_4": (2, 0, 0, 0, 0, 0),
    "other": (4, 0, 0, 0, 1, 0),
    "other_3": (4, 0, 0, 0, 1, 0),
}

T4_HEADER = [
    "\t".join(["行政复议", "", "", "", "", "行政诉讼"]),
    "\t".join(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"]),
    "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3),
]


def t4_gold(values):
    keys = [f"t4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")]
    return dict(zip(keys, values))


def yaml_case(case_id, category, year, fmt, notes_lines, gold, comment):
    out = [f"# {comment}", f"id: {case_id}", f"category: {category}", f"year: {year}", f'format: "{fmt}"', "notes: |"]
    out += [f"  {line}" if line else "" for line in notes_lines]
    out.append("gold:")
    for key, value in gold.items():
        out.append(f"  {key}: {value}")
    return "\n".join(out) + "\n"


def main() -> None:
    cases = []
    a21 = t3_numbers("2021", BASE_A)
    b19 = t3_numbers("2019", {k: v for k, v in BASE_B.items() if k != "other_3"})
    b21 = t3_numbers("2021", {k: v for k, v in BASE_B.items() if k != "other"})

    cases.append(("sheet_01", 2022, "2021", ["表三 收到和处理政府信息公开申请情况", *t3_lines("2021", a21)],
                  gold_t3(a21), "表三 from Excel: tab-separated, three-line merged header, labels over three cells"))
    cases.append(("sheet_02", 2023, "2021", ["收到和处理政府信息公开申请情况", *t3_lines("2021", b21, sep="    ", split_labels=False)],
                  gold_t3(b21), "表三 from WPS: runs of spaces, one-line header, short labels"))
    cases.append(("sheet_03", 2020, "2019", t3_lines("2019", b19), gold_t3(b19), "表三 of the 2019 format: one 其他处理 row"))
    t4a = (2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0)
    cases.append(("sheet_04", 2022, "2021", ["表四", *T4_HEADER, "\t".join(map(str, t4a))], t4_gold(t4a),
                  "表四 as one row of 15 numbers under a three-line header"))
    t4b = (3, 0, 1, 0, 4, 2, 1, 0, 0, 3, 1, 0, 0, 0, 1)
    cases.append(("sheet_05", 2023, "2021", [
        "\t".join(["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]),
        "\t".join(["行政复议", "3", "0", "1", "0", "4"]),
        "\t".join(["行政诉讼 未经复议直接起诉", "2", "1", "0", "0", "3"]),
        "\t".join(["复议后起诉", "1", "0", "0", "0", "1"]),
    ], t4_gold(t4b), "表四 one row per group"))
    cases.append(("sheet_06", 2022, "2021", [
        "第二十条第（一）项",
        "\t".join(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        "\t".join(["规章", "0", "0", "0"]),
        "\t".join(["行政规范性文件", "12", "3", "86"]),
        "第二十条第（五）项",
        "\t".join(["信息内容", "本年处理决定数量"]),
        "\t".join(["行政许可", "1,532"]),
        "第二十条第（六）项",
        "\t".join(["行政处罚", "268"]),
        "\t".join(["行政强制", "15"]),
        "第二十条第（八）项",
        "\t".join(["信息内容", "本年收费金额（单位：万元）"]),
        "\t".join(["行政事业性收费", "36.48"]),
    ], {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 0, "t2.normative.issued": 12,
        "t2.normative.repealed": 3, "t2.normative.in_force": 86, "t2.license.decisions": 1532,
        "t2.penalty.decisions": 268, "t2.coercion.decisions": 15, "t2.fee.amount_wan": 36.48},
        "表二 of the 2021 format, block by block"))
    cases.append(("sheet_07", 2020, "2019", [
        "\t".join(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        "\t".join(["规章", "1", "1", "23"]),
        "\t".join(["规范性文件", "8", "8", "140"]),
        "\t".join(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]),
        "\t".join(["行政许可", "120", "+6", "2301"]),
        "\t".join(["其他对外管理服务事项", "45", "-3", "610"]),
        "\t".join(["行政处罚", "300", "0", "522"]),
        "\t".join(["行政强制", "18", "-2", "40"]),
        "\t".join(["信息内容", "上一年项目数量", "本年增/减"]),
        "\t".join(["行政事业性收费", "9", "-1"]),
        "\t".join(["信息内容", "采购项目数量", "采购总金额"]),
        "\t".join(["政府集中采购", "27", "1320.5"]),
    ], {"t2.rules.made": 1, "t2.rules.published": 1, "t2.rules.total": 23, "t2.normative.made": 8,
        "t2.normative.published": 8, "t2.normative.total": 140, "t2.license.prev": 120, "t2.license.delta": 6,
        "t2.license.decisions": 2301, "t2.other_service.prev": 45, "t2.other_service.delta": -3,
        "t2.other_service.decisions": 610, "t2.penalty.prev": 300, "t2.penalty.delta": 0,
        "t2.penalty.decisions": 522, "t2.coercion.prev": 18, "t2.coercion.delta": -2,
        "t2.coercion.decisions": 40, "t2.fee.prev": 9, "t2.fee.delta": -1, "t2.procurement.count": 27,
        "t2.procurement.amount_wan": 1320.5}, "表二 of the 2019 format with signed 增/减"))
    # Blank cells stay blank: the blanks of each row are more than one and their sum is not
    # zero, and no 总计 row is pasted, so no blank is arithmetically determined.
    cases.append(("sheet_08", 2022, "2021", [
        "\t".join(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
        "\t".join(["本年新收政府信息公开申请数量", "50", "10", "", "", "2", "0", ""]),
        "\t".join(["上年结转政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"]),
        "\t".join(["（一）予以公开", "30", "5", "", "", "1", "0", "38"]),
        "\t".join(["（二）部分公开", "5", "2", "0", "0", "0", "0", "7"]),
    ], {"t3.new.natural": 50, "t3.new.business": 10, "t3.new.legal_service": 2, "t3.new.other_org": 0,
        **{f"t3.carried_in.{c}": v for c, v in zip((*COLS, "total"), (2, 0, 0, 0, 0, 0, 2))},
        "t3.granted.natural": 30, "t3.granted.business": 5, "t3.granted.legal_service": 1,
        "t3.granted.other_org": 0, "t3.granted.total": 38,
        **{f"t3.partial.{c}": v for c, v in zip((*COLS, "total"), (5, 2, 0, 0, 0, 0, 7))}},
        "表三 with empty cells: blank is not zero"))
    cases.append(("sheet_09", 2022, "2021", [
        "\t".join(["项目", "总计"]),
        "\t".join(["本年新收政府信息公开申请数量", "63"]),
        "\t".join(["上年结转政府信息公开申请数量", "2"]),
        "\t".join(["予以公开", "36"]),
        "\t".join(["部分公开", "7"]),
        "\t".join(["不予公开", "2"]),
        "\t".join(["本机关不掌握相关政府信息", "14"]),
        "\t".join(["没有现成信息需要另行制作", "1"]),
        "\t".join(["信访举报投诉类申请", "2"]),
        "\t".join(["重复申请", "1"]),
        "\t".join(["总计", "64"]),
        "\t".join(["结转下年度继续办理", "1"]),
    ], {"t3.new.total": 63, "t3.carried_in.total": 2, "t3.granted.total": 36, "t3.partial.total": 7,
        "t3.unable_1.total": 14, "t3.unable_2.total": 1, "t3.not_processed_1.total": 2,
        "t3.not_processed_2.total": 1, "t3.total.total": 64, "t3.carried_forward.total": 1},
        "表三 总计 column only; 不予公开 2 has no reason, so no denied row is filled"))
    t4c = (0,) * 15
    cases.append(("sheet_10", 2023, "2021", [
        "一、主动公开情况",
        "\t".join(["规章", "0", "0", "2"]),
        "\t".join(["行政规范性文件", "4", "0", "31"]),
        "\t".join(["行政许可", "88"]),
        "\t".join(["行政处罚", "12"]),
        "\t".join(["行政强制", "0"]),
        "\t".join(["行政事业性收费", "0"]),
        "二、依申请公开情况（表三）",
        *t3_lines("2021", a21),
        "三、复议诉讼（表四）",
        *T4_HEADER,
        "\t".join(map(str, t4c)),
    ], {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 2, "t2.normative.issued": 4,
        "t2.normative.repealed": 0, "t2.normative.in_force": 31, "t2.license.decisions": 88,
        "t2.penalty.decisions": 12, "t2.coercion.decisions": 0, "t2.fee.amount_wan": 0,
        **gold_t3(a21), **t4_gold(t4c)}, "all three tables pasted one after another"))
    cases.append(("sheet_11", 2024, "2021", ["项目    自然人    商业企业    科研机构    社会组织    法律服务机构    其他    总计",
                                             *t3_lines("2021", b21, sep="    ", split_labels=False, header=False)],
                  gold_t3(b21), "表三 from WPS with the 社会组织 alias in the header, spaces"))
    t4d = (1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
    cases.append(("sheet_12", 2019, "2019", [
        "表四  行政复议、行政诉讼情况",
        "1  0  0  0  1  0  0  0  1  1  0  0  0  0  0",
        "本年新收政府信息公开申请数量  14",
        "上年结转政府信息公开申请数量  0",
    ], {**t4_gold(t4d), "t3.new.total": 14, "t3.carried_in.total": 0, **{f"t3.carried_in.{c}": 0 for c in COLS}},
        "2019: 表四 as 15 numbers with spaces, two 表三 rows (上年结转 0 → every column 0)"))
    for case_id, year, fmt, lines, gold, comment in cases:
        (HERE / f"{case_id}.yaml").write_text(yaml_case(case_id, "spreadsheet", year, fmt, lines, gold, comment), encoding="utf-8")


if __name__ == "__main__":
    main()
