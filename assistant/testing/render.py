"""Generate the 2021-format parser fixtures: one synthetic report, every layout reports arrive in.

    .venv/bin/python -m assistant.testing.render            # from the checkout; or give the evals/parse folder

writes ``evals/parse/reports/<stem>.<ext>`` and ``evals/parse/gold/<stem>.json`` (canonical JSON).
Deterministic: running it twice gives identical bytes. The report (示例市交通运输局, 2022) is
invented; its numbers satisfy T3-01..03 and T4-01 of ``shared/spec/checker-rules.md``, and every
number its text quotes agrees with its tables. Table labels come from ``assistant.formats``.

Layouts (stem → what it exercises):

- ``f2021_pdftext``       PDF-extracted text: short broken lines, labels split over lines and
                          interleaved with numbers, column headers one character per line.
- ``f2021_tabs``          tab-separated tables (merged cells as empty positions), mangled headers.
- ``f2021_html``          a government-site HTML page; tables with rowspan/colspan.
- ``f2021_word``          ``.docx`` with Word tables (gridSpan / vMerge merges).
- ``f2021_textlayer``     ``.pdf`` with a text layer (PyMuPDF, built-in CJK font), rows as lines.
- ``f2021_ruled``         ``.pdf`` as Word exports it: ruled tables, merged cells, wrapped labels.
- ``f2021_ruled_split``   the same with table 三 broken across two pages inside the 不予公开 group.
- ``f2021_runtogether``   table 三/四 digits run together (``713000074``); every row splits uniquely.
- ``f2021_blank_tabs``    blank cells: the 总计 column of table 三, two rows, one table 四 group.
- ``f2021_blank_html``    blank cells in an HTML table (``<td>&nbsp;</td>``).
- ``f2021_gbk``           the tab layout encoded GBK.
- ``f2021_utf8bom``       the PDF-text layout encoded UTF-8 with BOM.
- ``f2021_one_other_row`` deviation: one （六）其他处理 row instead of three.
"""

from __future__ import annotations

import html
import io
import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

from assistant.export import layout
from assistant.export.layout import T2_CONTENT_HEAD, T3_APPLICANT_HEAD, T3_NOTE, T3_ORG_HEAD, Grid, GridCell
from assistant.formats import (
    SECTION_HEADINGS,
    T2_2021,
    T3_2021_ROWS,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_ROWS,
    FormatId,
    cell_keys,
)
from assistant.report import Cell, Report

DEFAULT_OUT = Path("evals") / "parse"  # relative to the checkout

# --- the one data definition -----------------------------------------------------------------

AGENCY = "示例市交通运输局"
YEAR = 2022
TITLE = f"{AGENCY}{YEAR}年政府信息公开工作年度报告"

T2_VALUES: dict[str, int | float] = {
    "t2.rules.issued": 0,
    "t2.rules.repealed": 0,
    "t2.rules.in_force": 0,
    "t2.normative.issued": 3,
    "t2.normative.repealed": 1,
    "t2.normative.in_force": 12,
    "t2.license.decisions": 1486,
    "t2.penalty.decisions": 352,
    "t2.coercion.decisions": 17,
    "t2.fee.amount_wan": 36.25,
}

# Table 三 by row: natural, business, research, public_interest, legal_service, other_org.
# The 总计 column is computed (T3-03).
T3_APPLICANTS: dict[str, tuple[int, int, int, int, int, int]] = {
    "new": (71, 3, 0, 0, 0, 0),
    "carried_in": (2, 1, 0, 0, 0, 0),
    "granted": (38, 2, 0, 0, 0, 0),
    "partial": (6, 1, 0, 0, 0, 0),
    "denied_1": (0, 0, 0, 0, 0, 0),
    "denied_2": (0, 0, 0, 0, 0, 0),
    "denied_3": (0, 0, 0, 0, 0, 0),
    "denied_4": (2, 0, 0, 0, 0, 0),
    "denied_5": (0, 0, 0, 0, 0, 0),
    "denied_6": (1, 0, 0, 0, 0, 0),
    "denied_7": (0, 0, 0, 0, 0, 0),
    "denied_8": (0, 0, 0, 0, 0, 0),
    "unable_1": (11, 1, 0, 0, 0, 0),
    "unable_2": (1, 0, 0, 0, 0, 0),
    "unable_3": (2, 0, 0, 0, 0, 0),
    "not_processed_1": (3, 0, 0, 0, 0, 0),
    "not_processed_2": (1, 0, 0, 0, 0, 0),
    "not_processed_3": (0, 0, 0, 0, 0, 0),
    "not_processed_4": (0, 0, 0, 0, 0, 0),
    "not_processed_5": (0, 0, 0, 0, 0, 0),
    "other_1": (2, 0, 0, 0, 0, 0),
    "other_2": (1, 0, 0, 0, 0, 0),
    "other_3": (1, 0, 0, 0, 0, 0),
    "total": (69, 4, 0, 0, 0, 0),
    "carried_forward": (4, 0, 0, 0, 0, 0),
}

