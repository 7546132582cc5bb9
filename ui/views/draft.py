"""起草: a workspace for one organ and year — inputs, drafting (chat with streaming, or offline),
guard flags in the draft, facts, citations, versions with a diff, export."""

from datetime import date

import streamlit as st

from assistant.app import library, workspace
from assistant.app.grid import TablesState
from assistant.app.uploads import REPORT_SUFFIXES, check_upload
from assistant.app.widgets import download_buttons, page_header, show_error, store, stream_into
from assistant.errors import NianbaoError
from assistant.load import load_report_bytes

settings = page_header("起草", uses_model=True)
db = store()


def show(opened: workspace.Opened) -> None:
    """Rerun the page on ``opened`` (its draft at the version now loaded), the editor reloaded."""
    st.session_state["draft_opened"] = opened.model_dump()
    st.session_state.pop("draft_editor", None)
    st.rerun()


# -- workspace ----------------------------------------------------------------------------
if "draft_opened" not in st.session_state:
    last = workspace.last_opened(db)
    st.session_state["draft_opened"] = last.model_dump() if last else None
opened = workspace.Opened(**st.session_state["draft_opened"]) if st.session_state["draft_opened"] else None

with st.container(border=True):
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    organ = c1.text_input("机关名称", value=opened.organ if opened else "", placeholder="如：示例县交通运输局")
    year = c2.number_input("报告年度", min_value=2019, max_value=2100, step=1,
                           value=opened.year if opened else date.today().year - 1)
    if c3.button("打开工作区", type="secondary" if opened else "primary"):
        try:
            opened = workspace.open_workspace(db, organ, int(year))
        except NianbaoError as exc:
            show_error(exc)
        else:
            show(opened)

if opened is None:
    st.info("请先填写机关名称和报告年度，打开工作区。每个机关每个年度一个工作区，草稿和版本自动保存。")
    st.stop()
st.caption(f"工作区：{opened.organ} · {opened.year} 年度" +
           (f" · 草稿 {opened.draft_id} 第 {opened.version} 版" if opened.draft_id else " · 尚无草稿"))

# -- inputs ---------------------------------------------------------------------------------
previous = workspace.stored_previous(db, opened)
tables_state = None
if st.session_state.get("tables_state"):
    tables_state = TablesState.model_validate(st.session_state["tables_state"])
else:
    tables_state = workspace.load_tables_state(db)

with st.expander("本年材料：上年报告、本年表格、笔记", expanded=opened.draft_id is None):
    st.markdown("**上一年度报告**" + (f"：已选 {previous.agency or ''} {previous.year or ''} 年度" if previous else "：未选"))
    up_tab, pick_tab = st.tabs(["上传", "从语料库选择"])
    with up_tab:
        prev_file = st.file_uploader("上年报告文件", key="draft_prev_upload")
        if st.button("使用此文件", disabled=prev_file is None):
            try:
                check_upload(prev_file.name, prev_file.getvalue(), REPORT_SUFFIXES)
                workspace.put_previous(db, opened, load_report_bytes(prev_file.getvalue(), prev_file.name))
            except NianbaoError as exc:
                show_error(exc)
            else:
                st.rerun()
    with pick_tab:
        try:
            with library.open_index(settings) as index:
                rows = [r for r in library.rows(index) if r.year == opened.year - 1] or library.rows(index)
        except NianbaoError as exc:
            rows = []
            show_error(exc)
        choices = {f"{r.organ} {r.year or ''} 年度（{r.name}）": r.key for r in rows}
        picked = st.selectbox("语料库中的报告", list(choices), index=None, placeholder="选择报告")
        if st.button("使用所选报告", disabled=picked is None):
            try:
                with library.open_index(settings) as index:
                    workspace.put_previous(db, opened, workspace.previous_from_corpus(index, choices[picked]))
            except NianbaoError as exc:
                show_error(exc)
            else:
                st.rerun()

    if tables_state is None:
        st.warning("本年表格：尚未填表。请先到「表格」页粘贴笔记填表。")
    else:
        filled = sum(v is not None for v in tables_state.cells.values())
        st.markdown(f"**本年表格**（来自「表格」页）：{tables_state.year} 年度，已填 {filled} 格")
        if tables_state.year != opened.year:
            st.warning(f"「表格」页的表格是 {tables_state.year} 年度的，与工作区年度 {opened.year} 不同。")
    notes = st.text_area("笔记（各科室报来的材料，起草时按主题归入各部分）", key="draft_notes", height=120,
                         value="\n".join(db.notes(opened.workspace_id)[-1:]))
    label = "对话起草（模型）" if settings.model_configured else "离线起草"
    if st.button(label, type="primary", disabled=tables_state is None):
        try:
            tables = workspace.tables_report(tables_state, opened.organ)
            if settings.model_configured:
                from assistant.llm.client import chat_model

                saved = stream_into(workspace.start_draft, db, opened, tables, notes=notes or None,
                                    previous=previous, chat=chat_model(settings), model_name=settings.model,
                                    settings=settings)
            else:
                saved = workspace.start_draft(db, opened, tables, notes=notes or None, previous=previous,
                                              settings=settings)
        except NianbaoError as exc:
            show_error(exc)
        else:
            show(opened)

