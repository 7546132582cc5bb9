"""Chunking along the report's own structure: sections, subsections, paragraphs, 。 splits."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.corpus.chunking import MAX_CHARS, chunk_report, clean_text
from assistant.report import Report, Section, Span, Subsection
from assistant.testing.synthetic import synthetic_report


def _build(parts: list[tuple[str, str, list[tuple[str, str, str]]]], intro: dict[str, str] | None = None) -> Report:
    """A report from (number, heading, [(sub number, sub title, sub body)]) with exact spans."""
    intro = intro or {}
    text = "某某市人民政府\n2022年政府信息公开工作年度报告\n\n"
    sections = []
    for number, heading, subs in parts:
        text += f"{number}、{heading}\n"
        start = len(text)
        text += intro.get(number, "")
        subsections = []
        for sub_no, title, body in subs:
            s = len(text)
            text += f"{sub_no}{title}\n{body}\n"
            subsections.append(Subsection(number=sub_no, title=title, text=text[s:len(text) - 1],
                                          span=Span(start=s, end=len(text) - 1)))
        end = len(text)
        text += "\n"
        sections.append(Section(number=number, heading=heading, text=text[start:end],
                                span=Span(start=start, end=end), subsections=subsections))
    return Report(agency="某某市人民政府", year=2022, text=text, sections=sections, source="a.txt")


def _section_of(report: Report, pos: int) -> Section:
    return next(s for s in report.sections if s.span.start <= pos < s.span.end)


def test_chunks_stay_inside_their_section_and_subsection():
    report = _build([
        ("一", "总体情况", [("（一）", "主动公开", "全年主动公开信息100条。政策解读10次。"),
                          ("（二）", "依申请公开", "收到申请5件，均按期答复。")]),
        ("五", "存在的主要问题及改进情况", []),
    ], intro={"一": "本年度，我市扎实推进政务公开工作，取得积极成效。\n", "五": "解读形式单一。下一步加强解读。\n"})
    chunks = chunk_report(report)
    assert [c.section for c in chunks] == ["一", "一", "一", "五"]
    assert [c.subsection for c in chunks] == [None, "（一）主动公开", "（二）依申请公开", None]
    for c in chunks:
        sec = _section_of(report, c.span.start)
        assert sec.number == c.section
        assert sec.span.start <= c.span.start < c.span.end <= sec.span.end
        if c.subsection:
            sub = next(x for x in sec.subsections if c.subsection.startswith(x.number))
            assert sub.span.start <= c.span.start < c.span.end <= sub.span.end
        # The span is exact: the chunk text is the cleaned slice of the report text.
        assert clean_text(report.text[c.span.start:c.span.end]) == c.text
    assert chunks[1].text.startswith("（一）主动公开\n全年主动公开信息100条")
    assert {c.organ for c in chunks} == {"某某市人民政府"} and {c.year for c in chunks} == {2022}


def test_long_paragraph_splits_at_sentence_ends():
    sentences = [f"第{i}项工作按照计划稳步推进并取得了较好的社会效果，群众满意度进一步提升{'。' if i % 2 else '！'}"
                 for i in range(40)]
    body = "".join(sentences)
    assert len(body) > 3 * MAX_CHARS
    report = _build([("一", "总体情况", [("（一）", "主动公开", body)])])
    chunks = [c for c in chunk_report(report) if c.subsection]
    assert len(chunks) >= 3
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text[-1] in "。！" for c in chunks)
    # Nothing lost, nothing repeated.
    joined = "".join(c.text for c in chunks).replace("\n", "")
    assert joined == ("（一）主动公开" + body)


def test_sentence_longer_than_limit_is_cut_hard():
    body = "很" * (MAX_CHARS * 2 + 10) + "。"
    report = _build([("一", "总体情况", [("（一）", "主动公开", body)])])
    chunks = chunk_report(report)
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert "".join(c.text.replace("\n", "") for c in chunks) == "（一）主动公开" + body


def test_pdf_broken_lines_are_joined_but_headings_kept():
    raw = "（一）加强领导\n一是领导高度重视。经开区将政务公开工作列入议事日\n\n程，把政务公开作为主要\n抓手。\n二是做好保障。"
    assert clean_text(raw) == "（一）加强领导\n一是领导高度重视。经开区将政务公开工作列入议事日程，把政务公开作为主要抓手。\n二是做好保障。"


def test_table_lines_are_not_glued_together():
    assert clean_text("行政许可\t5\t3\n\n行政处罚\t2\t1") == "行政许可\t5\t3\n行政处罚\t2\t1"


def test_ids_are_stable_and_depend_on_source_and_content():
    r = synthetic_report(3)
    a, b = chunk_report(r), chunk_report(r)
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)
    other = chunk_report(r, source="elsewhere.txt")
    assert not {c.id for c in a} & {c.id for c in other}
    # Editing the last section changes only the chunks of that section.
    last = r.sections[-1]
    edited = r.model_copy(deep=True)
    edited.text = r.text[: last.span.start] + "本年度未收取任何费用。" + r.text[last.span.end:]
    edited.sections[-1].span = Span(start=last.span.start, end=last.span.start + len("本年度未收取任何费用。"))
    c = chunk_report(edited)
    unchanged = [x.id for x in a if x.section != "六"]
    assert [x.id for x in c if x.section != "六"] == unchanged
    assert {x.id for x in c if x.section == "六"}.isdisjoint({x.id for x in a})


def test_synthetic_report_chunks_carry_metadata():
    r = synthetic_report(12)
    chunks = chunk_report(r)
    assert {c.section for c in chunks} == {"一", "二", "三", "四", "五", "六"}
    assert all(c.organ == r.agency and c.year == r.year and c.format == r.format.value for c in chunks)
    assert all(re.fullmatch(r"[0-9a-f]{16}", c.content_hash) for c in chunks)
    assert [c.ord for c in chunks] == list(range(len(chunks)))


_sentence = st.text(alphabet="政府信息公开工作年度报告依申请答复平台网站", min_size=1, max_size=80).map(
    lambda s: s + "。"
)
_paragraph = st.lists(_sentence, min_size=1, max_size=12).map("".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(_paragraph, min_size=1, max_size=6), st.booleans())
def test_chunks_cover_section_text_without_loss_or_overlap(paragraphs, broken_lines):
    body = "\n".join(paragraphs)
    if broken_lines:  # PDF-style: a line break every 17 characters
        body = "\n\n".join(body[i:i + 17] for i in range(0, len(body), 17))
    report = _build([("一", "总体情况", [])], intro={"一": body + "\n"})
    chunks = chunk_report(report)
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    spans = [(c.span.start, c.span.end) for c in chunks]
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))  # ordered, disjoint
    strip = lambda s: re.sub(r"\s", "", s)  # noqa: E731
    assert strip("".join(c.text for c in chunks)) == strip(body)
