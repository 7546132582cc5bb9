"""Store fixtures: a SQLite file and a throwaway PostgreSQL server (initdb in a temp directory)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_PG_MISSING = ("未找到 PostgreSQL（initdb/postgres），跳过 PostgreSQL 存储测试；安装：apt-get install postgresql "
               "/ PostgreSQL binaries not found: apt-get install postgresql")


def _pg_bin() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(d, "initdb").exists() and Path(d, "postgres").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("postgres") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as ``nobody``."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "nobody", "--", *cmd]


@pytest.fixture(scope="session")
def postgres_url():
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(_PG_MISSING)
    base = Path(tempfile.mkdtemp(prefix="nianbao-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "nobody")
        shutil.chown(sock, "nobody")
        os.chmod(base, 0o700)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    init = subprocess.run(_as_user([str(bindir / "initdb"), "-D", str(data), "-U", "nianbao", "--auth=trust",
                                    "-E", "UTF8"]), capture_output=True, text=True, env=env)
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb 失败 / initdb failed: {init.stderr[-300:]}")
    port = _free_port()
    proc = subprocess.Popen(_as_user([str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                                      "-k", str(sock), "-c", "fsync=off"]),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"postgresql+psycopg://nianbao@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode("utf-8", "replace")[-300:] if proc.stderr else ""
                    pytest.skip(f"postgres 未能启动 / postgres did not start: {err}")
                time.sleep(0.1)
        time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    from assistant.store import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
        _reset(url)
    s = Store(url)
    yield s
    s.close()


def _reset(url: str) -> None:
    """An empty database for each test (the server is shared by the session)."""
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
