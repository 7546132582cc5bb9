"""The model drafter and chat: a LangChain chat model, streamed, guarded, re-asked, revised.

``DraftChat(chat, facts, tables=…, notes=…, past=…, peers=…)`` holds one drafting conversation.
``draft()`` asks for 一、五、六 (``prompts/draft_narrative.md``: the fact list with ids, the notes
and every retrieved passage inside ``fence`` blocks with its citation id); ``revise(instruction)``
asks for a new version of the current draft (``prompts/draft_revise.md``), keeping the
conversation. Tokens stream to ``on_token`` as they come.

After each model turn the guard runs; on flags or N-* errors the model is re-asked with the
guard's Chinese findings (``prompts/draft_fix.md``), at most ``max_reasks`` times, and the best
answer (fewest problems; the later on ties) is kept with its remaining flags. A model fault (HTTP
429/500, timeout, a refusal or an empty answer) keeps the previous version and says so in
``Draft.notices``; the first draft then falls back to the offline drafter.

Each ``draft()`` / ``revise()`` — its streamed answer and every re-ask together — runs under one
:class:`assistant.llm.deadline.Deadline` of ``settings.deadline`` seconds (``NIANBAO_DEADLINE``):
when it expires the turn stops, tokens of the abandoned stream are no longer passed on, and the
notice names the operation (模型起草 / 模型修改草稿) and the step that expired.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.drafting.facts import TOPICS, Facts
from assistant.drafting.guard import CITATION, GuardResult, guard
from assistant.drafting.models import Citation, Draft, Passage
from assistant.drafting.offline import draft_offline
from assistant.errors import NianbaoError
from assistant.formats import label_of
from assistant.llm.deadline import Deadline, DeadlineExpired
from assistant.llm.fence import fence
from assistant.llm.prompts import load_prompt
from assistant.report import Report

if TYPE_CHECKING:
    from assistant.config import Settings

log = logging.getLogger(__name__)

MAX_REASKS = 2
_REFUSALS = ("抱歉", "对不起", "很抱歉", "我无法", "我不能", "无法协助", "I'm sorry", "I cannot", "I can't")

OnToken = Callable[[str], None]


class ModelFault(NianbaoError):
    """The model gave no usable answer (an HTTP error, a timeout, a refusal)."""


def _passages(ps: Sequence[Passage]) -> str:
    if not ps:
        return "（无）"
    return "\n".join(fence(p.text, "段落", id=p.id, organ=p.organ or "", year=str(p.year or ""),
                           section=p.section + (p.subsection or "")) for p in ps)


def prompt_messages(facts: Facts, notes: str | None, past: Sequence[Passage],
                    peers: Sequence[Passage]) -> list[BaseMessage]:
    """The first request of a drafting conversation."""
    missing = "、".join(label_of(k) for k in facts.missing[:40]) or "（无）"
    if len(facts.missing) > 40:
        missing += f" 等 {len(facts.missing)} 格"
    return load_prompt("draft_narrative").render(
        organ=facts.organ or "本机关", year=facts.year, topics="\n".join(TOPICS.values()),
        facts=facts.numbered() or "（无）", missing=missing,
        notes=fence(notes, "笔记") if notes and notes.strip() else "（无）",
        own_past=_passages(past), peers=_passages(peers))


def _explain(exc: BaseException, timeout: float | None = None) -> str:
    from assistant.llm.errors import explain

    return explain(exc, timeout=timeout)


def _score(g: GuardResult) -> int:
    return len(g.flags) + sum(1 for f in g.findings if f.severity == "error")


class DraftChat:
    def __init__(self, chat: BaseChatModel, facts: Facts, *, tables: Report | None = None,
                 notes: str | None = None, past: Sequence[Passage] = (), peers: Sequence[Passage] = (),
                 previous: Report | None = None, max_reasks: int = MAX_REASKS, model_name: str | None = None,
                 organ_kind=None, messages: list[BaseMessage] | None = None, current: Draft | None = None,
                 on_message: Callable[[BaseMessage], object] | None = None,
                 settings: Settings | None = None) -> None:
        self.chat = chat
        self.facts = facts
        self.tables = tables
        self.notes = notes
        self.past = list(past)
        self.peers = list(peers)
        self.previous = previous
        self.max_reasks = max_reasks
        self.model_name = model_name or getattr(chat, "model_name", None) or getattr(chat, "model", None) \
            or type(chat).__name__
        self.organ_kind = organ_kind
        self.messages: list[BaseMessage] = list(messages or [])
        self.current = current
        self.on_message = on_message  # called as each message joins the conversation (persistence)
        self._ids = {p.id: p for p in [*self.past, *self.peers]}
        self.settings = settings  # the deadline of each operation (default: get_settings())

    # -- public ---------------------------------------------------------------------------------
    def draft(self, on_token: OnToken | None = None) -> Draft:
        """The first draft (or a fresh one, starting the conversation over)."""
        self.messages = []
        for m in prompt_messages(self.facts, self.notes, self.past, self.peers):
            self._add(m)
        return self._turn(on_token, self._deadline("模型起草"))

    def revise(self, instruction: str, on_token: OnToken | None = None) -> Draft:
        """A new version of the current draft following ``instruction`` (「压缩到800字」…)."""
        if not self.messages:
            raise NianbaoError("没有可以修改的草稿对话：请先起草")
        for m in load_prompt("draft_revise").render(instruction=instruction):
            self._add(m)
        return self._turn(on_token, self._deadline("模型修改草稿"))

    def check(self, text: str) -> GuardResult:
        return guard(text, self.facts, tables=self.tables, notes=self.notes, previous=self.previous,
                     citations=self._ids, past=[(p.section, p.text) for p in self.past if p.own],
                     organ_kind=self.organ_kind)

    # -- one turn: ask, guard, re-ask -----------------------------------------------------------
    def _add(self, m: BaseMessage) -> None:
        self.messages.append(m)
        if self.on_message is not None:
            self.on_message(m)

    def _deadline(self, operation: str) -> Deadline:
        from assistant.config import get_settings

        s = self.settings or get_settings()
        return Deadline(s.deadline, operation, base_url=s.base_url)

    def _turn(self, on_token: OnToken | None, deadline: Deadline) -> Draft:
        best: tuple[int, Draft] | None = None
        notices: list[str] = []
        for attempt in range(self.max_reasks + 1):
            step = "等待回答" if attempt == 0 else f"第 {attempt} 次改正"
            try:
                text = self._ask(on_token, deadline, step)
            except ModelFault as exc:
                notices.append(exc.message)
                break
            self._add(AIMessage(content=text))
            g = self.check(text)
            d = self._draft(text, g)
            if best is None or _score(g) <= best[0]:
                best = (_score(g), d)
            if _score(g) == 0:
                break
            if attempt == self.max_reasks:
                notices.append(f"已请模型改正 {self.max_reasks} 次，仍有 {_score(g)} 处问题，保留问题最少的一稿")
                break
            for m in load_prompt("draft_fix").render(problems=g.problems()):
                self._add(m)
            notices.append(f"数字核对发现 {_score(g)} 处问题，已请模型改正（第 {attempt + 1} 次）")
        if best is None:
            return self._fault(notices)
        draft = best[1]
        draft.notices = notices
        self.current = draft
        return draft

    def _fault(self, notices: list[str]) -> Draft:
        if self.current is not None:
            kept = self.current.model_copy(deep=True)
            kept.notices = [*notices, "模型未能给出新稿，已保留上一版本"]
            return kept
        d = draft_offline(self.facts, self.notes, self.past, organ_kind=self.organ_kind)
        g = self.check(d.text)
        d.flags, d.findings = g.flags, g.findings
        d.notices = [*notices, "模型未能给出草稿，已改用离线起草"]
        self.current = d
        return d

    def _ask(self, on_token: OnToken | None, deadline: Deadline, step: str) -> str:
        parts: list[str] = []
        finish = None
        abandoned = threading.Event()  # set at the deadline: the stream's tokens go nowhere
        messages = list(self.messages)

        def stream() -> None:
            nonlocal finish
            for chunk in self.chat.stream(messages):
                if abandoned.is_set():
                    return
                piece = chunk.content if isinstance(chunk.content, str) else "".join(
                    c.get("text", "") if isinstance(c, dict) else str(c) for c in chunk.content)
                finish = (chunk.response_metadata or {}).get("finish_reason") or finish
                if piece:
                    parts.append(piece)
                    if on_token is not None:
                        on_token(piece)

        try:
            deadline.call(stream, step=step)
        except DeadlineExpired as exc:
            abandoned.set()
            log.warning("model deadline: %s", exc)
            raise ModelFault(exc.message) from exc
        except Exception as exc:  # 429 / 500 after retries, timeouts, connection errors
            log.warning("model fault: %s", exc)
            raise ModelFault(f"模型调用失败：{_explain(exc, getattr(self.chat, 'request_timeout', None))}") from exc
        text = "".join(parts).strip()
        if finish == "content_filter":
            raise ModelFault("模型服务的内容审核拦截了这次回答")
        if not text:
            raise ModelFault("模型返回了空白回答")
        if len(text) < 120 and text.startswith(_REFUSALS):
            raise ModelFault(f"模型拒绝了请求：「{text[:40]}」")
        return text + "\n"

    def _draft(self, text: str, g: GuardResult) -> Draft:
        cited = dict.fromkeys(m.group(1) for m in CITATION.finditer(text))
        citations = [Citation.of(self._ids[c]) for c in cited if c in self._ids]
        return Draft(text=text, flags=g.flags, findings=g.findings, citations=citations, model=self.model_name)


def restore_messages(turns: Sequence[tuple[str, str]]) -> list[BaseMessage]:
    """A conversation from stored (role, content) turns."""
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[r](content=c) for r, c in turns if r in kinds]


def role_of(m: BaseMessage) -> str:
    return {"system": "system", "human": "user", "ai": "assistant"}.get(m.type, m.type)
