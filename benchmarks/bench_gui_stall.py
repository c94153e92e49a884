"""GUI stalls while re-importing an edited long document (issue I: "the GUI thread never blocks
more than 50 ms on the database").

Run (from the repository root, offscreen)::

    PYTHONPATH=src QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_stall.py \
        [--runs 5] [--chars 600000] [--highlights 1000]

Each run, in a fresh temporary database and settings file: a main window
(``MainWindow(settings, store)``, shown offscreen, its panels and reading aids started) opens a
~600k-character text built from the bundled article (copies with shuffled sentences, a chapter
heading each); ``--highlights`` highlights are added at random spots; once everything is idle
the file is edited (300 insertions and deletions, ~1% of the text cut) and opened again with
``window.open_path`` — a re-import that re-anchors every highlight. From the call until the
re-import's change notification has arrived, no worker is busy and a further
:data:`SETTLE_S` has passed (debounced refreshes, the reading-position save), it records:

* ``longest stall`` — the longest gap between ticks of a 1-ms heartbeat QTimer on the GUI thread,
  the call itself included (it reads, imports and lays out the new text whatever happens to
  the database);
* ``call`` — how long ``open_path`` itself blocked; ``after`` — the longest heartbeat gap once
  it returned;
* ``GUI in DB`` — the longest single stretch the GUI thread spent in the store (waiting for its
  lock, then working under it), measured by wrapping ``store.lock``; ``GUI in DB total`` — all
  of them added up;
* ``notified`` — from the call to the re-import's change notification.

``--why`` adds where the GUI thread was during stalls (stack samples) and every stretch over
20 ms it spent in the store, and over 50 ms a worker held it.

Figures are min / median / max over ``--runs``. The same script runs against an older
checkout (``PYTHONPATH=/tmp/before/src``): the few names that moved since are looked up in
both places (:func:`_reader_api`).
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "XDG_CACHE_HOME", os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache")
)

from as_the_app import after_first_paint  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, Qt, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@functools.cache
def _busy_check() -> Callable[[], bool]:
    """Whether a worker of any lane is busy (the long work has a pool of its own since the
    runner's lanes; a checkout before them has Qt's global pool only)."""
    try:
        from reader.ui.common.worker import busy
    except ImportError:
        return lambda: bool(QThreadPool.globalInstance().activeThreadCount())
    return busy


def _busy() -> bool:
    return _busy_check()()


#: After the notification and the last busy worker: how long the loop keeps being watched.
SETTLE_S = 1.5
PHRASES = ["然而，", "據報道，", "值得注意的是，", "（編者註）", "根據最新公布的數據，"]


def _reader_api() -> dict[str, Any]:
    """The reader's entry points, by their current names or those of 2026-12-01 (decided by
    the package found, not by ImportError: an editable install elsewhere could answer)."""
    import reader

    if not (Path(reader.__file__).parent / "core").is_dir():
        from reader.storage.files.opening import open_store
        from reader.text.importer import bundled_article
        from reader.ui.common.settings import Settings
        from reader.ui.window.main_window import MainWindow
    else:  # the flat layout before the packages by layer (commit 5c0e806)
        import reader.core.store  # noqa: F401 — first: it and store_opening import each other
        from reader.core.importer import bundled_article  # type: ignore[no-redef]
        from reader.core.store_opening import open_store  # type: ignore[no-redef]
        from reader.ui.main_window import MainWindow  # type: ignore[no-redef]
        from reader.ui.settings import Settings  # type: ignore[no-redef]
    return {
        "open_store": open_store,
        "bundled_article": bundled_article,
        "Settings": Settings,
        "MainWindow": MainWindow,
    }


API = _reader_api()


# ------------------------------------------------------------------------------ texts
def build_text(length: int, rng: random.Random) -> str:
    """About ``length`` characters: copies of the bundled article, sentences shuffled."""
    article = API["bundled_article"]().text
    paragraphs = [p for p in article.split("\n") if p.strip()]
    parts: list[str] = []
    total = chapter = 0
    while total < length:
        chapter += 1
        copy = [f"第{chapter}章"]
        for paragraph in paragraphs:
            sentences = [s + "。" for s in paragraph.split("。") if s]
            rng.shuffle(sentences)
            copy.append("".join(sentences))
        block = "\n".join(copy) + "\n"
        parts.append(block)
        total += len(block)
    return "".join(parts)[:length]


def edit_text(text: str, rng: random.Random, count: int = 300) -> str:
    """``count`` small insertions and deletions, and a section of ~1% of the text cut."""
    cut = rng.randrange(len(text) * 2 // 5, len(text) * 3 // 5)
    cut_end = cut + len(text) // 100
    chars = list(text)
    for at in sorted(rng.sample(range(1, len(text) - 10), count), reverse=True):
        if cut - 10 <= at <= cut_end + 10:
            continue
        if rng.random() < 0.5:
            chars.insert(at, rng.choice(PHRASES))
        else:
            del chars[at : at + rng.randint(1, 3)]
    del chars[cut:cut_end]
    return "".join(chars)


def spots(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` spans of 1–40 characters (mostly 1–4) without a line break."""
    out: list[tuple[int, int]] = []
    while len(out) < count:
        size = rng.choice((1, 2, 2, 3, 4, 4, 6, 12, 40))
        start = rng.randrange(0, len(text) - size)
        if "\n" not in text[start : start + size]:
            out.append((start, start + size))
    return out


