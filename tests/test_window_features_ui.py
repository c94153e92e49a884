"""Issue O: the window paints its text first and makes its features (find bar, reading aids,
highlights, the menus' actions) after that paint — or at once when a menu is opened first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from reader.storage.store import Store
from reader.ui.reading.find_bar import FindBar
from reader.ui.window.main_window import MainWindow

FEATURE_MODULES = (
    "reader.ui.reading.reading_aids",
    "reader.ui.notes.highlights_controller",
    "reader.ui.reading.find_bar",
    "reader.anchoring.anchors",
)

#: The launcher's order (``run_gui``): window, show, the document; what is imported at the
#: first paint, and whether the features are there a moment later.
CHILD = r"""
import json, sys
from PySide6.QtCore import QSettings
from reader.ui.app import launch
from reader.ui.common.first_paint import FirstPaint
from reader.ui.common.settings import Settings
app = launch.make_application()
settings = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window = launch.build_window(settings, sys.argv[1], interactive=False)
seen = {}
def painted():
    seen["modules"] = [m for m in sys.argv[3].split(",") if m in sys.modules]
watch = FirstPaint(painted)
window.view.viewport().installEventFilter(watch)
window.resize(900, 600)
window.show()
launch.open_initial_document(window, None)
while watch.at is None:
    app.processEvents()
made = []
window.when_features_made(lambda: made.append(True))  # a slice a module after the paint
while not made:
    app.processEvents()
view_menu = window.menuBar().actions()[2].menu()
seen["view_menu"] = [a.text() for a in view_menu.actions() if a.text()]
seen["characters"] = len(window.view.toPlainText())
print(json.dumps(seen))
window.close()
window.store.close()
"""


def test_the_first_paint_comes_before_the_features_are_imported(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "notes.sqlite3"), str(tmp_path / "s.ini"),
         ",".join(FEATURE_MODULES)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["characters"] > 2900  # the article was on screen at the paint
    assert seen["modules"] == []  # none of the features' modules yet
    # and a moment later the View menu holds the features' actions
    assert "Pinyin &Above Characters" in seen["view_menu"]
    assert "&Find…" not in seen["view_menu"] and "Zoom &In" in seen["view_menu"]


#: The launcher's order again, then the first switch to Simplified once the features are made:
#: the modules it imported on the GUI thread then (the import lock is shared with the workers,
#: which import numpy and the models at that moment).
SWITCH_CHILD = CHILD.split("view_menu = ")[0] + r"""
from reader.language.scripts.script import Script
before = set(sys.modules)
window.set_script(Script.SIMPLIFIED)
print(json.dumps({"shown": "会" in window.view.toPlainText(),
                  "imported": sorted(set(sys.modules) - before)}))
window.close()
window.store.close()
"""


def test_the_first_script_switch_imports_nothing_once_the_features_are_made(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SWITCH_CHILD, str(tmp_path / "notes.sqlite3"),
         str(tmp_path / "s.ini"), ""],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["shown"]
    # OpenCC, the alignment and the 著 of meaning came in the slices after the paint
    assert [m for m in seen["imported"] if m.startswith(("reader.", "opencc"))] == []


def test_features_made_after_the_paint_catch_up_with_the_shown_document(
    qtbot, settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.open_bundled()
    assert window.findChild(FindBar) is None  # not made with the window
    text = window.display_text()
    start = text.find("梁文")
    assert store.operations is not None and window.document_id is not None
    store.operations.add_highlight(window.document_id, start, start + 3, "yellow")
    window.resize(900, 600)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(FindBar) is not None)  # made after the paint
    [painted] = window.view.layer("highlights")  # the shown document's highlight, placed
    assert painted.cursor.selectedText() == text[start:start + 3]
    # the shortcuts work once the features are made
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.find_bar.isVisible())
    window.close()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # offscreen
def test_a_menu_opened_before_the_features_are_made_shows_them(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.open_bundled()
    menus = [a.menu() for a in window.menuBar().actions()]
    assert [m.title() for m in menus if isinstance(m, QMenu)] == [
        "&File", "&Edit", "&View", "&Annotate", "&Help"
    ]
    view = menus[2]
    assert isinstance(view, QMenu) and view.actions() == []  # not filled before the features
    view.popup(QPoint(0, 0))  # opened (the learner was quick): filled as it shows
    titles = [a.text() for a in view.actions()]
    assert "Pinyin &Above Characters" in titles and "Zoom &In" in titles
    view.close()
    assert window.findChild(FindBar) is not None
    ruby = window.registry.action("view.ruby")
    assert ruby in window.toolbar.actions()  # the toolbar's button came with them
    window.close()


def test_a_window_closed_before_its_first_paint_makes_no_features(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.close()
    qtbot.wait(50)
    assert window.findChild(FindBar) is None


def test_a_known_document_is_marked_opened_once_the_text_is_on_screen(
    qtbot, settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    from datetime import UTC, datetime

    first = MainWindow(settings, store)
    qtbot.addWidget(first)
    first.open_bundled()
    doc = first.document_id
    assert doc is not None and store.operations is not None
    first.close()
    store.operations.mark_opened(doc, datetime(2020, 1, 1, tzinfo=UTC))

    def opened() -> str:
        [info] = [d for d in store.documents() if d.id == doc]
        return info.opened_at or ""

    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.open_bundled()
    assert window.document_id == doc
    assert opened().startswith("2020")  # the text is shown without waiting for the write
    window.show()
    qtbot.waitUntil(lambda: not opened().startswith("2020"))  # written after the paint
    window.close()


def test_a_window_closed_where_it_opened_writes_no_position(
    qtbot, settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    from reader.storage.changes import Change, Changed

    def session() -> None:
        window = MainWindow(settings, store)
        qtbot.addWidget(window)
        window.resize(800, 500)
        window.open_bundled()
        window.show()
        qtbot.waitExposed(window)
        window.close()

    session()  # the first close writes where the text was left
    changes: list[Change] = []
    store.operations.add_listener(changes.append)
    session()  # opened there and closed without a scroll: nothing to write
    assert not [c for c in changes if c.touches(Changed.POSITION)]
