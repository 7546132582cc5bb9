"""Small Streamlit helpers every page uses: the current settings, the offline label, Chinese
error boxes, and uploads as plain ``Upload`` objects. Streamlit is imported inside functions."""

from __future__ import annotations

from typing import Any

from assistant.app.setup import OFFLINE_LABEL, effective_settings
from assistant.app.uploads import Upload
from assistant.config import Settings
from assistant.errors import NianbaoError

OVERRIDES = "settings_overrides"

# Streamlit's file uploader prints English instructions; these rules show Chinese ones instead.
_CSS = """
<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before { content: "将文件拖放到此处"; }
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "单个文件不超过 20 MB"; display: block; font-size: 0.8em; opacity: 0.7; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "选择文件"; }
</style>
"""


def current_settings() -> Settings:
    import streamlit as st

    try:
        return effective_settings(st.session_state.get(OVERRIDES))
    except NianbaoError as exc:
        st.error(f"设置有误，已改用环境变量中的设置：{exc}")
        return effective_settings()


def page_header(title: str, *, uses_model: bool = False) -> Settings:
    """The page title, the offline label on pages that would use a model; the settings in use."""
    import streamlit as st

    st.markdown(_CSS, unsafe_allow_html=True)
    st.title(title)
    settings = current_settings()
    if uses_model:
        if settings.model_configured:
            st.caption(f"模型：{settings.model}")
        else:
            st.info(OFFLINE_LABEL, icon=":material/cloud_off:")
    return settings


def show_error(exc: NianbaoError | str) -> None:
    import streamlit as st

    st.error(str(exc), icon=":material/error:")


def uploads(files: Any) -> list[Upload]:
    """Streamlit ``UploadedFile`` objects (one or a list) as ``Upload``s."""
    if files is None:
        return []
    if not isinstance(files, list):
        files = [files]
    return [Upload(name=f.name, data=f.getvalue()) for f in files]
