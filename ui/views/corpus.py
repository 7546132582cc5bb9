"""语料库: upload past reports, watch them indexed, list, remove and search them."""

import streamlit as st

from assistant.app import library
from assistant.app.widgets import page_header, show_error, uploads
from assistant.errors import NianbaoError

settings = page_header("语料库")
st.caption("往年年报入库后可供检索，起草时引用本机关往年原文和其他机关的写法。")

st.subheader("上传往年年报")
gen = st.session_state.setdefault("corpus_upload_gen", 0)
files = st.file_uploader(
    "PDF、Word（.docx）、网页（.html）、文本（.txt），可一次选择多份，也可上传 .zip 压缩包",
    accept_multiple_files=True, key=f"corpus_upload_{gen}",
)
if st.button("入库", type="primary", disabled=not files):
    bar = st.progress(0.0, text="正在入库…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"正在入库：{done}/{total} {name}")

    try:
        with library.open_index(settings, write=True) as index:
            outcome = library.ingest_uploads(index, uploads(files), progress, settings)
    except NianbaoError as exc:
        show_error(exc)
    else:
        bar.progress(1.0, text="入库完成")
        st.session_state["corpus_last_ingest"] = outcome.model_dump()
        st.session_state["corpus_upload_gen"] = gen + 1
        st.rerun()

last = st.session_state.get("corpus_last_ingest")
if last:
    outcome = library.IngestReport.model_validate(last)
    if outcome.added:
        st.success(f"入库完成：新增或更新 {outcome.added} 份报告。")
    for name, result, _reason in outcome.results:
        if result == "未变":
            st.info(f"{name}：内容未变，已在索引中。")
    for name, reason in outcome.failed:
        st.warning(f"{name}：{reason}")

st.subheader("已入库的报告")
try:
    with library.open_index(settings) as index:
        rows = library.rows(index)
        organs = index.organs()
except NianbaoError as exc:
    show_error(exc)
    st.stop()

if not rows:
    st.info("索引为空：请先上传往年年报。")
else:
    st.dataframe(
        [{"文件": r.name, "机关": r.organ, "年度": r.year, "格式": r.format, "分块数": r.chunks,
          "解析说明": r.notes or "—"} for r in rows],
        hide_index=True, width="stretch",
    )
    names = {f"{r.name}（{r.organ} {r.year or ''}）": r.key for r in rows}
    chosen = st.multiselect("选择要移出索引的报告", list(names), placeholder="选择报告")
    if st.button("移除所选", disabled=not chosen):
        try:
            with library.open_index(settings, write=True) as index:
                for label in chosen:
                    library.remove(index, names[label], settings)
        except NianbaoError as exc:
            show_error(exc)
        else:
            st.session_state.pop("corpus_last_ingest", None)
            st.toast(f"已移除 {len(chosen)} 份报告")
            st.rerun()

st.subheader("检索")
with st.form("corpus_search"):
    query = st.text_input("检索内容", placeholder="如：依申请公开答复期限")
    c1, c2, c3, c4 = st.columns(4)
    organ = c1.selectbox("机关", ["全部", *organs])
    year_min = c2.number_input("起始年度", min_value=2008, max_value=2100, value=None, step=1, placeholder="不限")
    year_max = c3.number_input("截止年度", min_value=2008, max_value=2100, value=None, step=1, placeholder="不限")
    fmt = c4.selectbox("格式", ["全部", "2021", "2019", "legacy"],
                       format_func=lambda v: v if v == "全部" else library.format_name(v))
    c5, c6, c7 = st.columns([2, 1, 1])
    sections = c5.multiselect("章节", library.SECTION_CHOICES, placeholder="全部章节")
    mode = c6.selectbox("检索方式", ["hybrid", "keyword", "vector"],
                        format_func={"hybrid": "混合", "keyword": "关键词", "vector": "向量"}.get)
    k = c7.number_input("条数", min_value=1, max_value=50, value=5)
    submitted = st.form_submit_button("检索")
if submitted:
    try:
        with library.open_index(settings) as index:
            hits = library.search(
                index, query, organ=None if organ == "全部" else organ,
                year_min=int(year_min) if year_min else None, year_max=int(year_max) if year_max else None,
                sections=sections, format=None if fmt == "全部" else fmt, k=int(k), mode=mode,
            )
    except NianbaoError as exc:
        show_error(exc)
    else:
        if not hits:
            st.info("没有找到匹配的段落。")
        for i, h in enumerate(hits, 1):
            where = f"{h.section}、{h.section_heading}" + (f" · {h.subsection}" if h.subsection else "")
            with st.expander(f"{i}. {h.organ or '未识别机关'} {h.year or ''} 年 · {where}", expanded=i <= 3):
                st.write(h.text)
                st.caption(f"引用号 {h.id} · 第 {h.span.line or '?'} 行 · 得分 {h.score:.4f}")
