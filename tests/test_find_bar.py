"""The find bar over the reading view: matches, highlights, stepping, UTF-16 positions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTextEdit, QVBoxLayout, QWidget

from reader.ui.common.view.reading_view import ReadingView
from reader.ui.reading.find_bar import DEBOUNCE_FROM, LAYER, FindBar

TEXT = "😀我們的發展很快。\n𠀀发展中国家，發展中。Straße"


def _setup(qtbot, text: str = TEXT, view_cls: type[QTextEdit] = ReadingView):  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    view = view_cls(host)
    if isinstance(view, ReadingView):
        view.set_text(text)
    else:
        view.setPlainText(text)
    bar = FindBar(view, host)
    layout = QVBoxLayout(host)
    layout.addWidget(view)
    layout.addWidget(bar)
    host.resize(600, 400)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitActive(host)
    return host, view, bar


def test_hidden_until_opened(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, _view, bar = _setup(qtbot)
    assert bar.objectName() == "findBar"
    assert not bar.isVisible()
    bar.open()
    assert bar.isVisible()
    qtbot.waitUntil(bar.query_edit.hasFocus, timeout=2000)


def test_finds_both_scripts_and_selects_utf16_span(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    bar.open()
    with qtbot.waitSignal(bar.matchesChanged) as blocker:
        bar.set_query("发展")
    assert blocker.args == [3]
    assert bar.count_label.text() == "1 of 3"
    # Code points 4..6 are UTF-16 5..7: 😀 before them is two units.
    assert bar.matches()[0] == (4, 6)
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (5, 7)
    assert cursor.selectedText() == "發展"
    # The second match comes after 𠀀, another surrogate pair.
    bar.find_next()
    cursor = view.textCursor()
    assert cursor.selectedText() == "发展"
    assert bar.count_label.text() == "2 of 3"
    layer = view.layer(LAYER)
    assert len(layer) == 3
    assert [s.cursor.selectedText() for s in layer] == ["發展", "发展", "發展"]


def test_current_match_is_highlighted_more_strongly(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    bar.open()
    bar.set_query("發展")
    colours = [s.format.background().color().alpha() for s in view.layer(LAYER)]
    assert colours[0] > colours[1] == colours[2]


def test_next_and_previous_wrap(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, _view, bar = _setup(qtbot)
    bar.open()
    bar.set_query("发展")
    bar.find_previous()
    assert bar.current_index() == 2
    bar.find_next()
    assert bar.current_index() == 0


def test_keys_in_the_query(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    bar.open()
    bar.set_query("发展")
    qtbot.keyClick(bar.query_edit, Qt.Key.Key_Return)
    assert bar.current_index() == 1
    qtbot.keyClick(bar.query_edit, Qt.Key.Key_F3)
    assert bar.current_index() == 2
    qtbot.keyClick(bar.query_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_index() == 1
    qtbot.keyClick(bar.query_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_index() == 0
    qtbot.keyClick(bar.query_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert view.layer(LAYER) == []


def test_typing_searches_incrementally(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, _view, bar = _setup(qtbot)
    bar.open()
    bar.query_edit.insert("發")  # what an input method commits
    assert bar.count_label.text() == "1 of 3"
    qtbot.keyClicks(bar.query_edit, "x")
    assert bar.count_label.text() == "No matches"
    bar.query_edit.clear()
    assert bar.count_label.text() == ""


def test_long_documents_are_debounced(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "发展中国家。" * (DEBOUNCE_FROM // 5)
    _host, _view, bar = _setup(qtbot, text)
    bar.open()
    bar.query_edit.insert("国家")
    assert bar.matches() == []
    qtbot.waitUntil(lambda: len(bar.matches()) == DEBOUNCE_FROM // 5, timeout=2000)


def test_pinyin_and_case_options(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    bar.open()
    assert bar.pinyin_check.isChecked()  # a Latin query matches pinyin by default
    bar.set_query("fazhan")
    assert len(bar.matches()) == 3
    bar.pinyin_check.setChecked(False)
    assert bar.count_label.text() == "No matches"
    bar.pinyin_check.setChecked(True)
    assert len(bar.matches()) == 3
    bar.set_query("fāzh")  # search as you type: the last syllable may be incomplete
    assert len(bar.matches()) == 3
    bar.set_query("STRASSE")
    assert bar.matches() == []
    bar.set_query("straße")
    assert len(bar.matches()) == 1
    bar.case_check.setChecked(True)
    assert bar.matches() == []
    assert view.layer(LAYER) == []


def test_searches_again_when_the_text_is_replaced(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    bar.open()
    bar.set_query("发展")
    with qtbot.waitSignal(bar.matchesChanged) as blocker:
        view.set_text("发展，發展")
    assert blocker.args == [2]
    assert len(view.layer(LAYER)) == 2


def test_works_with_a_plain_text_edit(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot, view_cls=QTextEdit)
    bar.open()
    bar.set_query("發展")
    assert len(view.extraSelections()) == 3
    view.setPlainText("无")
    assert bar.matches() == []


def test_open_seeds_the_query_from_a_short_selection(qtbot) -> None:  # type: ignore[no-untyped-def]
    _host, view, bar = _setup(qtbot)
    view.select_span(7, 9)  # UTF-16 positions of 很快 (😀 is two units)
    bar.open()
    assert bar.query() == "很快"
    assert bar.count_label.text() == "1 of 1"


def test_action_specs_drive_the_bar(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.common.action_registry import ActionRegistry

    host, _view, bar = _setup(qtbot)
    registry = ActionRegistry(settings, host)
    registry.register_all(bar.action_specs())
    registry.action("edit.find").trigger()
    assert bar.isVisible()
    bar.set_query("发展")
    registry.action("edit.find_next").trigger()
    assert bar.current_index() == 1
    registry.action("edit.find_previous").trigger()
    assert bar.current_index() == 0
    assert isinstance(bar.query_edit, QLineEdit)


def test_no_stale_selection_after_no_matches(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue L.6: typing "mox" selects the "Mo" of MoE, then "moxing" finds nothing: the
    selection goes with the matches."""
    _host, view, bar = _setup(qtbot, "MoE 架構的模型。")
    bar.open()
    bar.set_query("Mo")
    assert view.textCursor().hasSelection()
    bar.set_query("moxingz")
    assert bar.count_label.text() == "No matches"
    assert not view.textCursor().hasSelection()
    bar.set_query("moxing")  # pinyin, by default
    assert view.textCursor().selectedText() == "模型"


def test_current_match_is_centred(qtbot) -> None:  # type: ignore[no-untyped-def]
    lines = [f"第{i}行，普通的句子。" for i in range(400)]
    lines[300] = "這裡有一個獨特的詞：蒸餾。"
    _host, view, bar = _setup(qtbot, "\n".join(lines))
    bar.open()
    bar.set_query("蒸餾")
    assert bar.current_index() == 0
    rect = view.cursorRect(view.textCursor())
    height = view.viewport().height()
    assert abs(rect.center().y() - height // 2) <= rect.height(), (rect, height)
