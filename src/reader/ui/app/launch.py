"""Starting the GUI: the application object, the first document, and the smoke test."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.language import long_lived
from reader.ui.app.import_check import check_without_keeping
from reader.ui.common.first_paint import FirstPaint
from reader.ui.common.settings import APPLICATION, ORGANISATION, Settings
from reader.ui.common.style.theme import STYLE, STYLED, apply_theme, confirm_system_theme

if TYPE_CHECKING:  # each class PySide sets up costs its enums: these wait for their use
    import argparse

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QWidget

check_without_keeping()  # before the window's modules are imported (PySide would keep them)

_T0 = time.perf_counter()


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere since this import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _T0


#: The desktop entry's id (packaging/reader.desktop): on Wayland the compositor finds the
#: window's icon and name through it, whoever started the process (python from a venv too).
DESKTOP_FILE_NAME = "reader"


def make_application(argv: list[str] | None = None) -> QApplication:
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Reader")
    # started in the themes' style: apply_theme need not set it (see there)
    app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", STYLE])
    app.setProperty(STYLED, True)
    return app


def set_app_icon(app: QApplication) -> None:
    """The window icon (six PNG sizes, read when a size is first drawn; after the first
    paint)."""
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)


def _app_icon() -> QIcon | None:
    import importlib.resources

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icons = importlib.resources.files("reader.resources").joinpath("icons")
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        entry = icons.joinpath(f"reader-{size}.png")
        if entry.is_file():
            with importlib.resources.as_file(entry) as path:
                # with its size Qt reads the file when that size is drawn, not now (all six
                # decoded at once: ~12 ms of the GUI thread)
                icon.addFile(str(path), QSize(size, size))
    return None if icon.isNull() else icon


def build_window(
    settings: Settings,
    db: str | None,
    interactive: bool = True,
    file_arg: str | None = None,
) -> object:
    """The main window over the notes store at ``db`` (or the default location).

    Raises :class:`~reader.ui.app.store_session.HandedOver` when another Reader window holds the
    database and took the request (this launch then exits).
    """
    from reader.ui.app.store_session import database_path, open_for_user, path_was_named
    from reader.ui.window.main_window import MainWindow

    def hand_over() -> bool:
        from reader.ui.app.single_instance import hand_over  # QtNetwork: only when needed

        return hand_over(path, file_arg)

    path = database_path(db)
    store = open_for_user(
        path, None, ask=interactive, named=path_was_named(db),
        hand_over=hand_over if interactive else None,
        backup_on_open=False,  # taken after the first paint: start_after_first_paint
    )
    window = MainWindow(settings, store)
    if store is not None:
        from reader.ui.app.store_session import BackupTimer

        BackupTimer(store, window)  # the window (its Qt parent) keeps it
        if interactive and not store.read_only:  # a smoke test serves no later launch
            _serve_later_launches(window, path)
    return window


def _serve_later_launches(window: object, path: Path) -> None:
    """A later ``reader [FILE]`` on the same database comes here (see single_instance)."""
    from reader.ui.app.single_instance import InstanceServer
    from reader.ui.window.main_window import MainWindow

    assert isinstance(window, MainWindow)
    server = InstanceServer(path, window)

    def come_forward(file: object) -> None:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        if isinstance(file, str):
            window.open_path(file)

    server.requested.connect(come_forward)


def open_initial_document(window: object, file_arg: str | None) -> None:
    """The file asked for, else the last document, else the bundled article."""
    from reader.ui.window.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if file_arg and window.open_path(file_arg):
        return
    last = window.settings.last_document
    if last and not file_arg and Path(last).is_file() and window.open_path(last):
        return
    window.open_bundled()


def close_on_signals(app: QApplication, window: QWidget) -> Callable[[], None]:
    """SIGTERM, SIGINT and SIGHUP (logout, ``kill``) close the window as Ctrl+Q does.

    Python runs signal handlers only between bytecodes, and Qt's event loop runs none while
    idle: the signal's byte is written to a socket that a QSocketNotifier watches (the
    documented ``signal.set_wakeup_fd`` pattern). Returns a function that undoes it.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        previous_fd = signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread
        reader.close()
        writer.close()
        return lambda: None
    handled = [s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s]
    previous = {s: signal.signal(s, lambda *_: None) for s in handled}
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            while reader.recv(64):
                pass
        except OSError:
            pass
        window.close()
        app.quit()

    notifier.activated.connect(drain)

    def undo() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        reader.close()
        writer.close()

    return undo


