"""审核: this year's report against last year's — findings and year-over-year figures."""

import streamlit as st

from assistant.app import compare_view
from assistant.app.uploads import REPORT_SUFFIXES, UploadError, check_upload
from assistant.app.widgets import page_header, show_error
from assistant.errors import NianbaoError
from assistant.load import load_report_bytes

settings = page_header("审核")

single, batch = st.tabs(["单份审核", "批量"])
with single:
    c1, c2 = st.columns(2)
    this_file = c1.file_uploader("本年度报告（或草稿）", key="review_this")
    last_file = c2.file_uploader("上一年度报告（可选）", key="review_last")
    if this_file is not None:
        try:
            check_upload(this_file.name, this_file.getvalue(), REPORT_SUFFIXES)
            this = load_report_bytes(this_file.getvalue(), this_file.name)
            last = None
            if last_file is not None:
                check_upload(last_file.name, last_file.getvalue(), REPORT_SUFFIXES)
                last = load_report_bytes(last_file.getvalue(), last_file.name)
        except (NianbaoError, UploadError) as exc:
            show_error(exc)
        else:
            review = compare_view.review(this, last)
            st.markdown(f"**{review.title}**")
            st.write(f"错误 {review.errors} 项，警告 {review.warnings} 项，无法评估的规则 {len(review.not_assessable)} 条")
            if review.figures:
                st.subheader("与上年对比的主要数字")
                st.bar_chart(compare_view.figures_frame(review), x="项目", y=["上年", "本年"], stack=False)
                st.dataframe(compare_view.figures_frame(review), hide_index=True, width="stretch")
            st.subheader("核查发现")
            if not review.findings:
                st.success("核查未发现问题。")
            for line in review.findings:
                text = f"**{line.severity} {line.rule}** {line.message}"
                if line.cells:
                    text += f"\n\n单元格：{'、'.join(line.cells[:3])}"
                (st.error if line.severity == "错误" else st.warning if line.severity == "警告" else st.info)(text)
            if review.not_assessable:
                with st.expander("无法评估的规则"):
                    for n in review.not_assessable:
                        st.write(f"{n.rule}：{n.reason}")
with batch:
    st.warning("批量核查尚未接入：依赖正在开发的批量核查模块。")
