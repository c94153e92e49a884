"""Starting the GUI: the application object, the first document, and the smoke test."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.ui.settings import APPLICATION, ORGANISATION, Settings
from reader.ui.theme import apply_theme

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


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Reader")
    app = QApplication(argv if argv is not None else sys.argv[:1])
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def _app_icon() -> QIcon | None:
    import importlib.resources

    icons = importlib.resources.files("reader.resources").joinpath("icons")
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        entry = icons.joinpath(f"reader-{size}.png")
        if entry.is_file():
            with importlib.resources.as_file(entry) as path:
                icon.addFile(str(path))
    return None if icon.isNull() else icon


def build_window(settings: Settings) -> object:
    from reader.ui.main_window import MainWindow

    return MainWindow(settings)


def open_initial_document(window: object, file_arg: str | None) -> None:
    """The file asked for, else the last document, else the bundled article."""
    from reader.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if file_arg and window.open_path(file_arg):
        return
    last = window.settings.last_document
    if last and not file_arg and Path(last).is_file() and window.open_path(last):
        return
    window.open_bundled()


def run_gui(file_arg: str | None, args: argparse.Namespace) -> int:
    app = make_application()
    settings = Settings()
    apply_theme(app, settings.theme)
    try:
        window = build_window(settings)
    except Exception as exc:  # a last guard: the user sees a message, not a traceback
        QMessageBox.critical(None, "Reader cannot start", f"{type(exc).__name__}: {exc}")
        raise
    from reader.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.restore_geometry()
    window.show()
    open_initial_document(window, file_arg)
    return int(app.exec())


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
        return False


def run_smoke_test(args: argparse.Namespace) -> int:
    """Open the bundled article offscreen, wait for the first paint, print timings as JSON."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    t_start = time.perf_counter()
    app = make_application()
    with tempfile.TemporaryDirectory(prefix="reader-smoke-") as tmp:
        qsettings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings = Settings(qsettings)
        apply_theme(app, "light")
        from reader.ui.main_window import MainWindow

        window = MainWindow(settings)
        watcher = _FirstPaint()
        window.view.viewport().installEventFilter(watcher)
        window.resize(1000, 760)
        window.open_bundled()
        window.show()
        deadline = time.perf_counter() + 20
        while watcher.at is None and time.perf_counter() < deadline:
            app.processEvents()
        if watcher.at is None:
            print(json.dumps({"error": "the window never painted"}))
            return 1
        timings = {
            "first_paint_s": round(process_age() - (time.perf_counter() - watcher.at), 4),
            "since_main_s": round(watcher.at - t_start, 4),
            "characters": len(window.view.toPlainText()),
        }
        window.view.viewport().removeEventFilter(watcher)
        window.close()
        QTimer.singleShot(0, app.quit)
        app.exec()
    print(json.dumps(timings))
    return 0
