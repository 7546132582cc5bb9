"""The national report formats as data.

Every block, row, column, official label and canonical cell key of the 2019 and 2021 formats
(see ``../shared/spec/report-format.md``). Parser, checker, renderers and UI read this module;
nothing else hard-codes a table label.

A table is a list of blocks; a block is rows x columns; a cell key is ``<table>.<row>.<column>``.
Table 四's "groups" (行政复议, 未经复议直接起诉, 复议后起诉) are its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache


class FormatId(StrEnum):
    F2019 = "2019"
    F2021 = "2021"
    LEGACY = "legacy"


class ValueKind(StrEnum):
    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # integer that may be negative (本年增/减)
    AMOUNT_WAN = "amount_wan"  # a number in 万元


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: ValueKind = ValueKind.COUNT


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    group: str | None = None  # e.g. "（三）不予公开" for denied_1..8


@dataclass(frozen=True)
class BlockSpec:
    key: str  # "一", "五" … for table 二; "main" elsewhere
    label: str  # "第二十条第（一）项"
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...]


@dataclass(frozen=True)
class TableSpec:
    id: str  # "t2", "t3", "t4"
    title: str
    blocks: tuple[BlockSpec, ...]

    def cell_keys(self) -> list[str]:
        return [
            f"{self.id}.{row.key}.{col.key}"
            for block in self.blocks
            for row in block.rows
            for col in block.columns
        ]


@dataclass(frozen=True)
class FormatSpec:
    id: FormatId
    issued_by: str
    years: str
    tables: tuple[TableSpec, ...] = field(default_factory=tuple)

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def cell_keys(self) -> list[str]:
        return [k for t in self.tables for k in t.cell_keys()]


# --- sections (both formats) -------------------------------------------------------------

SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")

SECTION_HEADINGS: dict[str, str] = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}

# --- tables: how reports and clerks name them ------------------------------------------------

TABLE_IDS = ("t2", "t3", "t4")
TABLE_NUMBERS: dict[str, str] = {"t2": "表二", "t3": "表三", "t4": "表四"}
# Each table is titled by the section it stands in (二、三、四).
TABLE_TITLES: dict[str, str] = {"t2": SECTION_HEADINGS["二"], "t3": SECTION_HEADINGS["三"], "t4": SECTION_HEADINGS["四"]}


def table_name(table_id: str, *, title: bool = False) -> str:
    """``表三``, or with ``title`` ``表三（收到和处理政府信息公开申请情况）``."""
    name = TABLE_NUMBERS[table_id]
    return f"{name}（{TABLE_TITLES[table_id]}）" if title else name


# Headings report-format.md accepts as equal to the official one (C-01 passes them silently): the
# official heading, and the forms naming the subject (政府信息公开工作) or the cause (因…的情况).
SECTION_HEADINGS_ACCEPTED: dict[str, tuple[str, ...]] = {
    "一": ("总体情况",),
    "二": ("主动公开政府信息情况",),
    "三": ("收到和处理政府信息公开申请情况",),
    "四": (
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
        "因政府信息公开被申请行政复议、提起行政诉讼的情况",
        "政府信息公开行政复议行政诉讼情况",
    ),
    "五": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    "六": ("其他需要报告的事项",),
}

# Every heading a section is recognised by: the accepted ones, and variants C-01 accepts with a
# warning (they are not the official heading).
SECTION_HEADING_VARIANTS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "概述"),
    "二": ("主动公开政府信息情况", "政府信息公开情况", "主动公开情况"),
    "三": ("收到和处理政府信息公开申请情况", "依申请公开情况"),
    "四": (
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
        "因政府信息公开被申请行政复议、提起行政诉讼的情况",
        "政府信息公开行政复议行政诉讼情况",
    ),
    "五": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的问题及改进情况",
        "存在的主要问题及下步工作思路",
        "存在的主要问题及改进措施",
        "存在的主要问题",
    ),
    "六": ("其他需要报告的事项", "其他需要报告事项"),
}

# Headings that mark a legacy (2008-regulation) report.
LEGACY_HEADINGS = ("概述",)

# The five topics 一、总体情况 is expected to cover (C-02), with words that signal each.
OVERVIEW_TOPICS: dict[str, tuple[str, ...]] = {
    "主动公开": ("主动公开",),
    "依申请公开": ("依申请公开", "依申请"),
    "政府信息管理": ("政府信息管理", "信息管理"),
    "平台建设": ("平台建设", "公开平台", "平台"),
    "监督保障": ("监督保障", "监督", "考核"),
}

# --- table 二 --------------------------------------------------------------------------

_T2_2019_PUBLISH_COLS = (
    ColumnSpec("made", "本年新制作数量", ("新制作",)),
    ColumnSpec("published", "本年新公开数量", ("新公开",)),
    ColumnSpec("total", "对外公开总数量", ("公开总数",)),
)
_T2_2019_ITEM_COLS = (
    ColumnSpec("prev", "上一年项目数量", ("上一年",)),
    ColumnSpec("delta", "本年增/减", ("增/减", "增减"), ValueKind.SIGNED),
    ColumnSpec("decisions", "处理决定数量", ("处理决定",)),
)

T2_2019 = TableSpec(
    "t2",
    TABLE_TITLES["t2"],
    (
        BlockSpec(
            "一",
            "第二十条第（一）项",
            (
                RowSpec("rules", "规章"),
                RowSpec("normative", "规范性文件", ("行政规范性文件",)),
            ),
            _T2_2019_PUBLISH_COLS,
        ),
        BlockSpec(
            "五",
            "第二十条第（五）项",
            (
                RowSpec("license", "行政许可"),
                RowSpec("other_service", "其他对外管理服务事项", ("其他对外管理服务",)),
            ),
            _T2_2019_ITEM_COLS,
        ),
        BlockSpec(
            "六",
            "第二十条第（六）项",
            (RowSpec("penalty", "行政处罚"), RowSpec("coercion", "行政强制")),
            _T2_2019_ITEM_COLS,
        ),
        BlockSpec(
            "八",
            "第二十条第（八）项",
            (RowSpec("fee", "行政事业性收费"),),
            _T2_2019_ITEM_COLS[:2],
        ),
        BlockSpec(
            "九",
            "第二十条第（九）项",
            (RowSpec("procurement", "政府集中采购"),),
            (
                ColumnSpec("count", "采购项目数量", ("项目数量",)),
                ColumnSpec("amount_wan", "采购总金额", ("总金额",), ValueKind.AMOUNT_WAN),
            ),
        ),
    ),
)

_T2_2021_RULE_COLS = (
    ColumnSpec("issued", "本年制发件数", ("制发",)),
    ColumnSpec("repealed", "本年废止件数", ("废止",)),
    ColumnSpec("in_force", "现行有效件数", ("现行有效",)),
)
_T2_2021_DECISIONS = (ColumnSpec("decisions", "本年处理决定数量", ("处理决定",)),)

T2_2021 = TableSpec(
    "t2",
    TABLE_TITLES["t2"],
    (
        BlockSpec(
            "一",
            "第二十条第（一）项",
            (
                RowSpec("rules", "规章"),
                RowSpec("normative", "行政规范性文件", ("规范性文件",)),
            ),
            _T2_2021_RULE_COLS,
        ),
        BlockSpec("五", "第二十条第（五）项", (RowSpec("license", "行政许可"),), _T2_2021_DECISIONS),
        BlockSpec(
            "六",
            "第二十条第（六）项",
            (RowSpec("penalty", "行政处罚"), RowSpec("coercion", "行政强制")),
            _T2_2021_DECISIONS,
        ),
        BlockSpec(
            "八",
            "第二十条第（八）项",
            (RowSpec("fee", "行政事业性收费"),),
            (
                ColumnSpec(
                    "amount_wan",
                    "本年收费金额（单位：万元）",
                    ("收费金额",),
                    ValueKind.AMOUNT_WAN,
                ),
            ),
        ),
    ),
)

# --- table 三 --------------------------------------------------------------------------

T3_COLUMNS = (
    ColumnSpec("natural", "自然人"),
    ColumnSpec("business", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("public_interest", "社会公益组织", ("社会组织",)),
    ColumnSpec("legal_service", "法律服务机构"),
    ColumnSpec("other_org", "其他"),
    ColumnSpec("total", "总计"),
)

_RESULT = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_T3_HEAD_ROWS = (
    RowSpec("new", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    RowSpec("carried_in", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    RowSpec("granted", "（一）予以公开", ("予以公开",), _RESULT),
    RowSpec(
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        _RESULT,
    ),
    RowSpec("denied_1", "1.属于国家秘密", ("国家秘密",), _DENIED),
    RowSpec("denied_2", "2.其他法律行政法规禁止公开", ("法律行政法规禁止公开",), _DENIED),
    RowSpec("denied_3", "3.危及“三安全一稳定”", ("三安全一稳定",), _DENIED),
    RowSpec("denied_4", "4.保护第三方合法权益", ("第三方合法权益",), _DENIED),
    RowSpec("denied_5", "5.属于三类内部事务信息", ("内部事务信息",), _DENIED),
    RowSpec("denied_6", "6.属于四类过程性信息", ("过程性信息",), _DENIED),
    RowSpec("denied_7", "7.属于行政执法案卷", ("行政执法案卷",), _DENIED),
    RowSpec("denied_8", "8.属于行政查询事项", ("行政查询事项",), _DENIED),
    RowSpec("unable_1", "1.本机关不掌握相关政府信息", ("不掌握相关政府信息",), _UNABLE),
    RowSpec("unable_2", "2.没有现成信息需要另行制作", ("另行制作",), _UNABLE),
    RowSpec("unable_3", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确",), _UNABLE),
    RowSpec("not_processed_1", "1.信访举报投诉类申请", ("信访举报投诉",), _NOT_PROCESSED),
    RowSpec("not_processed_2", "2.重复申请", ("重复申请",), _NOT_PROCESSED),
    RowSpec("not_processed_3", "3.要求提供公开出版物", ("公开出版物",), _NOT_PROCESSED),
    RowSpec("not_processed_4", "4.无正当理由大量反复申请", ("大量反复申请",), _NOT_PROCESSED),
    RowSpec(
        "not_processed_5",
        "5.要求行政机关确认或重新出具已获取信息",
        ("重新出具已获取信息",),
        _NOT_PROCESSED,
    ),
)
_T3_TAIL_ROWS = (
    RowSpec("total", "（七）总计", ("总计",), _RESULT),
    RowSpec("carried_forward", "四、结转下年度继续办理", ("结转下年度",)),
)

T3_2019_ROWS = _T3_HEAD_ROWS + (RowSpec("other", "（六）其他处理", ("其他处理",), _RESULT),) + _T3_TAIL_ROWS
T3_2021_ROWS = (
    _T3_HEAD_ROWS
    + (
        RowSpec(
            "other_1",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ("逾期不补正",),
            _OTHER,
        ),
        RowSpec(
            "other_2",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ("收费通知",),
            _OTHER,
        ),
        RowSpec("other_3", "3.其他", ("其他",), _OTHER),
    )
    + _T3_TAIL_ROWS
)

T3_2019 = TableSpec("t3", TABLE_TITLES["t3"], (BlockSpec("main", "", T3_2019_ROWS, T3_COLUMNS),))
T3_2021 = TableSpec("t3", TABLE_TITLES["t3"], (BlockSpec("main", "", T3_2021_ROWS, T3_COLUMNS),))

# Rows whose sum is （七）总计 (T3-02), per format.
T3_RESULT_ROWS: dict[FormatId, tuple[str, ...]] = {
    FormatId.F2019: tuple(r.key for r in T3_2019_ROWS if r.key not in ("new", "carried_in", "total", "carried_forward")),
    FormatId.F2021: tuple(r.key for r in T3_2021_ROWS if r.key not in ("new", "carried_in", "total", "carried_forward")),
}
T3_APPLICANT_COLUMNS = tuple(c.key for c in T3_COLUMNS if c.key != "total")

# --- table 四 --------------------------------------------------------------------------

T4_COLUMNS = (
    ColumnSpec("upheld", "结果维持", ("维持",)),
    ColumnSpec("corrected", "结果纠正", ("纠正",)),
    ColumnSpec("other", "其他结果", ("其他",)),
    ColumnSpec("pending", "尚未审结", ("尚未",)),
    ColumnSpec("total", "总计"),
)
T4_ROWS = (
    RowSpec("review", "行政复议"),
    RowSpec("suit_direct", "未经复议直接起诉", ("直接起诉",), "行政诉讼"),
    RowSpec("suit_after_review", "复议后起诉", ("复议后起诉",), "行政诉讼"),
)
T4 = TableSpec("t4", TABLE_TITLES["t4"], (BlockSpec("main", "", T4_ROWS, T4_COLUMNS),))

# --- formats ---------------------------------------------------------------------------

FORMATS: dict[FormatId, FormatSpec] = {
    FormatId.F2019: FormatSpec(FormatId.F2019, "国办公开办函〔2019〕60号", "2019–2020", (T2_2019, T3_2019, T4)),
    FormatId.F2021: FormatSpec(FormatId.F2021, "国办公开办函〔2021〕30号", "2021–", (T2_2021, T3_2021, T4)),
    FormatId.LEGACY: FormatSpec(FormatId.LEGACY, "2008年条例", "–2018", ()),
}


FORMAT_NAMES: dict[FormatId, str] = {
    FormatId.F2019: "2019 版（国办公开办函〔2019〕60号）",
    FormatId.F2021: "2021 版（国办公开办函〔2021〕30号）",
    FormatId.LEGACY: "旧版（2018 年及以前，无固定表格）",
}


# Short names inside sentences: 「应使用 2021 年格式」「2021 年格式的报告」.
FORMAT_SHORT_NAMES: dict[FormatId, str] = {
    FormatId.F2019: "2019 年", FormatId.F2021: "2021 年", FormatId.LEGACY: "旧（2018 年及以前）",
}


def get_format(format_id: str | FormatId) -> FormatSpec:
    return FORMATS[FormatId(format_id)]


def format_for_year(year: int) -> FormatId:
    """The format a report of ``year`` must use (X-06)."""
    if year <= 2018:
        return FormatId.LEGACY
    if year <= 2020:
        return FormatId.F2019
    return FormatId.F2021


@cache
def cell_keys(format_id: str | FormatId) -> tuple[str, ...]:
    """Every canonical cell key of a format, in printed order."""
    return tuple(get_format(format_id).cell_keys())


def _blocks_with_row(table_id: str, row_key: str) -> Iterator[tuple[BlockSpec, RowSpec]]:
    """Every block (of both formats) of table ``table_id`` that has row ``row_key``, with that row."""
    for fmt in (FormatId.F2019, FormatId.F2021):
        for table in get_format(fmt).tables:
            if table.id == table_id:
                for block in table.blocks:
                    for row in block.rows:
                        if row.key == row_key:
                            yield block, row


@cache
def column_of(key: str) -> ColumnSpec:
    """The column spec of a cell key (searching both formats)."""
    table_id, row_key, col_key = key.split(".")
    for block, _row in _blocks_with_row(table_id, row_key):
        for col in block.columns:
            if col.key == col_key:
                return col
    raise KeyError(key)


@cache
def row_of(key: str) -> RowSpec:
    table_id, row_key, _ = key.split(".")
    for _block, row in _blocks_with_row(table_id, row_key):
        return row
    raise KeyError(key)


def value_kind(key: str) -> ValueKind:
    return column_of(key).kind


def label_of(key: str) -> str:
    """A human label for a cell key, e.g. ``表三 本年新收… / 自然人``."""
    table_names = {"t2": "表二", "t3": "表三", "t4": "表四"}
    row = row_of(key)
    col = column_of(key)
    row_label = row.label if row.group is None or key.startswith("t4") else f"{row.group}{row.label}"
    if key.startswith("t4") and row.group:
        row_label = f"{row.group}·{row.label}"
    return f"{table_names[key.split('.')[0]]}「{row_label}」{col.label}"


def is_known_key(key: str) -> bool:
    try:
        column_of(key)
        return True
    except (KeyError, ValueError):
        return False
