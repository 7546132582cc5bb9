"""起草: a report workspace for one organ and year (drafting arrives with assistant.drafting)."""

import streamlit as st

from assistant.app.widgets import page_header

settings = page_header("起草", uses_model=True)
st.warning("起草功能尚未接入：对话起草、事实面板和版本管理依赖正在开发的起草模块。")
