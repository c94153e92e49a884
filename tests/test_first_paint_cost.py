"""Issue O: what the window's first paint does not wait for. PySide builds a class's Python
enums at its first use: the Qt namespace's ~93 (20-30 ms) and QStyle's ~650 members (~7 ms).
Whatever the theme (the "system" one told by the platform's palette until the paint), nothing
before the first paint uses the namespace (flags
and styles are given by name), and the application starts in the themes' style."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from reader.language.scripts.script import Script
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.window.main_window import MainWindow

#: The launcher's start (``run_gui``'s order: theme, window, show, the document, the paint),
#: with the theme and the last document given; whether ``Qt`` was built at the first paint.
CHILD = r"""
import json, sys
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QSettings
from reader.ui.app import launch
from reader.ui.common.first_paint import FirstPaint
from reader.ui.common.settings import Settings
from reader.ui.common.style.theme import apply_theme
app = launch.make_application()
settings = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
settings.theme = sys.argv[4]
settings.last_document = sys.argv[3] or None
apply_theme(app, settings.theme, before_paint=True)
window = launch.build_window(settings, sys.argv[1], interactive=False)
seen = {}
def painted():
    seen["qt_namespace_built"] = "Qt" in QtCore.__dict__
    seen["qstyle_built"] = "QStyle" in QtWidgets.__dict__
watch = FirstPaint(painted)
window.view.viewport().installEventFilter(watch)
window.restore_geometry()
window.show()
launch.open_initial_document(window, None)
while watch.at is None:
    app.processEvents()
seen["text"] = window.view.toPlainText()[:20]
seen["style"] = app.style().name()
print(json.dumps(seen, ensure_ascii=False))
window.close()
window.store.close()
"""


@pytest.mark.parametrize(("last_document", "theme"), [(False, "light"), (True, "light"), (False, "system")])
def test_nothing_before_the_first_paint_builds_the_qt_namespace(
    tmp_path: Path, last_document: bool, theme: str
) -> None:
    last = tmp_path / "last.txt"
    last.write_text("上次讀到這裡。\n第二段。", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "notes.sqlite3"), str(tmp_path / "s.ini"),
         str(last) if last_document else "", theme],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["text"].startswith("上次讀到這裡") == last_document  # the file, else the article
    assert seen["qt_namespace_built"] is False
    assert seen["qstyle_built"] is False
    assert seen["style"] == "fusion"  # the themes' style all the same


def test_flags_and_styles_given_by_name_are_set(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    view = ReadingView()
    qtbot.addWidget(view)
    assert view.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    shortcuts = {
        script: window.script_toggle.actions_by_script[script].shortcut() for script in Script
    }
    assert [s.toString() for s in shortcuts.values()] == [f"Ctrl+{i}" for i in range(1, 6)]
    assert shortcuts[Script.SIMPLIFIED] == QKeySequence("Ctrl+2")


def test_apply_theme_sets_the_style_of_an_application_started_otherwise(qapp) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.common.style.theme import STYLED, apply_theme

    qapp.setStyle("Windows")
    qapp.setProperty(STYLED, None)
    apply_theme(qapp, "light")
    assert qapp.style().name() == "fusion"
    assert qapp.property(STYLED) is True


@pytest.mark.parametrize("loader_gives", ["data", "nothing", "an error"])
def test_the_bundled_article_is_read_through_its_loader_or_the_resource_api(
    monkeypatch: pytest.MonkeyPatch, loader_gives: str
) -> None:
    import importlib.resources
    import pkgutil

    from reader.text import importer

    expected = importer.import_document(
        importlib.resources.files("reader.resources")
        .joinpath(importer.BUNDLED_ARTICLE_NAME).read_bytes(),
        importer.BUNDLED_ARTICLE_NAME,
    )
    if loader_gives != "data":
        def get_data(package: str, resource: str) -> bytes | None:
            if loader_gives == "an error":
                raise FileNotFoundError(resource)
            return None

        monkeypatch.setattr(pkgutil, "get_data", get_data)
    article = importer.bundled_article()
    assert article.text == expected.text and article.sha256 == expected.sha256
