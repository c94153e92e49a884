"""One start of the real window, watched for GUI stalls after its first paint (a child of
``bench_startup.py --parts stall``; prints one JSON line).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python benchmarks/startup_stall.py --db FILE
        [--settings INI [--prepare-vocab N]]

``--prepare-vocab N`` makes a last session instead of measuring one: it saves N words (made
of CC-CEDICT's entries, with their readings and meanings) into ``--db`` and leaves the
vocabulary panel open in ``--settings``; a later run with the same ``--settings`` starts as
that session's next one (the panel shown as the window starts).

It starts as ``reader`` does (``run_gui``: window, the document, show, and at the first paint the
panels and the background work), with a 1-ms heartbeat QTimer on the GUI thread and a thread
that samples the GUI thread's stack every 10 ms while a tick is late. Once the readings, the
dictionary and the known-word coverage are done, no worker is busy and 1 s more has passed,
it prints the process's age at the first paint, the longest gap between ticks after the first
paint, the longest stretch the GUI thread itself spent on a CPU between two ticks (its own
work: what a busy machine cannot inflate much), and the worst gaps with the
code the GUI thread was in (the innermost frame of the reader's own code) and how much of the
gap it spent on a CPU (little: it waited for the GIL or for a core).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

SETTLE_S = 1.0
LIMIT_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--settings", help="an INI file of settings (default: a new one)")
    parser.add_argument("--prepare-vocab", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.prepare_vocab:
        prepare_vocab(args.db, args.settings, args.prepare_vocab)
        return
    from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer

    from reader.ui.app import launch
    from reader.ui.common.settings import Settings
    from reader.ui.common.style.theme import apply_theme

    app = launch.make_application()
    try:  # any lane busy (the long work has a pool of its own since the runner's lanes)
        from reader.ui.common.worker import busy
    except ImportError:  # a checkout before them: one pool, Qt's global one

        def busy() -> bool:
            return bool(QThreadPool.globalInstance().activeThreadCount())

    tmp = tempfile.TemporaryDirectory(prefix="startup-stall-")
    ini = args.settings or str(Path(tmp.name) / "s.ini")
    settings = Settings(QSettings(ini, QSettings.Format.IniFormat))
    apply_theme(app, settings.theme)
    window = launch.build_window(settings, args.db, interactive=False)
    ticks: list[float] = []
    cpu: dict[float, float] = {}  # tick -> the GUI thread's CPU time then
    samples: dict[int, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    state = {"paint": None, "last": time.perf_counter(), "stop": False}
    main_id = threading.get_ident()

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        cpu[now] = time.thread_time()
        state["last"] = now

    def where(frame: object) -> str:
        stack = traceback.extract_stack(frame)  # type: ignore[arg-type]
        own = [f for f in stack if "/reader/" in f.filename and "startup_stall" not in f.filename]
        pick = own[-1] if own else stack[-1]
        tail = pick.filename.split("/reader/")[-1] if own else pick.filename.split("/")[-1]
        return f"{tail}:{pick.lineno} {pick.name}"

    def sampler() -> None:
        while not state["stop"]:
            time.sleep(0.01)
            last = state["last"]
            if state["paint"] is not None and time.perf_counter() - last > 0.02:
                frames = sys._current_frames()
                frame = frames.get(main_id)
                if frame is not None:
                    others = sorted(where(f) for t, f in frames.items()
                                    if t not in (main_id, threading.get_ident()))
                    text = where(frame) + (f" (workers: {'; '.join(others)})" if others else "")
                    samples[round(last * 1000)][text] += 1

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(tick)

    after_paint = getattr(launch, "start_after_first_paint", None)
    if after_paint is None:  # an older checkout: run_gui started the panels itself
        from reader.ui.app.panels import start_panels as after_paint

    def painted() -> None:
        state["paint"] = time.perf_counter()
        state["age"] = launch.process_age()
        heartbeat.start()
        QTimer.singleShot(1, lambda: after_paint(window))  # as run_gui schedules it

    # The window's features are made in slices after its first paint: reading them earlier
    # (window.aids) would make them all at once and measure that instead.
    made = getattr(window, "when_features_made", None)
    if made is not None:
        state["features"] = None
        made(lambda: state.update(features=time.perf_counter()))

    starter = launch._FirstPaint(on_paint=painted)
    window.view.viewport().installEventFilter(starter)  # type: ignore[attr-defined]
    window.restore_geometry()  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    launch.open_initial_document(window, None)
    threading.Thread(target=sampler, daemon=True).start()
    started = time.perf_counter()
    quiet: list[float] = []

    def check() -> None:
        # the window's features are asked for only once made (an older checkout: after the paint)
        ready = state["features"] if "features" in state else state["paint"]
        aids = window.aids if ready is not None else None  # type: ignore[attr-defined]
        done = (aids is not None and aids.readings.readings is not None
                and aids.sources.dictionary is not None and aids.known.coverage is not None
                and not busy())
        now = time.perf_counter()
        if not done:
            quiet.clear()
        elif not quiet:
            quiet.append(now)
        if (quiet and now - quiet[0] > SETTLE_S) or now - started > LIMIT_S:
            app.quit()

    watch = QTimer()
    watch.setInterval(50)
    watch.timeout.connect(check)
    watch.start()
    app.exec()
    deadline = started + LIMIT_S
    state["stop"] = True
    heartbeat.stop()
    paint = state["paint"] or 0.0
    gaps = sorted(((b - a, a, b) for a, b in zip(ticks, ticks[1:], strict=False) if a >= paint),
                  reverse=True)
    worst = []
    for gap, start, end in gaps[:3]:
        found = samples.get(round(start * 1000))
        busy = (cpu[end] - cpu[start]) * 1000
        place = found.most_common(1)[0][0] if found else "(no sample)"
        worst.append((gap * 1000, f"GUI thread on CPU {busy:.0f} ms; {place}"))
    busy = max(((cpu[end] - cpu[start]) * 1000 for _gap, start, end in gaps), default=0.0)
    busiest = []  # the GUI thread's own longest stretches, with where it was
    for on_cpu, start in sorted((((cpu[end] - cpu[start]) * 1000, start)
                                 for _gap, start, end in gaps), reverse=True)[:3]:
        found = samples.get(round(start * 1000))
        busiest.append((round(on_cpu, 1), found.most_common(1)[0][0] if found else "(no sample)"))
    print(json.dumps({
        "first_paint_s": round(state["age"], 3) if state.get("age") else None,
        "gui_cpu_ms": round(busy, 1),
        "longest_ms": round(gaps[0][0] * 1000, 1) if gaps else None,
        "worst": worst,
        "busiest": busiest,
        "done": time.perf_counter() < deadline,
    }))
    window.close()  # type: ignore[attr-defined]
    store = window.store  # type: ignore[attr-defined]
    if store is not None:
        store.close()


def prepare_vocab(db: str, ini: str, count: int) -> None:
    """A last session: ``count`` saved words in ``db``, the vocabulary panel left open."""
    import itertools

    from PySide6.QtCore import QSettings

    from reader.language.words.dictionary import default_data_file, parse_cedict
    from reader.storage.files.opening import open_store
    from reader.ui.app import launch
    from reader.ui.app.panels import start_panels
    from reader.ui.common.settings import Settings

    store = open_store(Path(db), backup_on_open=False).store
    assert store is not None
    have = {item.simplified for item in store.vocabulary()}
    fresh = (e for e in parse_cedict(default_data_file()) if e.simplified not in have and len(e.simplified) > 1)
    for entry in itertools.islice(fresh, max(0, count - len(have))):
        store.operations.add_vocabulary(
            entry.simplified, traditional=entry.traditional, reading=entry.pinyin,
            definition="; ".join(entry.senses), sentence=f"他們說{entry.simplified}很好。",
        )
    store.close()
    app = launch.make_application()
    settings = Settings(QSettings(ini, QSettings.Format.IniFormat))
    window = launch.build_window(settings, db, interactive=False)
    window.show()  # type: ignore[attr-defined]
    panels = start_panels(window)
    vocab = panels.vocab
    assert vocab is not None
    vocab.show()
    app.processEvents()
    window.close()  # type: ignore[attr-defined]
    settings.sync()
    if window.store is not None:  # type: ignore[attr-defined]
        window.store.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