# ---------------------------------------------------------------------- measuring
class TimedLock:
    """The store's lock, noting how long the GUI thread waited for it and held it; with
    ``why`` (while ``watching``) also where, and where a worker held it for long."""

    def __init__(self, lock: Any, why: bool = False) -> None:
        self.lock = lock
        self.why = why
        self.watching = False
        self.gui = threading.main_thread().ident
        self.depth = 0  # of the thread holding the lock (one at a time)
        self.since = 0.0
        self.stretches: list[tuple[float, float]] = []  # the GUI thread's

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        start = time.perf_counter()
        got = bool(self.lock.acquire(blocking, timeout))
        if got:
            self.depth += 1
            if self.depth == 1:  # the GUI thread's stretch counts its wait too
                self.since = start if threading.get_ident() == self.gui else time.perf_counter()
        return got

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            now = time.perf_counter()
            gui = threading.get_ident() == self.gui
            if gui:
                self.stretches.append((self.since, now))
            if self.why and self.watching and now - self.since > (0.02 if gui else 0.05):
                who = "the GUI thread waited for and used" if gui else "a worker held"
                print(f"    {who} the store {1000 * (now - self.since):.0f} ms, at:")
                for frame in traceback.extract_stack(limit=9)[:-2]:
                    if "/reader/" in frame.filename:
                        print(f"      {Path(frame.filename).name}:{frame.lineno} {frame.name}")
        self.lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


class TimedReads:
    """The store's reads on the GUI thread (since 2026-12 they take no lock): how long each
    took, as :class:`TimedLock` notes the GUI thread's stretches under the writer's lock."""

    def __init__(self, store: Any, why: bool = False) -> None:
        self.why = why
        self.watching = False
        self.gui = threading.main_thread().ident
        self.stretches: list[tuple[float, float]] = []
        rows = store._rows

        def timed(sql: str, params: tuple[Any, ...] = ()) -> Any:
            if threading.get_ident() != self.gui:
                return rows(sql, params)
            start = time.perf_counter()
            try:
                return rows(sql, params)
            finally:
                now = time.perf_counter()
                self.stretches.append((start, now))
                if self.why and self.watching and now - start > 0.02:
                    print(f"    the GUI thread read the store {1000 * (now - start):.0f} ms: "
                          f"{sql[:60]}")

        store._rows = timed


