"""Long documents (issue O): the 640k script switch with every layer on, peak memory of a
3M-character document, and the readings of 600k characters with and without a busy core.

Run (from the repository root)::

    PYTHONPATH=src QT_QPA_PLATFORM=offscreen python benchmarks/bench_long.py switch [--rounds 5]
    PYTHONPATH=src QT_QPA_PLATFORM=offscreen python benchmarks/bench_long.py memory [--rounds 3] [--trace]
    PYTHONPATH=src python benchmarks/bench_long.py readings [--rounds 3]

Each part interleaves the reader with its baseline, round by round, and prints min / median /
max. A "before" figure is the same command with ``PYTHONPATH`` pointing at an older checkout's
``src`` (``git archive <commit> src | tar -x -C /tmp/before``).

* ``switch``: the bundled article's source repeated to 640,000 characters (its inline readings
  give the audit marks), opened in a main window over a temporary store holding 1,000
  highlights, glossary underlines on. The first switch to Simplified (conversion cache
  emptied), then cached switches Original ↔ Simplified, each until painted, with the longest
  gap of a 1-ms heartbeat from the call until 300 ms after the paint and the document laid out
  to its end (and how long that took). Baseline: a bare QTextEdit (a fresh process that
  imports nothing of the reader) swapping the same two texts with ``setPlainText`` and a
  repaint, 1.5 s apart (its lazy layout done in between, as the reader's is). "CPU" is the GUI thread's own time (``time.thread_time``) from the call until
  painted: on a busy machine it says more than the wall time.
* ``memory``: 3,000,000 characters (the article repeated). The reader: a fresh process opens
  the file in a main window, waits until the readings, the glossary scan and the other workers
  are done, switches to Simplified and waits again; peak RSS (ru_maxrss). Baseline: a fresh
  process showing the same file in a QTextBrowser, left idle until Qt has laid it out to its
  end (its scroll bar's range steady for 0.5 s, as the reader is measured once idle), painted. With
  ``--trace`` the reader's RSS is sampled every 20 ms and its peak printed with the workers
  running at that moment, and a line each time the running workers change.
* ``readings``: ``compute_readings`` on 600,000 characters (the article repeated, and CPP dev's
  sentences when ``../shared/data`` is there), each in a fresh process after the model is
  loaded; rounds alternate an idle machine with one where another process spins on a core.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from as_the_app import after_first_paint

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "resources" / "000_ebd123fbead4c496.txt"
DEV_SENT = ROOT.parent / "shared" / "data" / "cpp-dev" / "dev.sent"
SWITCH_CHARS = 640_000
MEMORY_CHARS = 3_000_000
READING_CHARS = 600_000


def spread(values: list[float], scale: float = 1000.0, digits: int = 0) -> str:
    ordered = sorted(values)
    return " / ".join(
        f"{v * scale:,.{digits}f}" for v in (ordered[0], statistics.median(ordered), ordered[-1])
    )


def repeated(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


def child(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``code`` in a fresh Python; its last stdout line is a JSON object of figures."""
    driver = (
        "import json, resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(p.stderr[-3000:] if p.returncode else '')\n"
        "print(json.dumps([p.returncode, p.stdout,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
    )
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    out = subprocess.run(
        [sys.executable, "-c", driver, sys.executable, "-c", code, *args],
        capture_output=True, text=True, env=full_env, check=True,
    )
    code_, stdout, peak_kib = json.loads(out.stdout)
    if code_ != 0:
        raise SystemExit(f"child failed ({code_}): {out.stderr}")
    *lines, last = stdout.strip().splitlines()
    if lines:  # what the child told besides its figures (memory --trace)
        print("\n".join(lines))
    figures: dict[str, float] = json.loads(last)
    figures["peak_mib"] = peak_kib / 1024
    return figures


# ------------------------------------------------------------------------------------ switch
BARE_SWITCH = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication, QTextEdit
app = QApplication([])
texts = [open(p, encoding="utf-8").read() for p in sys.argv[1:3]]
rounds = int(sys.argv[3])
view = QTextEdit()
view.setReadOnly(True)
view.resize(1000, 760)
view.show()
view.setPlainText(texts[0])
app.processEvents()
view.viewport().repaint()
times, cpu = [], []
for k in range(2 * rounds):
    c = time.thread_time()
    t = time.perf_counter()
    view.setPlainText(texts[(k + 1) % 2])
    app.processEvents()
    view.viewport().repaint()
    times.append(time.perf_counter() - t)
    cpu.append(time.thread_time() - c)
    done = time.perf_counter() + 1.5  # Qt lays out the rest of the text, as in the reader
    while time.perf_counter() < done:
        app.processEvents()
        time.sleep(0.005)
