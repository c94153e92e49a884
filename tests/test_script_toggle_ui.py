"""The script toggle in the window: one click, same words in view and selected, remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.language.scripts.script import Script
from reader.ui.window.main_window import MainWindow


@pytest.fixture
def window(article_window: MainWindow) -> MainWindow:
    return article_window


def test_toolbar_has_five_segments_with_tooltips_and_shortcuts(window: MainWindow) -> None:
    actions = window.script_toggle.actions_by_script
    assert [a.iconText() for a in actions.values()] == ["Original", "简", "繁", "台", "港"]
    assert [a.shortcut().toString() for a in actions.values()] == [
        f"Ctrl+{n}" for n in range(1, 6)
    ]
    assert all(a.toolTip() for a in actions.values())
    assert [a.text() for a in window.menus.script.actions()] == [s.label for s in Script]


def test_switching_converts_the_text_and_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    original = window.view.toPlainText()
    window.script_toggle.actions_by_script[Script.SIMPLIFIED].trigger()
    simplified = window.view.toPlainText()
    assert "DeepSeek会在全球AI竞争中沉沦吗" in simplified
    assert window.script is Script.SIMPLIFIED
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.view.toPlainText() == original
    window.set_script(Script.TAIWAN)
    assert window.view.toPlainText() != simplified


def test_selection_and_top_line_survive_a_switch(window: MainWindow) -> None:
    assert window.shown is not None
    canonical = window.document.text  # type: ignore[union-attr]
    word = canonical.index("蒸餾") if "蒸餾" in canonical else canonical.index("開源")
    bar = window.view.verticalScrollBar()
    window.view.scroll_to_position(window.shown.to_view(word))
    top_before = window.shown.to_canonical(window.view.first_visible_position())
    window.view.select_span(*window.shown.view_span(word, word + 2))
    assert bar.value() > 0
    window.set_script(Script.SIMPLIFIED)
    cursor = window.view.textCursor()
    assert window.shown.canonical_span(cursor.selectionStart(), cursor.selectionEnd()) == (
        word,
        word + 2,
    )
    assert cursor.selectedText() in ("蒸馏", "开源")
    top_after = window.shown.to_canonical(window.view.first_visible_position())
    assert abs(top_after - top_before) < 60  # the same line is at the top, not the start
    assert bar.value() > 0


def test_choice_is_remembered_per_document(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "s.txt"
    other.write_text("软件和云计算。", encoding="utf-8")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.open_bundled()
    win.set_script(Script.SIMPLIFIED)
    win.open_path(str(other))
    assert win.script is Script.ORIGINAL
    win.set_script(Script.TAIWAN)
    assert win.view.toPlainText() == "軟體和雲端計算。"
    win.open_bundled()
    assert win.script is Script.SIMPLIFIED
    win.open_path(str(other))
    assert win.script is Script.TAIWAN


def test_long_documents_convert_off_the_gui_thread(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.txt"
    big.write_text("軟體和雲端計算都在發展。\n" * 8000, encoding="utf-8")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.open_path(str(big))
    win.set_script(Script.SIMPLIFIED)
    # the switch returns at once; the text arrives when the worker is done
    qtbot.waitUntil(lambda: win.script is Script.SIMPLIFIED, timeout=20000)
    assert win.view.toPlainText().startswith("软体和云端计算都在发展。")