def sample_stalls(ticks: list[float], stop: threading.Event) -> None:
    """``--why``: where the GUI thread is while the heartbeat has been silent for 50 ms."""
    seen: collections.Counter[str] = collections.Counter()
    gui = threading.main_thread().ident or 0
    while not stop.wait(0.01):
        if ticks and time.perf_counter() - ticks[-1] > 0.05:
            stack = traceback.extract_stack(sys._current_frames().get(gui), limit=40)
            mine = [f for f in stack if "/reader/" in f.filename][-3:]
            seen[" < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in mine[::-1])] += 1
    print("    the GUI thread during stalls (10-ms samples):")
    for where, count in seen.most_common(12):
        print(f"    {count * 10:6d} ms  {where or '(Qt, no reader frame)'}")


def app() -> QApplication:
    instance = QApplication.instance()
    return instance if isinstance(instance, QApplication) else QApplication(sys.argv)


def run_loop_until(done: Callable[[], bool], limit_s: float = 300.0) -> None:
    """Run the event loop (not a processEvents spin) until ``done()`` or ``limit_s``."""
    loop = QEventLoop()
    deadline = time.perf_counter() + limit_s
    check = QTimer()
    check.setInterval(5)
    check.timeout.connect(lambda: (done() or time.perf_counter() > deadline) and loop.quit())
    check.start()
    loop.exec()
    check.stop()


def settle(seconds: float = 0.5) -> None:
    """Until no worker has been busy for ``seconds``."""
    quiet = [time.perf_counter()]

    def idle() -> bool:
        if _busy():
            quiet[0] = time.perf_counter()
        return time.perf_counter() - quiet[0] > seconds

    run_loop_until(idle)


def one_run(chars: int, highlights: int, seed: int, why: bool = False) -> dict[str, float]:
    rng = random.Random(seed)
    original = build_text(chars, rng)
    edited = edit_text(original, rng)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = API["open_store"](folder / "reader.sqlite3", backup_on_open=False).store
        timed = TimedLock(store.lock, why)
        store.lock = timed
        # since 2026-12 reads have connections of their own (no lock): time the GUI's reads
        read_timed = TimedReads(store, why) if hasattr(store, "_readers") else None
        settings = API["Settings"](
            QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        )
        window = API["MainWindow"](settings, store)
        window.resize(1000, 760)
        window.show()
        path = folder / "long.txt"
        path.write_text(original, encoding="utf-8")
        assert window.open_path(str(path))
        # as the app does after the first paint (this bench ran at CPython's 5-ms switch
        # interval until 2026-12-03: the GUI thread waited up to that for the GIL after each
        # call into Qt while a worker ran)
        after_first_paint()
        try:  # since 2026-12 the composition root builds the panels
            from reader.ui.app.panels import start_panels
        except ImportError:
            window.start_background()
        else:
            start_panels(window)
        settle()
        document_id = window.document_id
        assert document_id is not None
        text = store.document_text(document_id)
        for start, end in spots(text, highlights, rng):
            store.operations.add_highlight(document_id, start, end, "yellow")
        settle()

        path.write_text(edited, encoding="utf-8")
        notified: list[float] = []

        def listener(*args: Any) -> None:
            if len(args) == 1:  # a typed Change: the re-import's says TEXT
                hit = "TEXT" in str(args[0].what)
            else:  # (kind, ids): the re-import said "highlights" with every one of them
                hit = args[0] == "highlights" and len(args[1]) >= highlights
            if hit and not notified:
                notified.append(time.perf_counter())

        store.operations.add_listener(listener)
        ticks: list[float] = []
        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(1)
        heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
        heartbeat.start()
        run_loop_until(lambda: len(ticks) > 50)  # the heartbeat is going
        busy = [0.0]

        def finished() -> bool:
            now = time.perf_counter()
            if _busy() or not notified:
                busy[0] = now
            return now - busy[0] > SETTLE_S

        stop_sampling = threading.Event()
        sampler = threading.Thread(target=sample_stalls, args=(ticks, stop_sampling))
        if why:
            sampler.start()
        timed.watching = True
        if read_timed is not None:
            read_timed.watching = True
        t0 = time.perf_counter()
        assert window.open_path(str(path))
        t1 = time.perf_counter()
        run_loop_until(finished)
        end = time.perf_counter()
        heartbeat.stop()
        timed.watching = False
        if read_timed is not None:
            read_timed.watching = False
        stop_sampling.set()
        if why:
            sampler.join()
        assert notified, "no re-import notification"
        assert store.document_text(document_id) == window.document.text

        beats = [t0] + [t for t in ticks if t0 < t <= end] + [end]
        gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
        after = [t1] + [t for t in ticks if t1 < t <= end] + [end]
        stretches = timed.stretches + (read_timed.stretches if read_timed is not None else [])
        in_db = [b - a for a, b in stretches if b >= t0 and a <= end]
        result = {
            "longest stall": max(gaps),
            "call": t1 - t0,
            "after": max(b - a for a, b in zip(after, after[1:], strict=False)),
            "GUI in DB": max(in_db, default=0.0),
            "GUI in DB total": sum(in_db),
            "notified": notified[0] - t0,
        }
        store.operations.remove_listener(listener)
        window.close()
        settle(0.1)
        store.close()
        window.deleteLater()
        app().processEvents()
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chars", type=int, default=600_000)
    parser.add_argument("--highlights", type=int, default=1000)
    parser.add_argument(
        "--why", action="store_true",
        help="also print where the GUI thread was during stalls and who held the store",
    )
    args = parser.parse_args()
    app()
    import reader

    print(f"reader from {Path(reader.__file__).parent}")
    print(
        f"{args.chars:,} characters, {args.highlights} highlights, {args.runs} runs; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start",
        flush=True,
    )
    runs: list[dict[str, float]] = []
    for n in range(args.runs):
        result = one_run(args.chars, args.highlights, seed=n, why=args.why)
        runs.append(result)
        print(f"  run {n + 1}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.items()),
              flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    print("min / median / max (ms):")
    for key in runs[0]:
        values = sorted(r[key] * 1000 for r in runs)
        print(f"  {key:<16} {values[0]:8.0f} {statistics.median(values):8.0f} {values[-1]:8.0f}")


if __name__ == "__main__":
    main()
