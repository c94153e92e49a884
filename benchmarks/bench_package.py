"""Packaging figures for benchmarks/notes_G.md: build, size, start-up and memory of the bundle.

    .venv/bin/python benchmarks/bench_package.py              # lean + default build, 5 runs each
    .venv/bin/python benchmarks/bench_package.py --skip-default --runs 3
    .venv/bin/python benchmarks/bench_package.py --binary dist/reader/reader   # no build

Builds into a temporary folder with packaging/build.py (the lean spec, and the untrimmed
"default" variant for comparison), then runs ``reader --smoke-test`` offscreen RUNS times from
the bundle and RUNS times from the venv (``python -m reader``), alternating, one child process
per run. Per run: the smoke test's own JSON (first_paint_s counts from process start),
the wall time of the whole process, and its peak RSS from os.wait4's rusage (ru_maxrss of that
child only). Prints medians as a table and one JSON line.
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

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "packaging" / "build.py"


def build(variant: str, out: Path) -> dict[str, object]:
    report = out / f"{variant}.json"
    subprocess.run(
        [sys.executable, str(BUILD), "--variant", variant, "--distpath", str(out / variant),
         "--workpath", str(out / f"work-{variant}"), "--json", str(report)],
        check=True, stdout=subprocess.DEVNULL,
    )
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def run_once(cmd: list[str]) -> dict[str, float]:
    """One smoke test in its own child: its JSON, wall seconds and peak RSS (MiB)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp, open(
        Path(tmp) / "out.txt", "w+b"
    ) as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*cmd, "--smoke-test", "--db", str(Path(tmp) / "a.db")],
            stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=tmp,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").split("\n")
    if proc.returncode != 0:
        raise SystemExit(f"{cmd}: exit status {proc.returncode}")
    result = json.loads([line for line in lines if line.strip()][-1])
    return {
        "first_paint_s": float(result["first_paint_s"]),
        "wall_s": wall,
        "max_rss_mib": usage.ru_maxrss / 1024,  # Linux: kilobytes
    }


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(statistics.median(r[key] for r in runs), 3) for key in runs[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, help="measure this bundle, build nothing")
    parser.add_argument("--skip-default", action="store_true", help="no untrimmed build")
    args = parser.parse_args(argv)

    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="reader-bench-build-") as tmp:
        out = Path(tmp)
        if args.binary is None:
            if not args.skip_default:
                report["default"] = build("default", out)
            report["lean"] = build("lean", out)
            binary = out / "lean" / "reader" / "reader"
        else:
            binary = args.binary.resolve()
        frozen_cmd = [str(binary)]
        venv_cmd = [sys.executable, "-m", "reader"]
        run_once(frozen_cmd), run_once(venv_cmd)  # warm the page cache, not counted
        frozen: list[dict[str, float]] = []
        venv: list[dict[str, float]] = []
        for _ in range(args.runs):
            frozen.append(run_once(frozen_cmd))
            venv.append(run_once(venv_cmd))
    report["frozen"] = medians(frozen)
    report["venv"] = medians(venv)
    report["runs"] = args.runs
    ratio = {k: round(report["frozen"][k] / report["venv"][k], 2) for k in report["venv"]}  # type: ignore[index]
    report["frozen_over_venv"] = ratio

    for variant in ("default", "lean"):
        if variant in report:
            b = report[variant]
            print(f"{variant:8} build {b['build_s']:5.1f} s  {b['size_mib']:6.1f} MiB  "  # type: ignore[index]
                  f"{b['files']} files")  # type: ignore[index]
    print(f"{'':8} {'first paint s':>14} {'wall s':>8} {'peak RSS MiB':>13}   (median of {args.runs})")
    for name in ("frozen", "venv", "frozen_over_venv"):
        m = report[name]
        print(f"{name[:8]:8} {m['first_paint_s']:14.3f} {m['wall_s']:8.3f} {m['max_rss_mib']:13.1f}")  # type: ignore[index]
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