print(json.dumps({"switch": times, "cpu": cpu}))
"""


def switch_part(rounds: int, profile: bool = False) -> None:
    gc_passes: list[float] = []  # Python's full collections (they hold the GIL), ms
    gc_started: list[float] = []

    def full_passes(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                gc_started[:] = [time.perf_counter()]
            elif gc_started:
                gc_passes.append((time.perf_counter() - gc_started[0]) * 1000)

    os.environ.setdefault(
        "XDG_CACHE_HOME", os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache")
    )
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    import reader
    from reader.language.scripts.script import Script
    from reader.storage.files.opening import open_store
    from reader.ui.app.launch import make_application
    from reader.ui.common.settings import Settings
    from reader.ui.window.main_window import MainWindow

    app = QApplication.instance() or make_application(["bench_long"])
    try:  # any lane busy (the long work has a pool of its own since the runner's lanes)
        from reader.ui.common.worker import busy
    except ImportError:  # a checkout before them: one pool, Qt's global one

        def busy() -> bool:
            return bool(QThreadPool.globalInstance().activeThreadCount())
    print(f"reader from {Path(reader.__file__).parent}; load {os.getloadavg()[0]:.1f}")

    def run_until(done: object, limit: float = 600.0) -> None:
        loop = QEventLoop()
        deadline = time.perf_counter() + limit
        check = QTimer()
        check.setInterval(5)
        check.timeout.connect(
            lambda: (done() or time.perf_counter() > deadline) and loop.quit()  # type: ignore[operator]
        )
        check.start()
        loop.exec()
        check.stop()

    def settle(seconds: float = 0.5) -> None:
        quiet = [time.perf_counter()]

        def idle() -> bool:
            if busy():
                quiet[0] = time.perf_counter()
            return time.perf_counter() - quiet[0] > seconds

        run_until(idle)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from reader.text.importer import bundled_article

        copies = SWITCH_CHARS // len(bundled_article().text) + 1  # the text as imported
        path = folder / "long.txt"
        path.write_text("\n".join([ARTICLE.read_text(encoding="utf-8")] * copies), "utf-8")
        store = open_store(folder / "reader.sqlite3", backup_on_open=False).store
        settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, store)
        window.resize(1000, 760)
        window.show()
        assert window.open_path(str(path))
        from reader.ui.app.panels import start_panels

        # as the app does after the first paint (where the checkout has it): the GIL's switch
        # interval, the loaded tables out of the GC's full passes, the aids and panels
        after_first_paint()
        gc.callbacks.append(full_passes)
        start_panels(window)
        settle(1.0)
        document_id = window.document_id
        assert document_id is not None and window.document is not None
        text = window.document.text
        step = len(text) // 1000
        for k in range(1000):
            start = k * step + 7
            store.operations.add_highlight(document_id, start, start + 3, "yellow")
        settle(1.0)
        layers = {name: len(window.view.layer(name)) for name in ("glossary", "highlights", "audit")}
        print(f"{len(text):,} characters; layers {layers}")
        window.set_script(Script.SIMPLIFIED)
        run_until(lambda: window.script is Script.SIMPLIFIED)
        settle(1.0)
        texts = {}
        for script in (Script.ORIGINAL, Script.SIMPLIFIED):
            texts[script] = window.current.conversions.peek(window.document.sha256, script)
        files = []
        for script in (Script.ORIGINAL, Script.SIMPLIFIED):
            conversion = texts[script]
            file = folder / f"{script.value}.txt"
            file.write_text(conversion.text if conversion else text, encoding="utf-8")
            files.append(str(file))

        ticks: list[float] = []
        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(1)
        heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
        gui_cpu: list[tuple[float, float]] = []  # (wall, the GUI thread's CPU time) per beat
        heartbeat.timeout.connect(lambda: gui_cpu.append((time.perf_counter(), time.thread_time())))

        cpu: list[float] = []
        laid_out: list[float] = []  # from the call until the document's layout ended
        after_paint: list[float] = []  # the longest gap after the paint
        after_cpu: list[float] = []  # the GUI thread's longest CPU time between beats after it

        def switch(script: Script) -> tuple[float, float]:
            heartbeat.start()
            run_until(lambda: len(ticks) > 20)
            gui_cpu.clear()
            c0 = time.thread_time()
            t0 = time.perf_counter()
            window.set_script(script)
            if window.script is not script:
                run_until(lambda: window.script is script)
            app.processEvents()
            window.view.viewport().repaint()
            elapsed = time.perf_counter() - t0
            cpu.append(time.thread_time() - c0)
            document = window.view.document()
            laid_out_at = [0.0]

            def watched() -> bool:  # 300 ms after the paint, and until the layout ended
                if not laid_out_at[0] and document.lastBlock().layout().lineCount() > 0:
                    laid_out_at[0] = time.perf_counter() - t0
                return bool(laid_out_at[0]) and time.perf_counter() - t0 > elapsed + 0.3

            run_until(watched)
            heartbeat.stop()
            laid_out.append(laid_out_at[0])
            beats = [t0] + [t for t in ticks if t > t0]
            painted = [t0 + elapsed] + [t for t in ticks if t > t0 + elapsed]
            after_paint.append(max(b - a for a, b in zip(painted, painted[1:], strict=False)))
            # the GUI thread's own time between two beats after the paint: its work, not the
            # waits of a busy machine
            cpu_beats = [c for w, c in gui_cpu if w > t0 + elapsed]
            after_cpu.append(max(b - a for a, b in zip(cpu_beats, cpu_beats[1:], strict=False)))
            ticks.clear()
            gui_cpu.clear()
            return elapsed, max(b - a for a, b in zip(beats, beats[1:], strict=False))

        if profile:
            import cProfile
            import pstats

            switch(Script.ORIGINAL)
            settle()
            profiler = cProfile.Profile(time.thread_time)  # CPU time: waits do not count
            profiler.enable()
            switch(Script.SIMPLIFIED)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        first, first_gap, cached, cached_gap, bare = [], [], [], [], []
        first_laid, cached_laid, first_after, cached_after = [], [], [], []
        first_after_cpu, cached_after_cpu = [], []
        cpu.clear()
        cached_cpu: list[float] = []
        bare_cpu: list[float] = []
        for _ in range(rounds):
            switch(Script.ORIGINAL)
            settle()
            window.current.conversions.forget(window.document.sha256)
            e, g = switch(Script.SIMPLIFIED)
            first.append(e)
            first_gap.append(g)
            first_laid.append(laid_out[-1])
            first_after.append(after_paint[-1])
            first_after_cpu.append(after_cpu[-1])
            settle()
            for script in (Script.ORIGINAL, Script.SIMPLIFIED):
                e, g = switch(script)
                cached.append(e)
                cached_gap.append(g)
                cached_cpu.append(cpu[-1])
                cached_laid.append(laid_out[-1])
                cached_after.append(after_paint[-1])
                cached_after_cpu.append(after_cpu[-1])
                settle()
            figures = child(BARE_SWITCH, *files, "1")
            bare += figures["switch"]
            bare_cpu += figures["cpu"]
        layers = {name: len(window.view.layer(name)) for name in ("glossary", "highlights", "audit")}
        print(f"layers at the end {layers}; load {os.getloadavg()[0]:.1f}")
        print(f"rounds: {rounds}, interleaved; ms, min / median / max")
        print(f"  first switch to Simplified → painted   {spread(first)}")
        print(f"    longest GUI stall (+300 ms, laid out) {spread(first_gap)}")
        print(f"      longest after the paint             {spread(first_after)}")
        print(f"      GUI thread busy between beats (CPU) {spread(first_after_cpu)}")
        print(f"    laid out to the end                   {spread(first_laid)}")
        print(f"  cached switch → painted                 {spread(cached)}")
        print(f"    longest GUI stall (+300 ms, laid out) {spread(cached_gap)}")
        print(f"      longest after the paint             {spread(cached_after)}")
        print(f"      GUI thread busy between beats (CPU) {spread(cached_after_cpu)}")
        print(f"    laid out to the end                   {spread(cached_laid)}")
        print(f"    GUI thread's CPU time until painted   {spread(cached_cpu)}")
        print(f"  bare QTextEdit setPlainText + repaint   {spread(bare)}")
        print(f"    its CPU time                          {spread(bare_cpu)}")
        passes = gc_passes or [0.0]
        print(f"  Python's full GC passes from the open: {len(gc_passes)}, ms {spread(passes, scale=1)}")
        window.close()
        settle(0.1)
        store.close()


# ------------------------------------------------------------------------------------ memory
READER_MEMORY = r"""
import json, os, sys, tempfile, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QThreadPool, QTimer
from reader.language.scripts.script import Script
from reader.ui.app.launch import make_application
from reader.ui.common.settings import Settings
from reader.ui.window.main_window import MainWindow
app = make_application(["bench_long"])
try:  # any lane busy (the long work has a pool of its own since the runner's lanes)
    from reader.ui.common.worker import busy