# Table 四 by group: upheld, corrected, other, pending (总计 computed).
T4_GROUPS: dict[str, tuple[int, int, int, int]] = {
    "review": (2, 1, 0, 1),
    "suit_direct": (1, 0, 0, 1),
    "suit_after_review": (0, 0, 0, 0),
}

FEE_NOTICES = 2  # 信息处理费 notices issued (section 六); one applicant did not pay → other_2
FEE_COLLECTED_YUAN = 400


def full_values() -> dict[str, int | float | None]:
    """Every canonical 2021 cell of the report."""
    values: dict[str, int | float | None] = dict(T2_VALUES)
    for row, applicants in T3_APPLICANTS.items():
        for col, v in zip(T3_COLUMNS, (*applicants, sum(applicants))):
            values[f"t3.{row}.{col.key}"] = v
    for group, results in T4_GROUPS.items():
        for col, v in zip(T4_COLUMNS, (*results, sum(results))):
            values[f"t4.{group}.{col.key}"] = v
    assert list(values) == list(cell_keys(FormatId.F2021)), "data does not cover the 2021 cells"
    return values


def check_identities(v: dict[str, int | float | None]) -> None:
    """T3-01, T3-02, T3-03, T4-01 on complete data (blank counted as 0)."""
    g = lambda k: v.get(k) or 0  # noqa: E731
    results = [r.key for r in T3_2021_ROWS if r.key not in ("new", "carried_in", "total", "carried_forward")]
    for col in T3_COLUMNS:
        c = col.key
        assert g(f"t3.new.{c}") + g(f"t3.carried_in.{c}") == g(f"t3.total.{c}") + g(f"t3.carried_forward.{c}"), c
        assert g(f"t3.total.{c}") == sum(g(f"t3.{r}.{c}") for r in results), c
    for row in T3_2021_ROWS:
        assert g(f"t3.{row.key}.total") == sum(g(f"t3.{row.key}.{c.key}") for c in T3_COLUMNS[:-1]), row.key
    for row in T4_ROWS:
        assert g(f"t4.{row.key}.total") == sum(g(f"t4.{row.key}.{c.key}") for c in T4_COLUMNS[:-1]), row.key


V = full_values()
check_identities(V)


def _v(key: str) -> int:
    """A cell of the full report (every one is filled)."""
    value = V[key]
    assert value is not None
    return int(value)


def _t3(row: str, col: str = "total") -> int:
    return _v(f"t3.{row}.{col}")


def _sum_rows(prefix: str) -> int:
    return sum(_t3(r.key) for r in T3_2021_ROWS if r.key.startswith(prefix))


assert _t3("other_2") == FEE_NOTICES - 1

# --- the narrative (numbers taken from the tables) ------------------------------------------------

PREAMBLE = [
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
    f"本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分组成。本报告所列数据的统计期限为{YEAR}年1月1日至{YEAR}年12月31日。本报告电子版可在示例市交通运输局门户网站（http://jtj.example.gov.cn）“政府信息公开”专栏查阅或下载。如对本报告有疑问，请与示例市交通运输局办公室联系（地址：示例市建设路88号，邮编：999001，电话：0999-1234567）。",
]

