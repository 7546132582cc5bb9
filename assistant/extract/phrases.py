"""The common prose phrasings of clerks' notes → cells.

The notes are cut into sentences (``。；！？`` and line ends) and sentences into segments
(``，：（）``). A *mention* is a number with a unit (``120件``, ``十二件``, ``12.5万元``; a bare
Arabic number only at a segment end). The words before a mention in its segment are its *label*;
the label is classified by the keyword tables below (data, in priority order), and what a label
leaves open (which row, which 表四 group) comes from the sentence's context: ``行政复议5件，其中
维持3件`` puts 3 in ``t4.review.upheld``.

Guards against numbers that are not table cells: units such as 条/年/% never make a mention;
labels with a stop word (主动公开, 热线, 人大建议 …) block the rest of their sentence; approximate
numbers (约, 余, 多) are skipped. Negations with no number (``未收到政府信息公开申请``,
``未发生行政复议、行政诉讼``, ``无结转``) state zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.extract.result import Evidence, RuleFacts
from assistant.formats import T3_APPLICANT_COLUMNS, FormatId, cell_keys
from assistant.numerals import ARABIC, CHINESE, parse_number, to_halfwidth

__all__ = ["extract_phrases"]

# --- keyword tables (data) ------------------------------------------------------------------

# A label with one of these words is about something else: its number and the rest of the
# sentence fill no cell (until a strong table keyword appears again).
STOP_WORDS = re.compile(
    r"主动公开|热线|12345|人大|政协|建议|提案|信息处理费|培训|会议|网站|访问|浏览|微博|微信|"
    r"新闻发布|发布会|解读|新媒体|留言|来电|咨询|意见征集|公开信息\d|政务公开|同比|比上年|较上年|"
    r"增长|下降|占比|百分|各类|延期|听证"
)
# Words that put the whole rest of their sentence out of the tables, whatever follows: the organ
# acting as the reviewing body handles other organs' cases, which are not its 表四.
# The part of a blocked total that does concern information disclosure.
ONLY_DISCLOSURE = re.compile(r"^(?:涉及|因|属于|关于)?政府信息公开(?:类|的|方面)?(?:案件|的)?$")
HARD_STOP = re.compile(r"作为(?:行政)?复议机关|作为复议机构")
# 表四 groups, first match wins. "suit" is 行政诉讼 without saying direct or after review.
T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("suit_direct", r"未经(?:行政)?复议|直接(?:向法院)?(?:提起)?(?:行政)?(?:起诉|诉讼)"),
    ("suit_after_review", r"复议后(?:向法院)?(?:提起)?(?:行政)?(?:起诉|诉讼)?|经(?:过)?(?:行政)?复议(?:后)?(?:又|再)?(?:提起|起诉)"),
    ("suit", r"行政诉讼|诉讼|起诉|应诉"),
    ("review", r"行政复议|复议"),
)
T4_COLUMNS: tuple[tuple[str, str], ...] = (
    ("pending", r"尚未审结|未审结|审理中|正在审理|尚在审理|尚未办结|未办结|未结案|尚未结案"),
    ("upheld", r"维持"),
    ("corrected", r"纠正|撤销|确认违法|败诉"),
    ("other", r"其他|撤回|终止"),
)
# 表三 rows and groups ("G:…"). Weak ones do not pull a 表四 sentence into 表三.
T3_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("carried_in", r"上一?(?:年度?|年)(?:度)?(?:结转|遗留|未办结|转入)|结转自上年|上年度?未办结|上年度?结转", False),
    ("carried_forward", r"结转(?:至|到|入)?下一?年|转入下一?年|下一?年度?继续办理|留待下一?年|结转下|结转(?:至|到|入)\d{4}年", False),
    ("carried_forward", r"尚未办结|未办结|仍在办理|正在办理", True),
    ("denied_1", r"国家秘密|涉密", False),
    ("denied_2", r"法律[、,]?(?:行政)?法规禁止", False),
    ("denied_3", r"三安全一稳定|危及", False),
    ("denied_4", r"第三方合法权益|第三方", False),
    ("denied_5", r"内部事务", False),
    ("denied_6", r"过程性", False),
    ("denied_7", r"执法案卷", False),
    ("denied_8", r"查询事项", False),
    ("unable_1", r"不掌握", False),
    ("unable_2", r"没有现成|另行制作", False),
    ("unable_3", r"仍不明确|补正后", False),
    ("not_processed_1", r"信访举报|举报投诉|投诉类|信访类|信访.{0,4}申请", False),
    ("not_processed_2", r"重复申请", False),
    ("not_processed_3", r"出版物", False),
    ("not_processed_4", r"大量反复", False),
    ("not_processed_5", r"重新出具|确认或重新", False),
    ("other_1", r"不补正", False),
    ("other_2", r"(?:逾期|未按).{0,4}收费通知|缴纳费用|未缴费|未按.{0,6}缴", False),
    ("G:denied", r"不予公开", False),
    ("G:unable", r"无法提供", False),
    ("G:not_processed", r"不予处理", False),
    ("G:other", r"其他处理", False),
    ("partial", r"部分公开", False),
    ("granted", r"予以公开|同意公开|全部公开|准予公开", False),
    ("new", r"(?:收到|新收|受理|接收|接到|收悉|共收)[^,]{0,16}申请|申请(?:数量|总数|总量)|本年新收|新收|政府信息公开申请", False),
    ("total", r"办结|办理完毕|答复", True),
)
T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("org", r"法人(?:或|和|及|与)?(?:其他)?组织|法人"),
    ("natural", r"自然人|个人|公民"),
    ("business", r"商业企业|企业"),
    ("research", r"科研机构"),
    ("public_interest", r"社会公益组织|公益组织|社会组织"),
    ("legal_service", r"法律服务机构|律师事务所|律师"),
    ("other_org", r"其他组织|其他法人|其他类"),
)
T2_ROWS: dict[str, tuple[tuple[str, str], ...]] = {
    "2021": (
        ("rules", r"规章"),
        ("normative", r"规范性文件"),
        ("license", r"行政许可"),
        ("penalty", r"行政处罚"),
        ("coercion", r"行政强制"),
        ("fee", r"行政事业性收费|收费金额|收取.{0,4}费"),
    ),
    "2019": (
        ("rules", r"规章"),
        ("normative", r"规范性文件"),
        ("license", r"行政许可"),
        ("other_service", r"其他对外管理服务"),
        ("penalty", r"行政处罚"),
        ("coercion", r"行政强制"),
        ("fee", r"行政事业性收费|收费项目"),
        ("procurement", r"集中采购|采购"),
    ),
}
T2_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "2021": (
        ("repealed", r"废止|清理"),
        ("in_force", r"现行有效|有效"),
        ("issued", r"制发|制定|印发|出台"),
        ("decisions", r"决定|作出|办理|处理|实施"),
    ),
    "2019": (
        ("total", r"公开总|对外公开总|总数|累计"),
        ("published", r"新公开|公开"),
        ("made", r"新制作|制作|制定|出台|印发"),
        ("prev", r"上一?年"),
        ("delta", r"增加|新增|增减|减少|取消|增/减"),
        ("decisions", r"决定|处理"),
        ("amount_wan", r"金额"),
        ("count", r"项目|个数|数量"),
    ),
}
# The column a 表二 row takes when its label names none.
T2_DEFAULT_COLUMN = {
    "2021": {"license": "decisions", "penalty": "decisions", "coercion": "decisions", "fee": "amount_wan"},
    "2019": {},
}
TOTAL_WORDS = re.compile(r"^(?:全年|本年|年内|本年度)?(?:共|共计|合计|总计|累计|总数|共有)(?:为|有)?$")
ALL_WORDS = re.compile(r"均|全部|都|皆|理由|原因|系")
NEGATION = re.compile(r"未(?=发生|出现|收到|有|产生|涉及|被|接到|受理|制发|制定|出台|废止)|没有(?!现成)|无(?!法|正当)|均无|暂无")
APPROX = re.compile(r"(?:约|近|超过|逾|大约|将近)$")
SECOND_SENTENCE = re.compile(r"^\s*(?:其中|包括|分别|具体|另外|此外|申请人|申请主体)")

COUNT_UNITS = ("件", "个", "项", "宗", "起", "次", "例", "部")
UNIT_ONLY = re.compile(r"^\s*(?:单位\s*)?(?:件|个|项|宗|起|部|万元|元)\s*$")
MONEY_UNITS = {"万元": 1, "元": 0.0001, "亿元": 10000}

_SENTENCE = re.compile(r"[^。;!?\n]+")
_SEGMENT = re.compile(r"[^,:()\t]+")
_MENTION = re.compile(
    rf"(?<![\d.])(?P<num>{ARABIC}|{CHINESE})\s*(?P<approx>余|多)?\s*"
    r"(?P<unit>万元|亿元|元|件|个|项|宗|起|次|例|部(?![分门署委长队位])|人次|条|家|年|月|日|号|%|天|人|份|篇|期|类|批)?"
)


# --- classification --------------------------------------------------------------------------


@dataclass
class Hit:
    table: str | None = None  # "t2" | "t3" | "t4"
    row: str | None = None  # t3 row, "G:…" group, t2 row
    col: str | None = None  # column key, or "org" / "total"
    t4group: str | None = None
    weak: bool = False
    total_word: bool = False


def _first(patterns, text: str):
    for item in patterns:
        if re.search(item[1], text):
            return item
    return None


def classify(label: str, fmt: str, topic: str | None) -> Hit:
    """What a label names: table, row or group, column."""
    hit = Hit()
    g = _first(T4_GROUPS, label)
    if g:
        hit.table, hit.t4group = "t4", g[0]
    else:
        r2 = _first(T2_ROWS[fmt], label)
        r3 = _first(T3_ROWS, label)
        if r3 and r3[0] in ("other_1", "other_2") and fmt != "2021":
            r3 = ("G:other", "", False)
        if r2 and r3 and r3[0] == "new" and "信息公开" not in label:
            return hit  # 受理行政许可申请: applications of another kind
        if r2 and not (r3 and not r3[2]):
            hit.table, hit.row = "t2", r2[0]
        elif r3 and not (r3[2] and topic == "t4"):
            hit.table, hit.row, hit.weak = "t3", r3[0], r3[2]
    table = hit.table or topic
    if table == "t4":
        c = _first(T4_COLUMNS, label)
        if c:
            hit.col = c[0]
            hit.table = "t4"
    elif table == "t2":
        c = _first(T2_COLUMNS[fmt], label)
        if c:
            hit.col = c[0]
            hit.table = "t2"
    elif table in ("t3", None):
        c = _first(T3_COLUMNS, label)
        if c and not (c[0] == "natural" and "个人隐私" in label):
            hit.col = c[0]
            hit.table = "t3"
    if TOTAL_WORDS.match(label):
        hit.total_word = True
    return hit


# --- the extractor ----------------------------------------------------------------------------


@dataclass
class _Context:
    topic: str | None = None
    t3row: str | None = None  # row or group of 表三
    t3col: str | None = None  # applicant column set by a segment without a number
    t3group: str | None = None  # the last "G:…" group named in the sentence
    t4group: str | None = None
    t2row: str | None = None
    blocked: bool = False
    hard_blocked: bool = False
    blocked_t4group: str | None = None  # the 表四 group a stop-word label named (各类行政复议)
    last: tuple | None = None  # the last item emitted: ("cell", key…) or ("sum", keys…)
    last_segment: int = -1
    label_before: tuple[int, str] | None = None  # (segment index, text) of a segment without a number
    unit_before: str = ""  # 本年新收申请（件）：31 — the unit written before the number

    def blocked_t4group_label(self) -> str:
        return {"review": "行政复议", "suit": "行政诉讼", "suit_direct": "未经复议直接起诉",
                "suit_after_review": "复议后起诉"}[self.blocked_t4group or ""]


@dataclass
class _Emitter:
    fmt: str
    keys: frozenset[str]
    items: list[tuple] = field(default_factory=list)

    def cell(self, key: str, value, ev: Evidence) -> tuple | None:
        if key not in self.keys:
            return None
        item = ("cell", (key,), value, ev)
        self.items.append(item)
        return item

    def sum(self, keys: tuple[str, ...], value, ev: Evidence) -> tuple | None:
        keys = tuple(k for k in keys if k in self.keys)
        if not keys:
            return None
        item = ("sum", keys, value, ev)
        self.items.append(item)
        return item


def _t3_rows_of(group_or_row: str, fmt: str) -> tuple[str, ...]:
    groups = {
        "G:denied": tuple(f"denied_{i}" for i in range(1, 9)),
        "G:unable": tuple(f"unable_{i}" for i in range(1, 4)),
        "G:not_processed": tuple(f"not_processed_{i}" for i in range(1, 6)),
        "G:other": ("other",) if fmt == "2019" else ("other_1", "other_2", "other_3"),
    }
    return groups.get(group_or_row, (group_or_row,))


def _t3_cols_of(col: str) -> tuple[str, ...]:
    if col == "org":
        return tuple(c for c in T3_APPLICANT_COLUMNS if c != "natural")
    return (col,)


def _t3_keys(row: str, col: str, fmt: str) -> tuple[str, ...]:
    return tuple(f"t3.{r}.{c}" for r in _t3_rows_of(row, fmt) for c in _t3_cols_of(col))


def _t4_keys(group: str, col: str) -> tuple[str, ...]:
    groups = ("suit_direct", "suit_after_review") if group == "suit" else (group,)
    return tuple(f"t4.{g}.{col}" for g in groups)


def extract_phrases(notes: str, format_id: str | FormatId) -> RuleFacts:
    """Read the prose phrasings of ``notes`` into rule facts for ``format_id``."""
    fmt = str(FormatId(format_id))
    facts = RuleFacts(format=fmt)
    if fmt not in ("2019", "2021"):
        return facts
    joined, index = join_wrapped_lines(notes)
    text = to_halfwidth(joined)
    em = _Emitter(fmt, frozenset(cell_keys(fmt)))
    ctx = _Context()
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group()
        if not sentence.strip():
            continue
        if not SECOND_SENTENCE.match(sentence):
            ctx = _Context()
        else:
            ctx.blocked = ctx.hard_blocked = False
            ctx.last_segment = -1  # 收到申请17件。申请人全部为自然人。: the next sentence may name its parts
        for si, seg in enumerate(_SEGMENT.finditer(sentence)):
            # Segments come from the half-width text; evidence is cut from the notes as written.
            _segment(joined, sm.start() + seg.start(), seg.group(), si, ctx, em)
    _reinterpret_included(em)
    for kind, keys, value, ev in em.items:
        if joined is not notes:  # spans back into the notes as written
            start, end = index[ev.start], index[max(ev.start, ev.end - 1)] + 1
            ev = Evidence(text=notes[start:end], start=start, end=end)
        if kind == "cell":
            facts.add(keys[0], value, ev)
        else:
            facts.add_sum(keys, value, ev)
    return facts


_WRAP_END = re.compile(r"[\u4e00-\u9fff0-9０-９]$")
_WRAP_START = re.compile(r"^[\u4e00-\u9fff0-9０-９]")
WRAP_MIN_LINE = 15  # shorter lines are list items or headings, not text wrapped by a PDF


def join_wrapped_lines(notes: str) -> tuple[str, list[int]]:
    """Undo line breaks inside a sentence (text copied from a PDF: ``收到政府信息公开申\n请120件``).

    A break is removed when its line is long, ends in a character or digit with no punctuation,
    the next line starts with one, and neither looks like a table row. Returns the joined text and,
    for each of its characters, the position in ``notes``.
    """
    lines = notes.split("\n")
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for i, line in enumerate(lines):
        out.append(line)
        index.extend(range(pos, pos + len(line)))
        pos += len(line)
        if i == len(lines) - 1:
            break
        nxt = lines[i + 1]
        stripped = line.rstrip()
        wrapped = (
            len(stripped.strip()) >= WRAP_MIN_LINE
            and _WRAP_END.search(stripped)
            and _WRAP_START.search(nxt.lstrip())
            and "\t" not in line + nxt
            and "  " not in stripped.strip() + nxt.strip()
        )
        if not wrapped:
            out.append("\n")
            index.append(pos)
        pos += 1
    index.append(pos)
    joined = "".join(out)
    return (notes, index) if joined == notes else (joined, index)


def _segment(text: str, offset: int, seg: str, si: int, ctx: _Context, em: _Emitter) -> None:
    fmt = em.fmt
    mentions = [m for m in _MENTION.finditer(seg) if _is_mention(m, seg)]
    if not mentions:
        _no_number(text, offset, seg, si, ctx, em)
        return
    pos = 0
    for n, m in enumerate(mentions):
        raw_label = seg[pos : m.start()]
        label = _clean_label(raw_label)
        start = offset + pos + (len(raw_label) - len(raw_label.lstrip(" \t、")))
        after_end = mentions[n + 1].start() if n + 1 < len(mentions) else len(seg)
        after = _clean_label(seg[m.end() : after_end])
        pos = m.end()
        after_tab = n == 0 and offset > 0 and text[offset - 1] == "\t"
        borrowed_unit = ""
        if not label and not after_tab and ctx.label_before and ctx.label_before[0] == si - 1:
            label = ctx.label_before[1]  # 上年结转：0件 / 无法提供（本机关不掌握）9件
            borrowed_unit = ctx.unit_before
        ev = Evidence(text=text[start : offset + m.end()], start=start, end=offset + m.end())
        if HARD_STOP.search(label):
            ctx.hard_blocked = True
        if ctx.hard_blocked:
            continue
        if STOP_WORDS.search(label) or APPROX.search(label) or m.group("approx"):
            if STOP_WORDS.search(label):
                ctx.blocked = True
                blocked_hit = classify(STOP_WORDS.sub("", label), fmt, ctx.topic)
                ctx.blocked_t4group = blocked_hit.t4group if blocked_hit.table == "t4" else None
            continue
        if ctx.blocked and ctx.blocked_t4group and ONLY_DISCLOSURE.search(label):
            # 各类行政复议案件 120 件，其中涉及政府信息公开的 2 件: the 2 are 表四's.
            label = ctx.blocked_t4group_label()
            ctx.blocked = False
        value = parse_number(m.group("num"))
        if value is None:
            continue
        unit = m.group("unit") or borrowed_unit
        is_money = unit in MONEY_UNITS
        if is_money:
            value = round(value * MONEY_UNITS[unit], 6)
        hit = classify(label, fmt, ctx.topic)
        if _empty(hit) and after and not STOP_WORDS.search(after):
            # 另有两件因申请人逾期不补正… / 其中1件结果纠正: the words after the number.
            hit = classify(after, fmt, ctx.topic)
            label = after
            if not _empty(hit):
                pos = after_end
                ev = Evidence(text=text[start : offset + after_end], start=start, end=offset + after_end)
        strong = hit.table is not None and (hit.row or hit.t4group) and not hit.weak
        if ctx.blocked and not strong:
            continue
        ctx.blocked = False
        item = _emit(hit, value, is_money, label, ctx, em, ev, unit)
        if item is not None:
            ctx.last = item
            ctx.last_segment = si
    ctx.label_before = None
    ctx.unit_before = ""


def _clean_label(raw: str) -> str:
    return re.sub(r"^(?:[\s、和及与以]|其中|另有|另|包括|分别为|分别|为)+", "", raw).strip()


def _empty(hit: Hit) -> bool:
    return hit.table is None and not hit.total_word


def _is_mention(m: re.Match, seg: str) -> bool:
    unit = m.group("unit")
    num = m.group("num")
    if parse_number(num) is None:  # 万元 alone: 万 is no number
        return False
    if unit:
        return unit in COUNT_UNITS or unit in MONEY_UNITS
    if not re.fullmatch(ARABIC, num):
        return False
    rest = seg[m.end() :]
    before = seg[: m.start()].rstrip()
    # A bare number after other numbers is a cell of a table row, not a phrase.
    return rest.strip() == "" and not before.endswith(("第", "年")) and not re.search(r"\d$", before)


def _emit(hit: Hit, value, is_money: bool, label: str, ctx: _Context, em: _Emitter, ev: Evidence, unit: str = ""):
    fmt = em.fmt
    # --- 表四
    if hit.table == "t4" or (hit.table is None and ctx.topic == "t4" and hit.total_word):
        ctx.topic = "t4"
        if hit.t4group:
            ctx.t4group = hit.t4group
        group = ctx.t4group
        if group is None or is_money:
            return None
        keys = _t4_keys(group, hit.col or "total")
        return em.cell(keys[0], value, ev) if len(keys) == 1 else em.sum(keys, value, ev)
    # --- 表二
    if hit.table == "t2" or (hit.table is None and ctx.topic == "t2" and hit.col):
        ctx.topic = "t2"
        if hit.row:
            ctx.t2row = hit.row
        row = ctx.t2row
        if row is None:
            return None
        col = hit.col or T2_DEFAULT_COLUMN[fmt].get(row)
        if hit.col is None and col == "decisions" and unit == "项":
            return None  # 行政许可事项 32 项: items, not decisions
        if row == "procurement" and is_money:
            col = "amount_wan"
        if col is None:
            return None
        if fmt == "2021" and row == "fee" and not is_money:
            return None
        if col == "amount_wan" and not is_money:
            return None
        if col != "amount_wan" and is_money:
            return None
        if col == "delta" and re.search(r"减少|取消", label) and value > 0:
            value = -value
        if row in ("rules", "normative") and hit.col is None:
            return None
        return em.cell(f"t2.{row}.{col}", value, ev)
    # --- 表三
    if is_money:
        return None
    if hit.table == "t3" or hit.total_word and ctx.topic == "t3":
        row = hit.row
        if row is not None:
            ctx.topic = "t3"
            ctx.t3row = row
            if row.startswith("G:"):
                ctx.t3group = row
            elif row in ("new", "carried_in", "granted", "partial", "total", "carried_forward"):
                ctx.t3group = None
        elif hit.col is not None:
            # An applicant column alone: the row in context, else "申请" means 新收.
            row = ctx.t3row if ctx.topic == "t3" else None
            if row is None and (re.search(r"申请|提出", label) or ctx.topic is None):
                row = "new"
                ctx.topic, ctx.t3row = "t3", "new"
            if row is None:
                return None
        elif hit.total_word:
            row = ctx.t3row
            if row is None:
                return None
        else:
            return None
        col = hit.col or ("total" if hit.row else None) or ctx.t3col or "total"
        if hit.row and ctx.t3col and not hit.col:
            col = ctx.t3col
        keys = _t3_keys(row, col, fmt)
        return em.cell(keys[0], value, ev) if len(keys) == 1 else em.sum(keys, value, ev)
    # "其他 N 件" inside 其他处理 (2021) is row other_3; after an applicant column it is 其他.
    if label == "其他" and ctx.topic == "t3":
        if ctx.t3group == "G:other" and fmt == "2021":
            return em.cell("t3.other_3.total", value, ev)
        if ctx.last and ctx.last[1][0].startswith("t3.") and ctx.last[1][0].split(".")[2] in T3_APPLICANT_COLUMNS:
            row = ctx.last[1][0].split(".")[1]
            return em.cell(f"t3.{row}.other_org", value, ev)
    return None


def _no_number(text: str, offset: int, seg: str, si: int, ctx: _Context, em: _Emitter) -> None:
    """A segment without a number: context, a stated zero, or 均为… of the number before."""
    fmt = em.fmt
    ev = Evidence(text=text[offset : offset + len(seg)].strip(), start=offset, end=offset + len(seg))
    if HARD_STOP.search(seg):
        ctx.hard_blocked = True
    if ctx.hard_blocked:
        return
    if STOP_WORDS.search(seg):
        ctx.blocked = True
        return
    neg = NEGATION.search(seg)
    if neg:
        rest = seg[: neg.start()] + seg[neg.end() :]
        _zero(rest, ctx, em, ev)
        return
    if UNIT_ONLY.match(seg) and ctx.label_before and ctx.label_before[0] == si - 1:
        # 本年新收申请（件）：31 — the unit between the label and the number
        ctx.label_before = (si, ctx.label_before[1])
        ctx.unit_before = seg.strip()
        return
    ctx.label_before = (si, seg.strip())
    ctx.unit_before = ""
    hit = classify(seg.strip(), fmt, ctx.topic)
    if seg.strip() == "其他" and ctx.topic == "t3":
        hit = Hit(table="t3", row="other_3" if fmt == "2021" else "other")
    if hit.table is None:
        return
    if hit.row or hit.t4group:
        ctx.blocked = False
    # 均为…: the number just before goes to the part this segment names.
    last = ctx.last
    if last is not None and ctx.last_segment == si - 1 and not ctx.blocked:
        child = _child_of(last, hit, seg, fmt, ctx)
        if child:
            item = em.cell(child, last[2], ev)
            ctx.last, ctx.last_segment = item, si  # 1件（经复议后起诉），法院判决维持
            if child.startswith("t4."):
                ctx.t4group = child.split(".")[1]
            return
    # 直接起诉的均维持: a named group's total, stated earlier, goes to one result.
    if hit.table == "t4" and hit.t4group in ("review", "suit_direct", "suit_after_review") and hit.col \
            and hit.col != "total" and ALL_WORDS.search(seg) and not ctx.blocked:
        for kind, keys, value, _ev in reversed(em.items):
            if kind == "cell" and keys[0] == f"t4.{hit.t4group}.total":
                em.cell(f"t4.{hit.t4group}.{hit.col}", value, ev)
                return
    # Otherwise the segment only sets context.
    if hit.table == "t4":
        ctx.topic = "t4"
        if hit.t4group:
            ctx.t4group = hit.t4group
    elif hit.table == "t2":
        ctx.topic = "t2"
        if hit.row:
            ctx.t2row = hit.row
    elif hit.table == "t3":
        ctx.topic = "t3"
        if hit.row:
            ctx.t3row = hit.row
            if hit.row.startswith("G:"):
                ctx.t3group = hit.row
        elif hit.col and hit.col != "org":
            ctx.t3col = hit.col


def _child_of(last: tuple, hit: Hit, seg: str, fmt: str, ctx: _Context) -> str | None:
    kind, keys, _value, _ev = last
    first = keys[0]
    table = first.split(".")[0]
    seg = seg.strip()
    has_all = bool(ALL_WORDS.search(seg))
    # A segment that is only a name (（自然人）, 结果纠正, 尚未审结) is the part the number was.
    bare = len(re.sub(r"^(?:均为|全部为|都是|均系|结果|为|系|均)|(?:申请|提出|的)$", "", seg)) <= 8
    if table == "t4":
        groups = {k.split(".")[1] for k in keys}
        cols = {k.split(".")[2] for k in keys}
        if cols != {"total"}:
            return None
        if hit.t4group in ("suit_direct", "suit_after_review") and groups == {"suit_direct", "suit_after_review"}:
            return f"t4.{hit.t4group}.total"
        if len(groups) == 1 and hit.col and hit.col != "total" and (has_all or bare) and hit.t4group in (None, *groups):
            return f"t4.{groups.pop()}.{hit.col}"
        return None
    if table == "t3":
        rows = {k.split(".")[1] for k in keys}
        cols = {k.split(".")[2] for k in keys}
        if kind == "sum" and len(cols) == 1 and hit.row and hit.row in rows and len(rows) > 1:
            return f"t3.{hit.row}.{cols.pop()}"  # 不予公开1件（属于国家秘密）
        if kind == "sum" and len(rows) == 1 and len(cols) > 1 and hit.col in cols and hit.row is None:
            return f"t3.{rows.pop()}.{hit.col}"  # 法人或其他组织3件（均为商业企业）
        if kind == "cell" and cols == {"total"} and hit.col and hit.col != "org" and (has_all or bare) \
                and hit.row is None:
            return f"t3.{rows.pop()}.{hit.col}"  # 收到申请5件，均为自然人
        if kind == "cell" and rows == {"new"} and cols == {"total"} and has_all and hit.row \
                and not hit.row.startswith("G:") and hit.row not in ("new", "carried_in", "total", "carried_forward"):
            return f"t3.{hit.row}.total"  # 收到申请3件，均予以公开
    return None


def _zero(rest: str, ctx: _Context, em: _Emitter, ev: Evidence) -> None:
    """A negated segment: 未收到…申请 / 未发生行政复议、行政诉讼 / 无结转 / 无纠正."""
    fmt = em.fmt
    if re.search(r"复议|诉讼|起诉", rest):
        groups: set[str] = set()
        if re.search(r"复议(?!后)", rest) and not re.search(r"未经复议|经复议", rest):
            groups.add("review")
        if re.search(r"诉讼|起诉", rest):
            g = _first(T4_GROUPS[:2], rest)
            groups |= {g[0]} if g else {"suit_direct", "suit_after_review"}
        for group in sorted(groups):
            em.cell(f"t4.{group}.total", 0, ev)
        ctx.topic = "t4"
        return
    hit = classify(rest.strip(), fmt, ctx.topic)
    if hit.table is None and re.search(r"结转", rest):
        hit = Hit(table="t3", row="carried_forward")
    if hit.table == "t4" and ctx.t4group and hit.col:
        keys = _t4_keys(ctx.t4group, hit.col)
        em.sum(keys, 0, ev) if len(keys) > 1 else em.cell(keys[0], 0, ev)
    elif hit.table == "t3" and hit.row:
        em.sum(_t3_keys(hit.row, "total", fmt), 0, ev) if hit.row.startswith("G:") else em.cell(
            f"t3.{hit.row}.total", 0, ev
        )
        ctx.topic, ctx.t3row = "t3", hit.row
    elif hit.table == "t2" and hit.row:
        col = hit.col or T2_DEFAULT_COLUMN[fmt].get(hit.row)
        if col:
            em.cell(f"t2.{hit.row}.{col}", 0, ev)


def _reinterpret_included(em: _Emitter) -> None:
    """``受理申请 N 件（含上年结转 M 件）``: N is new + carried_in, not new alone (N-01)."""
    items = em.items
    for i, item in enumerate(items):
        kind, keys, value, ev = item
        if kind != "cell" or keys[0] != "t3.carried_in.total" or not re.match(r"\(?\s*(?:含|包含|包括)", ev.text):
            continue
        for j in range(i - 1, -1, -1):
            k2, keys2, v2, ev2 = items[j]
            if k2 == "cell" and keys2[0] == "t3.new.total":
                items[j] = ("sum", ("t3.new.total", "t3.carried_in.total"), v2, ev2)
                break
