"""Soak: ``nianbao ingest`` killed (SIGKILL) at random points, 20 rounds. After each kill a new
process runs ``ingest`` again, then ``corpus list`` and ``search``: they must agree on the same
set of reports, and the vector store, keyword index and manifest on the same chunks.

Prints ``soak: N rounds, M killed mid-run, mismatching rounds: K``. Takes about two minutes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from assistant.testing.synthetic import synthetic_report

ROUNDS = 20

# One process: re-ingest, then list and search through the CLI, then the stores' own id sets.
CHECK = r"""
import json, sys
from typer.testing import CliRunner
from assistant.cli import app
from assistant.corpus import CorpusIndex

runner = CliRunner()
folder = sys.argv[1]
ingest = runner.invoke(app, ["ingest", folder])
listed = {json.loads(l)["file"] for l in runner.invoke(app, ["corpus", "list", "--json"]).output.splitlines() if l}
found = {}
for mode in ("vector", "keyword"):
    out = runner.invoke(app, ["search", "政府信息公开工作", "--json", "--mode", mode, "-k", "200"]).output
    found[mode] = sorted({json.loads(l)["source"] for l in out.splitlines() if l})
index = CorpusIndex()
with index.reading():
    index.keyword.load()
    ids = {"manifest": len(index.manifest.all_chunk_ids()), "vectors": len(index.vectors.all_ids()),
           "keyword": len(set(map(str, index.keyword.ids)))}
    same = index.manifest.all_chunk_ids() == index.vectors.all_ids() == set(map(str, index.keyword.ids))
index.close()
print(json.dumps({"ingest_exit": ingest.exit_code, "listed": sorted(listed), "found": found,
                  "ids": ids, "same_ids": same}, ensure_ascii=False))
"""


def _edit(folder: Path, rng: random.Random, round_no: int) -> None:
    """Change some reports, so that the next ingest has real writes to be killed in."""
    for p in rng.sample(sorted(folder.glob("*.txt")), 4):
        text = p.read_text(encoding="utf-8")
        head, sep, tail = text.partition("六、")
        p.write_text(f"{head}本年度第 {round_no} 轮补充说明：整改台账已更新。\n\n{sep}{tail}" if sep else text + "\n补充。",
                     encoding="utf-8")


def test_ingest_killed_at_random_points_leaves_list_and_search_in_agreement(tmp_path, nianbao_cmd, capsys):
    rng = random.Random(20261202)
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(8):
        (folder / f"s{i:02d}.txt").write_text(synthetic_report(i).text, encoding="utf-8")
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp_path / "data")}

    started = time.monotonic()
    subprocess.run([*nianbao_cmd, "ingest", str(folder)], env=env, capture_output=True, timeout=120)
    full = time.monotonic() - started

    mismatches, killed, rounds = [], 0, []
    for round_no in range(ROUNDS):
        _edit(folder, rng, round_no)
        if round_no % 5 == 4:  # now and then the kill lands in a removal
            args = ["corpus", "remove", str(next(iter(sorted(folder.glob("*.txt")))))]
        else:
            args = ["ingest", str(folder)]
        proc = subprocess.Popen([*nianbao_cmd, *args], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        check = subprocess.run([sys.executable, "-c", CHECK, str(folder)], env=env,
                               capture_output=True, text=True, timeout=180)
        assert check.returncode == 0, check.stderr[-3000:]
        state = json.loads(check.stdout.strip().splitlines()[-1])
        listed = set(state["listed"])
        ok = (state["ingest_exit"] == 0 and state["same_ids"]
              and set(state["found"]["vector"]) == listed
              and set(state["found"]["keyword"]) <= listed
              and listed == {str(p) for p in folder.glob("*.txt")})
        rounds.append(state["ids"])
        if not ok:
            mismatches.append((round_no, state))
    with capsys.disabled():
        print(f"\nsoak: {ROUNDS} rounds, {killed} killed mid-run, mismatching rounds: {len(mismatches)}")
    assert not mismatches, mismatches
    assert killed >= ROUNDS // 2  # most kills really landed while the command ran
