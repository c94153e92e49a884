"""Where the start-up's time goes: the phases of ``reader --smoke-test --first-paint-only``
timed inside fresh processes (issue O).

    PYTHONPATH=src python benchmarks/startup_phases.py [--runs 5]

Each run is a fresh offscreen process that does what the smoke test does, with a timestamp
between phases: Python's own start (from the process's start time in /proc), importing
PySide6's widgets, the CLI, the launcher (settings, theme), the main window's modules, the
application object (started in the themes' style) and the theme, opening the notes database
(lock, health check, the kept backups checked), the main window, the bundled article imported
and shown, and show → first paint (the article's layout: given before the show, it is laid
out there). The database is opened as ``build_window`` opens it (its backup taken after the
paint). Medians (min–max) of the runs; the exit is not timed (``bench_startup.py`` counts it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
t_py = time.perf_counter()
from PySide6.QtWidgets import QApplication  # noqa: F401
t_qt = time.perf_counter()
import reader.cli  # noqa: F401
t_cli = time.perf_counter()
from reader.ui.app import launch
t_launch = time.perf_counter()
from reader.ui.window import main_window
t_mw = time.perf_counter()
from PySide6.QtCore import QSettings
from reader.ui.common.settings import Settings
from reader.ui.common.style.theme import apply_theme
app = launch.make_application()
settings = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
apply_theme(app, "light")
t_app = time.perf_counter()
from reader.ui.app.store_session import database_path, open_for_user
store = open_for_user(database_path(sys.argv[1]), None, ask=False, named=True, hand_over=None,
                      **({"backup_on_open": False} if "backup_on_open" in
                         open_for_user.__code__.co_varnames else {}))
t_store = time.perf_counter()
window = main_window.MainWindow(settings, store)
t_window = time.perf_counter()
watch = launch._FirstPaint()
window.view.viewport().installEventFilter(watch)
window.resize(1000, 760)
window.open_bundled()
t_doc = time.perf_counter()
window.show()
while watch.at is None:
    app.processEvents()
age = launch.process_age() - (time.perf_counter() - watch.at)
start = watch.at - age
marks = [("Python and site", start, t_py), ("import PySide6.QtWidgets", t_py, t_qt),
         ("import reader.cli", t_qt, t_cli),
         ("import the launcher (settings, theme)", t_cli, t_launch),
         ("import the main window and its features", t_launch, t_mw),
         ("QApplication and the theme", t_mw, t_app), ("open the notes database", t_app, t_store),
         ("MainWindow()", t_store, t_window), ("import the article and show it", t_window, t_doc),
         ("show -> first paint", t_doc, watch.at), ("total", start, watch.at)]
print(json.dumps({name: round((b - a) * 1000, 1) for name, a, b in marks}))
window.close()
store.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db, ini = str(Path(tmp) / "p.sqlite3"), str(Path(tmp) / "p.ini")
        for i in range(args.runs + 1):
            out = subprocess.run([sys.executable, "-c", CHILD, db, ini], env=env, check=True,
                                 capture_output=True, text=True).stdout
            if i:  # the first run creates the database and writes the bytecode caches
                rows.append(json.loads(out.strip().splitlines()[-1]))
    print(f"phases of the first paint, ms: median (min-max) of {args.runs}; load average "
          f"{os.getloadavg()[0]:.1f}")
    for name in rows[0]:
        values = [r[name] for r in rows]
        print(f"  {name:<58} {statistics.median(values):7.1f}  ({min(values):.0f}-{max(values):.0f})")


if __name__ == "__main__":
    main()