SECTIONS: dict[str, list[str]] = {
    "一": [
        f"{YEAR}年，示例市交通运输局坚持以公开为常态、不公开为例外，认真贯彻落实《条例》和市政府政务公开工作部署，围绕交通运输重点工作做好政府信息公开。",
        f"（一）主动公开。全年通过门户网站主动公开政府信息1826条，其中政策文件46条、规划计划12条、行政许可和行政处罚结果信息1102条。制发行政规范性文件{V['t2.normative.issued']}件，废止{V['t2.normative.repealed']}件，现行有效{V['t2.normative.in_force']}件，均按规定同步公开并做好政策解读。",
        f"（二）依申请公开。本局严格执行依申请公开登记、审核、答复流程，本年度新收政府信息公开申请{_t3('new')}件，均在法定期限内答复，未发生逾期答复情况。",
        "（三）政府信息管理。动态更新政府信息公开目录，开展公开前保密审查和公开后评估，对历年发布的规范性文件进行集中梳理，在门户网站集中公布现行有效文件目录。",
        "（四）平台建设。优化门户网站“政府信息公开”专栏，完善政务新媒体“示例交通”栏目设置，全年发布政务微博、微信信息560条，及时回应群众关切。",
        "（五）监督保障。成立由局主要负责同志任组长的政务公开工作领导小组，将政府信息公开工作纳入年度绩效考核，组织业务培训2次，本年度未发生因政府信息公开工作引发的责任追究情况。",
    ],
    "二": [
        f"{YEAR}年，本局主动公开政府信息情况如下：",
    ],
    "三": [
        f"{YEAR}年，本局新收政府信息公开申请{_t3('new')}件，上年结转{_t3('carried_in')}件。本年度办结{_t3('total')}件，其中予以公开{_t3('granted')}件，部分公开{_t3('partial')}件，不予公开{_sum_rows('denied_')}件，无法提供{_sum_rows('unable_')}件，不予处理{_sum_rows('not_processed_')}件，其他处理{_sum_rows('other_')}件；结转下年度继续办理{_t3('carried_forward')}件。具体情况如下：",
    ],
    "四": [
        f"{YEAR}年，本局因政府信息公开工作被申请行政复议{V['t4.review.total']}件，其中结果维持{V['t4.review.upheld']}件、结果纠正{V['t4.review.corrected']}件、尚未审结{V['t4.review.pending']}件；被提起行政诉讼{_v('t4.suit_direct.total') + _v('t4.suit_after_review.total')}件，均为未经复议直接起诉，其中结果维持{V['t4.suit_direct.upheld']}件、尚未审结{V['t4.suit_direct.pending']}件。",
    ],
    "五": [
        "（一）存在的主要问题。一是部分业务科室对政府信息公开工作重视不够，信息报送不够及时；二是政策解读形式较为单一，图解、视频解读数量偏少；三是依申请公开答复文书的规范性有待提高。",
        "（二）改进措施。一是建立信息报送月度通报制度，将报送情况纳入科室年度考核；二是每项重要政策文件同步制作图解或视频解读；三是制定依申请公开答复文书范本，每季度开展一次案卷评查。",
    ],
    "六": [
        f"（一）信息处理费收取情况。本年度本局依据《政府信息公开信息处理费管理办法》向申请人发出收费通知{FEE_NOTICES}件，实际收取信息处理费{FEE_COLLECTED_YUAN}元；其中1件申请因申请人逾期未按收费通知要求缴纳费用，本局不再处理。",
        "（二）人大代表建议和政协委员提案办理情况。本年度本局承办市人大代表建议21件、市政协委员提案17件，均已按期办复。",
        f"（三）落实上级年度政务公开工作要点情况。本局对照《示例市{YEAR}年政务公开工作要点》逐项制定落实措施，各项任务均已按期完成。",
    ],
}


def heading(num: str) -> str:
    return f"{num}、{SECTION_HEADINGS[num]}"


# --- tables as merged-cell grids: the national layout of ``assistant.export.layout`` ----------------

C = GridCell


def fmt(v: int | float | None) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _report(v: dict) -> Report:
    return Report(format=FormatId.F2021, cells={k: Cell(key=k, value=x) for k, x in v.items()})


def t2_grid(v: dict) -> Grid:
    return layout.t2_grid(_report(v), FormatId.F2021)


def t3_grid(v: dict, one_other_row: bool = False) -> Grid:
    if one_other_row:  # the report prints one （六）其他处理 row and none of the three
        v = {k: x for k, x in v.items() if not k.startswith("t3.other_")}
    return layout.t3_grid(_report(v), FormatId.F2021)


