"""表格: notes or a spreadsheet copy → tables 二/三/四 in editable grids, findings beside them."""

import json
from datetime import date

import streamlit as st

from assistant.app import grid, workspace
from assistant.app.uploads import NOTES_SUFFIXES, UploadError, check_upload
from assistant.app.widgets import page_header, show_error, show_finding, store
from assistant.errors import NianbaoError
from assistant.formats import TABLE_NUMBERS
from assistant.load import read_notes_bytes

settings = page_header("表格", uses_model=True)
st.caption("粘贴各科室报来的笔记或从 Excel/WPS 复制的表格，或上传文件，自动填写表二、表三、表四；"
           "笔记没有依据的格保持空白，绝不以 0 代替。")

with st.container(border=True):
    year = st.number_input("报告年度", min_value=2019, max_value=2100, value=date.today().year - 1, step=1)
    paste_tab, upload_tab = st.tabs(["粘贴笔记", "上传文件"])
    with paste_tab:
        notes = st.text_area("笔记或表格粘贴", height=160, key="tables_notes",
                             placeholder="如：全年共收到政府信息公开申请12件，其中自然人10件……")
    with upload_tab:
        notes_file = st.file_uploader("笔记文件：文本、Word、PDF、网页", key="tables_notes_file")
    fill = st.button("填表", type="primary")

if fill:
    try:
        if notes_file is not None and not notes.strip():
            data = notes_file.getvalue()
            check_upload(notes_file.name, data, NOTES_SUFFIXES)
            text = read_notes_bytes(data, notes_file.name)
        else:
            text = notes
        state = grid.fill_from_notes(text, int(year), settings=settings)
    except (NianbaoError, UploadError) as exc:
        show_error(exc)
    else:
        st.session_state["tables_base"] = state.model_dump(mode="json")
        st.session_state["tables_gen"] = st.session_state.get("tables_gen", 0) + 1

db = store()
base_data = st.session_state.get("tables_base")
if base_data is None:  # after a refresh or a restart: the tables last made
    saved = workspace.load_tables_state(db)
    if saved is not None:
        base_data = st.session_state["tables_base"] = saved.model_dump(mode="json")
if base_data is None:
    st.info("尚未填表：粘贴笔记或上传文件后点「填表」。")
    st.stop()

base = grid.TablesState.model_validate(base_data)
state = base.model_copy(deep=True)
gen = st.session_state.get("tables_gen", 0)
for note in state.notes:
    st.caption(note)

legend = "　".join(f"{grid.MARK_SYMBOLS[m] or '□'} {grid.MARK_NAMES[m]}" for m in grid.Mark)
st.caption(f"标记：{legend}")

placeholders = {}
tabs = st.tabs([f"{TABLE_NUMBERS[t.id]} {t.title}" for t in grid.tables(state)])
problems = []
for tab, table in zip(tabs, grid.tables(state)):
    with tab:
        left, right = st.columns([5, 2])
        with left:
            for b, block in enumerate(table.blocks):
                if block.label:
                    st.markdown(f"**{block.label}**")
                ed = grid.editor(table, block)
                head = grid.header_html(base, table, block)
                if head:
                    st.html(head)
                config = {
                    label: st.column_config.NumberColumn(
                        label, min_value=0 if kind == "count" else None,
                        step=0.0001 if kind == "amount_wan" else 1, width=grid.NUMBER_PX if head else "small",
                    )
                    for label, kind in zip(ed.columns, ed.kinds)
                }
                config["_index"] = st.column_config.Column(grid.INDEX_HEAD, width=grid.INDEX_PX if head else "large")
                edited = st.data_editor(
                    grid.block_frame(base, table, block), key=f"grid_{table.id}_{b}_{gen}",
                    column_config=config, width="stretch", num_rows="fixed", placeholder="",
                    height=(len(ed.index) + 1) * 35 + 3,
                )
                try:
                    state = grid.edit(state, grid.frame_changes(base, table, block, edited))
                except NianbaoError as exc:
                    problems.append(exc)
            placeholders[table.id] = (st.container(), right.container())

for exc in problems:
    show_error(exc)
state = grid.refresh(state)
dumped = state.model_dump(mode="json")
if dumped != st.session_state.get("tables_state"):
    st.session_state["tables_state"] = dumped
    workspace.save_tables_state(db, state)  # kept across refreshes and restarts

by_table = grid.findings_by_table(state.findings)
for table in grid.tables(state):
    marks_box, findings_box = placeholders[table.id]
    with marks_box.expander("单元格标记（只读）", expanded=False):
        for block in table.blocks:
            st.dataframe(grid.marked_frame(state, table, block), width="stretch")
    with marks_box.expander("已填单元格及依据", expanded=False):
        for line in grid.filled_lines(state, table.id):
            st.markdown(line)
    with findings_box:
        counts = grid.mark_counts(state, table.id)
        filled = sum(n for m, n in counts.items() if m != grid.Mark.MISSING)
        st.markdown(f"**{TABLE_NUMBERS[table.id]}**：已填 {filled} 格，缺失 {counts.get(grid.Mark.MISSING, 0)} 格")
        for line in grid.flag_lines(state, table.id):
            st.warning(line)
        lines = by_table.get(table.id, [])
        if not lines:
            st.success("核查未发现问题。")
        for line in lines:
            show_finding(line)

st.download_button(
    "下载规范 JSON（供起草使用）",
    json.dumps(state.to_canonical(), ensure_ascii=False, indent=1).encode("utf-8"),
    file_name=f"tables_{state.year}.json", mime="application/json",
)
