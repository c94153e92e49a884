"""Start-up and memory against baselines that import nothing from the reader (issue O).

    python benchmarks/bench_startup.py [--runs 5] [--parts first-paint,session,convert,stall]
                                       [--session-runs N] [--src OTHER_CHECKOUT/src]

CI runs ``--runs 3 --session-runs 1 --parts first-paint,convert,session`` (about 30 s) and
prints the ratios; nothing fails on a figure.

Each figure is a whole fresh process (offscreen), the reader's and its baseline's interleaved
run by run so that machine noise hits both alike; min / median / max and the ratio of medians
are printed, with each child's peak RSS (``ru_maxrss`` from ``wait4``: the child itself only).

* ``first-paint``: ``reader --smoke-test --first-paint-only`` (start, import the bundled article
  through the pipeline, open the notes database, window, first paint, exit) against a bare
  PySide6 QTextBrowser that reads the same file itself and quits at its first paint
  (``../shared/bench/bare_qtextbrowser.py``, or the copy below when it is absent);
* ``session``: the full ``reader --smoke-test`` (Simplified, context readings, the dictionary, a
  highlight) on a warm cache, peak RSS against the bare QTextBrowser; the first run of all, on
  an empty cache folder, is reported apart (it builds the dictionary index, once per machine);
* ``convert``: ``reader convert --to simplified`` of the imported article repeated to 641,235
  characters against OpenCC's own Python call (``t2s``) on the same file, both to /dev/null;
* ``stall``: the real window's start (``run_gui``'s order: window, document, first paint, then
  the panels and the background work; ``startup_stall.py``) with a 1-ms heartbeat: its first
  paint, the longest gap on the GUI thread from the first paint until readings, dictionary and
  coverage are done (and 1 s more), the longest stretch the GUI thread itself was on a CPU, and
  the two longest gaps of each run with where the GUI thread was (10-ms stack samples).

``--src`` measures another checkout's reader (``git archive COMMIT src resources | tar -x -C
/tmp/before``; its ``resources`` beside its ``src``), e.g. the code before a change.
The children run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` dropped, one unmeasured
warm-up each), as an installed app runs. The cache folder is a temporary one per invocation.
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

ROOT = Path(__file__).resolve().parents[1]
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
OPENCC = r"""
import sys
import opencc
with open(sys.argv[1], encoding="utf-8") as f:
    text = f.read()
