"""Ruby layout: every syllable of the article in every script and at three zoom steps has a
box of its own (no two overlap, none clipped); the text and its offsets are untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtTest import QTest

from reader.language.readings.pinyin import is_han
from reader.language.scripts.script import Script
from reader.storage.store import Store
from reader.ui.common.style.fonts import has_cjk_font
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import article_window

ZOOMS = (-2, 0, 3)


@pytest.fixture
def window(qtbot, settings, store: Store):  # type: ignore[no-untyped-def]
    win = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: win.aids.readings.readings is not None, timeout=60000)
    win.aids.ruby_action.setChecked(True)
    yield win
    win.close()


def _ready(win: MainWindow) -> bool:
    readings = win.aids.readings.readings
    return readings is not None and win.shown is not None and len(readings) == len(win.shown.text)


def typeset_all(view: ReadingView) -> None:
    """What painting does for the visible blocks, for all of them: formats, layout (Qt lays
    out lazily, on a timer: all of it now), breaks kept out of the runs."""
    document = view.document()
    view.typesetter.ensure(document.firstBlock(), document.characterCount())
    document.pageCount()
    view.typesetter.settle(document.firstBlock(), document.characterCount())
    document.pageCount()


def _lines(win: MainWindow) -> list[tuple[float, float]]:
    """(top, bottom) of every laid-out line, in viewport coordinates."""
    view = win.view
    offset = view.viewport_offset()
    out = []
    block = view.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        origin = layout.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            top = origin.y() + line.y() - offset.y()
            out.append((top, top + line.height()))
        block = block.next()
    return out


def _check_layout(win: MainWindow, label: str) -> int:
    view = win.view
    view.verticalScrollBar().setValue(0)
    typeset_all(view)
    view.viewport().repaint()
    assert view.verticalScrollBar().value() == 0
    boxes = list(win.aids.ruby.syllables(view, 0, 10**9))
    shown = win.shown
    assert shown is not None
    readings = win.aids.readings.readings
    assert readings is not None
    wanted = [p for p, ch in enumerate(shown.text) if is_han(ch) and readings[p] is not None]
    got = [p for p, _r, _b in boxes]
    assert got == wanted, (label, sorted(set(wanted) ^ set(got))[:5])  # every syllable, once
    width = view.viewport().width()
    by_row: dict[float, list[QRectF]] = {}
    for pos, _reading, box in boxes:
        assert box.left() >= 0 and box.right() <= width, (label, pos, box)  # not clipped
        assert box.top() >= 0, (label, pos, box)  # the first row is in view at the top
        by_row.setdefault(round(box.top(), 1), []).append(box)
    lines = _lines(win)
    for row, row_boxes in by_row.items():
        row_boxes.sort(key=QRectF.left)
        for a, b in zip(row_boxes, row_boxes[1:], strict=False):
            assert b.left() >= a.right() + 1, (label, row, a, b)  # never overlapping
        bottom = row + row_boxes[0].height()
        above = [ln for ln in lines if ln[1] <= bottom + 0.5]  # lines ending above the row
        under = [ln for ln in lines if abs(ln[0] - bottom) < 0.6]
        assert under, (label, row)  # the row sits right on a line's top
        previous = [ln for ln in above if ln[0] < under[0][0]]
        if previous:
            assert row >= max(ln[1] for ln in previous) - 0.5, (label, row)  # clear of it
    return len(boxes)


def test_no_syllable_box_overlaps_or_is_clipped(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    if not has_cjk_font():
        pytest.skip("needs a CJK font (CI installs fonts-noto-cjk)")
    text_before = window.view.text()
    counted = 0
    for script in Script:
        window.set_script(script)
        qtbot.waitUntil(lambda: _ready(window), timeout=60000)
        for zoom in ZOOMS:
            window.view.set_zoom_step(zoom)
            counted += _check_layout(window, f"{script.value} zoom {zoom}")
        window.view.set_zoom_step(0)
    assert counted > 5 * 3 * 1800  # the article's ~1,860 syllables, 15 times
    window.set_script(Script.ORIGINAL)
    assert window.view.text() == text_before  # widening never edits the text


def test_pinyin_size_margins_and_ctrl_home(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    ruby = window.aids.ruby
    assert ruby.ruby_font().pointSizeF() == pytest.approx(view.font().pointSizeF() * 0.55, 0.05)
    window.settings.ruby_size = 65
    assert ruby.ruby_font().pointSizeF() == pytest.approx(view.font().pointSizeF() * 0.65, 0.05)
    window.settings.ruby_size = 55
    margins = view.viewportMargins()
    window.aids.ruby_action.setChecked(False)
    assert view.viewportMargins() == margins  # turning pinyin on or off moves no margin
    window.aids.ruby_action.setChecked(True)
    assert view.viewportMargins() == margins
    # after Ctrl+End, Ctrl+Home shows the first line *with* its pinyin
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.verticalScrollBar().value() > 0
    QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert view.verticalScrollBar().value() == 0
    first = next(iter(ruby.syllables(view, 0, 200)))[2]
    assert first.top() >= 0


def test_page_margins_hold_when_a_panel_opens(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDockWidget

    view = window.view
    assert window.findChildren(QDockWidget) == []  # a first start: no dock made
    closed = view.viewportMargins().left() + view.document().documentMargin()
    window.registry.action("panel.notes").trigger()  # the notes dock, made and shown
    assert window.findChildren(QDockWidget)[0].isVisible()
    qtbot.wait(10)
    opened = view.viewportMargins().left() + view.document().documentMargin()
    assert view.width() < 1000 - 200  # the panel took room
    assert closed == opened == view.page_margin()  # 2 em either way, not 45 then 24
