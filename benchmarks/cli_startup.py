"""Start-up time of the `bvr` command: median of N runs (default 20) of `bvr --help` and
`bvr stats --year 2026` (on a fresh, migrated SQLite database), against the floor
`python -c pass` measured in the same run, so a busy machine shows in the floor too.

Each run is a new process, as an operator's shell starts it. Usage:
python benchmarks/cli_startup.py [RUNS]
"""

from __future__ import annotations

import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main(runs: int = 20) -> None:
    with tempfile.TemporaryDirectory() as directory:
        env = {**os.environ, "BVR_BLIND_INDEX_KEY": secrets.token_hex(32),
               "BVR_DATABASE_URL": f"sqlite:///{Path(directory) / 'bvr.sqlite3'}",
               "PYTHONPATH": str(ROOT)}
        env.pop("BVR_CONFIG", None)
        bvr = [sys.executable, "-m", "bvr"]
        subprocess.run([*bvr, "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
        rows = [("python -c pass", median_seconds([sys.executable, "-c", "pass"], env, runs)),
                ("bvr --help", median_seconds([*bvr, "--help"], env, runs)),
                ("bvr stats --year 2026",
                 median_seconds([*bvr, "stats", "--year", "2026"], env, runs))]
    print(f"median of {runs} runs (s)")
    for name, seconds in rows:
        print(f"{name:24} {seconds:6.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
