"""What ``nianbao models check`` runs: which capabilities the configured endpoint really has.

Pure of printing: ``check_models(settings)`` returns a ``ModelsReport`` (Chinese labels and
reasons); the CLI renders it. Never includes the API key.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.llm.client import chat_model, embeddings_model, profile_for
from assistant.llm.deadline import Deadline
from assistant.llm.errors import explain, is_fatal
from assistant.llm.profiles import STRUCTURED_METHODS, Profile
from assistant.llm.structured import StructuredChat

OFFLINE_FEATURES = (
    "解析年报（PDF、Word、网页、文本）",
    "按规则核查年报（勾稽关系、格式、与上年对比）",
    "关键词检索往年年报",
    "规则填表：从材料中识别常见表述和表格粘贴（不调用模型）",
)

_PROBE_SCHEMA = {
    "title": "sum_answer",
    "type": "object",
    "properties": {"answer": {"type": "integer"}},
    "required": ["answer"],
    "additionalProperties": False,
}
_PROBE_MESSAGES = [
    ("system", "你是一个只用 JSON 回答的助手。"),
    ("user", '1 加 1 等于几？请用 JSON 回答，格式为 {"answer": 整数}。'),
]


class CheckItem(BaseModel):
    name: str  # Chinese
    ok: bool | None  # None: skipped
    detail: str = ""  # Chinese
    method: str | None = None  # for structured-output items
    rank: int | None = None  # the method's place in the profile's preference order (1 = first)


class ModelsReport(BaseModel):
    offline: bool
    provider: str = ""
    base_url: str | None = None
    model: str | None = None
    embedding_model: str | None = None
    items: list[CheckItem] = Field(default_factory=list)
    offline_features: tuple[str, ...] = OFFLINE_FEATURES

    @property
    def usable_method(self) -> str | None:
        """The structured-output method table filling will use: the first working one in the
        profile's preference order."""
        working = [i for i in self.items if i.ok and i.method and i.rank]
        return min(working, key=lambda i: i.rank or 0).method if working else None

    @property
    def chat_ok(self) -> bool:
        return any(i.ok for i in self.items if i.name == "对话")


_SKIPPED = "总时限已到，未检查"


def _check_chat(chat: BaseChatModel, settings: Settings, deadline: Deadline) -> tuple[CheckItem, bool]:
    try:
        reply = deadline.call(lambda: chat.invoke([("user", "请只回复一个字：好")]), step="对话检查")
    except Exception as exc:  # noqa: BLE001
        return CheckItem(name="对话", ok=False, detail=explain(exc, timeout=settings.timeout)), is_fatal(exc)
    text = str(reply.content).strip()
    if not text:
        return CheckItem(name="对话", ok=False, detail="模型返回了空内容"), False
    return CheckItem(name="对话", ok=True, detail=f"回复：{text[:20]}"), False


def _check_method(chat: BaseChatModel, profile: Profile, method: str, settings: Settings,
                  deadline: Deadline) -> CheckItem:
    rank = profile.structured_methods.index(method) + 1 if method in profile.structured_methods else None
    name = f"结构化输出（{method}）"
    if rank is None:
        return CheckItem(name=name, ok=None, detail="该服务类型的配置中未启用此方式，跳过", method=method)
    if deadline.expired:
        return CheckItem(name=name, ok=None, detail=_SKIPPED, method=method, rank=rank)
    single = profile.model_copy(update={"structured_methods": (method,)})
    outcome = StructuredChat(chat, single, timeout=settings.timeout).invoke(
        _PROBE_MESSAGES, _PROBE_SCHEMA, deadline=deadline, step="检查")
    order = f"（优先级 {rank}）"
    if outcome.data is None:
        reason = outcome.rejected[0].reason if outcome.rejected else outcome.error
        return CheckItem(name=name, ok=False, detail=f"{reason}{order}", method=method, rank=rank)
    answer = outcome.data.get("answer")
    if not isinstance(answer, int):
        return CheckItem(name=name, ok=False, detail=f"返回的 JSON 缺少整数字段 answer{order}", method=method, rank=rank)
    return CheckItem(name=name, ok=True, detail=f"返回 {outcome.raw}{order}", method=method, rank=rank)


def _check_embeddings(settings: Settings, profile: Profile, deadline: Deadline) -> CheckItem:
    name = "向量嵌入"
    if not settings.embedding_model:
        return CheckItem(name=name, ok=None, detail="未配置 NIANBAO_EMBEDDING_MODEL，检索使用离线方式")
    if not profile.embeddings:
        return CheckItem(name=name, ok=None, detail=f"{profile.label} 不提供向量接口，检索使用离线方式")
    if deadline.expired:
        return CheckItem(name=name, ok=None, detail=_SKIPPED)
    try:
        model = embeddings_model(settings)
        assert model is not None
        vector = deadline.call(lambda: model.embed_query("政府信息公开工作年度报告"), step="向量嵌入检查")
    except Exception as exc:  # noqa: BLE001
        return CheckItem(name=name, ok=False, detail=explain(exc, timeout=settings.timeout))
    if not vector:
        return CheckItem(name=name, ok=False, detail="返回了空向量")
    return CheckItem(name=name, ok=True, detail=f"{settings.embedding_model}，{len(vector)} 维")


def check_models(settings: Settings) -> ModelsReport:
    """Call the configured endpoint and report what works (offline: nothing is called). All
    calls together get one deadline (``settings.deadline``); items after it are skipped."""
    if not settings.model_configured:
        return ModelsReport(offline=True, embedding_model=settings.embedding_model)
    profile = profile_for(settings)
    report = ModelsReport(
        offline=False,
        provider=f"{profile.label}（{profile.name}）",
        base_url=settings.base_url,
        model=settings.model,
        embedding_model=settings.embedding_model,
    )
    try:
        chat = chat_model(settings)
    except Exception as exc:  # noqa: BLE001 - e.g. a missing API key
        report.items.append(CheckItem(name="对话", ok=False, detail=explain(exc)))
        return report
    assert chat is not None
    deadline = Deadline(settings.deadline, "模型检查", base_url=settings.base_url)
    item, fatal = _check_chat(chat, settings, deadline)
    report.items.append(item)
    for method in STRUCTURED_METHODS:
        if fatal or not item.ok:
            report.items.append(CheckItem(name=f"结构化输出（{method}）", ok=None, detail="对话不可用，跳过"))
        else:
            report.items.append(_check_method(chat, profile, method, settings, deadline))
    report.items.append(_check_embeddings(settings, profile, deadline))
    return report
