"""年报助手 web app: ``streamlit run ui/app.py`` (``make run`` starts it on http://localhost:8501).

Only navigation lives here; each page is a thin script in ``views/`` over ``assistant.app``.
"""

import streamlit as st

st.set_page_config(page_title="年报助手", page_icon=":material/description:", layout="wide")

PAGES = [
    st.Page("views/draft.py", title="起草", icon=":material/edit_note:", default=True),
    st.Page("views/tables.py", title="表格", icon=":material/table_chart:", url_path="tables"),
    st.Page("views/review.py", title="审核", icon=":material/fact_check:", url_path="review"),
    st.Page("views/corpus.py", title="语料库", icon=":material/library_books:", url_path="corpus"),
    st.Page("views/settings.py", title="设置", icon=":material/settings:", url_path="settings"),
]
st.navigation(PAGES).run()
