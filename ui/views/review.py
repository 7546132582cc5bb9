"""审核: this year's draft or report against last year's — redline, similarity per section,
year-over-year figures, all findings; and 批量: a .zip or several files → the check-batch table."""

import streamlit as st

from assistant.app import compare_view, workspace
from assistant.app.uploads import REPORT_SUFFIXES, check_upload
from assistant.app.widgets import download_buttons, page_header, show_error, show_finding, store, uploads
from assistant.errors import NianbaoError
from assistant.load import load_report_bytes

settings = page_header("审核")
db = store()
opened = workspace.last_opened(db)

single, batch = st.tabs(["单份审核", "批量"])
with single:
    c1, c2 = st.columns(2)
    draft_choice = "当前工作区的草稿"
    has_draft = opened is not None and opened.draft_id is not None
    with c1:
        source = st.radio("本年度", [draft_choice, "上传文件"] if has_draft else ["上传文件"], horizontal=True)
        this_file = st.file_uploader("本年度报告", key="review_this") if source == "上传文件" else None
    with c2:
        stored_last = workspace.stored_previous(db, opened) if opened else None
        last_options = (["工作区的上年报告"] if stored_last is not None else []) + ["上传文件", "不对照"]
        last_source = st.radio("上一年度", last_options, horizontal=True)
        last_file = st.file_uploader("上一年度报告", key="review_last") if last_source == "上传文件" else None
    this = last = None
    try:
        if source == draft_choice and opened is not None and opened.draft_id is not None:
            current = db.draft(opened.draft_id).current
            if current is not None:
                this = workspace.draft_report(opened.organ, opened.year, current.text,
                                              workspace.stored_tables(db, opened))
                st.caption(f"本年度：{opened.organ} {opened.year} 年度草稿第 {current.version} 版")
        elif this_file is not None:
            check_upload(this_file.name, this_file.getvalue(), REPORT_SUFFIXES)
            this = load_report_bytes(this_file.getvalue(), this_file.name)
        if last_source == "工作区的上年报告":
            last = stored_last
        elif last_file is not None:
            check_upload(last_file.name, last_file.getvalue(), REPORT_SUFFIXES)
            last = load_report_bytes(last_file.getvalue(), last_file.name)
    except NianbaoError as exc:
        show_error(exc)
        this = None
    if this is None:
        st.info("请选择本年度的草稿或上传报告；加上上一年度的报告可以对比。")
    else:
        review = compare_view.review(this, last)
        st.markdown(f"**{review.title}**")
        st.write(f"错误 {review.errors} 项，警告 {review.warnings} 项，无法评估的规则 {len(review.not_assessable)} 条")
        if review.compared is not None:
            st.info(review.compared.summary)
            st.subheader("各章节与上年的相似度")
            st.dataframe(compare_view.sections_frame(review), hide_index=True, width="stretch",
                         column_config={"相似度": st.column_config.ProgressColumn(
                             "相似度（%，数字与年份不计）", min_value=0, max_value=100, format="%d%%")})
        if review.figures:
            st.subheader("与上年对比的主要数字")
            frame = compare_view.figures_frame(review)
            st.caption("单位：件")  # a one-character axis title is drawn turned on its side
            st.bar_chart(frame, x="项目", y=["上年", "本年"], stack=False, sort=False, x_label="", y_label="")
            st.dataframe(frame, hide_index=True, width="stretch", placeholder="")
        st.subheader("核查发现")
        if not review.findings:
            st.success("核查未发现问题。")
        for line in review.findings:
            show_finding(line)
        if review.not_assessable:
            with st.expander("无法评估的规则"):
                for n in review.not_assessable:
                    st.write(f"{n.rule}：{n.reason}")
        if review.compared is not None:
            st.subheader("逐句对照（左：上年，右：本年）")
            # The redline escapes every text it prints (assistant.review.redline).
            st.iframe(compare_view.redline_html(review), height=900)
        try:
            download_buttons(workspace.export_files(this), key="review_export")
        except NianbaoError as exc:
            show_error(exc)

with batch:
    st.caption("上传一个 .zip 压缩包或多份报告：逐份解析、核查，按机关与上一年度报告配对，生成核查表和通报。")
    files = st.file_uploader("报告文件或 .zip", accept_multiple_files=True, key="batch_upload")
    if st.button("批量核查", type="primary", disabled=not files):
        bar = st.progress(0.0, text="正在核查…")
        try:
            result = compare_view.run_batch(
                uploads(files), progress=lambda done, total: bar.progress(done / max(total, 1),
                                                                          text=f"正在核查：{done}/{total}"))
        except NianbaoError as exc:
            show_error(exc)
        else:
            bar.progress(1.0, text="核查完成")
            st.session_state["batch_result"] = result.model_dump(mode="json")
    if st.session_state.get("batch_result"):
        result = compare_view.BatchResult.model_validate(st.session_state["batch_result"])
        for name, reason in result.skipped:
            st.warning(f"{name}：{reason}")
        if result.rows:
            st.dataframe(compare_view.batch_frame(result), hide_index=True, width="stretch", placeholder="")
            download_buttons(compare_view.batch_files(result), key="batch_export")