def run_gui(file_arg: str | None, args: argparse.Namespace) -> int:
    app = make_application()
    settings = Settings()
    apply_theme(app, settings.theme, before_paint=True)  # confirmed after the paint
    from reader.ui.app.store_session import HandedOver
    from reader.ui.window.main_window import MainWindow

    try:
        window = build_window(settings, getattr(args, "db", None), file_arg=file_arg)
    except HandedOver:
        return 0
    except Exception as exc:  # a last guard: the user sees a message, not a traceback
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Reader cannot start", f"{type(exc).__name__}: {exc}")
        raise
    assert isinstance(window, MainWindow)
    window.restore_geometry()
    window.show()
    open_initial_document(window, file_arg)
    # background work (readings, dictionary, coverage) starts once the text is on screen
    # (a timer, not a zero-time call: a slice apart from the window's own work after its paint)
    starter = FirstPaint(on_paint=lambda: QTimer.singleShot(1, lambda: start_after_first_paint(window)))
    window.view.viewport().installEventFilter(starter)
    undo_signals = close_on_signals(app, window)
    # the session manager ending the session saves what Ctrl+Q saves
    app.commitDataRequest.connect(lambda _manager: window.close())
    code = int(app.exec())
    undo_signals()
    window.close()  # a signal or the session may have quit the loop: state saved once
    window.view.viewport().removeEventFilter(starter)
    if window.store is not None:
        window.store.close()
    settings.sync()  # written now: the process may end without tearing its objects down
    return code


#: How long a thread runs Python before the GIL goes to another that waits (CPython: 5 ms).
#: From the first paint on the workers (readings, dictionary, coverage) run Python while the
#: GUI thread handles events: it lets go of the GIL at each call into Qt and waited up to 5 ms
#: for it back each time (several times a slice). 1 ms: its slices and the heartbeat's gaps
#: shorter (interleaved runs), the workers no slower (the smoke test's readings).
SWITCH_INTERVAL_S = 0.001


def start_after_first_paint(window: object) -> None:
    """What the window builds and starts once its text is on screen, a slice of the event loop
    each: the GIL's switch interval (:data:`SWITCH_INTERVAL_S`), the tables the workers load
    kept out of the garbage collector's full passes (:mod:`reader.language.long_lived`), the "system" theme confirmed by
    the platform's colour scheme, the window icon and the backup
    at open (on a worker); once the window has made its
    features (its own slices after the paint), the panels (a dock a slice), then the background
    work (readings, dictionary, coverage)."""
    from reader.ui.app.panels import start_panels_in_slices
    from reader.ui.app.store_session import BackupTimer
    from reader.ui.window.main_window import MainWindow

    assert isinstance(window, MainWindow)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    long_lived.freeze_after_loads()  # the tables the workers load, out of the GC's full passes
    backups = window.findChild(BackupTimer)
    if isinstance(backups, BackupTimer):
        backups.back_up_now()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        confirm_system_theme(app, window.settings.theme)
        if app.windowIcon().isNull():
            set_app_icon(app)
    window.when_features_made(lambda: start_panels_in_slices(window))


#: The name the benchmarks use for it.
_FirstPaint = FirstPaint


def _wait(app: QApplication, done: object, seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while not done() and time.perf_counter() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.002)
    return bool(done())  # type: ignore[operator]