if opened.draft_id is None:
    st.stop()

# -- the draft ------------------------------------------------------------------------------
draft = db.draft(opened.draft_id)
current = db.version(opened.draft_id, opened.version) if opened.version else draft.current
if current is None:
    st.warning("草稿还没有任何版本（起草时中断），请重新起草。")
    st.stop()
if draft.current_version != opened.version:
    st.warning(f"草稿已有第 {draft.current_version} 版（可能在另一个标签页保存）；本页显示第 {opened.version} 版。")
    if st.button("载入最新版本"):
        opened.version = draft.current_version
        show(opened)

flags = workspace.flags_of(current)
cited = workspace.cited_passages(db, opened.draft_id, current.citations)


@st.dialog("引用的原文", width="large")
def show_passage(cid: str) -> None:
    p = cited[cid]
    st.markdown(f"**{p.organ or ''} {p.year or ''} 年度报告 · 第{p.section}部分**" +
                (f" · {p.subsection}" if p.subsection else ""))
    st.write(p.text)
    st.caption(f"引用号 {p.id} · 来源 {p.source}")


left, right = st.columns([3, 2])
with left:
    st.subheader(f"草稿 · 第 {current.version} 版（{current.model or '离线起草'}）")
    st.markdown(workspace.highlight_html(current.text, flags, cited), unsafe_allow_html=True)
    if flags:
        st.markdown("**数字核对发现**")
        for line in workspace.flag_lines(flags):
            st.warning(line)
    for f in current.findings:
        st.error(f"{f.get('rule')} {f.get('message')}")
    if not flags and not current.findings:
        st.success("数字核对与正文核查均未发现问题。")

    tables = workspace.stored_tables(db, opened)
    download_buttons(workspace.export_files(workspace.draft_report(opened.organ, opened.year, current.text, tables)),
                     key="draft_export")

    st.markdown("**修改草稿**")
    if st.session_state.get("draft_editor_version") != current.version:
        st.session_state["draft_editor"] = current.text
        st.session_state["draft_editor_version"] = current.version
    edited = st.text_area("草稿正文", key="draft_editor", height=320)
    if st.button("保存为新版本"):
        if edited == current.text:
            st.info("正文没有修改。")
        else:
            try:
                v = workspace.save_edit(db, opened, edited)
            except NianbaoError as exc:
                show_error(exc)
            else:
                st.session_state["draft_opened"] = opened.model_dump()
                st.toast(f"已保存第 {v.version} 版")
                st.rerun()

    st.markdown("**对话修改**")
    for turn in db.turns(opened.draft_id)[-6:]:
        if turn.role in ("user", "assistant") and len(turn.content) < 400:
            st.chat_message("user" if turn.role == "user" else "assistant").write(turn.content)
    if settings.model_configured:
        instruction = st.chat_input("修改要求，如：第二段写具体一些；加上政务新媒体的内容；压缩到800字")
        if instruction:
            from assistant.llm.client import chat_model

            try:
                saved = stream_into(workspace.revise, db, opened, instruction, chat_model(settings),
                                    model_name=settings.model)
            except NianbaoError as exc:
                show_error(exc)
            else:
                for n in saved.draft.notices:
                    st.info(n)
                st.session_state["draft_opened"] = opened.model_dump()
                st.rerun()
    else:
        st.caption("离线模式：对话修改需要配置模型；可以直接在上面修改正文并保存为新版本。")

with right:
    facts_tab, cite_tab, versions_tab = st.tabs(["事实", "引用", "版本"])
    with facts_tab:
        facts = workspace.facts_of(db, opened.draft_id)
        from assistant.drafting import TOPICS

        for topic, heading in TOPICS.items():
            items = facts.topic(topic)
            if items:
                st.markdown(f"**{heading}**")
                st.markdown("\n".join(f"- `{f.id}` {f.text}" for f in items))
        if facts.missing:
            st.caption(f"表格中空白的 {len(facts.missing)} 格没有生成事实（空白不是 0）。")
    with cite_tab:
        if not cited:
            st.caption("本版草稿没有引用往年原文。")
        for i, (cid, p) in enumerate(cited.items(), 1):
            if st.button(f"〔引{i}〕{p.organ or ''} {p.year or ''} 年 · 第{p.section}部分", key=f"cite_{cid}"):
                show_passage(cid)
    with versions_tab:
        versions = db.versions(opened.draft_id)
        labels = workspace.versions_choice(versions)
        if len(versions) < 2:
            st.caption("只有一个版本；保存修改后可以比较任意两个版本。")
        else:
            names = list(labels)
            a = st.selectbox("旧版本", names, index=len(names) - 2)
            b = st.selectbox("新版本", names, index=len(names) - 1)
            old = next(v for v in versions if v.version == labels[a])
            new = next(v for v in versions if v.version == labels[b])
            st.markdown(workspace.diff_html(old.text, new.text), unsafe_allow_html=True)
