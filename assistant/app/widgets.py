"""Small Streamlit helpers every page uses: the current settings, the offline label, Chinese
error boxes, and uploads as plain ``Upload`` objects. Streamlit is imported inside functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.app.setup import OFFLINE_LABEL, effective_settings
from assistant.app.uploads import Upload
from assistant.config import Settings
from assistant.errors import NianbaoError
from assistant.findings import Severity
from assistant.summaries import FindingLine

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
    """The environment's settings, with the model endpoint saved on 设置 on top (kept in the store,
    never the key) and a key typed in this session."""
    import streamlit as st

    overrides = dict(saved_overrides())
    overrides.update(st.session_state.get(OVERRIDES) or {})
    try:
        return effective_settings(overrides)
    except NianbaoError as exc:
        st.error(f"设置有误，已改用环境变量中的设置：{exc}")
        return effective_settings()


def saved_overrides() -> dict[str, Any]:
    from assistant.app.workspace import MODEL_SETTINGS

    return store().get_setting(MODEL_SETTINGS) or {}


def save_overrides(values: dict[str, Any] | None) -> None:
    """Keep the page's model settings (without the key) in the store, or forget them (None)."""
    from assistant.app.workspace import MODEL_SETTINGS

    kept = None if values is None else {k: v for k, v in values.items() if k != "api_key"}
    store().set_setting(MODEL_SETTINGS, kept)


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


def show_finding(line: FindingLine) -> None:
    """A finding as a coloured box: severity and rule, the message, the cells it names."""
    import streamlit as st

    text = f"**{line.severity_name} {line.rule}** {line.message}"
    if line.cells:
        text += f"\n\n单元格：{line.cells}"
    box = {Severity.ERROR: st.error, Severity.WARNING: st.warning}.get(line.severity, st.info)
    box(text)


def uploads(files: Any) -> list[Upload]:
    """Streamlit ``UploadedFile`` objects (one or a list) as ``Upload``s."""
    if files is None:
        return []
    if not isinstance(files, list):
        files = [files]
    return [Upload(name=f.name, data=f.getvalue()) for f in files]


def store():
    """The store of the configured database, one per process (SQLAlchemy engines are thread-safe)."""
    from assistant.config import get_settings
    from assistant.store import database_url

    return _cached_store(database_url(get_settings()))


def _cached_store(url: str):
    import streamlit as st

    @st.cache_resource(show_spinner=False)
    def open_store(url: str):
        from assistant.store import Store

        return Store(url)

    return open_store(url)


def stream_into(run, *args, **kwargs):
    """Call ``run(*args, on_token=…, **kwargs)`` on a worker thread and show its tokens as they come
    (``st.write_stream``); returns ``run``'s result, or raises what it raised."""
    import queue
    import threading

    import streamlit as st

    tokens: queue.Queue = queue.Queue()
    box: dict[str, Any] = {}
    done = object()

    def work() -> None:
        try:
            box["result"] = run(*args, on_token=tokens.put, **kwargs)
        except BaseException as exc:  # handed to the page thread below
            box["error"] = exc
        finally:
            tokens.put(done)

    def pieces():
        while (piece := tokens.get()) is not done:
            yield piece

    threading.Thread(target=work, daemon=True).start()
    st.write_stream(pieces())
    if "error" in box:
        raise box["error"]
    return box["result"]


def download_buttons(files: dict[str, tuple[Callable[[], bytes], str]], key: str) -> None:
    """One download button per exported file (.docx, Markdown, .xlsx); each file is built when
    its button is clicked."""
    import streamlit as st

    cols = st.columns(len(files))
    for col, (name, (data, mime)) in zip(cols, files.items()):
        label = {".docx": "下载 Word（.docx）", ".xlsx": "下载 Excel（.xlsx）"}.get(name[name.rfind("."):],
                                                                              "下载 Markdown（.md）")
        if name.startswith("通报"):
            label = "下载通报（.docx）"
        col.download_button(label, data, file_name=name, mime=mime, key=f"{key}_{name[-4:]}")
