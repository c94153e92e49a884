"""Start-up: `reader --smoke-test --first-paint-only` against a bare PySide6 QTextBrowser
showing the same article (both: start, show the text, first paint, exit). The baseline is
../shared/bench/bare_qtextbrowser.py: it imports nothing of the reader and reads the file
itself (the reader also decodes and cleans it, which is part of what it costs).

Run: ``python benchmarks/bench_startup.py [runs]`` (default 5). Each run is a fresh process,
offscreen; whole-process wall time, the app's own first-paint figure, and peak RSS
(ru_maxrss of the child) are reported (wall time as min/median/max). Alternates the two programs so that
machine noise hits both alike.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The shared baseline (imports nothing from the project, reads the file itself); a copy of it
#: below for checkouts without ../shared.
SHARED_BARE = ROOT.parent / "shared" / "bench" / "bare_qtextbrowser.py"
ARTICLE = ROOT / "resources" / "000_ebd123fbead4c496.txt"
BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser
app = QApplication(sys.argv)
browser = QTextBrowser()
with open(sys.argv[1], encoding="utf-8") as f:
    browser.setPlainText(f.read())
browser.resize(1000, 760)
class QuitOnFirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
watch = QuitOnFirstPaint()
browser.viewport().installEventFilter(watch)
browser.show()
sys.exit(app.exec())
"""


def _run(cmd: list[str]) -> tuple[float, int, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - t0
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, proc.stdout


def _peak_of(cmd: list[str]) -> tuple[float, int, str]:
    """Run in a fresh intermediate process so ru_maxrss is this child's own peak."""
    driver = (
        "import resource, subprocess, sys, time, os, json;"
        "t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:], capture_output=True, text=True,"
        " env=dict(os.environ, QT_QPA_PLATFORM='offscreen'));"
        "w=time.perf_counter()-t;"
        "print(json.dumps([w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " p.stdout, p.returncode]))"
    )
    out = subprocess.run([sys.executable, "-c", driver, *cmd], capture_output=True, text=True)
    wall, rss, stdout, code = json.loads(out.stdout)
    if code != 0:
        raise SystemExit(f"{cmd} failed with {code}")
    return wall, rss, stdout


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        app_cmd = [sys.executable, "-m", "reader", "--smoke-test", "--first-paint-only",
                   "--db", str(Path(tmp) / "s.db")]
        if SHARED_BARE.exists():
            bare_cmd = [sys.executable, str(SHARED_BARE), str(ARTICLE)]
        else:
            bare_cmd = [sys.executable, "-c", BARE, str(ARTICLE)]
        app, bare, paints = [], [], []
        for _ in range(runs):
            wall, rss, out = _peak_of(app_cmd)
            app.append((wall, rss))
            paints.append(json.loads(out.strip().splitlines()[-1]))
            wall, rss, _ = _peak_of(bare_cmd)
            bare.append((wall, rss))
    app_wall = statistics.median(w for w, _ in app)
    bare_wall = statistics.median(w for w, _ in bare)
    print(f"runs: {runs} (interleaved); baseline: {' '.join(bare_cmd[1:2])}")
    for name, runs_ in (("reader", app), ("bare", bare)):
        walls = sorted(w for w, _ in runs_)
        print(f"  {name:<7} min/median/max {walls[0]:.3f} / {statistics.median(walls):.3f} / "
              f"{walls[-1]:.3f} s")
    print(f"reader --smoke-test  whole process  median {app_wall:.3f} s   "
          f"peak RSS median {statistics.median(r for _, r in app) / 1024:.0f} MiB")
    print(f"bare QTextBrowser    whole process  median {bare_wall:.3f} s   "
          f"peak RSS median {statistics.median(r for _, r in bare) / 1024:.0f} MiB")
    print(f"ratio (goal <= 1.5x): {app_wall / bare_wall:.2f}x")
    keys = sorted({k for p in paints for k, v in p.items() if isinstance(v, int | float)})
    for key in keys:
        values = [p[key] for p in paints if key in p]
        print(f"  smoke-test {key}: median {statistics.median(values):.4f}")


if __name__ == "__main__":
    main()