except ImportError:  # a checkout before them: one pool, Qt's global one
    def busy():
        return bool(QThreadPool.globalInstance().activeThreadCount())
if os.environ.get("BENCH_LONG_TRACE"):  # --trace: RSS sampled with the workers running then
    import threading
    from reader.ui.common import worker
    running, samples, page = {}, [], os.sysconf("SC_PAGE_SIZE") / 2**20
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page
    original_start = worker.BackgroundRunner.start
    def traced_start(self, key, work, *rest, **kw):
        def traced(progress, work=work, key=key):
            running[key] = running.get(key, 0) + 1
            try:
                return work(progress)
            finally:
                running[key] -= 1
        return original_start(self, key, traced, *rest, **kw)
    worker.BackgroundRunner.start = traced_start
    def sample():
        while True:
            samples.append((time.perf_counter(), rss(), sorted(k for k, n in running.items() if n)))
            time.sleep(0.02)
    threading.Thread(target=sample, daemon=True).start()
def run_until(done, limit=900.0):
    loop = QEventLoop(); deadline = time.perf_counter() + limit; check = QTimer()
    check.setInterval(5)
    check.timeout.connect(lambda: (done() or time.perf_counter() > deadline) and loop.quit())
    check.start(); loop.exec(); check.stop()
def settle(seconds=1.0):
    quiet = [time.perf_counter()]
    def idle():
        if busy():
            quiet[0] = time.perf_counter()
        return time.perf_counter() - quiet[0] > seconds
    run_until(idle)
