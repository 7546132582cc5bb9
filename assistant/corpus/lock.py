"""The data-directory lock: one writer at a time, readers never while a writer is at work.

A writer (ingest, remove, repair) holds the lock exclusively; a reader (search) holds it shared.
Processes contend through ``fcntl.flock`` on ``<data dir>/.lock`` (on Windows, where there is no
shared mode, through filelock's exclusive lock for readers and writers alike). The operating
system drops the lock of a killed process, so a crash never leaves the directory locked.

Within one process the holds nest: a shared hold inside an exclusive one is free, and an
exclusive hold inside a shared one upgrades the same descriptor, so two ``CorpusIndex`` objects
on one directory in one process never deadlock each other.

A holder that must wait calls ``on_wait`` once (the CLI prints a Chinese line) and gives up after
``timeout`` seconds with :class:`IndexBusy`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import NianbaoError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL_S = 0.1
LOCK_NAME = ".lock"


class IndexBusy(NianbaoError):
    """Another process held the data directory longer than we were willing to wait."""


class _Held:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.shared = 0
        self.exclusive = 0


_held: dict[str, _Held] = {}
_guard = threading.RLock()


def _try(fd: int, exclusive: bool) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        from filelock import lock_descriptor

        return lock_descriptor(fd, blocking=False)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(fd: int) -> None:
    if fcntl is None:  # pragma: no cover - Windows
        from filelock import unlock_descriptor

        unlock_descriptor(fd)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _downgrade(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH)


class DirectoryLock:
    """The lock of one data directory. ``shared()`` and ``exclusive()`` are context managers."""

    def __init__(self, data_dir: Path, *, timeout: float = 600.0,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self.timeout = timeout
        self.on_wait = on_wait

    @contextmanager
    def shared(self) -> Iterator[None]:
        self.acquire(exclusive=False)
        try:
            yield
        finally:
            self.release(exclusive=False)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        self.acquire(exclusive=True)
        try:
            yield
        finally:
            self.release(exclusive=True)

    # ------------------------------------------------------------------------------------
    def _key(self) -> str:
        return str(self.path.resolve())

    def acquire(self, exclusive: bool) -> None:
        with _guard:
            key = self._key()
            held = _held.get(key)
            if held is not None and (held.exclusive or (held.shared and not exclusive)):
                if exclusive:
                    held.exclusive += 1
                else:
                    held.shared += 1
                return
            if held is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                held = _Held(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644))
            try:
                self._wait(held.fd, exclusive)
            except BaseException:
                if not held.shared and not held.exclusive:
                    os.close(held.fd)
                raise
            _held[key] = held
            if exclusive:
                held.exclusive += 1
            else:
                held.shared += 1

    def _wait(self, fd: int, exclusive: bool) -> None:
        if _try(fd, exclusive):
            return
        what = "写入" if exclusive else "读取"
        if self.on_wait:
            self.on_wait(f"另一个 nianbao 进程正在{'使用' if exclusive else '写入'}检索索引（{self.path.parent}），"
                         f"等待其完成后再{what}（最多 {self.timeout:g} 秒）…")
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            if _try(fd, exclusive):
                return
        raise IndexBusy(f"检索索引被另一个 nianbao 进程占用，等待 {self.timeout:g} 秒后仍未释放，本次未{what}。"
                        "请等那个进程结束后再试（可用 NIANBAO_LOCK_TIMEOUT 调整等待秒数）。",
                        where=str(self.path.parent))

    def release(self, exclusive: bool) -> None:
        with _guard:
            key = self._key()
            held = _held[key]
            if exclusive:
                held.exclusive -= 1
            else:
                held.shared -= 1
            if held.exclusive == 0 and held.shared == 0:
                _unlock(held.fd)
                os.close(held.fd)
                del _held[key]
            elif exclusive and held.exclusive == 0:
                _downgrade(held.fd)
