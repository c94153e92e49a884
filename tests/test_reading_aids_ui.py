"""Readings, ruby, the popup, the audit marks and saving words, in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from reader.language.scripts.script import Script, convert
from reader.storage.store import Store
from reader.ui.app.panels import Panels, start_panels
from reader.ui.window.main_window import MainWindow


def _panels(window: MainWindow) -> Panels:
    """The docks, which the composition root built as a child of the window."""
    panels = window.findChild(Panels)
    assert isinstance(panels, Panels)
    return panels

def article_window(qtbot, settings, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    """A shown window over ``store`` with the bundled article and its panels started."""
    win = MainWindow(settings, store)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    win.open_bundled()
    start_panels(win)
    return win


@pytest.fixture
def window(qtbot, settings, store: Store):  # type: ignore[no-untyped-def]
    win = article_window(qtbot, settings, store)
    qtbot.waitUntil(lambda: win.aids.readings.readings is not None, timeout=60000)
    qtbot.waitUntil(lambda: win.aids.sources.dictionary is not None, timeout=60000)
    yield win
    win.close()


def _move(win: MainWindow, point: QPoint) -> None:
    """A pointer move over the view's viewport, delivered directly (no window manager)."""
    viewport = win.view.viewport()
    event = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def _pos(win: MainWindow, word: str) -> int:
    pos = win.display_text().find(word)
    assert pos >= 0, word
    return pos


