"""A dock opened in the first seconds after the start: how long until its list is filled.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python benchmarks/bench_dock_open.py
        [--runs 5] [--before /tmp/o8d-before/src] [--tree NAME=SRC ...]
        [--dock vocab|library] [--words 300] [--after-paint 0.3]

The real window starts as the launcher starts it (``build_window``, show, the bundled
article, at the first paint ``start_after_first_paint``: the features, then the panels and the
background work — readings, dictionary, word model, coverage) with an empty settings file, so
no dock is shown. ``--after-paint`` seconds after the first paint (and once the panels exist
and the background work has started: the readings under way) the dock's toggle in View ›
Panels is triggered, and the time until its list has its rows is taken (the saved words:
``--words`` of CC-CEDICT's entries saved beforehand; the library: the bundled article); of it,
how long the toggle itself took (the dock's modules imported, the dock made and shown on the
GUI thread), how long the list's query waited for a thread and how long it ran there (each
job's times are taken by wrapping ``BackgroundRunner.start``). Each run also gives the time
from the first paint until the window's background work is done (readings, dictionary and
coverage there, no worker of any lane busy) and when each was handed to the window;
``--dock none`` times that alone, no dock asked for.

Each figure is a fresh process on a copy of one prepared notes database (the bundled article
registered by an unmeasured first start, the words saved) and one cache folder for the
invocation (the dictionary index and the word model built by that first start). With
``--before`` (another checkout's ``src``, e.g. ``git archive HEAD src resources | tar -x -C
/tmp/before``) or ``--tree NAME=SRC`` the trees take turns run by run (the order reversed
every other run) and each has one unmeasured warm-up; min / median / max are printed, with the
load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 60.0
SETTLE_S = 1.0
#: Each dock's toggle in View › Panels (``reader.ui.app.dock_list.TOGGLES``).
TOGGLES = {"vocab": "panel.vocabulary", "library": "panel.library"}
#: The key of each dock's list query on the runner (the saved words' op has none of its own).
LIST_KEYS = {"vocab": "\0op ", "library": "library-list"}
#: The window's background work on the runner, by the key of its job.
WORK = {"readings": "readings", "dictionary": "dictionary", "coverage": "known-words",
        "segmentation": "segmentation"}


# ----------------------------------------------------------------------------- the child
def child(db: str, dock_name: str, after_paint: float, trace: bool = False) -> None:
    from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer

    from reader.ui.app import launch
    from reader.ui.app.panels import Panels
    from reader.ui.common.settings import Settings
    from reader.ui.common.style.theme import apply_theme

    try:  # any lane busy (the long work has a pool of its own since the runner's lanes)
        from reader.ui.common.worker import busy
    except ImportError:  # a checkout before them: one pool, Qt's global one

        def busy() -> bool:
            return bool(QThreadPool.globalInstance().activeThreadCount())

    # key, queued, [started, ended, its result handled from, to] (the GUI thread's part)
    jobs: list[tuple[str, float, list[float]]] = []
    # each job's times on the runner (as bench_long.py --trace wraps it)
    from reader.ui.common import worker

    original_start = worker.BackgroundRunner.start

    def traced_start(self: object, key: str, work: Any, *rest: Any, **kw: Any) -> None:
        times: list[float] = []
        jobs.append((key, time.perf_counter(), times))

        def traced(progress: object) -> object:
            times.append(time.perf_counter())
            try:
                return work(progress)
            finally:
                times.append(time.perf_counter())

        def delivered(result: object, on_done: Any = rest[0]) -> object:
            times.append(time.perf_counter())
            try:
                return on_done(result)
            finally:
                times.append(time.perf_counter())

        original_start(self, key, traced, delivered, *rest[1:], **kw)

    worker.BackgroundRunner.start = traced_start  # type: ignore[method-assign]

    app = launch.make_application()
    tmp = tempfile.TemporaryDirectory(prefix="bench-dock-open-")
    settings = Settings(QSettings(str(Path(tmp.name) / "s.ini"), QSettings.Format.IniFormat))
    apply_theme(app, settings.theme)
    window = launch.build_window(settings, db, interactive=False)
    state: dict[str, float | None] = {"paint": None, "asked": None, "listed": None, "idle": None}
    quiet: list[float] = []
    started = time.perf_counter()

    def rows(dock: object) -> int:
        if dock_name == "vocab":
            return int(dock.model.rowCount())  # type: ignore[attr-defined]
        return len(dock.document_ids())  # type: ignore[attr-defined]

    def ask() -> None:
        panels = window.findChild(Panels)  # type: ignore[attr-defined]
        # the features and the panels are made in slices after the paint, then the window's
        # background work is started: the dock is asked for once the readings are under way
        if panels is None or not window.runner.pending("readings"):  # type: ignore[attr-defined]
            QTimer.singleShot(1, ask)
            return
        state["asked"] = time.perf_counter()
        window.registry.action(TOGGLES[dock_name]).trigger()  # type: ignore[attr-defined]
        state["made"] = time.perf_counter()  # the dock made and shown (its query started)
        dock = getattr(panels, dock_name)
        assert dock is not None and dock.isVisible()

        def look() -> None:
            if state["listed"] is None and rows(dock) > 0:
                state["listed"] = time.perf_counter()
                poll.stop()

        poll = QTimer(dock)
        poll.setTimerType(Qt.TimerType.PreciseTimer)
        poll.setInterval(1)
        poll.timeout.connect(look)
        poll.start()
        look()

    def painted() -> None:
        state["paint"] = time.perf_counter()
        state["age"] = launch.process_age()
        QTimer.singleShot(1, lambda: launch.start_after_first_paint(window))  # as run_gui does
        if dock_name != "none":
            QTimer.singleShot(round(after_paint * 1000), ask)

    def check() -> None:
        now = time.perf_counter()
        ready = state["listed"] is not None or (dock_name == "none" and state["paint"] is not None)
        if ready:
            aids = window.aids  # type: ignore[attr-defined]
            ready = (aids.readings.readings is not None and aids.sources.dictionary is not None
                     and aids.known.coverage is not None and not busy())
        if not ready:
            quiet.clear()
        elif not quiet:
            quiet.append(now)
            state["idle"] = now
        if (quiet and now - quiet[0] > SETTLE_S) or now - started > LIMIT_S:
            app.quit()

    starter = launch._FirstPaint(on_paint=painted)
    window.view.viewport().installEventFilter(starter)  # type: ignore[attr-defined]
    window.restore_geometry()  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    launch.open_initial_document(window, None)
    watch = QTimer()
    watch.setInterval(20)
    watch.timeout.connect(check)
    watch.start()
    app.exec()
    paint, asked, made, listed, idle = (
        state.get(k) for k in ("paint", "asked", "made", "listed", "idle")
    )
    def ready(key: str) -> float | None:
        times = next((t for k, _q, t in reversed(jobs) if k == key), [])
        return None if len(times) < 4 or paint is None else round(times[3] - paint, 3)

    # the dock's list query: the first job of its key queued once the toggle was triggered
    query = next((job for job in jobs if job[0].startswith(LIST_KEYS.get(dock_name, "\1"))
                  and asked is not None and job[1] >= asked), None)
    print(json.dumps({
        "first_paint_s": None if state.get("age") is None else round(state["age"] or 0.0, 3),
        "asked_s": None if paint is None or asked is None else round(asked - paint, 3),
        "list_s": None if asked is None or listed is None else round(listed - asked, 3),
        "made_s": None if asked is None or made is None else round(made - asked, 3),
        "idle_s": None if paint is None or idle is None else round(idle - paint, 3),
        # when each piece of the background work was handed to the window (its result's
        # callback ended), after the first paint: the last job of each key
        **{f"{name}_s": ready(key) for name, key in WORK.items()},
        "queued_s": None if query is None or len(query[2]) < 1 else round(
            query[2][0] - query[1], 3),
        "query_s": None if query is None or len(query[2]) < 2 else round(
            query[2][1] - query[2][0], 3),
        **({"jobs": [
            (key, *(round(t - (paint or 0.0), 3) for t in (queued, *times)))
            for key, queued, times in jobs
        ]} if trace else {}),
    }))
    window.close()  # type: ignore[attr-defined]
    store = window.store  # type: ignore[attr-defined]
    if store is not None:
        store.close()


def prepare(db: str, words: int) -> None:
    """``words`` saved words (CC-CEDICT's entries, with readings and meanings) in ``db``."""
    import itertools

    from reader.language.words.dictionary import default_data_file, parse_cedict
    from reader.storage.files.opening import open_store

    store = open_store(Path(db), backup_on_open=False).store
    assert store is not None
    entries = (e for e in parse_cedict(default_data_file()) if len(e.simplified) > 1)
    for entry in itertools.islice(entries, words):
        store.operations.add_vocabulary(
            entry.simplified, traditional=entry.traditional, reading=entry.pinyin,
            definition="; ".join(entry.senses), sentence=f"他們說{entry.simplified}很好。",
        )
    store.close()


# ---------------------------------------------------------------------------- the parent
def spread(values: list[float]) -> str:
    if not values:
        return "(none)"
    return (f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"
            f"  (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout's src folder to compare")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=SRC",
                        help="one more checkout's src folder to compare (repeatable)")
    parser.add_argument("--dock", choices=[*sorted(TOGGLES), "none"], default="vocab",
                        help="none: no dock, the background work alone")
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--after-paint", type=float, default=0.3)
    parser.add_argument("--trace", action="store_true",
                        help="with --child: each runner job's queued, started, ended times")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.dock, args.after_paint, args.trace)
        return
    if args.prepare:
        prepare(args.prepare, args.words)
        return
    after = Path(os.environ.get("PYTHONPATH", str(ROOT / "src")).split(os.pathsep)[0]).resolve()
    trees = {"before": args.before.resolve()} if args.before is not None else {}
    trees.update((n, Path(p).resolve()) for n, p in (t.split("=", 1) for t in args.tree))
    trees["after"] = after
    with tempfile.TemporaryDirectory(prefix="bench-dock-open-") as name:
        tmp = Path(name)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp / "cache"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        template = tmp / "template.sqlite3"
        me = [sys.executable, str(Path(__file__).resolve())]
        subprocess.run([*me, "--prepare", str(template), "--words", str(args.words)],
                       env=dict(env, PYTHONPATH=str(after)), check=True)

        def one(tree: str, db: Path) -> dict[str, float | None]:
            cmd = [*me, "--child", str(db), "--dock", args.dock,
                   "--after-paint", str(args.after_paint)]
            out = subprocess.run(cmd, env=dict(env, PYTHONPATH=str(trees[tree])), check=True,
                                 capture_output=True, text=True).stdout
            result: dict[str, float | None] = json.loads(out.strip().splitlines()[-1])
            return result

        one("after", template)  # unmeasured: the article registered, the caches built
        figures: dict[str, dict[str, list[float]]] = {
            t: {"list_s": [], "made_s": [], "queued_s": [], "query_s": [], "idle_s": [],
                "asked_s": [], **{f"{name}_s": [] for name in WORK}}
            for t in trees
        }
        loads = [os.getloadavg()[0]]
        order = list(trees)
        for run in range(args.runs + 1):
            for tree in order if run % 2 == 0 else reversed(order):
                db = tmp / f"{tree}-{run}.sqlite3"
                shutil.copyfile(template, db)
                result = one(tree, db)
                db.unlink()
                if run == 0:
                    continue  # each tree's warm-up (its bytecode written)
                print(f"  run {run} {tree:6} {json.dumps(result)}", flush=True)
                for key, values in figures[tree].items():
                    value = result.get(key)
                    if value is not None:
                        values.append(value)
            loads.append(os.getloadavg()[0])
        print(f"== {args.dock} dock shown {args.after_paint} s after the first paint "
              f"({args.runs} runs each; load average {min(loads):.2f}-{max(loads):.2f}, "
              f"{os.cpu_count()} cores); seconds, min / median / max")
        for tree, values in figures.items():
            print(f"  {tree:6} {trees[tree]}")
            print(f"    list filled, after the toggle      {spread(values['list_s'])}")
            print(f"      of which the dock made and shown {spread(values['made_s'])}")
            print(f"      its query waiting for a thread   {spread(values['queued_s'])}")
            print(f"      its query on the thread          {spread(values['query_s'])}")
            print(f"    toggled, after the first paint     {spread(values['asked_s'])}")
            print(f"    background work done, after paint  {spread(values['idle_s'])}")
            for name in WORK:
                print(f"      {name + ' handed over':32} {spread(values[name + '_s'])}")


if __name__ == "__main__":
    main()
