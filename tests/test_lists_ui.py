"""The lists at the size a learner meets them (issue L.7): the window at 900×600 with one panel
open — text that fits (no sideways scrolling, no cut placeholders), whole quotes and titles,
a mark on highlights that carry a note, no selection hiding a new highlight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QStyleOptionViewItem

from reader.services.vocabulary import build_saved_word
from reader.storage.store import Store
from reader.ui.app.panels import Panels
from reader.ui.common.style.list_cells import elide_words, wrapped_lines
from reader.ui.notes.notes_model import COLUMN_QUOTE
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import article_window


def _panels(win: MainWindow) -> Panels:
    panels = win.findChild(Panels)
    assert isinstance(panels, Panels)
    return panels


@pytest.fixture
def win(qtbot, settings, store: Store):  # type: ignore[no-untyped-def]
    window = article_window(qtbot, settings, store)
    window.resize(900, 600)
    qtbot.wait(50)
    yield window
    window.close()


def _only(qtbot, win: MainWindow, dock: QDockWidget) -> None:  # type: ignore[no-untyped-def]
    for other in _panels(win).docks:
        other.setVisible(other is dock)
    qtbot.waitUntil(dock.isVisible)
    qtbot.wait(50)


def _placeholder_fits(field: QLineEdit) -> bool:
    # the clear button and the frame take about two line heights of the field's width
    room = field.width() - 2 * field.fontMetrics().height()
    return field.fontMetrics().horizontalAdvance(field.placeholderText()) <= room


# ---------------------------------------------------------------------------- cells
def test_text_is_cut_at_word_boundaries(qtbot) -> None:  # type: ignore[no-untyped-def]
    metrics = QFontMetrics(QApplication.font())
    text = "to open up a source of revenue; to increase income"
    cut = elide_words(text, metrics, metrics.horizontalAdvance("to open up a source of re"))
    assert cut == "to open up a source of…"
    assert elide_words("short", metrics, 500) == "short"
    han = elide_words("深度求索人工智能基礎技術", metrics, metrics.horizontalAdvance("深度求索人"))
    assert han.endswith("…") and "深度求索".startswith(han[:-1][:4])
    # a Latin word with diacritics is not a place to cut; Han next to Latin is
    pinyin = elide_words("lǜsè de shù", metrics, metrics.horizontalAdvance("lǜsè de sh"))
    assert pinyin == "lǜsè de…"
    mixed = elide_words("DeepSeek深度求索", metrics, metrics.horizontalAdvance("DeepSeek深度"))
    assert mixed.startswith("DeepSeek") and mixed.endswith("…")
    lines = wrapped_lines(text, QApplication.font(), metrics.horizontalAdvance("to open up a "), 2)
    assert len(lines) == 2 and lines[0] == "to open up a" and lines[1].endswith("…")
    assert not any(line.endswith(("sou", "rev")) for line in lines)


# --------------------------------------------------------------------------- panels
def test_vocabulary_fits_900_by_600(win: MainWindow, store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = win.display_text()
    for word, reading, senses in (
        ("開源", "kai1 yuan2", ["open source", "to open up a source of revenue; to increase income"]),
        ("深度求索", "shen1 du4 qiu2 suo3", ["DeepSeek (company)"]),
    ):
        store.operations.save_word(build_saved_word(
            word, reading=reading, senses=senses, sentence=text[:20], document_id=win.document_id,
            source_title="t",
        ))
    dock = _panels(win).vocab
    assert dock is not None
    _only(qtbot, win, dock)
    view = dock.view
    # made now, its list read on the worker pool after the background work began
    qtbot.waitUntil(lambda: dock.proxy.rowCount() == 2, timeout=60000)
    qtbot.wait(50)
    shown = [c for c in range(dock.model.columnCount()) if not view.isColumnHidden(c)]
    assert sum(view.columnWidth(c) for c in shown) <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
    assert _placeholder_fits(dock.filter_field)
    # the word at the reading font, not the panel's 9 pt
    assert dock.columns.word_delegate.font().pointSizeF() >= win.settings.font_size * 0.9


def test_notes_show_whole_quotes(win: MainWindow, store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    canonical = win.display_text()
    start = canonical.index("梁文鋒")
    quote = canonical[start : start + 30]
    store.operations.add_highlight(win.document_id, start, start + 30, "yellow", "who founded it")
    dock = _panels(win).notes
    assert dock is not None
    _only(qtbot, win, dock)
    qtbot.waitUntil(lambda: dock.proxy.rowCount() > 0)
    qtbot.wait(50)
    index = dock.proxy.index(0, COLUMN_QUOTE, dock.proxy.index(0, 0))
    one_line = " ".join(quote.split())
    assert index.data() == one_line  # no longer cut to 24 characters by the model
    assert quote in index.data(Qt.ItemDataRole.ToolTipRole)  # the full quote
    option = QStyleOptionViewItem()
    option.initFrom(dock.view)
    option.rect = dock.view.visualRect(index)
    lines = dock.quote_delegate.text_lines(option, index)
    drawn = "".join(lines).replace("…", "")
    assert len(drawn) >= 16, lines  # was 6 characters and "…" in half the width
    assert one_line.startswith(drawn[:16])
    assert _placeholder_fits(dock.search_field)
    assert not dock.view.horizontalScrollBar().isVisible()


def test_library_shows_the_title(win: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = _panels(win).library
    assert dock is not None
    _only(qtbot, win, dock)
    qtbot.waitUntil(lambda: dock.tree.topLevelItemCount() > 0, timeout=60000)
    qtbot.wait(50)
    item = dock.tree.topLevelItem(0)
    index = dock.tree.indexFromItem(item, 0)
    option = QStyleOptionViewItem()
    option.initFrom(dock.tree)
    option.rect = dock.tree.visualRect(index)
    title = item.text(0)
    drawn = "".join(dock.tree.itemDelegateForColumn(0).text_lines(option, index))
    assert drawn.replace("…", "") == title or len(drawn) >= 24  # was "DeepSeek會在…"
    # the title in the reading font's family, a little larger than the UI's text
    from reader.ui.common.style.fonts import reading_font

    font = dock.tree.itemDelegateForColumn(0).font()
    assert font.families()[:1] == reading_font(win.settings.font_family, 10).families()[:1]
    assert font.pointSizeF() >= QApplication.font().pointSizeF() * 1.2
    assert not dock.tree.horizontalScrollBar().isVisible()
    assert _placeholder_fits(dock.filter_field)


def test_glossary_fits(win: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panels = _panels(win)
    _only(qtbot, win, panels.glossary)
    qtbot.waitUntil(lambda: panels.glossary.term_list.count() > 0, timeout=60000)
    assert not panels.glossary.term_list.horizontalScrollBar().isVisible()


# ------------------------------------------------------------------------ the text
def _viewport(win: MainWindow) -> QImage:
    win.view.viewport().repaint()
    return win.view.viewport().grab().toImage()


def _differs(a: QImage, b: QImage, area: QRect) -> bool:
    return any(
        a.pixel(x, y) != b.pixel(x, y)
        for x in range(max(0, area.left()), min(a.width(), area.right() + 1))
        for y in range(max(0, area.top()), min(a.height(), area.bottom() + 1))
    )


def test_a_highlight_with_a_note_has_a_mark(win: MainWindow, store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    for dock in _panels(win).docks:
        dock.hide()
    text = win.display_text()
    start = text.index("梁文鋒")
    hid = store.operations.add_highlight(win.document_id, start, start + 3, "green")
    win.highlights.reload()
    win.open_and_select(win.document_id, start, start)
    qtbot.wait(50)
    view = win.view
    end_rect = view.char_rect(win.shown.view_span(start, start + 3)[1] - 1)
    plain = _viewport(win)
    store.operations.set_note(hid, "Liang Wenfeng founded DeepSeek")
    win.highlights.reload()
    qtbot.wait(20)
    marked = _viewport(win)
    corner = QRect(end_rect.right() - 8, end_rect.top() - 8, 16, 16)
    assert _differs(plain, marked, corner)
    # nothing else of the page changed
    far = QRect(0, end_rect.bottom() + 40, plain.width(), 60)
    assert not _differs(plain, marked, far)
    marks = win.highlights.note_marks.marks()
    assert [h.id for _r, h in marks] == [hid]
    assert marks[0][0].intersects(end_rect.adjusted(-2, -2, 2, 2))
    # clicking the mark opens the note
    opened: list[int] = []
    win.highlights.set_note_editor(lambda highlight_id: opened.append(highlight_id) or True)
    centre = marks[0][0].center()
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress, QPointF(centre), QPointF(view.viewport().mapToGlobal(centre)),
        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), press)
    assert opened == [hid]


def test_highlighting_collapses_the_selection(win: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = win.display_text()
    start = text.index("梁文鋒")
    win.view.select_span(start, start + 3)
    assert win.view.textCursor().hasSelection()
    new_id = win.highlights.highlight_selection("pink")
    assert new_id is not None
    cursor = win.view.textCursor()
    assert not cursor.hasSelection() and cursor.position() == start + 3


def test_tone_colours_follow_the_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from reader.language.readings.pinyin_styles import TONE_SCHEMES, TONE_SCHEMES_DARK
    from reader.ui.common.style.list_cells import (
        RUNS_ONLY,
        ListCellDelegate,
        ToneRunsRole,
        tone_runs,
    )

    model = QStandardItemModel()
    item = QStandardItem("mā")
    item.setData(tone_runs(["ma1"], "pleco"), ToneRunsRole)
    model.appendRow(item)
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(ListCellDelegate(view, runs=RUNS_ONLY))
    view.resize(200, 80)
    view.show()
    qtbot.waitExposed(view)

    def ink(base: str) -> QColor:
        """The most saturated colour drawn (the syllable's; the rest is grey or the base)."""
        palette = view.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(base))
        view.setPalette(palette)
        image = view.viewport().grab().toImage()
        pixels = [image.pixelColor(x, y) for x in range(image.width())
                  for y in range(image.height())]
        return max(pixels, key=lambda c: c.hsvSaturation() * c.value())

    def distance(a: QColor, b: str) -> int:
        other = QColor(b)
        return abs(a.red() - other.red()) + abs(a.green() - other.green()) + abs(
            a.blue() - other.blue()
        )

    light, dark = TONE_SCHEMES["pleco"][1], TONE_SCHEMES_DARK["pleco"][1]
    on_light, on_dark = ink("#ffffff"), ink("#1a1b1e")
    assert distance(on_light, light) < distance(on_light, dark)
    assert distance(on_dark, dark) < distance(on_dark, light)
