"""Shared fixtures. No test may reach the network: only loopback connections are allowed.

Paths and data come from fixtures (``root``, ``corpus_dir``, ``gold_dir``, ``reports_dir``,
``fixtures_dir``, ``seed_paths``, ``seed_texts``, ``gold_for``); tests never import this module.
A test that takes one of the arguments below is run once per file:

- ``seed_path``: each bundled seed report ``corpus/0*.txt``;
- ``seed_with_tables``: each seed whose gold is a national format (not ``legacy``);
- ``gold_path``: each labelled report ``evals/parse/gold/*.json``;
- ``fixture_report``: each generated layout fixture ``evals/parse/reports/*``.

``openai_server`` (from ``tests/openai_server.py``, a plugin) is a running replay server.
"""

from __future__ import annotations

import glob
import ipaddress
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

pytest_plugins = ["openai_server"]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "evals" / "parse" / "gold"
REPORTS = ROOT / "evals" / "parse" / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if not _is_local(address):
        raise RuntimeError(f"测试禁止访问外部网络：{address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        raise RuntimeError(f"测试禁止访问外部网络：{address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Each test gets its own data directory and no model configuration from the machine."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    for var in ("NIANBAO_BASE_URL", "NIANBAO_API_KEY", "NIANBAO_MODEL", "NIANBAO_CHROMA_URL", "NIANBAO_DATABASE_URL",
                "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def _seed_paths() -> list[Path]:
    return sorted(CORPUS.glob("0*.txt"))


def _gold_for(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    params: dict[str, list[Path]] = {
        "seed_path": _seed_paths(),
        "seed_with_tables": [p for p in _seed_paths() if _gold_for(p)["format"] != "legacy"],
        "gold_path": sorted(GOLD.glob("*.json")),
        "fixture_report": sorted(p for p in REPORTS.iterdir() if p.is_file()),
    }
    for name, paths in params.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=[p.stem if name == "gold_path" else p.name for p in paths])


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The generated 2021-format layout fixtures (``python -m assistant.testing.render``)."""
    return REPORTS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures``: hand-made inputs (``parse/``)."""
    return FIXTURES


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return _seed_paths()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in _seed_paths()}


@pytest.fixture(scope="session")
def gold_for():
    """``gold_for(path)``: the gold canonical JSON of a report, by its stem."""
    return _gold_for


@pytest.fixture(params=[p.name for p in sorted(CORPUS.glob("0*.txt"))])
def seed(request) -> tuple[Path, dict]:
    path = CORPUS / request.param
    return path, _gold_for(path)


@pytest.fixture
def silent_server():
    """The base URL of a server on 127.0.0.1 that accepts connections and never answers."""
    import threading

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)  # read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()


@pytest.fixture
def nianbao_cmd() -> list[str]:
    """The installed ``nianbao`` command of this interpreter's environment (for subprocess tests)."""
    import sys

    exe = Path(sys.executable).with_name("nianbao")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from assistant.cli import main; main()"]
# --- databases: a SQLite file and a throwaway PostgreSQL server (initdb in a temp directory) ---
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