folder = Path(tempfile.mkdtemp())
window = MainWindow(Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)), None)
window.resize(1000, 760); window.show(); window.aids.start()
t0 = time.perf_counter()
assert window.open_path(sys.argv[1])
settle()
opened = time.perf_counter() - t0
assert window.aids.readings.readings is not None
window.set_script(Script.SIMPLIFIED)
run_until(lambda: window.script is Script.SIMPLIFIED)
settle()
if os.environ.get("BENCH_LONG_TRACE"):
    peak = max(samples, key=lambda s: s[1])
    print(f"peak {peak[1]:.0f} MiB at {peak[0] - t0:.1f} s, running {peak[2]}")
    last = None
    for t, m, keys in samples:  # a line whenever the running workers change
        if keys != last:
            print(f"  {t - t0:7.1f} s {m:5.0f} MiB {keys}")
            last = keys
    print(f"  settled at {opened:.1f} s; end {samples[-1][1]:.0f} MiB")
print(json.dumps({"settled_s": opened, "total_s": time.perf_counter() - t0}))
os._exit(0)
"""

BARE_MEMORY = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication, QTextBrowser
app = QApplication([])
browser = QTextBrowser()
browser.resize(1000, 760)
with open(sys.argv[1], encoding="utf-8") as f:
    browser.setPlainText(f.read())
browser.show()
app.processEvents()
# Left idle until Qt has laid the text out to its end (its layout goes on in the event loop,
# as the reader's does; the reader is measured once idle too): the scroll bar's range the
# same for 0.5 s. Two event-loop passes (until 2026-12-03) measured a text laid out ~1,300 px
# deep of ~600,000: 83 MiB where the idle browser holds ~103.
bar = browser.verticalScrollBar()
last, steady, started = None, 0, time.perf_counter()
while steady < 50 and time.perf_counter() - started < 120:
    app.processEvents()
    time.sleep(0.01)
    now = bar.maximum()
    steady = steady + 1 if now == last else 0
    last = now
bar.setValue(bar.maximum())
app.processEvents()
browser.viewport().repaint()
print(json.dumps({"laid_out_px": bar.maximum()}))
"""


