"""An in-process OpenAI-compatible HTTP server on 127.0.0.1 that replays scripted replies.

Tests point the real ``openai`` / ``langchain-openai`` clients at ``server.base_url`` and script
what each request gets::

    with OpenAIServer() as server:
        server.chat_json({"cells": []})          # adapts: a tool call if the request sent tools
        server.error(429, "slow down", headers={"Retry-After": "0.2"})
        server.chat_text("not json {")
        ...
        server.requests[0].body["messages"]

As a pytest plugin (``pytest_plugins`` in ``tests/conftest.py``) it gives the fixture
``openai_server``: a running server, shut down after the test.

A request with ``"stream": true`` gets a text reply as server-sent events. Chat replies are popped
in order; an empty queue answers 500 "no scripted reply". Embedding
requests get scripted replies first, then deterministic vectors. Every request is recorded.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    data: Any = None  # JSON answer: tool-call arguments when the request has tools, else content
    content: str | None = None  # literal message content
    tool_arguments: str | None = None  # literal (possibly broken) tool-call arguments
    message: str = ""  # error message for status != 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    finish_reason: str | None = None


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict

    @property
    def method(self) -> str:
        """Which structured-output mechanism the request used."""
        fmt = (self.body.get("response_format") or {}).get("type")
        if fmt in ("json_schema", "json_object"):
            return fmt
        return "function_calling" if self.body.get("tools") else "plain"

    def text(self) -> str:
        """All message contents of the request, joined."""
        return "\n".join(str(m.get("content") or "") for m in self.body.get("messages", []))


def _vector(text: str, dim: int = 8) -> list[float]:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return [round(b / 255.0, 6) for b in digest[:dim]]


class OpenAIServer:
    def __init__(self) -> None:
        self.chat_replies: deque[Reply] = deque()
        self.embedding_replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        self.streamed_chunks = 0  # content pieces sent as server-sent events
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # --- scripting -------------------------------------------------------------------------

    def chat_json(self, data: Any, **kw) -> None:
        self.chat_replies.append(Reply(data=data, **kw))

    def chat_text(self, content: str, **kw) -> None:
        self.chat_replies.append(Reply(content=content, **kw))

    def chat_tool_arguments(self, arguments: str, **kw) -> None:
        self.chat_replies.append(Reply(tool_arguments=arguments, **kw))

    def error(self, status: int, message: str = "", *, headers: dict | None = None, embeddings: bool = False) -> None:
        reply = Reply(status=status, message=message or f"HTTP {status}", headers=headers or {})
        (self.embedding_replies if embeddings else self.chat_replies).append(reply)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def __enter__(self) -> OpenAIServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                with server._lock:
                    server.requests.append(
                        Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                if self.path.endswith("/chat/completions"):
                    self._chat(body)
                elif self.path.endswith("/embeddings"):
                    self._embeddings(body)
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def _pop(self, queue: deque) -> Reply | None:
                with server._lock:
                    return queue.popleft() if queue else None

            def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def _error(self, reply: Reply) -> None:
                payload = {"error": {"message": reply.message, "type": "invalid_request_error", "code": None}}
                self._send(reply.status, payload, reply.headers)

            def _chat(self, body: dict) -> None:
                reply = self._pop(server.chat_replies)
                if reply is None:
                    self._send(500, {"error": {"message": "no scripted reply"}})
                    return
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    self._error(reply)
                    return
                if body.get("stream") and reply.content is not None:
                    self._stream(body, reply)
                    return
                message: dict = {"role": "assistant", "content": None}
                finish = reply.finish_reason or "stop"
                tools = body.get("tools") or []
                if reply.content is not None:
                    message["content"] = reply.content
                elif tools and (reply.data is not None or reply.tool_arguments is not None):
                    arguments = reply.tool_arguments if reply.tool_arguments is not None else json.dumps(
                        reply.data, ensure_ascii=False
                    )
                    message["tool_calls"] = [
                        {
                            "id": f"call_{len(server.requests)}",
                            "type": "function",
                            "function": {"name": tools[0]["function"]["name"], "arguments": arguments},
                        }
                    ]
                    finish = reply.finish_reason or "tool_calls"
                else:
                    message["content"] = (
                        reply.tool_arguments if reply.data is None else json.dumps(reply.data, ensure_ascii=False)
                    )
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{len(server.requests)}",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "fake"),
                        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                    },
                    reply.headers,
                )

            def _stream(self, body: dict, reply: Reply) -> None:
                """A streamed answer (``"stream": true``): server-sent events, a few characters each."""
                assert reply.content is not None
                base = {"id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion.chunk",
                        "created": int(time.time()), "model": body.get("model", "fake")}
                pieces = [reply.content[i:i + 7] for i in range(0, len(reply.content), 7)]
                events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                "finish_reason": None}]}]
                events += [{**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                           for p in pieces]
                events.append({**base, "choices": [{"index": 0, "delta": {},
                                                    "finish_reason": reply.finish_reason or "stop"}]})
                data = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in events) + "data: [DONE]\n\n"
                raw = data.encode("utf-8")
                server.streamed_chunks += len(pieces)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _embeddings(self, body: dict) -> None:
                reply = self._pop(server.embedding_replies)
                if reply is not None and reply.status != 200:
                    self._error(reply)
                    return
                inputs = body.get("input", [])
                if isinstance(inputs, str):
                    inputs = [inputs]
                data = [
                    {"object": "embedding", "index": i, "embedding": _vector(str(text))}
                    for i, text in enumerate(inputs)
                ]
                self._send(
                    200,
                    {"object": "list", "data": data, "model": body.get("model", "fake"),
                     "usage": {"prompt_tokens": 1, "total_tokens": 1}},
                )

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        httpd.block_on_close = False
        self._httpd = httpd
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        assert self._httpd is not None
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """A running replay server on 127.0.0.1."""
    with OpenAIServer() as server:
        yield server
