"""One overall deadline per operation that calls a model service.

The openai client's own timeout applies per request and per retry, so a server that accepts the
connection and never answers used to cost ``timeout × (retries + 1)`` plus back-off, per call,
per structured-output method. A :class:`Deadline` bounds the whole operation instead (connect,
wait, retries and every call it makes together):

- each call runs in a daemon thread and is abandoned when the time is up;
- the HTTP clients of the model layer (:func:`http_client`) see the deadline of the call they
  serve (a context variable, carried into langchain's worker threads) and cap every request,
  retries included, at the time left, so abandoned work ends too instead of keeping the process
  alive at exit;
- :class:`DeadlineExpired` says, in Chinese, which operation's deadline expired, at which step,
  and whether the server could be reached at all.
"""

from __future__ import annotations

import contextvars
import socket
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlparse

from assistant.errors import NianbaoError

T = TypeVar("T")


class DeadlineExpired(NianbaoError):
    """An operation's overall deadline expired before the model service answered."""


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("nianbao_deadline", default=None)
_TIMEOUT_KEYS = ("connect", "read", "write", "pool")


@cache
def _transport_class() -> type:
    import httpx

    class DeadlineTransport(httpx.HTTPTransport):
        """Caps each request's timeouts at the time left of the current deadline."""

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            deadline = _current.get()
            if deadline is not None:
                left = deadline.remaining
                if left <= 0:
                    raise httpx.ConnectTimeout("总时限已到", request=request)
                given = request.extensions.get("timeout") or {}
                request.extensions["timeout"] = {
                    k: left if given.get(k) is None else min(float(given[k]), left) for k in _TIMEOUT_KEYS
                }
            return super().handle_request(request)

    return DeadlineTransport


def http_client(timeout: float) -> Any:
    """An ``httpx.Client`` for the openai/langchain clients whose requests obey the current
    deadline (requests made outside any deadline keep ``timeout``)."""
    import httpx

    return httpx.Client(transport=_transport_class()(), timeout=timeout)


def reachable(base_url: str | None, timeout: float = 1.0) -> bool | None:
    """Whether a TCP connection to ``base_url``'s host opens (None: no URL to try)."""
    if not base_url:
        return None
    u = urlparse(base_url if "://" in base_url else f"http://{base_url}")
    if not u.hostname:
        return None
    port = u.port or (443 if u.scheme == "https" else 80)
    try:
        with socket.create_connection((u.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


class Deadline:
    """``seconds`` for the operation ``operation`` (Chinese, e.g. “模型填表”), from now."""

    def __init__(self, seconds: float, operation: str, *, base_url: str | None = None,
                 setting: str = "NIANBAO_DEADLINE") -> None:
        self.seconds = float(seconds)
        self.operation = operation
        self.base_url = base_url
        self.setting = setting
        self.started = time.monotonic()
        self.end = self.started + self.seconds

    @property
    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.remaining <= 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def message(self, step: str | None = None) -> str:
        where = f"，在{step}时到期" if step else ""
        state = {
            True: "服务能连上，但在时限内没有回答",
            False: "无法连接到服务（请检查地址 NIANBAO_BASE_URL 和网络）",
            None: "服务在时限内没有回答",
        }[reachable(self.base_url)]
        return (f"{self.operation}超过总时限 {self.seconds:g} 秒（连接、等待回答与重试合计{where}）：{state}。"
                f"可用 {self.setting} 调整时限。")

    def expire(self, step: str | None = None) -> DeadlineExpired:
        return DeadlineExpired(self.message(step))

    def call(self, fn: Callable[[], T], step: str | None = None) -> T:
        """``fn()`` if it returns (or raises) before the deadline, else :class:`DeadlineExpired`.
        An abandoned call keeps running in its daemon thread until its own timeout ends it."""
        if self.expired:
            raise self.expire(step)
        box: dict[str, object] = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                box["error"] = exc
            finally:
                done.set()

        context = contextvars.copy_context()
        context.run(_current.set, self)  # the HTTP transport sees this deadline
        threading.Thread(target=context.run, args=(run,), name=f"deadline:{self.operation}", daemon=True).start()
        if not done.wait(self.remaining):
            raise self.expire(step)
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["value"]  # type: ignore[return-value]
