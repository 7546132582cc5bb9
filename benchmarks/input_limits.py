"""Time and peak memory of each command at its input limit, and for a 50 MB input (refused).

    .venv/bin/python benchmarks/input_limits.py

Each measurement runs in a fresh process (``nianbao …``) and reports wall time and the peak
resident memory of that process. Inputs are real seed reports repeated up to the size wanted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.limits import LIMITS, MB

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "corpus" / "001_2f293616a0ca3bc1.txt").read_text(encoding="utf-8")
NOTES = "今年共收到政府信息公开申请12件，其中自然人申请10件，商业企业2件。予以公开8件，部分公开2件。\n"
NIANBAO = str(Path(sys.executable).with_name("nianbao"))


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MB), exit code and the last stderr line of one command."""
    code = ("import resource, subprocess, sys, time\n"
            "t = time.perf_counter()\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "dt = time.perf_counter() - t\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "last = ' '.join(p.stderr.split())[-90:]\n"
            "print(f'{dt:.2f}\\t{rss:.0f}\\t{p.returncode}\\t{last}')\n")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True).stdout
    dt, rss, rc, last = out.rstrip("\n").split("\t", 3)
    return float(dt), float(rss), int(rc), last


def fill(path: Path, unit: str, chars: int) -> Path:
    path.write_text(unit * (chars // len(unit)), encoding="utf-8")
    return path


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-limits-"))
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp / "data")}
    big = tmp / "big50mb.txt"
    with big.open("w", encoding="utf-8") as fh:
        while fh.tell() < 50 * MB:
            fh.write(SEED)
    at_report = fill(tmp / "report_at_limit.txt", SEED + "\n", LIMITS.report.max_chars - 10)
    at_notes = fill(tmp / "notes_at_limit.txt", NOTES, LIMITS.notes.max_chars - 10)
    folder = tmp / "ingest"
    folder.mkdir()
    (folder / "one.txt").write_text(at_report.read_text(encoding="utf-8"), encoding="utf-8")
    cases = [
        ("parse, 50 MB", ["parse", str(big)]),
        ("check, 50 MB", ["check", str(big)]),
        ("extract, 50 MB notes", ["extract", str(big), "--year", "2023", "--offline"]),
        (f"parse, {at_report.stat().st_size / MB:.1f} MB report at the character limit", ["parse", str(at_report)]),
        ("check, same report", ["check", str(at_report)]),
        ("ingest, same report", ["ingest", str(folder)]),
        (f"extract, {at_notes.stat().st_size / MB:.2f} MB notes at the character limit",
         ["extract", str(at_notes), "--year", "2023", "--offline"]),
        ("nianbao --help (baseline process)", ["--help"]),
    ]
    print(f"{'case':58s} {'seconds':>8s} {'peak MB':>8s} {'exit':>5s}  last stderr line")
    for name, args in cases:
        dt, rss, rc, last = run([NIANBAO, *args], env)
        print(f"{name:58s} {dt:8.2f} {rss:8.0f} {rc:5d}  {last}")


if __name__ == "__main__":
    main()