sys.stdout.write(opencc.OpenCC("t2s").convert(text))
"""
PARTS = ("first-paint", "session", "convert", "stall")


def run(cmd: list[str], env: dict[str, str], stdout: int | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out if stdout is None else stdout,
                                stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{tail}")
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    return wall, usage.ru_maxrss / 1024, text


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    v = sorted(values)
    return " / ".join(fmt.format(x) for x in (v[0], statistics.median(v), v[-1]))


def compare(name: str, runs: int, app: list[str], base: list[str], env: dict[str, str],
            base_name: str, stdout: int | None = None, warm_app: bool = True,
            ) -> dict[str, list[float]]:
    """Interleaved runs (one warm-up of each first); prints the figures and ratios."""
    if warm_app:
        run(app, env, stdout)
    run(base, env, stdout)
    got: dict[str, list[float]] = {"app_s": [], "app_mib": [], "base_s": [], "base_mib": []}
    for _ in range(runs):
        wall, rss, _out = run(app, env, stdout)
        got["app_s"].append(wall)
        got["app_mib"].append(rss)
        wall, rss, _out = run(base, env, stdout)
        got["base_s"].append(wall)
        got["base_mib"].append(rss)
    med = {k: statistics.median(v) for k, v in got.items()}
    print(f"== {name} ({runs} interleaved runs; min / median / max)")
    print(f"  reader        {spread(got['app_s'])} s   peak RSS {spread(got['app_mib'], '{:.0f}')} MiB")
    print(f"  {base_name:<13} {spread(got['base_s'])} s   peak RSS "
          f"{spread(got['base_mib'], '{:.0f}')} MiB")
    print(f"  ratio of medians: time {med['app_s'] / med['base_s']:.2f}x, "
          f"peak RSS {med['app_mib'] / med['base_mib']:.2f}x")
    return got


def first_paint(runs: int, env: dict[str, str], tmp: Path, bare: list[str]) -> None:
    app = [sys.executable, "-m", "reader", "--smoke-test", "--first-paint-only",
           "--db", str(tmp / "first.sqlite3")]
    compare("start -> first paint, whole process (goal <= 1.5x, RSS <= 1.5x)", runs, app, bare,
            env, "bare browser")


def session(runs: int, env: dict[str, str], tmp: Path, bare: list[str]) -> None:
    app = [sys.executable, "-m", "reader", "--smoke-test", "--db", str(tmp / "session.sqlite3")]
    cold = dict(env, XDG_CACHE_HOME=str(tmp / "cold-cache"))
    wall, rss, out = run(app, cold)
    timings = json.loads(out.strip().splitlines()[-1])
    print(f"== full smoke test, first run on an empty cache (builds the dictionary index and "
          f"the word model): {wall:.2f} s, peak RSS {rss:.0f} MiB; its steps: "
          + ", ".join(f"{k} {v}" for k, v in timings.items() if k.endswith("_s")))
    warm = dict(env, XDG_CACHE_HOME=cold["XDG_CACHE_HOME"])  # the cold run was the warm-up
    compare("full smoke test, warm cache (goal: RSS <= 2x bare)", runs, app, bare, warm,
            "bare browser", warm_app=False)


def convert(runs: int, env: dict[str, str], tmp: Path, src: Path) -> None:
    big = tmp / "article-x217.txt"
    make = ("import sys; from reader.text.importer import bundled_article; "
            "open(sys.argv[1], 'w', encoding='utf-8').write(bundled_article().text * 217)")
    subprocess.run([sys.executable, "-c", make, str(big)], env=env, check=True)
    app = [sys.executable, "-m", "reader", "convert", "--to", "simplified", str(big)]
    base = [sys.executable, "-c", OPENCC, str(big)]
    compare("reader convert --to simplified, 641,235 characters (goal <= 1.5x)", runs, app, base,
            env, "OpenCC alone", stdout=subprocess.DEVNULL)


def stall(runs: int, env: dict[str, str], tmp: Path) -> None:
    longest: list[float] = []
    busy: list[float] = []
    paint: list[float] = []
    worst: list[str] = []
    for i in range(runs + 1):
        cmd = [sys.executable, str(Path(__file__).with_name("startup_stall.py")),
               "--db", str(tmp / "stall.sqlite3")]
        _wall, _rss, out = run(cmd, env)
        result = json.loads(out.strip().splitlines()[-1])
        if i == 0:
            continue  # warm-up: the word model and the dictionary index are built
        longest.append(result["longest_ms"])
        busy.append(result["gui_cpu_ms"])
        paint.append(result["first_paint_s"] or float("nan"))
        worst.extend(f"{ms:.0f} ms: {where}" for ms, where in result["worst"][:2])
    print(f"== GUI stalls after the first paint, real window ({runs} runs; goal <= 50 ms)")
    print(f"  real window's first paint (process age)   {spread(paint)} s")
    print(f"  longest gap between heartbeats            {spread(longest, '{:.0f}')} ms")
    print(f"  longest stretch of the GUI thread on CPU  {spread(busy, '{:.0f}')} ms")
    for line in worst[: 2 * runs]:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--session-runs", type=int, default=None,
                        help="runs of the full smoke test (default: --runs)")
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="the src folder of the reader to measure (default: this checkout)")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated, of: {', '.join(PARTS)}")
    args = parser.parse_args()
    parts = [p for p in args.parts.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as name:
        tmp = Path(name)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp / "cache"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        src = args.src.resolve()
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(src), os.environ.get("PYTHONPATH", "")) if p
        )
        if SHARED_BARE.exists():
            bare = [sys.executable, str(SHARED_BARE), str(ARTICLE)]
        else:
            bare = [sys.executable, "-c", BARE, str(ARTICLE)]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"bench_startup: {time.strftime('%Y-%m-%d %H:%M')}, load average {load:.1f}, "
              f"{os.cpu_count()} CPUs; reader from {src}; "
              f"baseline {bare[1] if bare[1] != '-c' else 'inline copy'}")
        if "first-paint" in parts:
            first_paint(args.runs, env, tmp, bare)
        if "session" in parts:
            session(args.session_runs or args.runs, env, tmp, bare)
        if "convert" in parts:
            convert(args.runs, env, tmp, src)
        if "stall" in parts:
            stall(args.runs, env, tmp)
        if hasattr(os, "getloadavg"):
            print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
