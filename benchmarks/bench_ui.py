"""UI latency of the reading window: script toggle, long documents, scrolling, hover, ruby.

Run (offscreen, paint costs are partly virtual):
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py [--repeats N]
Run on a real X server (paint costs real):
    QT_QPA_PLATFORM=xcb xvfb-run -a .venv/bin/python benchmarks/bench_ui.py

Every timing includes a forced synchronous repaint of the viewport (``processEvents`` then
``view.viewport().repaint()``). Figures are medians over ``--repeats`` runs (default 5);
frame times are median and p95 over the frames. The 640k-character document is built from
``../shared/data/cpp-dev/dev.sent`` (U+2581 markers stripped, 20 sentences a paragraph,
repeated to 640,000 characters). The dictionary index is cached in a folder kept between
runs (``$READER_BENCH_CACHE``, default ``/tmp/reader-bench-cache``) so only the first run
builds it. ``--only seed,long,scroll,hover,ruby`` runs a subset; ``--json`` prints the
figures as one JSON object at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "XDG_CACHE_HOME", os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache")
)

from PySide6.QtCore import (  # noqa: E402
    QEvent,
    QObject,
    QPoint,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reader.language.readings.pinyin import is_han  # noqa: E402
from reader.language.scripts.script import Script  # noqa: E402
from reader.ui.app.launch import make_application  # noqa: E402
from reader.ui.common.settings import Settings  # noqa: E402
from reader.ui.common.style.theme import apply_theme  # noqa: E402
from reader.ui.reading.words.hover import HOVER_DELAY_MS  # noqa: E402
from reader.ui.window.main_window import MainWindow  # noqa: E402

DEV_SENT = ROOT.parent / "shared" / "data" / "cpp-dev" / "dev.sent"
LONG_CHARS = 640_000
TOGGLE_SCRIPTS = (Script.SIMPLIFIED, Script.TRADITIONAL, Script.TAIWAN, Script.HONGKONG)

RESULTS: dict[str, object] = {}


# Helpers ------------------------------------------------------------------------------------
def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def record(key: str, value: object, label: str = "") -> None:
    RESULTS[key] = value
    print(f"  {label or key}: {value}", flush=True)


def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


def repaint(window: MainWindow) -> None:
    """Deliver pending events, then force a synchronous paint of the viewport."""
    app().processEvents()
    window.view.viewport().repaint()


def wait_until(done: Callable[[], bool], seconds: float = 120.0) -> bool:
    deadline = time.perf_counter() + seconds
    while not done() and time.perf_counter() < deadline:
        app().processEvents()
        time.sleep(0.001)
    return done()


def settle(window: MainWindow, seconds: float = 120.0) -> None:
    """Let background work (conversions, readings) finish and its results arrive."""
    window.runner.wait(int(seconds * 1000))
    for _ in range(5):
        app().processEvents()


class PaintWatch(QObject):
    """Notes the time of the next paint event of the watched widget."""

    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


class TickWatch:
    """A 10 ms timer on the GUI thread: the longest gap between ticks is the longest freeze."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> float:
        """The longest gap in seconds (including the gap up to now)."""
        self.timer.stop()
        self.ticks.append(time.perf_counter())
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False))


def _quiet(kind: QtMsgType, _context: object, message: str) -> None:
    """Drop the offscreen plugin's "does not support raise()" noise; print the rest."""
    if "This plugin does not support" not in message:
        print(f"qt {kind.name}: {message}", file=sys.stderr)


