"""Packaging figures for benchmarks/notes_G.md: build, size, start-up and memory of the bundle.

    .venv/bin/python benchmarks/bench_package.py              # lean + default build, 5 runs each
    .venv/bin/python benchmarks/bench_package.py --skip-default --runs 3
    .venv/bin/python benchmarks/bench_package.py --binary dist/reader/reader   # no build

Builds into a temporary folder with packaging/build.py (the lean spec, and the untrimmed
"default" variant for comparison), then runs ``reader --smoke-test`` offscreen from the bundle
("frozen") and from the venv (``python -m reader``), one child process per run, RUNS times in
each of two cache states, interleaved (frozen cold, venv cold, frozen warm, venv warm, ...):

* cold: an empty ``XDG_CACHE_HOME``, i.e. a first run that builds the CC-CEDICT index;
* warm: a cache folder kept across runs (one per side: the index records the data file's
  mtime, which differs between the bundle's copy and the venv's).

Per run: the smoke test's own JSON (first_paint_s counts from process start; total_s from
main() to the end of the smoke test), the wall time of the whole process, and its peak RSS
from os.wait4's rusage (ru_maxrss of that child only). Prints medians as a table and one JSON
line.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "packaging" / "build.py"
KEYS = ("first_paint_s", "readings_s", "dictionary_s", "total_s", "wall_s", "max_rss_mib")


def build(variant: str, out: Path) -> dict[str, object]:
    report = out / f"{variant}.json"
    subprocess.run(
        [
            sys.executable,
            str(BUILD),
            "--variant",
            variant,
            "--distpath",
            str(out / variant),
            "--workpath",
            str(out / f"work-{variant}"),
            "--json",
            str(report),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def run_once(cmd: list[str], cache: Path | None) -> dict[str, float]:
    """One smoke test in its own child: its JSON, wall seconds and peak RSS (MiB).

    ``cache``: the XDG_CACHE_HOME to use, or None for a fresh empty one (a first run).
    """
    with (
        tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp,
        open(Path(tmp) / "out.txt", "w+b") as out,
    ):
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            XDG_CACHE_HOME=str(cache or Path(tmp) / "cache"),
            XDG_DATA_HOME=str(Path(tmp) / "data"),
            XDG_CONFIG_HOME=str(Path(tmp) / "config"),
        )
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, "--smoke-test", "--db", str(Path(tmp) / "a.db")],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=tmp,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").split("\n")
    if proc.returncode != 0:
        raise SystemExit(f"{cmd}: exit status {proc.returncode}: {lines}")
    result = json.loads([line for line in lines if line.strip()][-1])
    return {
        **{key: float(result[key]) for key in KEYS[:4]},
        "wall_s": wall,
        "max_rss_mib": usage.ru_maxrss / 1024,  # Linux: kilobytes
    }


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def ratios(frozen: dict[str, float], venv: dict[str, float]) -> dict[str, float]:
    return {k: round(frozen[k] / venv[k], 2) if venv[k] else 0.0 for k in venv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, help="measure this bundle, build nothing")
    parser.add_argument("--skip-default", action="store_true", help="no untrimmed build")
    args = parser.parse_args(argv)

    report: dict[str, Any] = {}
    sides: dict[str, list[str]] = {}
    runs: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="reader-bench-build-") as tmp:
        out = Path(tmp)
        if args.binary is None:
            if not args.skip_default:
                report["default"] = build("default", out)
            report["lean"] = build("lean", out)
            binary = out / "lean" / "reader" / "reader"
        else:
            binary = args.binary.resolve()
        sides["frozen"] = [str(binary)]
        sides["venv"] = [sys.executable, "-m", "reader"]
        caches = {side: out / f"cache-{side}" for side in sides}
        for side, cmd in sides.items():  # warm the page cache and build the warm caches
            run_once(cmd, caches[side])
        for _ in range(args.runs):
            for state in ("cold", "warm"):
                for side, cmd in sides.items():
                    cache = caches[side] if state == "warm" else None
                    runs.setdefault(f"{side}_{state}", []).append(run_once(cmd, cache))
    for state in ("cold", "warm"):
        frozen, venv = medians(runs[f"frozen_{state}"]), medians(runs[f"venv_{state}"])
        report[state] = {"frozen": frozen, "venv": venv, "frozen_over_venv": ratios(frozen, venv)}
    report["runs"] = args.runs

    for variant in ("default", "lean"):
        if variant in report:
            b = report[variant]
            print(
                f"{variant:8} build {b['build_s']:5.1f} s  {b['size_mib']:6.1f} MiB  {b['files']} files"
            )
    header = "".join(f"{k:>14}" for k in KEYS)
    for state in ("cold", "warm"):
        print(f"{state + ' cache':16}{header}   (median of {args.runs})")
        table = report[state]
        for name, label in (
            ("frozen", "frozen"),
            ("venv", "venv"),
            ("frozen_over_venv", "frozen/venv"),
        ):
            row = table[name]
            print(f"  {label:14}" + "".join(f"{row[k]:14.3f}" for k in KEYS))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
