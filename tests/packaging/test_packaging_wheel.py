"""A built wheel, installed into a fresh virtual environment, finds its own data: the provider
profiles (package data) and every prompt (installed under <prefix>/share/nianbao/prompts).

The wheel is built offline from this checkout (``--no-build-isolation``) and installed with
``--no-deps`` into a new venv that reaches the dependencies of this one through a ``.pth`` line
(only the plain site-packages path: the editable install of the checkout is not visible there).
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(600)

PROBE = """
from assistant.config import get_settings
from assistant.llm.prompts import load_prompt, prompt_files, prompts_dir
import assistant, json
names = [p.stem for p in prompt_files()]
for n in names:
    load_prompt(n)
print(json.dumps({"package": assistant.__file__, "prompts_dir": str(prompts_dir()), "names": names}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory, root) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp / "dist"), str(root)], check=True, capture_output=True)
    [wheel] = (tmp / "dist").glob("nianbao-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True)
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "PYTHON"))}
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_installed_wheel_lists_the_provider_profiles(installed, tmp_path):
    res = _run(installed, str(installed / "bin" / "nianbao"), "models", "profiles", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "deepseek" in res.stdout and "ollama" in res.stdout


def test_installed_wheel_loads_every_prompt_from_its_own_copy(installed, tmp_path, root):
    import json

    res = _run(installed, str(installed / "bin" / "python"), "-c", PROBE, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert Path(out["package"]).is_relative_to(installed)  # the wheel, not the checkout
    assert Path(out["prompts_dir"]) == installed / "share" / "nianbao" / "prompts"
    assert sorted(out["names"]) == sorted(p.stem for p in (root / "prompts").glob("*.md")) != []