def make_window(tmp: Path, name: str) -> MainWindow:
    qsettings = QSettings(str(tmp / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Settings(qsettings), None)
    window.resize(1000, 760)
    window.show()
    window.aids.start()  # as the app does after showing: readings, dictionary, known words
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    app().processEvents()


def build_long_text(path: Path) -> str:
    sentences = []
    for line in DEV_SENT.read_text(encoding="utf-8").splitlines():
        line = line.replace("\u2581", "").strip()
        if line:
            sentences.append(line)
    paragraphs = ["".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    block = "\n\n".join(paragraphs)
    text = ""
    while len(text) < LONG_CHARS:
        text += block + "\n\n"
    text = text[:LONG_CHARS]
    path.write_text(text, encoding="utf-8")
    return text


# 1. Script toggle on the seed -------------------------------------------------------------
def bench_seed_toggle(tmp: Path, repeats: int) -> None:
    print("[1] script toggle on the seed (bundled article)", flush=True)
    window = make_window(tmp, "seed")
    window.open_bundled()
    repaint(window)
    settle(window)
    sha = window.document.sha256 if window.document else ""
    record("seed_chars", len(window.display_text()), "seed characters")

    def switch(script: Script) -> float:
        t = time.perf_counter()
        window.set_script(script)
        assert window.script is script
        repaint(window)
        return time.perf_counter() - t

    # The very first conversion in the process (OpenCC converters are created here).
    record("seed_first_in_process_ms", ms(switch(Script.SIMPLIFIED)),
           "first switch in the process (Simplified, converter creation included)")
    settle(window)
    switch(Script.ORIGINAL)
    for script in TOGGLE_SCRIPTS[1:]:  # create every converter once
        switch(script)
        settle(window)
    switch(Script.ORIGINAL)
    settle(window)

    first: dict[str, list[float]] = {s.value: [] for s in TOGGLE_SCRIPTS}
    cached: dict[str, list[float]] = {s.value: [] for s in TOGGLE_SCRIPTS}
    for _ in range(repeats):
        window.current.conversions.forget(sha)
        for script in TOGGLE_SCRIPTS:
            switch(Script.ORIGINAL)
            settle(window)
            first[script.value].append(switch(script))
            settle(window)  # the readings of the new script (cached after the first round)
        for script in TOGGLE_SCRIPTS:
            switch(Script.ORIGINAL)
            settle(window)
            cached[script.value].append(switch(script))
            settle(window)
    back = []
    for _ in range(repeats):
        switch(Script.SIMPLIFIED)
        settle(window)
        back.append(switch(Script.ORIGINAL))
        settle(window)
    record("seed_first_ms", {k: ms(median(v)) for k, v in first.items()},
           "first switch per script (conversion cache emptied), median ms")
    record("seed_cached_ms", {k: ms(median(v)) for k, v in cached.items()},
           "cached switch per script, median ms")
    record("seed_back_to_original_ms", ms(median(back)), "back to Original, median ms")
    close_window(window)


# 2. The 640k document ---------------------------------------------------------------------
def bench_long(tmp: Path, repeats: int, path: Path, switches: bool = True) -> MainWindow:
    print("[2] 640k-character document", flush=True)
    opens, paints = [], []
    for index in range(repeats):
        window = make_window(tmp, f"long-open-{index}")
        window.open_bundled()
        repaint(window)
        settle(window)
        watch = PaintWatch()
        window.view.viewport().installEventFilter(watch)
        t = time.perf_counter()
        assert window.open_path(str(path))
        t_opened = time.perf_counter()
        # a large file is read on the runner since 2026-12-03: shown when read
        wait_until(lambda w=window: getattr(w, "opening", None) is None, 120)
        repaint(window)
        t_painted = time.perf_counter()
        window.view.viewport().removeEventFilter(watch)
        opens.append(t_opened - t)
        paints.append((watch.at or t_painted) - t)
        settle(window)  # readings of the Original (about 7 s)
        if index < repeats - 1:
            close_window(window)
    record("long_open_path_ms", ms(median(opens)), "open_path() returns, median ms")
    record("long_open_to_first_paint_ms", ms(median(paints)),
           "open_path → first viewport paint, median ms")

    if not switches:  # scrolling only: the document open, its readings in
        return window
    sha = window.document.sha256 if window.document else ""
    ticks = TickWatch()

    def switch(script: Script) -> tuple[float, float]:
        ticks.start()
        t = time.perf_counter()
        window.set_script(script)
        ok = wait_until(lambda: window.script is script)
        assert ok, f"the switch to {script} never finished"
        repaint(window)
        elapsed = time.perf_counter() - t
        # Keep watching for 300 ms: Qt lays out the rest of a long document on the GUI thread.
        wait_until(lambda: time.perf_counter() - t > elapsed + 0.3)
        gap = ticks.stop()
        return elapsed, gap

    first, first_gap, again, again_gap, orig, orig_gap = [], [], [], [], [], []
    for index in range(repeats):
        window.current.conversions.forget(sha)
        e, g = switch(Script.ORIGINAL)
        settle(window)
        e, g = switch(Script.SIMPLIFIED)
        first.append(e)
        first_gap.append(g)
        settle(window)  # readings of the Simplified text: computed once, then cached
        if index == 0:
            record("long_first_switch_first_run_ms", ms(e), "first switch ever (run 1), ms")
        e, g = switch(Script.ORIGINAL)
        orig.append(e)
        orig_gap.append(g)
        settle(window)
        e, g = switch(Script.SIMPLIFIED)
        again.append(e)
        again_gap.append(g)
        settle(window)
    record("long_first_simplified_ms", ms(median(first)),
           "first conversion to Simplified (cache emptied) → painted, median ms")
    record("long_first_simplified_max_gap_ms", ms(median(first_gap)),
           "   longest GUI freeze (10 ms timer gap; switch + 300 ms after), median ms")
    record("long_repeat_simplified_ms", ms(median(again)),
           "repeat switch to Simplified (cached) → painted, median ms")
    record("long_repeat_simplified_max_gap_ms", ms(median(again_gap)),
           "   longest GUI freeze meanwhile, median ms")
    record("long_to_original_ms", ms(median(orig)), "switch back to Original, median ms")
    record("long_to_original_max_gap_ms", ms(median(orig_gap)),
           "   longest GUI freeze meanwhile, median ms")

    # The same cached switch with the reader half-way through: the top line is kept in view.
    bar = window.view.verticalScrollBar()
    mid, mid_gap = [], []
    for _ in range(repeats):
        switch(Script.ORIGINAL)
        settle(window)
        bar.setValue(bar.maximum() // 2)
        repaint(window)
        e, g = switch(Script.SIMPLIFIED)
        mid.append(e)
        mid_gap.append(g)
        settle(window)
    bar.setValue(0)
    record("long_repeat_mid_ms", ms(median(mid)),
           "repeat switch to Simplified, scrolled half-way → painted, median ms")
    record("long_repeat_mid_max_gap_ms", ms(median(mid_gap)),
           "   longest GUI freeze meanwhile, median ms")
    return window


# 3. Scrolling the 640k document -----------------------------------------------------------
def scroll_frames(window: MainWindow, steps: int, start_fraction: float) -> list[float]:
    bar = window.view.verticalScrollBar()
    bar.setValue(int(bar.maximum() * start_fraction))
    repaint(window)
    frames = []
    for _ in range(steps):
        t = time.perf_counter()
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        repaint(window)
        frames.append(time.perf_counter() - t)
    return frames


def bench_scroll(window: MainWindow, steps: int) -> None:
    print("[3] scrolling the 640k document by page steps", flush=True)
    window.set_script(Script.ORIGINAL)
    wait_until(lambda: window.script is Script.ORIGINAL)
    settle(window)
    scroll_frames(window, 10, 0.0)  # warm-up (layout of the start)
    frames: list[float] = []
    for fraction in (0.05, 0.45, 0.85):
        frames += scroll_frames(window, steps, fraction)
    record("scroll_off_ms", {"median": ms(median(frames)), "p95": ms(pct(frames, 0.95)),
                             "max": ms(max(frames)), "frames": len(frames)},
           "ruby off: frame ms")

    t = time.perf_counter()
    window.aids.ruby_action.setChecked(True)
    repaint(window)
    record("ruby_toggle_on_640k_ms", ms(time.perf_counter() - t),
           "turning ruby on (640k; gap relayout) → painted, ms")
    t = time.perf_counter()
    ok = wait_until(lambda: window.aids.readings.readings is not None, 120)
    record("readings_wait_s", round(time.perf_counter() - t, 2),
           "readings still to wait for after toggle, s")
    assert ok, "readings never arrived"
    frames = []
    for fraction in (0.05, 0.45, 0.85):
        frames += scroll_frames(window, steps, fraction)
    record("scroll_ruby_ms", {"median": ms(median(frames)), "p95": ms(pct(frames, 0.95)),
                              "max": ms(max(frames)), "frames": len(frames)},
           "ruby on: frame ms")
    t = time.perf_counter()
    window.aids.ruby_action.setChecked(False)
    repaint(window)
    record("ruby_toggle_off_640k_ms", ms(time.perf_counter() - t),
           "turning ruby off (640k) → painted, ms")


# 4. Hover ----------------------------------------------------------------------------------
def bench_hover(tmp: Path, samples: int) -> None:
    print("[4] hover latency on the seed (dictionary loaded)", flush=True)
    window = make_window(tmp, "hover")
    window.open_bundled()
    repaint(window)
    t = time.perf_counter()
    window.aids.sources.start()
    assert wait_until(lambda: window.aids.sources.dictionary is not None, 120)
    record("dictionary_load_s", round(time.perf_counter() - t, 2), "dictionary load, s")
    settle(window)
    assert window.aids.readings.readings is not None
    hover = window.aids.hover
    shown = window.shown
    assert shown is not None
    text = shown.text
    view = window.view
    viewport = view.viewport()

    # Han characters visible in the first screen.
    bar = view.verticalScrollBar()
    bar.setValue(0)
    repaint(window)
    candidates = []
    for pos, ch in enumerate(text):
        if not is_han(ch):
            continue
        rect = view.char_rect(shown.display_to_view(pos))
        if rect.top() > 40 and rect.bottom() < viewport.height() - 40:
            candidates.append((pos, rect.center()))
    step = max(1, len(candidates) // samples)
    points = candidates[::step][:samples]

    parking = QPoint(2, 2)  # the top-left margin: no character there
    totals, beyond, shows = [], [], []
    for pos, point in points:
        hover.hide()
        QTest.mouseMove(viewport, parking)
        app().processEvents()
        fired: list[float] = []
        conn = hover._show_timer.timeout.connect(lambda f=fired: f.append(time.perf_counter()))
        t = time.perf_counter()
        QTest.mouseMove(viewport, point)
        ok = wait_until(lambda: hover.popup.isVisible(), 2)
        hover.popup.repaint()
        end = time.perf_counter()
        hover._show_timer.timeout.disconnect(conn)
        if not ok:
            continue
        totals.append(end - t)
        beyond.append(end - t - HOVER_DELAY_MS / 1000)
        # The work after the delay alone: the timer's slot (describe + popup), then a paint.
        hover.hide()
        hover._pending_point = point
        t = time.perf_counter()
        hover._show_pending()
        hover.popup.repaint()
        shows.append(time.perf_counter() - t)
        del pos
    record("hover_samples", len(totals), "hover samples shown")
    record("hover_total_ms", {"median": ms(median(totals)), "p95": ms(pct(totals, 0.95))},
           "mouse move → popup visible + painted (50 ms delay included)")
    record("hover_beyond_delay_ms",
           {"median": ms(median(beyond)), "p95": ms(pct(beyond, 0.95))},
           f"   the part beyond the {HOVER_DELAY_MS} ms delay")
    record("hover_show_ms", {"median": ms(median(shows)), "p95": ms(pct(shows, 0.95))},
           "   the timer's slot alone (describe + place + show + paint popup)")
    hover.hide()

    times = []
    found = 0
    for pos in range(len(text)):
        t = time.perf_counter()
        info = hover.describe(pos)
        times.append(time.perf_counter() - t)
        found += info is not None
    record("describe_ms",
           {"median": ms(median(times)), "p99": ms(pct(times, 0.99)), "max": ms(max(times)),
            "positions": len(times), "words": found},
           "describe_word at every seed position")
    close_window(window)


# 5. Ruby paint on the seed ------------------------------------------------------------------
def bench_ruby_seed(tmp: Path, repeats: int) -> None:
    print("[5] one full repaint of the seed with ruby on", flush=True)
    window = make_window(tmp, "ruby")
    window.open_bundled()
    repaint(window)
    settle(window)
    view = window.view
    for zoom in (0, 5):
        window.zoom(0, reset=True) if zoom == 0 else view.set_zoom_step(zoom)
        window.aids.ruby_action.setChecked(False)
        repaint(window)
        off = []
        for _ in range(repeats * 2):
            t = time.perf_counter()
            view.viewport().repaint()
            off.append(time.perf_counter() - t)
        window.aids.ruby_action.setChecked(True)
        wait_until(lambda: window.aids.readings.readings is not None)
        repaint(window)
        on = []
        for _ in range(repeats * 2):
            t = time.perf_counter()
            view.viewport().repaint()
            on.append(time.perf_counter() - t)
        record(f"ruby_seed_zoom{zoom}_ms", {"ruby_on": ms(median(on)), "ruby_off": ms(median(off))},
               f"zoom {zoom:+d}: full repaint, median ms")
    window.aids.ruby_action.setChecked(False)
    close_window(window)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=40, help="page steps per scroll run (×3)")
    parser.add_argument("--hover-samples", type=int, default=30)
    parser.add_argument("--only", default="seed,long,scroll,hover,ruby")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    only = set(args.only.split(","))

    qInstallMessageHandler(_quiet)
    application = make_application(["bench_ui"])
    apply_theme(application, "light")
    print(f"platform: {application.platformName()}  python {sys.version.split()[0]}", flush=True)
    RESULTS["platform"] = application.platformName()
    with tempfile.TemporaryDirectory(prefix="reader-bench-ui-") as name:
        tmp = Path(name)
        if "seed" in only:
            bench_seed_toggle(tmp, args.repeats)
        if {"long", "scroll"} & only:
            path = tmp / "long.txt"
            build_long_text(path)
            window = bench_long(tmp, args.repeats if "long" in only else 1, path, "long" in only)
            if "scroll" in only:
                bench_scroll(window, args.steps)
            close_window(window)
        if "hover" in only:
            bench_hover(tmp, args.hover_samples)
        if "ruby" in only:
            bench_ruby_seed(tmp, args.repeats)
    if args.json:
        print(json.dumps(RESULTS, ensure_ascii=False))


if __name__ == "__main__":
    main()