def memory_part(rounds: int, trace: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "3m.txt"
        path.write_text(repeated(ARTICLE.read_text(encoding="utf-8"), MEMORY_CHARS), "utf-8")
        env = {"XDG_CACHE_HOME": os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache")}
        env["PYTHONPATH"] = os.environ.get("PYTHONPATH", str(ROOT / "src"))
        if trace:
            env["BENCH_LONG_TRACE"] = "1"
        print(f"reader from {env['PYTHONPATH']}; load {os.getloadavg()[0]:.1f}")
        reader, bare, waits = [], [], []
        for _ in range(rounds):
            figures = child(READER_MEMORY, str(path), env=env)
            reader.append(figures["peak_mib"])
            waits.append(figures["total_s"])
            baseline = child(BARE_MEMORY, str(path))
            bare.append(baseline["peak_mib"])
            depth = baseline.get("laid_out_px")
        print(f"rounds: {rounds}, interleaved; load {os.getloadavg()[0]:.1f}")
        print(f"  reader, peak RSS MiB     {spread(reader, 1)}  (open → idle → Simplified → idle: "
              f"{spread(waits, 1, 1)} s)")
        print(f"  bare QTextBrowser, MiB   {spread(bare, 1)}  (idle, laid out to its end: {depth} px)")
        print(f"  ratio of medians         {statistics.median(reader) / statistics.median(bare):.2f}x")


# ---------------------------------------------------------------------------------- readings
READINGS = r"""
import json, sys, time
from reader.language.readings import readings as engine
engine.preload()
text = open(sys.argv[1], encoding="utf-8").read()
engine.compute_readings(text[:3000])
t = time.perf_counter(); c = time.process_time()
engine.compute_readings(text)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""


def readings_part(rounds: int, before: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        texts = {"article": repeated(ARTICLE.read_text(encoding="utf-8"), READING_CHARS)}
        if DEV_SENT.is_file():
            dev = DEV_SENT.read_text(encoding="utf-8").replace("\u2581", "")
            texts["CPP dev"] = repeated(dev, READING_CHARS)
        paths = {}
        for name, text in texts.items():
            paths[name] = Path(tmp) / f"{name}.txt"
            paths[name].write_text(text, encoding="utf-8")
        trees = {"after": os.environ.get("PYTHONPATH", str(ROOT / "src"))}
        if before:
            trees["before"] = before
        print(f"trees {trees}; load {os.getloadavg()[0]:.1f}")
        walls: dict[tuple[str, str, str], list[float]] = {}
        cpus: dict[tuple[str, str, str], list[float]] = {}
        for _ in range(rounds):
            for busy in (False, True):
                spinner = None
                if busy:
                    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
                try:
                    for tree, src in trees.items():
                        for name, path in paths.items():
                            figures = child(READINGS, str(path), env={"PYTHONPATH": src})
                            key = (tree, name, "busy core" if busy else "idle")
                            walls.setdefault(key, []).append(figures["wall"])
                            cpus.setdefault(key, []).append(figures["cpu"])
                finally:
                    if spinner is not None:
                        spinner.kill()
                        spinner.wait()
        print(f"rounds: {rounds}, interleaved; load {os.getloadavg()[0]:.1f}; s, min / median / max")
        for (tree, name, state), values in walls.items():
            print(f"  {tree:<6} {name:<8} {state:<10} wall {spread(values, 1, 2)}   "
                  f"cpu {spread(cpus[(tree, name, state)], 1, 2)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=("switch", "memory", "readings"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="switch: profile a cached switch")
    parser.add_argument(
        "--trace", action="store_true",
        help="memory: sample the reader's RSS and print its peak with the workers running then",
    )
    parser.add_argument("--before", help="readings: an older checkout's src, run alternately")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.part == "switch":
        switch_part(args.rounds, args.profile)
    elif args.part == "readings":
        readings_part(args.rounds, args.before)
    else:
        memory_part(args.rounds, args.trace)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"({time.perf_counter() - started:.0f} s; this process's peak {usage.ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
