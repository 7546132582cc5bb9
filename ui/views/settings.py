"""设置: model endpoint and provider profile, connection test, offline mode, data directory."""

import streamlit as st

from assistant.app import setup
from assistant.app.widgets import OVERRIDES, page_header, save_overrides, show_error
from assistant.errors import NianbaoError

settings = page_header("设置")
view = setup.endpoint_view(settings)

st.subheader("模型服务")
if view.offline:
    st.info(setup.OFFLINE_LABEL, icon=":material/cloud_off:")
else:
    st.success(f"已配置：{view.provider_label} · {view.model} · {view.base_url}")
st.caption("API 密钥：" + ("已设置（不会显示）" if view.key_set else "未设置"))

choices = dict(setup.provider_choices())
with st.form("model_settings", clear_on_submit=True):  # the key field never keeps what was typed
    provider = st.selectbox("服务类型", list(choices), index=list(choices).index(view.provider),
                            format_func=choices.get)
    base_url = st.text_input("服务地址（OpenAI 兼容）", value=view.base_url or "",
                             placeholder="如 https://api.deepseek.com/v1 或 http://127.0.0.1:11434/v1")
    model = st.text_input("模型名称", value=view.model or "", placeholder="如 deepseek-chat、qwen-plus")
    embedding = st.text_input("向量嵌入模型（可选）", value=view.embedding_model or "", placeholder="如 bge-m3")
    key = st.text_input("API 密钥（留空则保持不变；保存后不再显示）", value="", type="password")
    c1, c2 = st.columns(2)
    save = c1.form_submit_button("保存", type="primary")
    reset = c2.form_submit_button("恢复为环境变量中的设置")
if save:
    previous = st.session_state.get(OVERRIDES) or {}  # a key typed earlier in this session
    try:
        cleaned = setup.validate_overrides({"provider": provider, "base_url": base_url, "model": model,
                                            "embedding_model": embedding, "api_key": key or previous.get("api_key")})
    except NianbaoError as exc:
        show_error(exc)
    else:
        st.session_state[OVERRIDES] = {"api_key": cleaned["api_key"]} if cleaned.get("api_key") else {}
        save_overrides(cleaned)
        st.rerun()
if reset:
    st.session_state.pop(OVERRIDES, None)
    save_overrides(None)
    st.rerun()

if st.button("连接测试"):
    try:
        with st.spinner("正在检查模型服务…"):
            report = setup.connection_test(settings)
    except NianbaoError as exc:
        show_error(exc)
    else:
        if report.offline:
            st.info("离线模式：未配置服务地址和模型，没有调用任何服务。")
        for item in report.items:
            mark = {True: "✅", False: "❌", None: "➖"}[item.ok]
            st.write(f"{mark} {item.name}：{item.detail}")
        if not report.offline:
            if report.chat_ok:
                method = report.usable_method
                st.success(f"模型可用；填表使用结构化输出方式：{method}" if method else
                           "模型可用，但没有可用的结构化输出方式：模型填表不可用，规则填表照常。")
            else:
                st.error("模型不可用：需要模型的功能将无法使用；离线功能照常。")

st.subheader("离线模式能做什么")
c1, c2 = st.columns(2)
with c1:
    st.markdown("**不配置模型也能用**")
    st.markdown("\n".join(f"- {x}" for x in setup.OFFLINE_CAN))
with c2:
    st.markdown("**需要配置模型**")
    st.markdown("\n".join(f"- {x}" for x in setup.OFFLINE_CANNOT))

st.subheader("数据存放位置")
storage = setup.storage_view(settings)
st.write(f"数据目录：`{storage.data_dir}`")
st.write(f"数据库：`{storage.database}`")
st.write(f"向量库：`{storage.chroma}`")