def t4_grid(v: dict) -> Grid:
    return layout.t4_grid(_report(v))


def placements(grid: Grid) -> list[tuple[int, int, C]]:
    """(row, column, cell) of every printed cell (``assistant.export.layout.placed``)."""
    return layout.placed(grid)


def expand(grid: Grid) -> list[list[str]]:
    """The grid with merges expanded: text at the top-left position, "" where a merge continues."""
    return [[cell.text if cell else "" for cell in row] for row in layout.expand(grid)]


def grid_lines(grid: Grid) -> list[str]:
    return ["\t".join(row) for row in expand(grid)]


def split_grid(grid: Grid, cut: int) -> tuple[Grid, Grid]:
    """A table broken by a page after row ``cut``, as Word prints it: a merged cell crossing the
    break keeps its text on the first page and continues as an empty box on the second."""
    placed = placements(grid)
    top: Grid = [[] for _ in range(cut)]
    bottom: Grid = [[] for _ in range(len(grid) - cut)]
    for r, _c, cell in sorted(placed, key=lambda p: (p[0], p[1])):
        if r < cut:
            top[r].append(C(cell.text, rs=min(cell.rs, cut - r), cs=cell.cs))
    for r, _c, cell in sorted(placed, key=lambda p: (max(p[0], cut), p[1])):
        if r < cut < r + cell.rs:
            bottom[0].append(C("", rs=r + cell.rs - cut, cs=cell.cs))
        elif r >= cut:
            bottom[r - cut].append(C(cell.text, rs=cell.rs, cs=cell.cs))
    return top, bottom


# --- layouts -----------------------------------------------------------------------------------

Blocks = list[tuple[str, Any]]  # ("p", text) | ("h", text) | ("table", Grid)


