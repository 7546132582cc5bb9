"""Shared fixtures. No test may reach the network: only loopback connections are allowed."""

from __future__ import annotations

import ipaddress
import json
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "evals" / "parse" / "gold"
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


def seed_paths() -> list[Path]:
    return sorted(CORPUS.glob("0*.txt"))


def gold_for(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=[p.name for p in sorted(CORPUS.glob("0*.txt"))])
def seed(request) -> tuple[Path, dict]:
    path = CORPUS / request.param
    return path, gold_for(path)
