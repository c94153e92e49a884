"""Regenerate the screenshot gallery in docs/ (``make screenshots``), offscreen, 900×600.

Each picture is the real window over a fresh settings file and notes database, showing the
bundled article: first start, pinyin above characters in Traditional and Simplified, the
popup on a glossary term and on a polyphone, the dark theme, and each panel. The popup is a
window of its own, so it is painted onto the window's picture where it stands. Needs a CJK
font (fonts-noto-cjk); run from the repository: ``QT_QPA_PLATFORM=offscreen python
packaging/screenshots.py [--out docs/gallery]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget  # noqa: E402

from reader.language.scripts.script import Script  # noqa: E402
from reader.storage.files.opening import open_store  # noqa: E402
from reader.ui.app.launch import make_application  # noqa: E402
from reader.ui.app.panels import start_panels  # noqa: E402
from reader.ui.common.settings import Settings  # noqa: E402
from reader.ui.common.style.fonts import has_cjk_font  # noqa: E402
from reader.ui.common.style.theme import apply_theme  # noqa: E402
from reader.ui.window.main_window import MainWindow  # noqa: E402

SIZE = (900, 600)


def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


def wait(done: Callable[[], bool] = lambda: False, seconds: float = 0.3) -> None:
    """Deliver events until ``done`` or ``seconds`` pass."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and not done():
        app().processEvents()
        time.sleep(0.005)
    app().processEvents()


class Gallery:
    def __init__(self, out: Path, tmp: Path) -> None:
        self.out = out
        self.tmp = tmp
        self.made: list[Path] = []

    def window(self, name: str, theme: str = "light") -> MainWindow:
        apply_theme(app(), theme)
        settings = Settings(QSettings(str(self.tmp / f"{name}.ini"), QSettings.Format.IniFormat))
        settings.theme = theme
        result = open_store(self.tmp / f"{name}.sqlite3", backup_on_open=False)
        assert result.store is not None
        window = MainWindow(settings, result.store)
        window.resize(*SIZE)
        window.show()
        window.open_bundled()
        start_panels(window)
        for dock in window.findChildren(QDockWidget):
            dock.hide()
        aids = window.aids
        wait(lambda: aids.readings.readings is not None and aids.sources.dictionary is not None
             and aids.segments.segmentation is not None, 90)
        wait(seconds=0.3)
        return window

    def save(self, window: MainWindow, name: str) -> None:
        wait(seconds=0.2)
        picture = window.grab()
        popup = window.aids.hover.popup
        if popup.isVisible():  # a window of its own: paint it where it stands
            painter = QPainter(picture)
            at = window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0)))
            painter.drawPixmap(at, popup.grab())
            painter.end()
        path = self.out / f"{name}.png"
        picture.save(str(path))
        self.made.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, flush=True)

    def popup_on(self, window: MainWindow, word: str, nth: int = 0) -> None:
        shown = window.shown
        assert shown is not None
        pos = -1
        for _ in range(nth + 1):
            pos = shown.text.find(word, pos + 1)
        assert pos >= 0, word
        view = window.view
        view.scroll_to_position(max(0, shown.display_to_view(pos) - 60))
        wait(seconds=0.1)
        window.aids.hover.show_at(pos)

    def close(self, window: MainWindow) -> None:
        window.aids.hover.hide()
        window.close()
        window.deleteLater()
        wait(seconds=0.05)


def shoot(out: Path) -> list[Path]:
    make_application(["screenshots"])
    if not has_cjk_font():
        raise SystemExit("No CJK font: install fonts-noto-cjk (the pictures would show boxes).")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reader-shots-") as name:
        g = Gallery(out, Path(name))
        w = g.window("first")
        g.save(w, "first-start")
        w.aids.ruby_action.setChecked(True)
        w.set_script(Script.TRADITIONAL)
        wait(lambda: _readings_ready(w), 60)
        g.save(w, "ruby-traditional")
        w.set_script(Script.SIMPLIFIED)
        wait(lambda: _readings_ready(w), 60)
        g.save(w, "ruby-simplified")
        g.close(w)

        w = g.window("popups")
        g.popup_on(w, "蒸餾")
        g.save(w, "popup-glossary-term")
        g.popup_on(w, "長度")  # 長 cháng here, zhǎng in 增長
        g.save(w, "popup-polyphone")
        g.close(w)

        w = g.window("dark", "dark")
        w.aids.ruby_action.setChecked(True)
        wait(seconds=0.3)
        g.save(w, "dark-ruby")
        w.aids.ruby_action.setChecked(False)
        for dock in w.findChildren(QDockWidget):
            dock.show()
            dock.raise_()
            wait(seconds=0.3)
            g.save(w, f"dark-panel-{dock.objectName().removesuffix('Dock')}")
            dock.hide()
        g.close(w)

        w = g.window("panels")
        shown = w.shown
        assert shown is not None
        for word, colour in (("蒸餾", "yellow"), ("開源", "green"), ("推理", "blue")):
            start = shown.display_to_view(shown.text.find(word))
            w.view.select_span(start, start + len(word))
            w.highlights.highlight_selection(colour)
        for word in ("蒸餾", "開源", "推理模型"):  # saved words for the vocabulary panel
            w.aids.hover.show_at(shown.text.find(word))
            w.aids.words.save_current()
        w.aids.hover.hide()
        w.view.select_span(0, 0)
        w.view.verticalScrollBar().setValue(0)
        for dock in w.findChildren(QDockWidget):
            dock.show()
            dock.raise_()
            wait(seconds=0.3)
            g.save(w, f"panel-{dock.objectName().removesuffix('Dock')}")
            dock.hide()
        g.close(w)
        apply_theme(app(), "light")
        return g.made


def _readings_ready(window: MainWindow) -> bool:
    readings = window.aids.readings.readings
    return readings is not None and window.shown is not None and len(readings) == len(
        window.shown.text
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args()
    made = shoot(args.out.resolve())
    print(f"{len(made)} pictures in {args.out}")


if __name__ == "__main__":
    main()
