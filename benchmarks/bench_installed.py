"""Start-up of the installed .deb against the venv's: the window's first paint, interleaved.

    sudo apt-get install ./dist/hanzi-reader_0.1.0_amd64.deb
    .venv/bin/python benchmarks/bench_installed.py [--binary /usr/bin/reader] [--runs 10]

Each run is one child process, ``reader --smoke-test --first-paint-only`` offscreen, from the
installed launcher (``/usr/bin/reader`` → ``/opt/hanzi-reader/reader``) and from the venv
(``python -m reader``), alternately, with a warm cache folder per side (one untimed run each
first: the page cache and the dictionary index). Per side: the wall time of the whole process
and the app's own ``first_paint_s`` (from process start), as min / median / max; one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(cmd: list[str], home: Path) -> dict[str, float]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    env.pop("READER_DB", None)
    start = time.perf_counter()
    done = subprocess.run(
        [*cmd, "--smoke-test", "--first-paint-only", "--db", str(home / "a.db")],
        capture_output=True, text=True, env=env, cwd=home, timeout=120,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{cmd}: exit status {done.returncode}\n{done.stdout}{done.stderr}")
    result = json.loads([line for line in done.stdout.splitlines() if line.strip()][-1])
    return {"wall_s": wall, "first_paint_s": float(result["first_paint_s"])}


def spread(values: list[float]) -> dict[str, float]:
    return {
        "min": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", type=Path, default=Path("/usr/bin/reader"))
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    sides = {"installed": [str(args.binary)], "venv": [sys.executable, "-m", "reader"]}
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    with tempfile.TemporaryDirectory(prefix="reader-bench-installed-") as tmp:
        homes = {side: Path(tmp) / side for side in sides}
        for side, cmd in sides.items():
            homes[side].mkdir()
            run_once(cmd, homes[side])  # untimed: page cache, dictionary index
        for _ in range(args.runs):
            for side, cmd in sides.items():
                runs[side].append(run_once(cmd, homes[side]))
    report: dict[str, object] = {"runs": args.runs, "binary": str(args.binary)}
    print(f"{'':10}{'wall s (min / median / max)':>32}{'first paint s (min / median / max)':>40}")
    for side in sides:
        wall = spread([r["wall_s"] for r in runs[side]])
        paint = spread([r["first_paint_s"] for r in runs[side]])
        report[side] = {"wall_s": wall, "first_paint_s": paint}
        print(f"{side:10}{wall['min']:>16.3f} {wall['median']:6.3f} {wall['max']:6.3f}"
              f"{paint['min']:>24.3f} {paint['median']:6.3f} {paint['max']:6.3f}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