def run_smoke_test(args: argparse.Namespace) -> int:
    """Exercise the app offscreen and print one JSON line of timings; exit 0 when all worked.

    Opens the bundled article and waits for the first paint, then switches to Simplified,
    computes the context readings, looks up a word in CC-CEDICT and the glossary, adds a
    highlight to the database (``--db``, else a temporary one) and reads it back. The
    dictionary index and the word model are the machine's (the platform's cache folder, as
    the window's): only the first run on a machine builds them.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    t_start = time.perf_counter()
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="reader-smoke-") as tmp:
        qsettings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings = Settings(qsettings)
        apply_theme(app, "light")
        from reader.language.scripts.script import Script
        from reader.ui.window.main_window import MainWindow

        window = build_window(settings, args.db or str(Path(tmp) / "smoke.sqlite3"), False)
        assert isinstance(window, MainWindow)
        if window.store is None:
            print(json.dumps({"error": "the notes database could not be opened"}))
            window.close()
            return 1
        watcher = FirstPaint()
        window.view.viewport().installEventFilter(watcher)
        window.resize(1000, 760)
        window.open_bundled()
        window.show()
        timings: dict[str, object] = {}
        errors: list[str] = []
        if not _wait(app, lambda: watcher.at is not None, 20):
            print(json.dumps({"error": "the window never painted"}))
            return 1
        assert watcher.at is not None
        timings["first_paint_s"] = round(process_age() - (time.perf_counter() - watcher.at), 4)
        timings["since_main_s"] = round(watcher.at - t_start, 4)
        timings["characters"] = len(window.view.toPlainText())
        if getattr(args, "first_paint_only", False):
            window.close()
            if window.store is not None:
                window.store.close()
            print(json.dumps(timings))
            return 0
        from reader.ui.app.panels import start_panels

        start_panels(window)

        t = time.perf_counter()
        window.set_script(Script.SIMPLIFIED)
        app.processEvents()
        timings["switch_script_s"] = round(time.perf_counter() - t, 4)
        if "会" not in window.view.toPlainText():
            errors.append("the Simplified text was not shown")

        t = time.perf_counter()
        if not _wait(app, lambda: window.aids.readings.readings is not None, 60):
            errors.append("readings were not computed")
        timings["readings_s"] = round(time.perf_counter() - t, 4)

        t = time.perf_counter()
        if not _wait(app, lambda: window.aids.sources.dictionary is not None, 60):
            errors.append("the dictionary did not load")
        timings["dictionary_s"] = round(time.perf_counter() - t, 4)
        text = window.display_text()
        pos = text.find("蒸馏")
        info = window.aids.hover.describe(pos) if pos >= 0 else None
        if info is None or not (info.entries or info.glossary):
            errors.append("looking up 蒸馏 found nothing")
        else:
            timings["lookup"] = info.word

        start = text.find("开源")
        window.view.select_span(*window.shown.view_span(start, start + 2))  # type: ignore[union-attr]
        highlight_id = window.highlights.highlight_selection("green")
        store = window.store
        if highlight_id is None or store is None:
            errors.append("the highlight was not saved")
        else:
            saved = store.highlight(highlight_id)
            if saved.quote != "開源" or saved.colour != "green":
                errors.append(f"the highlight read back wrong: {saved.quote!r}")
            timings["highlight"] = saved.quote
        window.view.viewport().removeEventFilter(watcher)
        window.close()
        if store is not None:
            store.close()
        QTimer.singleShot(0, app.quit)
        app.exec()
    timings["total_s"] = round(time.perf_counter() - t_start, 4)
    # Help › About's list, from the distributions' metadata (copied into a frozen bundle);
    # after total_s, which it would otherwise add ~0.1 s to
    from reader.services.credits import components

    listed = components()
    timings["components"] = len(listed)
    if not any(c.name.lower().startswith("pyside6") and c.licence for c in listed):
        errors.append("the credits list no Qt for Python: distribution metadata missing")
    if errors:
        timings["errors"] = errors
    print(json.dumps(timings, ensure_ascii=False))
    return 1 if errors else 0
