"""The polyphone model alone: its load's memory and its steps' CPU time, two trees interleaved.

    PYTHONPATH=src python benchmarks/bench_polyphone.py [--runs 5] [--before OTHER/src]

Each run is a fresh process that loads the model as the readings do (``readings._model``)
and reports the RSS it kept and its peak over the load (``VmHWM`` reset just before, Linux),
then the CPU time of its own thread (``time.thread_time``: a busy machine disturbs it less
than wall time) for ``predict`` over CPP dev's 9,893 sentences (``../shared/data/cpp-dev``,
sorted by length, 256 a batch), three rounds, of which the least is kept. With ``--before``
the other tree runs alternately, run by run. Issue O's branch o-model found its changes to the
model's arrays 5-15 % slower here under a load of 7-10 and could not tell why: measure on a
quiet machine before reading anything into a difference under 10 %.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_SENT = ROOT.parent / "shared" / "data" / "cpp-dev" / "dev.sent"

CHILD = r"""
import json, sys, time

def status(key):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")

import numpy  # imported before the measure: the model's own memory only
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # VmHWM := VmRSS
start = status("VmRSS")
t = time.perf_counter()
from reader.language.readings.readings import _model
model = _model()
load_s = time.perf_counter() - t
kept, peak = status("VmRSS") - start, status("VmHWM") - start
with open(sys.argv[1], encoding="utf-8") as fh:
    sentences = sorted((line.rstrip("\n").replace("\u2581", "") for line in fh), key=len)
rounds = []
for _ in range(3):
    t = time.thread_time()
    for i in range(0, len(sentences), 256):
        model.predict(sentences[i : i + 256])
    rounds.append(time.thread_time() - t)
print(json.dumps({"load_s": load_s, "kept": kept, "peak": peak, "cpu": min(rounds)}))
"""


def spread(values: list[float], digits: int = 2) -> str:
    ordered = sorted(values)
    return " / ".join(f"{v:.{digits}f}" for v in (ordered[0], statistics.median(ordered), ordered[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", help="another checkout's src, run alternately")
    args = parser.parse_args()
    if not DEV_SENT.is_file():
        sys.exit(f"CPP dev not found at {DEV_SENT}")
    trees = {"after": os.environ.get("PYTHONPATH", str(ROOT / "src"))}
    if args.before:
        trees["before"] = args.before
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, src in trees.items():
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(DEV_SENT)],
                env=dict(os.environ, PYTHONPATH=src),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"{args.runs} runs, interleaved; load average {os.getloadavg()[0]:.1f}; "
          "min / median / max")
    for name, rows in results.items():
        print(f"  {name:<6} model load: kept {spread([r['kept'] for r in rows], 1)} MiB, "
              f"peak {spread([r['peak'] for r in rows], 1)} MiB, "
              f"{spread([r['load_s'] * 1000 for r in rows], 0)} ms; "
              f"predict CPP dev CPU {spread([r['cpu'] for r in rows], 3)} s")


if __name__ == "__main__":
    main()
