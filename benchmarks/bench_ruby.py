"""Ruby (pinyin above characters) on a 640k-character document: frame times while scrolling.

Run (offscreen; a CJK font installed, as CI has fonts-noto-cjk):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ruby.py [--passes 5]

The document, the window and the timing are bench_ui.py's (section 3): page steps from 5 %,
45 % and 85 % of the document, each step timed from ``setValue`` to the end of a forced
synchronous repaint. A *pass* is those 3 × ``--steps`` frames; the figures are each pass's
median and p95, then the min / median / max of those over ``--passes`` passes. Besides wall
time, every frame's CPU time of this process (``time.process_time``) is kept: on a machine
shared with other jobs the wall time mostly measures the others, the CPU time does not.
The first pass after turning ruby on pays for the cells of every block it meets (formats are
set as blocks come into view); later passes find them set.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ui as ui  # noqa: E402


def frames(window: ui.MainWindow, steps: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each page step from three places in the document."""
    bar = window.view.verticalScrollBar()
    wall: list[float] = []
    cpu: list[float] = []
    for fraction in (0.05, 0.45, 0.85):
        bar.setValue(int(bar.maximum() * fraction))
        ui.repaint(window)
        for _ in range(steps):
            t, c = time.perf_counter(), time.process_time()
            bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            ui.repaint(window)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    return wall, cpu


def summary(passes: list[list[float]]) -> dict[str, object]:
    medians = [statistics.median(p) * 1000 for p in passes]
    p95s = [ui.pct(p, 0.95) * 1000 for p in passes]
    return {
        "median_ms": [round(min(medians), 2), round(statistics.median(medians), 2),
                      round(max(medians), 2)],
        "p95_ms": [round(min(p95s), 2), round(statistics.median(p95s), 2), round(max(p95s), 2)],
        "frames_per_pass": len(passes[0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    ui.qInstallMessageHandler(ui._quiet)
    application = ui.make_application(["bench_ruby"])
    ui.apply_theme(application, "light")
    results: dict[str, object] = {"platform": application.platformName()}
    with tempfile.TemporaryDirectory(prefix="reader-bench-ruby-") as name:
        tmp = Path(name)
        path = tmp / "long.txt"
        ui.build_long_text(path)
        window = ui.make_window(tmp, "ruby")
        window.open_bundled()
        ui.settle(window)
        assert window.open_path(str(path))
        ui.wait_until(lambda: getattr(window, "opening", None) is None, 120)  # read on the runner
        ui.repaint(window)
        ui.settle(window)
        assert ui.wait_until(lambda: window.aids.readings.readings is not None, 300)
        frames(window, 5)  # lay out the three places once
        off = [frames(window, args.steps) for _ in range(2)]
        t = time.perf_counter()
        window.aids.ruby_action.setChecked(True)
        ui.repaint(window)
        results["ruby_on_ms"] = round((time.perf_counter() - t) * 1000, 1)
        on = [frames(window, args.steps) for _ in range(args.passes)]
        results["ruby_off_wall"] = summary([w for w, _ in off])
        results["ruby_off_cpu"] = summary([c for _, c in off])
        results["ruby_on_wall"] = summary([w for w, _ in on])
        results["ruby_on_cpu"] = summary([c for _, c in on])
        results["ruby_on_first_pass_wall_median_ms"] = round(statistics.median(on[0][0]) * 1000, 2)
        ui.close_window(window)
    for key, value in results.items():
        print(f"  {key}: {value}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
