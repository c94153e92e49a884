"""Issue L.2: the popup as a card — its own surface and shadow, links to the words inside and
around the word, actions that say what is done and are not offered where they do not apply,
no popup over the learner's own selection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QColor, QTextCursor

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.language.words.word_info import WordInfo
from reader.storage.store import Store
from reader.ui.reading.words.hover import FIXED_KEYS
from reader.ui.reading.words.popup_content import Look, can_save, popup_html
from reader.ui.window.main_window import MainWindow
from tests.test_reading_aids_ui import _move, _pos, article_window


@pytest.fixture
def window(qtbot, settings, store: Store) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: win.aids.readings.readings is not None, timeout=60000)
    qtbot.waitUntil(lambda: win.aids.sources.dictionary is not None, timeout=60000)
    qtbot.waitUntil(lambda: win.aids.segments.segmentation is not None, timeout=60000)
    yield win
    win.close()


def test_card_has_its_own_surface_and_a_shadow(window: MainWindow) -> None:
    hover = window.aids.hover
    assert hover.show_at(_pos(window, "冷卻") + 1)
    popup = hover.popup
    image = popup.grab().toImage()
    card = popup.card.geometry()
    inside = image.pixelColor(card.left() + 4, card.center().y())
    page = window.view.palette().color(window.view.backgroundRole())
    assert inside != page  # not the page's cream
    assert inside.lightness() > page.lightness()  # lifted above it (light theme)
    below = image.pixelColor(card.center().x(), card.bottom() + 3)
    corner = image.pixelColor(0, 0)
    assert below.alpha() > corner.alpha() == 0  # a shadow under the card, nothing at the edge


def test_body_text_scales_with_the_reading_font() -> None:
    info = WordInfo(0, 1, "卻", ("que4",))
    small = popup_html(info, Look(PinyinStyle.MARKS, "pleco", base_pt=10))
    large = popup_html(info, Look(PinyinStyle.MARKS, "pleco", base_pt=20))
    assert "font-size:8.0pt" in small and "font-size:14.4pt" in large  # 0.72 of the size, at least 8


def test_links_to_the_characters_and_back(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hover = window.aids.hover
    start = _pos(window, "冷卻")
    assert hover.show_at(start + 1)
    assert hover.current is not None and hover.current.word == "冷卻"
    text = hover.popup.label.text()
    assert 'href="word:%E5%86%B7"' in text  # Characters: 冷 · 卻
    hover.popup.label.linkActivated.emit("word:%E5%8D%BB")
    assert hover.current is not None and hover.current.word == "卻"
    assert hover.origin is not None and hover.origin.word == "冷卻"
    shown = hover.popup.label.text()
    assert "← 冷卻" in shown and "but" in shown and hover.popup.isVisible()
    assert shown.index("què") < shown.index("but")
    hover.popup.label.linkActivated.emit("back:")
    assert hover.current is not None and hover.current.word == "冷卻"
    assert hover.current.start == start and hover.origin is None


def test_saving_a_linked_character_keeps_the_sentence_of_the_word(
    window: MainWindow, store: Store, qtbot  # type: ignore[no-untyped-def]
) -> None:
    hover = window.aids.hover
    assert hover.show_at(_pos(window, "冷卻") + 1)
    hover.show_word("卻")
    hover.popup.saveRequested.emit()
    (saved,) = store.vocabulary()
    assert (saved.simplified, saved.traditional) == ("却", "卻") and "冷卻" in saved.sentence
    assert "but" in saved.definition


def test_actions_say_what_is_done(window: MainWindow, store: Store) -> None:
    hover = window.aids.hover
    assert hover.show_at(_pos(window, "冷卻"))
    popup = hover.popup
    assert popup.save_button.text() == "Save word (S)" and popup.save_button.isEnabled()
    popup.saveRequested.emit()
    assert popup.isVisible() and popup.save_button.text() == "Saved ✓"
    assert not popup.save_button.isEnabled()
    popup.knownRequested.emit()
    assert popup.known_button.text() == "Known ✓"
    popup.knownRequested.emit()  # K again: new
    assert popup.known_button.text() == "Known (K)"


def test_no_save_for_a_latin_term(window: MainWindow, store: Store) -> None:
    hover = window.aids.hover
    at = _pos(window, "H800")
    assert hover.show_at(at)
    assert hover.current is not None and hover.current.word == "H800"
    assert not can_save(hover.current)
    assert not hover.popup.save_button.isVisible() and not hover.popup.known_button.isVisible()
    hover.popup.saveRequested.emit()  # the S key
    hover.popup.knownRequested.emit()
    assert store.vocabulary() == [] and store.known_words() == {}
    assert "no Chinese characters" in window.statusBar().currentMessage()


def test_no_popup_over_a_fresh_selection(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    hover = window.aids.hover
    shown = window.shown
    assert shown is not None
    at = shown.display_to_view(_pos(window, "市場情緒"))
    window.view.scroll_to_position(at)
    cursor = window.view.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + 4, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    rect = window.view.char_rect(at + 1)
    _move(window, rect.center())
    qtbot.wait(200)
    assert not hover.popup.isVisible()
    window.view.setTextCursor(QTextCursor(window.view.document()))  # selection gone
    _move(window, rect.center() + QPoint(1, 0))
    qtbot.waitUntil(hover.popup.isVisible, timeout=3000)


def test_dark_card_is_lifted_too(window: MainWindow) -> None:
    info = WordInfo(0, 1, "卻", ("que4",))
    popup = window.aids.hover.popup
    from PySide6.QtCore import QRect

    popup.show_info(info, QRect(10, 10, 10, 10), Look(dark=True))
    image = popup.grab().toImage()
    card = popup.card.geometry()
    inside: QColor = image.pixelColor(card.left() + 4, card.center().y())
    assert inside.lightness() < 80  # a dark surface, lighter than the dark page (#1a1b1e)
    assert inside.lightness() > QColor("#1a1b1e").lightness()


def test_legend_explains_every_mark_with_the_real_formats(window: MainWindow) -> None:
    """Issue L.5: View › Legend."""
    from PySide6.QtGui import QTextCharFormat

    from reader.language.words.glossary import CATEGORY_COLOURS
    from reader.ui.reading.audit_marks import MARK_COLOUR

    action: QAction = window.aids.legend_action
    assert action in window.menuBar().actions()[2].menu().actions()  # View
    action.trigger()
    legend = window.aids.legend
    assert legend is not None and legend.isVisible()
    samples = legend.samples()
    dotted = {
        f.underlineColor().name() for _t, f in samples
        if f.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    }
    assert dotted == {c.lower() for c in CATEGORY_COLOURS.values()}
    wavy = [f for _t, f in samples if f.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert [f.underlineColor().name() for f in wavy] == [MARK_COLOUR]
    text = legend.text.toPlainText()
    for word in ("glossary", "wavy underline", "Yellow", "Purple", "not marked known", "popup"):
        assert word in text
    action.trigger()  # a second time: still one legend window
    assert len([w for w in window.findChildren(type(legend)) if w.isVisible()]) == 1


def test_shortcuts_dialog_lists_the_popup_and_reading_cursor_keys(window: MainWindow) -> None:
    from reader.ui.window.shortcuts_dialog import ShortcutsDialog

    registry = window.registry
    dialog = ShortcutsDialog(registry, window, FIXED_KEYS)
    cells = [
        " ".join(dialog.table.item(r, c).text() for c in range(3))
        for r in range(dialog.table.rowCount())
    ]
    for keys in ("S", "K", "C", "Esc", "Alt+Right, Alt+Left"):
        assert any(cell.endswith(f"{keys}  (fixed)") for cell in cells), keys
    dialog.filter_edit.setText("Alt+Shift")
    assert dialog.visible_ids() == ["fixed:5"]
    dialog.table.selectRow(dialog.table.rowCount() - 1)
    assert not dialog.edit_button.isEnabled() and not dialog.reset_button.isEnabled()
    dialog.edit_selected()  # nothing to record: no dialog, no change
    dialog.close()


def test_the_first_popup_loads_what_saving_a_word_needs_off_the_gui_thread(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from reader.storage import database

    loaded: list[bool] = []
    monkeypatch.setattr(database, "preload",
                        lambda: loaded.append(threading.current_thread() is threading.main_thread()))
    hover = window.aids.hover
    assert hover.show_at(_pos(window, "冷卻"))
    qtbot.waitUntil(lambda: bool(loaded))
    assert loaded == [False]  # on a worker
    assert hover.show_at(_pos(window, "開源"))
    hover.popup.saveRequested.emit()
    qtbot.wait(50)
    assert loaded == [False]  # once