def test_context_readings_in_both_scripts(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    readings = window.aids.readings.readings
    assert readings is not None and len(readings) == len(window.display_text())
    text = window.display_text()
    assert readings[text.find("回應") + 1] == "ying4"
    window.set_script(Script.SIMPLIFIED)
    qtbot.waitUntil(lambda: window.aids.readings.key() == (window.document.sha256, "simplified")  # type: ignore[union-attr]
                    and window.aids.readings.readings is not None, timeout=30000)
    text = window.display_text()
    assert window.aids.readings.readings[text.find("回应") + 1] == "ying4"  # type: ignore[index]


def test_hover_shows_glossary_dictionary_and_reading(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    pos = _pos(window, "蒸餾")
    shown = window.shown
    assert shown is not None
    window.view.scroll_to_position(shown.display_to_view(pos))
    rect = window.view.char_rect(shown.display_to_view(pos))
    assert window.view.viewport().rect().contains(rect.center())
    _move(window, rect.center())
    qtbot.waitUntil(window.aids.hover.popup.isVisible, timeout=5000)
    text = window.aids.hover.popup.label.text()
    assert "distillation" in text.lower()
    assert "zhēng" in text
    # the popup never covers the word it explains
    popup = window.aids.hover.popup.geometry()
    word = rect.translated(window.view.viewport().mapToGlobal(QPoint(0, 0)))
    assert not popup.intersects(word)
    # moving within the same word keeps the same popup; Esc hides it
    current = window.aids.hover.current
    _move(window, rect.center() + QPoint(1, 0))
    assert window.aids.hover.current is current
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.aids.hover.popup.isVisible()


def test_no_popup_over_punctuation(window: MainWindow) -> None:
    assert window.aids.hover.show_at(_pos(window, "。")) is False
    assert not window.aids.hover.popup.isVisible()


def test_audit_flags_the_wrong_source_readings(window: MainWindow) -> None:
    audit = window.aids.audit
    flagged = {(d.character, d.source, d.ours) for d in audit.disagreements}
    assert ("應", "ying1", "ying4") in flagged
    assert ("長", "zhang3", "chang2") in flagged
    assert window.view.layer("audit")
    titles = [title for title, _rows in window.summary.sections]
    assert [t for t in titles if t.startswith("Inline readings that disagree")] == [
        f"Inline readings that disagree with the context ({len(audit.disagreements)})"
    ]
    assert "disagree with the context" in window.summary.button.full_text()
    pos = _pos(window, "回應") + 1
    assert any("yìng" in note for note in audit.notes_for(pos, pos + 1))


def test_save_word_and_mark_known(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    assert store is not None
    assert window.aids.hover.show_at(_pos(window, "開源"))
    QTest.keyClick(window.view, Qt.Key.Key_S)
    items = store.vocabulary()
    assert [i.traditional for i in items] == ["開源"]
    item = items[0]
    assert item.simplified == "开源"
    assert "kai1" in item.reading and item.definition
    assert "開源" in item.sentence and "开源" in item.sentence_other
    QTest.keyClick(window.view, Qt.Key.Key_K)
    assert store.word_status("开源") == "known"
    assert store.word_status("開源") == "known"
    # coverage in the status bar, and ruby can hide the readings over known words
    qtbot.waitUntil(lambda: window.aids.known.coverage not in (None, 0.0), timeout=30000)
    assert window.aids.known.label.text().startswith("Known words:")
    pos = _pos(window, "開源")
    assert window.aids.known.is_known(pos) and window.aids.known.is_known(pos + 1)
    assert not window.aids.ruby_hidden(pos)
    window.settings.set_flag("ruby_hide_known", True)
    assert window.aids.ruby_hidden(pos)


def test_ruby_mode_reserves_space_and_paints(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.aids.ruby_action.setChecked(True)
    assert window.view.top_gap() > 0
    image = window.view.viewport().grab().toImage()
    assert not image.isNull()
    window.zoom(3)
    gap_zoomed = window.view.top_gap()
    window.zoom(0, reset=True)
    assert gap_zoomed > window.view.top_gap()
    window.aids.ruby_action.setChecked(False)
    assert window.view.top_gap() == 0


def test_note_shortcut_opens_the_panel_editor_and_saves_as_you_type(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    assert store is not None and window.shown is not None
    pos = _pos(window, "梁文鋒")
    window.view.select_span(*window.shown.view_span(pos, pos + 3))
    window.registry.action("annotate.note").trigger()
    dock = _panels(window).notes
    assert dock is not None and dock.isVisible()
    [highlight] = store.highlights(window.document_id)  # type: ignore[arg-type]
    assert highlight.quote == "梁文鋒"
    assert dock.note_editor.edit.hasFocus() or dock.note_editor.isVisible()
    dock.note_editor.edit.setPlainText("DeepSeek 的創始人")
    qtbot.waitUntil(lambda: store.highlight(highlight.id).note == "DeepSeek 的創始人", timeout=3000)


def test_glossary_panel_and_user_entries_apply_at_once(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dock = _panels(window).glossary
    dock.show()  # the panel is filled when it is shown
    counts = dock.counts()
    assert len(counts) >= 30
    store = window.store
    assert store is not None
    before = {m.entry.headword for m in window.aids.sources.terms.matches}
    assert "小助手" not in before
    store.operations.add_glossary_entry(
        "小助手", category="concept", gloss="the assistant bot in DeepSeek's user groups",
        explanations='{"en": "A chat assistant.", "zh": "聊天助手。"}',
    )
    qtbot.waitUntil(
        lambda: "小助手" in {m.entry.headword for m in window.aids.sources.terms.matches},
        timeout=3000,
    )
    info = window.aids.hover.describe(_pos(window, "小助手"))
    assert info is not None and info.glossary is not None and info.glossary.user


def test_library_panel_opens_stored_documents(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.txt"
    other.write_text("第二篇文章。軟體開發。", encoding="utf-8")
    bundled_id = window.document_id
    assert window.open_path(str(other))
    library = _panels(window).library
    assert library is not None
    library.openRequested.emit(bundled_id)
    assert window.document_id == bundled_id
    assert window.view.toPlainText().startswith("DeepSeek")


def test_read_aloud_without_a_voice_explains(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    shown: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text))
    window.view.select_span(0, 8)
    window.registry.action("view.read_aloud").trigger()
    assert shown and "voice" in shown[0].lower()


def test_reading_cursor_steps_by_word_and_by_character(window: MainWindow) -> None:
    assert window.aids.hover.show_at(_pos(window, "開源"))
    QTest.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    after_word = window.aids.hover.current
    assert after_word is not None and after_word.start >= _pos(window, "開源") + 2
    QTest.keyClick(
        window.view, Qt.Key.Key_Left,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    back = window.aids.hover.current
    # one character back is 源, inside the glossary term 開源: the popup shows the term
    assert back is not None and back.start <= after_word.start - 1 < back.end
    assert back.word == "開源"
    QTest.keyClick(
        window.view, Qt.Key.Key_Right,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    forward = window.aids.hover.current
    assert forward is not None and forward.start > back.start  # never stuck inside a term
    assert window.view.textCursor().hasSelection()


def test_every_action_is_registered_without_shortcut_conflicts(window: MainWindow) -> None:
    registry = window.registry
    assert registry.conflicts() == {}
    ids = {spec.id for spec in registry.specs()}
    for wanted in ("file.open", "edit.find", "view.ruby", "view.script.taiwan",
                   "annotate.highlight.1", "annotate.search", "panel.notes", "panel.vocabulary",
                   "panel.library", "panel.glossary", "view.read_aloud", "help.shortcuts"):
        assert wanted in ids
    # every menu entry with a title is a registered action (one registry)
    registered = {registry.action(i) for i in ids}
    for menu in (window.menus.file, window.menus.edit, window.menus.view, window.menus.annotate):
        for action in menu.actions():
            if action.menu() is None and not action.isSeparator() and action.text():
                assert action in registered, action.text()


def test_colour_unknown_words(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    assert store is not None
    qtbot.waitUntil(lambda: window.aids.known.coverage is not None, timeout=30000)
    assert window.view.layer("unknown-words") == []  # off by default
    window.registry.action("view.colour_unknown").setChecked(True)
    assert window.view.layer("unknown-words")

    def coloured(pos: int) -> bool:
        assert window.shown is not None
        view_pos = window.shown.display_to_view(pos)
        return any(
            sel.cursor.selectionStart() <= view_pos < sel.cursor.selectionEnd()
            for sel in window.view.layer("unknown-words")
        )

    pos = _pos(window, "開源")
    assert coloured(pos)
    store.operations.set_word_status("开源", "開源", "known")
    qtbot.waitUntil(lambda: not coloured(pos), timeout=30000)


def test_long_text_glossary_scan_runs_off_the_gui_thread(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "long.txt"
    big.write_text("模型蒸餾和混合專家(MoE)都在發展。\n" * 4000, encoding="utf-8")
    assert window.open_path(str(big))
    qtbot.waitUntil(lambda: len(window.aids.sources.terms.matches) >= 8000, timeout=30000)
    # underlines only near the view on a long text
    assert 0 < len(window.view.layer("glossary")) < len(window.aids.sources.terms.matches)


def test_a_damaged_spot_has_no_reading_no_lookup_and_says_so(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    assert store is not None
    hover = window.aids.hover
    for script in (Script.ORIGINAL, Script.TAIWAN):
        window.set_script(script)
        qtbot.waitUntil(lambda s=script: window.aids.readings.key() == (window.document.sha256, s.value)  # type: ignore[misc,union-attr]
                        and window.aids.readings.readings is not None, timeout=30000)
        text = window.display_text()
        start = text.index("?zāi)P")
        readings = window.aids.readings.readings
        assert readings is not None
        assert readings[start + 6 : start + 9] == [None, None, None]  # 涂焖傩 (塗燜儺)
        assert readings[text.index("舊模型") - 1] == "shi2"  # 食 after the spot
        assert hover.show_at(start + 7)
        info = hover.current
        assert info is not None and info.damaged and info.start == start
        assert info.word.startswith("?zāi)P") and info.word.endswith("Q") and not info.entries
        label = hover.popup.label.text()
        assert "Damaged spot" in label and "tú" not in label and "CC-CEDICT" not in label
        assert not hover.popup.save_button.isVisible()
        QTest.keyClick(window.view, Qt.Key.Key_S)  # the key does not save it either
        QTest.keyClick(window.view, Qt.Key.Key_K)
        assert store.vocabulary() == []
        assert "damaged spot" in window.statusBar().currentMessage()
        assert hover.show_at(text.index("舊模型") - 1)  # 食: an ordinary word again
        assert hover.current is not None and not hover.current.damaged
        assert hover.popup.save_button.isVisible()


#: (text around, the character pointed at, the word the popup must show) — issue J's six.
CONTAINING = [
    ("冷卻", "卻", "冷卻"),
    ("中國和美國", "和", "和"),
    ("應對策略", "對", "應對"),
    ("前瞻性地", "性", "前瞻性"),
    ("有機會", "有", "有"),
    ("國家的", "家", "國家"),
]


def test_the_popup_shows_the_word_that_contains_the_pointer(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The text's words (segmentation), not the longest match forward from the pointer."""
    qtbot.waitUntil(lambda: window.aids.segments.segmentation is not None, timeout=60000)
    for script in (Script.ORIGINAL, Script.SIMPLIFIED):
        window.set_script(script)
        qtbot.waitUntil(lambda: window.aids.segments.segmentation is not None, timeout=60000)
        text = window.display_text()
        for around, pointed, expected in CONTAINING:
            if script is Script.SIMPLIFIED:
                around, pointed, expected = (
                    convert(s, Script.SIMPLIFIED).text for s in (around, pointed, expected)
                )
            at = text.index(around) + around.index(pointed)
            info = window.aids.hover.describe(at)
            assert info is not None and info.word == expected, (script, around, info)
            assert info.start <= at < info.end


def test_the_popup_word_is_painted_and_offers_the_other_words(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.aids.segments.segmentation is not None, timeout=60000)
    hover = window.aids.hover
    at = _pos(window, "前瞻性地") + 2
    assert window.shown is not None
    window.view.scroll_to_position(window.shown.display_to_view(at))
    assert hover.show_at(at)
    assert hover.current is not None and hover.current.word == "前瞻性"
    assert "性" in [word for word, _entries in hover.current.others]
    shown = window.shown
    assert shown is not None
    start = shown.display_to_view(hover.current.start)
    image = window.view.viewport().grab().toImage()
    rect = window.view.char_rect(start)
    tinted = image.pixelColor(rect.left() + 1, rect.bottom())  # the underline's row
    hover.hide()
    plain = window.view.viewport().grab().toImage().pixelColor(rect.left() + 1, rect.bottom())
    assert tinted != plain


def test_alt_arrows_move_word_by_word_on_the_same_words(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.aids.segments.segmentation is not None, timeout=60000)
    hover = window.aids.hover
    at = _pos(window, "中國和美國")
    assert hover.show_at(at)
    seen = []
    for _ in range(3):
        hover.step(1)
        assert hover.current is not None
        seen.append(hover.current.word)
    assert seen == ["和", "美國", seen[2]]
    hover.step(-1)
    hover.step(-1)
    assert hover.current is not None and hover.current.word == "和"
