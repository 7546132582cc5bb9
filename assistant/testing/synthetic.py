"""Deterministic synthetic annual reports for evals, benchmarks and tests.

Reports are generated from templates across many organs (市/区/县人民政府 and 局/委 departments in
eight provinces) and years 2019–2024, with varied wording per topic and a few organ-specific
practices (a named column, a special topic of the department's field) so that retrieval has
something to discriminate. Same seed → same reports, byte for byte.

``synthetic_report(i)`` gives the i-th report as a ``Report`` (sections and subsections with spans
into its text) built directly, without the parser; ``report.text`` is also valid report text that
can be written to a file and parsed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

from assistant.formats import SECTION_HEADINGS, FormatId
from assistant.report import OrganKind, Report, Section, Span, Subsection

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)

PROVINCES: dict[str, list[str]] = {
    "浙江省": ["杭州市", "宁波市", "温州市", "绍兴市", "金华市"],
    "江苏省": ["南京市", "苏州市", "无锡市", "常州市", "扬州市"],
    "四川省": ["成都市", "绵阳市", "德阳市", "宜宾市", "南充市"],
    "河南省": ["郑州市", "洛阳市", "开封市", "新乡市", "南阳市"],
    "广东省": ["广州市", "佛山市", "东莞市", "惠州市", "江门市"],
    "湖北省": ["武汉市", "宜昌市", "襄阳市", "荆州市", "黄石市"],
    "山东省": ["济南市", "青岛市", "烟台市", "潍坊市", "临沂市"],
    "黑龙江省": ["哈尔滨市", "齐齐哈尔市", "牡丹江市", "佳木斯市", "大庆市"],
}
COUNTIES = ["东城区", "西湖区", "南山县", "北川县", "青云区", "临江县", "平安区", "长乐县",
            "新华区", "永宁县", "河西区", "安康县"]

# Department: (name, field-specific topics: (phrase, sentence templates)).
DEPARTMENTS: dict[str, list[tuple[str, list[str]]]] = {
    "教育局": [("招生入学", ["全面公开义务教育阶段招生入学政策、学区划分和录取结果，及时回应家长关切。",
                          "通过“阳光招生”专栏集中发布招生计划、划片范围和入学报名流程。"]),
              ("教育收费", ["按规定公示各级各类学校收费项目、收费标准和减免政策，接受社会监督。"])],
    "卫生健康委员会": [("医疗机构", ["主动公开医疗机构执业登记、医疗服务价格和医疗质量控制信息。"]),
                  ("公共卫生", ["及时发布传染病疫情信息、预防接种安排和健康教育知识，回应群众健康关切。"])],
    "生态环境局": [("环境质量", ["按月公开空气质量、地表水水质监测数据，发布环境质量状况公报。"]),
                ("排污许可", ["依法公开排污许可证核发、环境影响评价审批和重点排污单位名录。"])],
    "市场监督管理局": [("食品安全", ["定期公布食品安全监督抽检结果，对不合格产品的核查处置情况一并公开。"]),
                  ("双随机", ["推行“双随机、一公开”监管，抽查事项清单和抽查结果全部向社会公开。"])],
    "自然资源局": [("土地征收", ["公开土地征收启动公告、征地补偿安置方案和征地批复文件，保障被征地群众知情权。"]),
                ("国土空间规划", ["公示国土空间总体规划草案和详细规划调整，广泛征求社会意见。"])],
    "交通运输局": [("重点工程", ["公开重点交通工程项目的立项审批、招标投标和施工进度信息。"]),
                ("公交出行", ["发布公交线路调整、出租车运价和道路施工绕行公告，方便群众出行。"])],
    "住房和城乡建设局": [("保障性住房", ["公开保障性住房分配对象、分配房源和分配结果，接受社会监督。"]),
                    ("老旧小区改造", ["公示老旧小区改造计划、改造内容和资金安排，听取居民意见。"])],
    "财政局": [("预决算公开", ["指导各部门在规定时限内公开部门预决算和“三公”经费，细化到功能分类项级科目。"]),
              ("政府债务", ["公开地方政府债务限额、余额和债券发行使用情况。"])],
    "人力资源和社会保障局": [("就业创业", ["发布就业创业补贴政策、招聘会信息和职业技能培训计划。"]),
                      ("社会保险", ["公开社会保险缴费基数、待遇调整和基金收支情况。"])],
    "农业农村局": [("惠农补贴", ["通过“一卡通”平台公开各项惠农补贴政策、发放对象和发放金额。"]),
                ("乡村振兴", ["公开乡村振兴项目库、项目资金安排和实施进度。"])],
}
CITY_DEPTS = list(DEPARTMENTS)
COUNTY_DEPTS = ["教育局", "卫生健康委员会", "生态环境局", "市场监督管理局", "财政局",
                "农业农村局", "住房和城乡建设局", "交通运输局"]
GOV_TOPICS: list[tuple[str, list[str]]] = [
    ("优化营商环境", ["围绕优化营商环境，集中公开涉企政策文件和惠企政策兑现流程，编制政策清单。"]),
    ("重大建设项目", ["做好重大建设项目批准和实施领域信息公开，公开项目审批、招标投标和竣工验收信息。"]),
    ("公共资源配置", ["推进公共资源配置领域信息公开，公开交易公告、成交结果和履约信息。"]),
    ("民生实事", ["公开年度民生实事项目清单和完成进度，接受人大代表和群众监督。"]),
]
COLUMN_NAMES = ["阳光政务", "政策直通车", "公开在线", "透明政府", "民生之窗", "惠企直达", "政务开放日",
                "政策明白纸", "一网通查", "公开服务站"]

# Topic sentence variants: each subsection draws several, with slots filled in.
T = {
    "intro": [
        "{year}年，{organ}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，推进政务公开工作提质增效。",
        "{year}年，{organ}认真贯彻《中华人民共和国政府信息公开条例》和上级关于政务公开的部署，围绕中心工作扎实推进政府信息公开。",
        "{year}年，在上级政务公开主管部门的指导下，{organ}以提升公开质量为重点，不断完善政府信息公开制度，依法保障公众知情权。",
    ],
    "active": [
        "全年主动公开政府信息{n1}条，其中政策文件{n2}件，通过政府网站、政务新媒体等渠道同步发布。",
        "本年度累计主动公开各类政府信息{n1}条，公开规范性文件{n2}件，重要政策均配套发布解读材料。",
        "坚持应公开尽公开，全年通过门户网站发布政务信息{n1}条，制发并公开行政规范性文件{n2}件。",
        "围绕决策、执行、管理、服务、结果“五公开”，主动公开信息{n1}条，开展政策解读{n3}次。",
    ],
    "apply": [
        "全年共受理政府信息公开申请{n1}件，均在法定期限内答复，未发生逾期答复情况。",
        "规范依申请公开办理流程，严格执行登记、审核、答复、归档各环节，本年度收到申请{n1}件，全部按期办结。",
        "本年度共收到依申请公开{n1}件，其中予以公开{n2}件，对申请内容不明确的及时告知补正。",
        "进一步健全依申请公开工作机制，加强与申请人沟通，全年办理政府信息公开申请{n1}件，答复规范及时。",
    ],
    "manage": [
        "严格落实公开前保密审查制度，坚持先审查、后公开，全年未发生泄密事件。",
        "开展规范性文件清理，对现行有效文件进行集中梳理，及时更新政府信息公开目录和公开指南。",
        "加强政府信息公开属性源头认定，公文拟制时同步明确公开属性，做到应公开尽公开。",
        "动态更新政府信息公开指南和公开目录，对历史信息进行核查清理，确保信息准确有效。",
    ],
    "platform": [
        "加强政府门户网站建设，优化信息公开专栏设置，推进政府网站集约化，提升信息检索和查询便利度。",
        "用好政务新媒体，通过微信公众号、政务微博同步发布重要信息{n1}条，扩大信息传播覆盖面。",
        "规范政府信息公开平台栏目管理，定期开展网站内容巡查，及时整改错链断链、内容更新不及时等问题。",
        "发挥政府公报、政务服务中心和档案馆查阅点作用，设置政府信息查阅场所，方便群众就近查阅。",
    ],
    "supervise": [
        "将政务公开工作纳入年度绩效考核，组织开展业务培训{n3}次，培训工作人员{n1}人次。",
        "建立政务公开工作社会评议制度，主动接受社会监督，本年度未发生因政务公开工作被责任追究的情况。",
        "加强对政务公开工作的监督检查，定期通报网站信息发布情况，督促相关科室及时整改问题。",
        "健全政务公开工作考核机制，把考核结果作为评价工作实绩的重要依据，压实工作责任。",
    ],
    "s2": [
        "本年度新制发规范性文件{n2}件，现行有效规范性文件{n1}件；作出行政许可决定{n3}件，行政处罚决定{n2}件。",
        "主动公开政府信息情况详见统计表，全年制发规范性文件{n2}件，办理行政许可{n3}件。",
    ],
    "s3": [
        "本年度新收政府信息公开申请{n1}件，其中自然人申请{n2}件，法人或其他组织申请{n3}件，上年结转申请{n4}件。",
        "全年收到政府信息公开申请{n1}件，办结{n1}件，其中予以公开{n2}件，部分公开{n4}件，不予公开{n3}件。",
    ],
    "s4": [
        "本年度因政府信息公开工作被申请行政复议{n4}件，提起行政诉讼{n3}件，结果均为维持。",
        "全年发生政府信息公开行政复议案件{n4}件、行政诉讼案件{n3}件，未发生被纠错情况。",
        "本年度未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。",
    ],
    "problems": [
        "政务公开工作还存在一些不足：一是政策解读形式较为单一，图解、视频等解读方式运用不多；二是部分信息更新不够及时。",
        "存在的主要问题：基层政务公开标准化规范化建设有待加强，工作人员业务能力仍需提升，依申请公开答复质量有待提高。",
        "工作中仍存在公开内容不够全面、互动回应不够及时、信息公开与政务服务融合不够等问题。",
    ],
    "improve": [
        "下一步，将加强政策解读，丰富解读形式，提高解读质量；加强信息发布审核，确保信息及时准确。",
        "改进措施：一是加大培训力度，提升工作人员业务能力；二是完善依申请公开办理机制，提高答复规范化水平。",
        "下一步将持续深化重点领域信息公开，推进政务公开与政务服务深度融合，切实提升公众满意度。",
    ],
    "s6": [
        "本年度未收取政府信息公开信息处理费。",
        "本年度未发出收费通知，未收取信息处理费。",
    ],
    "proposals": [
        "全年承办人大代表建议{n3}件、政协委员提案{n4}件，已全部按期办结，办理复文依法公开。",
        "本年度共办理人大代表建议和政协委员提案{n2}件，办理结果按规定向社会公开。",
    ],
}

SUBSECTIONS = [
    ("（一）", ["主动公开情况", "主动公开政府信息情况", "聚焦重点，做好主动公开"], "active"),
    ("（二）", ["依申请公开情况", "依申请公开办理情况", "规范办理依申请公开"], "apply"),
    ("（三）", ["政府信息管理情况", "政府信息管理", "加强政府信息管理"], "manage"),
    ("（四）", ["政府信息公开平台建设情况", "平台建设情况", "强化公开平台建设"], "platform"),
    ("（五）", ["监督保障情况", "监督保障", "强化监督保障"], "supervise"),
]


def organs() -> list[tuple[str, OrganKind, str | None]]:
    """Every synthetic organ: (name, kind, department key or None), in a fixed order."""
    out: list[tuple[str, OrganKind, str | None]] = []
    for p_i, cities in enumerate(PROVINCES.values()):
        for c_i, city in enumerate(cities):
            out.append((f"{city}人民政府", OrganKind.GOVERNMENT, None))
            for dept in CITY_DEPTS:
                out.append((f"{city}{dept}", OrganKind.DEPARTMENT, dept))
            for k in range(4):
                county = COUNTIES[(p_i * 5 + c_i + k * 3) % len(COUNTIES)]
                out.append((f"{city}{county}人民政府", OrganKind.GOVERNMENT, None))
                for dept in COUNTY_DEPTS:
                    out.append((f"{city}{county}{dept}", OrganKind.DEPARTMENT, dept))
    return out


_ORGANS = organs()


def report_params(i: int) -> tuple[str, OrganKind, str | None, int]:
    """The organ and year of the i-th synthetic report: all organs for 2019, then 2020, …"""
    organ, kind, dept = _ORGANS[i % len(_ORGANS)]
    year = YEARS[(i // len(_ORGANS)) % len(YEARS)]
    return organ, kind, dept, year


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def synthetic_report(i: int, seed: int = 0) -> Report:
    """The i-th synthetic report (deterministic for ``(i, seed)``)."""
    organ, kind, dept, year = report_params(i)
    rng = random.Random(f"{seed}:{i}")
    org_rng = random.Random(f"{seed}:{organ}")  # per-organ habits stay across years
    column = org_rng.choice(COLUMN_NAMES)
    topics = DEPARTMENTS[dept] if dept else GOV_TOPICS
    topic_phrase, topic_sentences = org_rng.choice(topics)

    def fill(key: str) -> str:
        return fill_t(rng.choice(T[key]))

    def fill_t(template: str) -> str:
        return template.format(
            organ=organ, year=year, n1=rng.randint(20, 3000), n2=rng.randint(1, 80),
            n3=rng.randint(1, 40), n4=rng.randint(0, 12),
        )

    b = _Builder()
    b.add(f"{organ}\n{year}年政府信息公开工作年度报告\n\n")
    b.add(
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据统计期限自{year}年1月1日起至"
        f"{year}年12月31日止。本报告电子版可在{organ}门户网站下载。\n\n"
    )
    sections: list[Section] = []
    for number, heading in SECTION_HEADINGS.items():
        b.add(f"{number}、{heading}\n")
        body_start = b.pos
        subsections: list[Subsection] = []
        if number == "一":
            b.add(fill("intro") + "\n")
            for sub_no, titles, key in SUBSECTIONS:
                title = rng.choice(titles)
                s_start = b.pos
                b.add(f"{sub_no}{title}\n")
                a, b2, c = rng.sample(T[key], 3)
                paras = [fill_t(a) + fill_t(b2) if rng.random() < 0.5 else fill_t(a), fill_t(c)]
                if key == "active":
                    paras.append(
                        f"结合{topic_phrase}工作，" + rng.choice(topic_sentences)
                        + (f"在门户网站开设“{column}”专栏，集中发布相关政策和办事指南。" if rng.random() < 0.7 else "")
                    )
                if key == "platform" and rng.random() < 0.5:
                    paras.append(f"持续办好“{column}”专栏，全年更新栏目内容{rng.randint(10, 300)}条。")
                for p in paras:
                    b.add(p + "\n")
                s_end = b.pos - 1
                subsections.append(
                    Subsection(number=sub_no, title=title, text=b.text[s_start:s_end],
                               span=Span(start=s_start, end=s_end))
                )
        elif number == "二":
            b.add(fill("s2") + "\n")
        elif number == "三":
            b.add(fill("s3") + "\n")
        elif number == "四":
            b.add(fill("s4") + "\n")
        elif number == "五":
            b.add(fill("problems") + "\n" + fill("improve") + "\n")
        else:
            b.add(fill("s6") + fill("proposals") + "\n")
        body_end = b.pos - 1
        b.add("\n")
        sections.append(
            Section(number=number, heading=heading, text=b.text[body_start:body_end],
                    span=Span(start=body_start, end=body_end, line=_line(b.text, body_start)),
                    subsections=subsections)
        )
    text = b.text
    for s in sections:
        s.span.line = _line(text, s.span.start)
        for sub in s.subsections:
            sub.span.line = _line(text, sub.span.start)
    return Report(
        agency=organ, year=year, kind=kind,
        format=FormatId.F2019 if year <= 2020 else FormatId.F2021,
        title=f"{organ}{year}年政府信息公开工作年度报告", text=text,
        preamble=text[: sections[0].span.start], sections=sections,
        source=f"synthetic/{i:05d}.txt",
    )


def synthetic_reports(n: int, seed: int = 0, start: int = 0) -> Iterator[Report]:
    for i in range(start, start + n):
        yield synthetic_report(i, seed)


def write_synthetic(folder: Path, indices: list[int]) -> list[Path]:
    """Write ``synthetic_report(i)`` for each index as ``folder/report_<i>.txt`` (UTF-8)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in indices:
        path = folder / f"report_{i:03d}.txt"
        path.write_text(synthetic_report(i).text, encoding="utf-8")
        paths.append(path)
    return paths