def document(v: dict, one_other_row: bool = False) -> Blocks:
    """The report as a sequence of title, paragraphs, headings and tables."""
    out: Blocks = [("title", TITLE)]
    out += [("p", p) for p in PREAMBLE]
    for num in SECTION_HEADINGS:
        out.append(("h", heading(num)))
        out += [("p", p) for p in SECTIONS[num]]
        if num == "二":
            out.append(("table", t2_grid(v)))
        elif num == "三":
            out.append(("table", t3_grid(v, one_other_row)))
        elif num == "四":
            out.append(("table", t4_grid(v)))
    return out


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at ``width`` characters, never inside a number (as PDF line breaking does)."""
    out: list[str] = []
    while len(text) > width:
        cut = width
        while 1 < cut and text[cut - 1].isdigit() and text[cut].isdigit():
            cut -= 1
        out.append(text[:cut])
        text = text[cut:]
    return out + [text] if text or not out else out


def render_tabs(blocks: Blocks, mangle: bool = True) -> str:
    """Tab-separated tables like seeds 003/004: merged positions empty, headers mangled."""
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            rows = expand(content)
            for i, row in enumerate(rows):
                if mangle:
                    row = [_mangle(cell) for cell in row]
                lines.append("\t".join(row))
                if mangle and i == 13 and len(row) == 10:  # a stray blank line inside table 三
                    lines.append("")
            lines.append("")
        else:
            lines += [str(content), ""]
    return "\n".join(lines)


_MANGLES = {
    T3_NOTE: T3_NOTE.replace("（", "(").replace("）", ")"),
    T3_COLUMNS[0].label: " ".join(T3_COLUMNS[0].label),  # 自 然 人
    T3_COLUMNS[3].label: T3_COLUMNS[3].label[:4] + " " + T3_COLUMNS[3].label[4:],  # 社会公益 组织
    T3_COLUMNS[4].label: T3_COLUMNS[4].label[:4] + " " + T3_COLUMNS[4].label[4:],  # 法律服务 机构
    "三、本年度办理结果": "三、 本年 度办 理结 果",
    T4_COLUMNS[0].label: " ".join(T4_COLUMNS[0].label),  # 结 果 维 持
}


def _mangle(cell: str) -> str:
    if cell in _MANGLES:
        return _MANGLES[cell]
    if cell.startswith("（") and "）" in cell[:4] and len(cell) > 8:  # (二) 部分公开 (区分处理的, …)
        return cell.replace("（", "(").replace("）", ") ", 1).replace("）", ")").replace("，", ", ")
    return cell


def render_pdftext(blocks: Blocks) -> str:
    """Text as PDF extraction leaves it (seeds 000/001): broken lines, blank lines between."""
    out: list[str] = []

    def emit(*lines: str) -> None:
        for line in lines:
            out.append(line)
            out.append("")

    for kind, content in blocks:
        if kind == "title":
            emit(AGENCY, f"{YEAR} 年政府信息公开工作年度报告")
        elif kind == "h":
            emit(str(content))
        elif kind == "p":
            emit(*wrap(str(content), 26))
        else:
            grid = content
            first = grid[0][0].text
            if first.startswith("第二十条"):
                _pdf_t2(emit)
            elif first == T3_NOTE:
                _pdf_t3(emit)
            else:
                _pdf_t4(emit)
    return "\n".join(out)


def _nums(row: str, cols, table: str = "t3") -> str:
    return " ".join(fmt(V[f"{table}.{row}.{c.key}"]) for c in cols)


def _pdf_t2(emit) -> None:
    for block in T2_2021.blocks:
        emit(block.label, T2_CONTENT_HEAD)
        for col in block.columns:
            emit(*wrap(col.label, 4))  # 本年制 / 发件数 …
        for r in block.rows:
            emit(f"{r.label} " + " ".join(fmt(V[f"t2.{r.key}.{c.key}"]) for c in block.columns))


def _pdf_t3(emit) -> None:
    emit(*wrap(T3_NOTE, 13), T3_APPLICANT_HEAD)
    emit(*wrap(T3_COLUMNS[0].label, 2), T3_ORG_HEAD, *T3_COLUMNS[-1].label)  # 自然 / 人 … 总 / 计
    for col in T3_COLUMNS[1:-1]:
        emit(*(col.label if len(col.label) == 4 else wrap(col.label, 2)))  # 商/业/企/业, 社会/公益/组织
    seen: set[str] = set()
    for r in T3_2021_ROWS:
        nums = _nums(r.key, T3_COLUMNS)
        if r.group and r.group not in seen:
            seen.add(r.group)
            if r.group.startswith("三"):
                emit("三、", *wrap(r.group[2:], 2))
            elif r.key == "not_processed_1":
                # The interleave of seed 001: group label, first label chunk and numbers on one
                # line, then the rest of both labels on their own lines.
                head, tail = r.label[:7], r.label[7:]
                emit(f"{r.group[:3]} {head} {nums}", r.group[3:6], r.group[6:], tail)
                continue
            else:
                emit(r.group[:3], *wrap(r.group[3:], 3))
        if len(r.label) <= 10:
            emit(f"{r.label} {nums}")
        else:
            emit(*wrap(r.label, 7), nums)


def _pdf_t4(emit) -> None:
    review, direct, after = T4_ROWS
    emit(f"{review.label} {direct.group}")
    for c in T4_COLUMNS:
        emit(*c.label)
    emit(f"{direct.label} {after.label}")
    for _ in range(2):
        for c in T4_COLUMNS:
            emit(*c.label)
    emit(" ".join(fmt(V[f"t4.{r.key}.{c.key}"]) for r in T4_ROWS for c in T4_COLUMNS))


def render_runtogether(blocks: Blocks) -> str:
    """Plain lines; table 三 and 四 digits printed with no separator (``713000074``)."""
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            grid = content
            first = grid[0][0].text
            if first.startswith("第二十条"):
                for row in expand(grid):
                    lines.append(" ".join(cell for cell in row if cell))
            elif first == T3_NOTE:
                lines += [T3_NOTE, T3_APPLICANT_HEAD, T3_COLUMNS[0].label + T3_ORG_HEAD + T3_COLUMNS[-1].label]
                lines.append("".join(c.label for c in T3_COLUMNS[1:-1]))
                seen: set[str] = set()
                for r in T3_2021_ROWS:
                    digits = "".join(fmt(V[f"t3.{r.key}.{c.key}"]) for c in T3_COLUMNS)
                    prefix = ""
                    if r.group and r.group not in seen:
                        seen.add(r.group)
                        prefix = r.group
                    lines.append(f"{prefix}{r.label} {digits}")
            else:
                review, direct, after = T4_ROWS
                heads = "".join(c.label for c in T4_COLUMNS)
                lines += [f"{review.label}{direct.group}", f"{heads}{direct.label}{after.label}", heads * 2]
                lines.append("".join(fmt(V[f"t4.{r.key}.{c.key}"]) for r in T4_ROWS for c in T4_COLUMNS))
        else:
            lines.append(str(content))
    return "\n".join(lines) + "\n"


def splits(digits: str, n: int) -> list[tuple[int, ...]]:
    """Every split of a digit run into ``n`` numbers (no leading zeros) whose last is the sum of
    the others."""
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        parts = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)))]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        nums = tuple(int(p) for p in parts)
        if nums[-1] == sum(nums[:-1]):
            out.append(nums)
    return out


def assert_unique_splits() -> None:
    """Every table 三 row splits uniquely once T3-01/T3-02 are applied to the row-sum candidates
    (at least one row needs them: ``111000012`` is 11,1 / 1,11 / 1,1,10 by its own sum), and
    every table 四 group splits uniquely."""
    from itertools import product

    keys = [r.key for r in T3_2021_ROWS]
    cands = {}
    for key in keys:
        digits = "".join(fmt(V[f"t3.{key}.{c.key}"]) for c in T3_COLUMNS)
        cands[key] = splits(digits, len(T3_COLUMNS))
        assert tuple(V[f"t3.{key}.{c.key}"] for c in T3_COLUMNS) in cands[key], key
    ambiguous = [k for k in keys if len(cands[k]) > 1]
    assert ambiguous, "the fixture should need the table identities somewhere"
    fits = []
    for combo in product(*(cands[k] for k in keys)):
        rows = dict(zip(keys, combo))
        trial = {f"t3.{k}.{c.key}": rows[k][i] for k in keys for i, c in enumerate(T3_COLUMNS)}
        try:
            check_identities({**V, **trial})
        except AssertionError:
            continue
        fits.append(combo)
    assert len(fits) == 1, f"{len(fits)} splits fit the identities"
    for r in T4_ROWS:
        digits = "".join(fmt(V[f"t4.{r.key}.{c.key}"]) for c in T4_COLUMNS)
        assert len(splits(digits, len(T4_COLUMNS))) == 1, r.key


_CSS = "body{font-family:SimSun,serif;width:960px;margin:0 auto}table{border-collapse:collapse}td{border:1px solid #000;text-align:center}"


def render_html(blocks: Blocks, blank_nbsp: bool = False) -> str:
    """A government-site page: navigation, script and style around an article with tables."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{esc(TITLE)}_示例市交通运输局</title>",
        f"<style>{_CSS}</style>",
        "<script>var _hmt = _hmt || []; if (1 < 2) { document.write('<p>统计代码</p>'); }</script>",
        "</head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年度报告</div>',
        '<div class="article">',
    ]
    for kind, content in blocks:
        if kind == "title":
            parts.append(f'<h1 style="text-align:center">{esc(str(content))}</h1>')
        elif kind == "h":
            parts.append(f"<p><strong>{esc(str(content))}</strong></p>")
        elif kind == "p":
            parts.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{esc(str(content))}</p>")
        else:
            parts.append('<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>')
            for row in content:
                cells = []
                for cell in row:
                    attrs = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (f' colspan="{cell.cs}"' if cell.cs > 1 else "")
                    text = esc(cell.text) if cell.text else ("&nbsp;" if blank_nbsp else "")
                    if cell.text and not cell.text[0].isdigit():  # labels wrapped as Word-pasted HTML is
                        text = f'<p align="center"><span lang="EN-US">{text}</span></p>'
                    cells.append(f"<td{attrs}>{text}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table>")
    parts += [
        "</div>",
        '<div class="footer"><p>主办：示例市交通运输局&nbsp;&nbsp;网站标识码：0000000000</p></div>',
        "<script>console.log('share');</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def render_docx(blocks: Blocks) -> bytes:
    """A Word document; table merges made with python-docx ``merge`` (gridSpan / vMerge)."""
    import docx

    doc = docx.Document()
    # Fixed core properties: the file is byte-for-byte reproducible.
    props = doc.core_properties
    from datetime import datetime

    stamp = datetime(YEAR + 1, 1, 20, 9, 0, 0)
    props.author = props.last_modified_by = AGENCY
    props.created = props.modified = stamp
    props.revision = 1
    for kind, content in blocks:
        if kind == "title":
            doc.add_heading(str(content), level=1)
        elif kind in ("h", "p"):
            doc.add_paragraph(str(content))
        else:
            grid = content
            expanded = expand(grid)
            table = doc.add_table(rows=len(expanded), cols=len(expanded[0]))
            table.style = "Table Grid"
            width = len(expanded[0])
            flat = table._cells  # fetched once: ``table.cell`` rescans the whole table per call
            for r, c, cell in placements(grid):
                top = flat[r * width + c]
                if cell.rs > 1 or cell.cs > 1:
                    top = top.merge(flat[(r + cell.rs - 1) * width + c + cell.cs - 1])
                top.text = cell.text
    buf = io.BytesIO()
    doc.save(buf)
    return _zip_fixed_dates(buf.getvalue())


def _zip_fixed_dates(data: bytes) -> bytes:
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(YEAR + 1, 1, 20, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_pdf(blocks: Blocks) -> bytes:
    """An A4 PDF with a text layer; CJK via the built-in ``china-s`` font."""
    from assistant.parse.readers.mupdf import load_pymupdf

    pymupdf = load_pymupdf()

    doc = pymupdf.open()
    size, left, top, bottom, chars = 9.0, 50.0, 60.0, 800.0, 52
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "table":
            for row in expand(content):
                cells = [cell for cell in row if cell]
                labels = "  ".join(c for c in cells if not c[0].isdigit() or "." in c[:3])
                nums = "  ".join(c for c in cells if c[0].isdigit() and "." not in c[:3])
                if len(labels) + len(nums) + 2 <= chars:
                    lines.append(f"{labels}  {nums}".strip())
                else:  # a long label wraps; its numbers follow on the last label line
                    label_lines = wrap(labels, chars - len(nums) - 2)
                    lines += label_lines[:-1] + [f"{label_lines[-1]}  {nums}".strip()]
            lines.append("")
        else:
            lines += wrap(str(content), chars)
    shape, y = None, bottom
    for line in lines:
        if shape is None or y > bottom:
            if shape is not None:
                shape.commit()
            shape, y = doc.new_page().new_shape(), top  # one content stream per page
        if line:
            shape.insert_text((left, y), line, fontname="china-s", fontsize=size)
        y += size * 1.6
    if shape is not None:
        shape.commit()
    doc.set_metadata({"title": TITLE, "author": AGENCY, "creationDate": "", "modDate": "", "producer": "", "creator": ""})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def render_pdf_ruled(blocks: Blocks, split_t3_at: int | None = None) -> bytes:
    """An A4 PDF as Word exports it: tables drawn as ruled grids with merged cells, each cell's
    text centred in its box (plain text extraction prints every cell on a line of its own).
    ``split_t3_at``: break table 三 across two pages after that row."""
    if split_t3_at is not None:
        out: Blocks = []
        for kind, content in blocks:
            if kind == "table" and content[0][0].text == T3_NOTE:
                top, bottom = split_grid(content, split_t3_at)
                out += [("table", top), ("pagebreak", None), ("table", bottom)]
            else:
                out.append((kind, content))
        blocks = out
    from assistant.parse.readers.mupdf import load_pymupdf

    pymupdf = load_pymupdf()

    doc = pymupdf.open()
    page = doc.new_page()
    shape, y = page.new_shape(), 50.0  # one shape per page: one content stream, a small file

    def next_page():
        nonlocal page, shape, y
        shape.commit()
        page = doc.new_page()
        shape, y = page.new_shape(), 50.0

    for kind, content in blocks:
        if kind == "pagebreak":
            next_page()
        elif kind == "table":
            grid = content
            n_cols = len(expand(grid)[0])
            widths, height = {4: ([120, 115, 115, 115], 16), 10: ([30, 45, 125] + [44] * 7, 26), 15: ([31] * 15, 16)}[n_cols]
            if y + len(grid) * height > 800:
                next_page()
            y = _ruled_table(shape, grid, y, widths, height) + 10
        else:
            for line in wrap(str(content), 50):
                if y > 800:
                    next_page()
                shape.insert_text((40, y + 9), line, fontname="china-s", fontsize=9)
                y += 15
    shape.commit()
    doc.set_metadata({"title": TITLE, "author": AGENCY, "creationDate": "", "modDate": "", "producer": "", "creator": ""})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _ruled_table(shape, grid: Grid, top: float, widths: list[int], height: float) -> float:
    from assistant.parse.readers.mupdf import load_pymupdf

    pymupdf = load_pymupdf()

    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, c, cell in placements(grid):
        box = pymupdf.Rect(xs[c], top + r * height, xs[c + cell.cs], top + (r + cell.rs) * height)
        shape.draw_rect(box)
        shape.finish(color=(0, 0, 0), width=0.5)
        if cell.text:
            left = shape.insert_textbox(box + (1, 1, -1, -1), cell.text, fontname="china-s", fontsize=6, align=1)
            assert left >= 0, f"cell text does not fit: {cell.text}"
    return top + len(grid) * height


# --- variants ----------------------------------------------------------------------------------


def blank_values() -> dict[str, int | float | None]:
    """Blank cells as reports print them: no 总计 in table 三, two empty rows, an empty group."""
    v = dict(V)
    for spec in T3_2021_ROWS:
        v[f"t3.{spec.key}.total"] = None
    for row in ("denied_7", "denied_8"):
        for col in T3_COLUMNS:
            v[f"t3.{row}.{col.key}"] = None
    for col in T4_COLUMNS:
        v[f"t4.suit_after_review.{col.key}"] = None
    v["t2.fee.amount_wan"] = None
    return v


def one_other_row_values() -> tuple[dict, dict]:
    v = dict(V)
    extra = {}
    for col in T3_COLUMNS:
        extra[f"t3.other.{col.key}"] = sum(_v(f"t3.other_{i}.{col.key}") for i in (1, 2, 3))
        for i in (1, 2, 3):
            # a printed 0 aggregate pins its sub-rows to 0; any other value leaves them unknown
            v[f"t3.other_{i}.{col.key}"] = 0 if extra[f"t3.other.{col.key}"] == 0 else None
    v.update(extra)
    return v, extra


def gold(cells: dict, extra: dict | None = None) -> dict:
    out = {
        "agency": AGENCY,
        "year": YEAR,
        "format": FormatId.F2021.value,
        "cells": {k: cells.get(k) for k in cell_keys(FormatId.F2021)},
    }
    if extra:
        out["extra_cells"] = dict(sorted(extra.items()))
    return out


def build() -> dict[str, tuple[bytes, dict]]:
    """stem + extension → (file bytes, gold)."""
    assert_unique_splits()
    full = document(V)
    blank = blank_values()
    other_v, other_extra = one_other_row_values()
    tabs = render_tabs(full)
    pdftext = render_pdftext(full)
    return {
        "f2021_pdftext.txt": (pdftext.encode("utf-8"), gold(V)),
        "f2021_tabs.txt": (tabs.encode("utf-8"), gold(V)),
        "f2021_html.html": (render_html(full).encode("utf-8"), gold(V)),
        "f2021_word.docx": (render_docx(full), gold(V)),
        "f2021_textlayer.pdf": (render_pdf(full), gold(V)),
        "f2021_ruled.pdf": (render_pdf_ruled(full), gold(V)),
        "f2021_ruled_split.pdf": (render_pdf_ruled(full, split_t3_at=10), gold(V)),
        "f2021_runtogether.txt": (render_runtogether(full).encode("utf-8"), gold(V)),
        "f2021_blank_tabs.txt": (render_tabs(document(blank)).encode("utf-8"), gold(blank)),
        "f2021_blank_html.html": (render_html(document(blank), blank_nbsp=True).encode("utf-8"), gold(blank)),
        "f2021_gbk.txt": (tabs.encode("gbk"), gold(V)),
        "f2021_utf8bom.txt": (b"\xef\xbb\xbf" + pdftext.encode("utf-8"), gold(V)),
        "f2021_one_other_row.txt": (render_tabs(document(other_v, one_other_row=True)).encode("utf-8"), gold(other_v, other_extra)),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUT
    reports, gold_dir = out / "reports", out / "gold"
    reports.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for name, (data, gold_doc) in build().items():
        (reports / name).write_bytes(data)
        stem = name.rsplit(".", 1)[0]
        (gold_dir / f"{stem}.json").write_text(json.dumps(gold_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{name}: {len(data)} 字节")


if __name__ == "__main__":
    main()
