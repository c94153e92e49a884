"""Highlights & notes UI: the tree model, the dock, the note editor, undo, search, export."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.storage.files.opening import open_store
from reader.storage.records import StoreError
from reader.storage.schema import COLOURS
from reader.storage.store import Store
from reader.ui.common.style.highlight_colours import (
    HIGHLIGHT_SHORTCUTS,
    blended,
    colour_icon,
    fill_colour,
    highlight_menu,
)
from reader.ui.common.style.list_cells import SecondLineRole
from reader.ui.common.times import short_time
from reader.ui.notes.highlight_commands import (
    AddHighlightCommand,
    ChangeColourCommand,
    DeleteHighlightCommand,
)
from reader.ui.notes.note_editor import NoteEditor
from reader.ui.notes.notes_model import (
    ColourRole,
    HighlightIdRole,
    HighlightRole,
    NotesFilterProxy,
    NotesModel,
    OrphanRole,
)
from reader.ui.notes.notes_panel import NotesPanel
from reader.ui.notes.notes_search import NotesSearchDialog
from tests.conftest import DatabaseBusy

TEXT = "今天我們討論經濟發展。中國的發展很快，但是問題也不少。我們要學習新的知識。"
OTHER = "第二篇文章講的是教育。教育的發展需要時間。"
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert s is not None
    yield s
    s.close()


@pytest.fixture
def doc(store: Store) -> int:
    """A document with three highlights, created in the order 知識, 經濟, 問題."""
    ops = store.operations
    document_id = ops.add_document(TEXT, "經濟文章")
    for minutes, (word, colour, note) in enumerate(
        [("知識", "blue", "knowledge"), ("經濟", "yellow", None), ("問題", "pink", "wèntí")]
    ):
        start, end = span(TEXT, word)
        ops.add_highlight(
            document_id, start, end, colour, note, now=T0 + timedelta(minutes=minutes)
        )
    return document_id


@pytest.fixture
def dock(qtbot, store: Store, doc: int) -> NotesPanel:  # type: ignore[no-untyped-def]
    widget = NotesPanel(store, QUndoStack())
    widget.undo_stack.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(420, 560)
    widget.set_document(doc)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def quotes(model: NotesModel | NotesFilterProxy, orphans: bool = False) -> list[str]:
    group = 1 if orphans else 0
    parent = QModelIndex()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if bool(index.data(OrphanRole)) == bool(group):
            parent = index
            break
    else:
        return []
    return [
        model.index(row, 0, parent).data(HighlightRole).quote
        for row in range(model.rowCount(parent))
    ]


def select(dock: NotesPanel, word: str) -> int:
    h = next(h for h in dock.store.highlights(dock.document_id or 0, True) if h.quote == word)
    assert dock.select_highlight(h.id)
    return h.id


# ---------------------------------------------------------------------------------- model
def test_model_passes_the_model_tester_through_changes(
    qtmodeltester, store: Store, doc: int
) -> None:
    model = NotesModel(store)
    model.set_document(doc)
    qtmodeltester.check(model, force_py=True)
    ops = store.operations
    new_id = ops.add_highlight(doc, *span(TEXT, "學習"), "green")
    ops.set_note(new_id, "xuéxí")
    model.set_sort_order("newest")
    ops.delete_highlight(new_id)
    ops.reimport_document(doc, TEXT.replace("問題也不少", "沒有大礙"))
    model.set_sort_order("position")
    qtmodeltester.check(model, force_py=True)
    proxy = NotesFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_colours({"pink"})
    qtmodeltester.check(proxy, force_py=True)


def test_model_rows_roles_and_updates(qtbot, store: Store, doc: int) -> None:
    model = NotesModel(store)
    model.set_document(doc)
    assert quotes(model) == ["經濟", "問題", "知識"]
    group = model.index(0, 0)
    assert group.data() == "Highlights (3)" and not (
        model.flags(group) & Qt.ItemFlag.ItemIsSelectable
    )
    first = model.index(0, 0, group)
    assert first.data(ColourRole) == "yellow" and first.data(HighlightIdRole) > 0
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(2, 1, group).data() == "knowledge"
    assert model.index(2, 2, group).data() == short_time("2026-01-01T12:00:00.000Z")
    assert "created 2026-01-01" in model.index(2, 0, group).data(Qt.ItemDataRole.ToolTipRole)
    assert "knowledge" in model.index(2, 0, group).data(Qt.ItemDataRole.ToolTipRole)

    persistent = model.index(2, 0, group)  # 知識, the oldest
    from PySide6.QtCore import QPersistentModelIndex

    keep = QPersistentModelIndex(persistent)
    model.set_sort_order("newest")
    assert quotes(model) == ["問題", "經濟", "知識"]
    assert keep.row() == 2 and keep.data(HighlightRole).quote == "知識"

    with qtbot.waitSignal(model.rowsInserted):
        new_id = store.operations.add_highlight(doc, *span(TEXT, "學習"), "green")
    assert quotes(model)[0] == "學習"
    with qtbot.waitSignal(model.dataChanged):
        store.operations.set_note(new_id, "study")
    assert model.index_of(new_id, 1).data() == "study"
    with qtbot.waitSignal(model.rowsRemoved):
        store.operations.delete_highlight(new_id)
    assert "學習" not in quotes(model)


def test_changes_from_a_worker_thread_arrive_on_the_gui_thread(
    qtbot, store: Store, doc: int
) -> None:
    model = NotesModel(store)
    model.set_document(doc)
    seen: list[bool] = []
    model.rowsInserted.connect(
        lambda *_: seen.append(threading.current_thread() is threading.main_thread())
    )
    worker = threading.Thread(
        target=store.operations.add_highlight, args=(doc, *span(TEXT, "學習"), "green")
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "學習" in quotes(model))
    assert seen == [True]


def test_short_time_is_compact() -> None:
    local = datetime(2026, 3, 4, 9, 5).astimezone()  # a local wall-clock time
    stamp = local.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert short_time(stamp, now=local + timedelta(hours=1)) == "09:05"
    assert short_time(stamp, now=local + timedelta(days=30)) == "03-04 09:05"
    assert short_time(stamp, now=local + timedelta(days=400)) == "2026-03-04"
    assert short_time("not a time") == "not a time"


# ----------------------------------------------------------------------------------- dock
def test_dock_lists_by_position_and_by_time(dock: NotesPanel) -> None:
    assert dock.objectName() == "annotationsDock"
    assert quotes(dock.proxy) == ["經濟", "問題", "知識"]
    assert dock.view.isColumnHidden(2)
    dock.set_sort_order("newest")
    assert dock.sort_combo.currentText() == "Newest first" and not dock.view.isColumnHidden(2)
    assert quotes(dock.proxy) == ["問題", "經濟", "知識"]
    assert dock.view.isExpanded(dock.proxy.index(0, 0))


def test_colour_filter_buttons(dock: NotesPanel, store: Store, doc: int) -> None:
    dock.colour_buttons["pink"].click()
    assert quotes(dock.proxy) == ["問題"]
    dock.colour_buttons["blue"].click()
    assert quotes(dock.proxy) == ["問題", "知識"]
    dock.set_colour_filter({"green"})
    assert dock.proxy.rowCount() == 0  # an empty group is hidden
    store.operations.add_highlight(doc, *span(TEXT, "學習"), "green")
    assert quotes(dock.proxy) == ["學習"]
    dock.set_colour_filter(set())
    assert len(quotes(dock.proxy)) == 4


def test_orphans_have_their_own_section(dock: NotesPanel, store: Store, doc: int) -> None:
    assert quotes(dock.proxy, orphans=True) == []
    assert dock.proxy.rowCount() == 1
    store.operations.reimport_document(doc, TEXT.replace("問題也不少", "沒有大礙"))
    assert quotes(dock.proxy, orphans=True) == ["問題"]
    assert quotes(dock.proxy) == ["經濟", "知識"]
    group = dock.proxy.index(1, 0)
    assert group.data() == "Orphaned (1) — could not be placed after the text changed"
    assert dock.view.isExpanded(group)


def test_activating_a_highlight_jumps_to_it(dock: NotesPanel, store: Store) -> None:
    hid = select(dock, "問題")
    activated: list[int] = []
    jumps: list[tuple[int, int, int]] = []
    dock.highlightActivated.connect(activated.append)
    dock.jumpRequested.connect(lambda *args: jumps.append(args))
    dock.view.activated.emit(dock.view.currentIndex())
    assert activated == [hid]
    assert jumps == [(dock.document_id, *span(TEXT, "問題"))]
    # an orphan is not in the text: it is activated, but there is nowhere to jump
    store.operations.reimport_document(
        dock.document_id or 0, TEXT.replace("問題也不少", "沒有大礙")
    )
    select(dock, "問題")
    dock.view.activated.emit(dock.view.currentIndex())
    assert activated == [hid, hid] and len(jumps) == 1


def test_delete_key_deletes_through_the_undo_stack(
    qtbot, dock: NotesPanel, store: Store
) -> None:
    hid = select(dock, "問題")
    dock.view.setFocus()
    qtbot.keyClick(dock.view, Qt.Key.Key_Delete)
    assert quotes(dock.proxy) == ["經濟", "知識"]
    assert dock.undo_stack.count() == 1 and dock.undo_stack.canUndo()
    with pytest.raises(StoreError):
        store.highlight(hid)
    dock.undo_stack.undo()
    assert quotes(dock.proxy) == ["經濟", "問題", "知識"]
    restored = next(h for h in store.highlights(dock.document_id or 0) if h.quote == "問題")
    assert (restored.colour, restored.note) == ("pink", "wèntí")
    assert (restored.start, restored.end) == span(TEXT, "問題")
    dock.undo_stack.redo()
    assert quotes(dock.proxy) == ["經濟", "知識"]


def test_deleting_an_orphan_asks_first(
    monkeypatch, dock: NotesPanel, store: Store, doc: int
) -> None:
    store.operations.reimport_document(doc, TEXT.replace("問題也不少", "沒有大礙"))
    select(dock, "問題")
    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dock.delete_button.click()
    assert asked == ["Delete orphaned highlight"]
    assert store.orphans(doc) == [] and dock.undo_stack.count() == 0


# ---------------------------------------------------------------------------- note editor
def test_note_is_saved_after_a_pause_in_typing(qtbot, dock: NotesPanel, store: Store) -> None:
    hid = select(dock, "經濟")
    editor = dock.note_editor
    assert editor.highlight_id == hid and editor.text() == ""
    qtbot.keyClicks(editor.edit, "jingji")
    assert editor.is_dirty and store.highlight(hid).note is None
    with qtbot.waitSignal(editor.saved, timeout=2000):
        pass
    assert store.highlight(hid).note == "jingji"
    assert editor.state_label.text() == "Saved"
    assert dock.model.index_of(hid, 1).data() == "jingji"


def test_flush_saves_at_once_and_switching_saves(qtbot, store: Store, doc: int) -> None:
    first, second = (h.id for h in store.highlights(doc)[:2])
    editor = NoteEditor(store, delay_ms=60_000)
    qtbot.addWidget(editor)
    editor.set_highlight(first)
    editor.edit.setPlainText("first note")
    assert store.highlight(first).note is None
    editor.set_highlight(second)  # switching flushes
    assert store.highlight(first).note == "first note"
    editor.edit.setPlainText("closing now")
    editor.close()
    assert editor.flush()  # what the main window calls on close
    assert store.highlight(second).note == "closing now"
    assert not editor.is_dirty


def test_typing_does_not_lose_the_cursor_or_selection(
    qtbot, dock: NotesPanel, store: Store
) -> None:
    hid = select(dock, "知識")
    dock.note_editor.edit.setPlainText("knowledge, zhīshi")
    assert dock.flush()
    assert dock.selected_highlight() is not None and dock.selected_highlight().id == hid
    assert dock.note_editor.text() == "knowledge, zhīshi"


# ---------------------------------------------------------------------------------- undo
def test_add_colour_and_delete_commands_chain(store: Store, doc: int) -> None:
    stack = QUndoStack()
    add = AddHighlightCommand(store, doc, *span(TEXT, "學習"), "green")
    stack.push(add)
    first_id = add.highlight_id
    assert first_id is not None and store.highlight(first_id).quote == "學習"
    store.operations.set_note(first_id, "typed after adding")
    stack.push(ChangeColourCommand(store, first_id, "purple"))
    stack.push(ChangeColourCommand(store, first_id, "blue"))
    assert stack.count() == 2  # recolourings merged
    stack.undo()
    assert store.highlight(first_id).colour == "green"
    stack.undo()
    assert all(h.quote != "學習" for h in store.highlights(doc))
    stack.redo()
    stack.redo()
    again = store.highlight(add.highlight_id or 0)
    assert (again.quote, again.colour, again.note) == ("學習", "blue", "typed after adding")
    stack.push(DeleteHighlightCommand(store, again.id))
    stack.undo()
    stack.undo()
    assert store.highlight(add.highlight_id or 0).colour == "green"


# -------------------------------------------------------------------------------- search
def test_search_finds_traditional_from_simplified_and_jumps(
    qtbot, dock: NotesPanel, store: Store
) -> None:
    other = store.operations.add_document(OTHER, "教育文章")
    store.operations.add_highlight(other, *span(OTHER, "發展"), "green", "slow")
    doc = dock.document_id
    assert doc is not None
    store.operations.add_highlight(doc, *span(TEXT, "發展", 1), "yellow")
    with qtbot.waitSignal(dock.search_page.searched):  # the search runs on the op runner
        dock.search("发展")
    assert dock.stack.currentWidget() is dock.search_page
    hits = dock.search_page.model.hits()
    assert {(h.document_title, h.highlight.quote) for h in hits} == {
        ("經濟文章", "發展"),
        ("教育文章", "發展"),
    }
    row = next(i for i, h in enumerate(hits) if h.document_title == "教育文章")
    index = dock.search_page.model.index(row)
    text, where = index.data(), index.data(SecondLineRole)
    assert "發展" in text and "教育文章" in where and "slow" in text
    with qtbot.waitSignal(dock.jumpRequested) as blocker:
        dock.search_page.activate_row(row)
    assert blocker.args == [other, *span(OTHER, "發展")]
    dock.search_field.clear()
    qtbot.waitUntil(lambda: dock.stack.currentWidget() is dock.list_page)


def test_search_results_show_the_whole_quote(qtbot, dock: NotesPanel, store: Store) -> None:  # type: ignore[no-untyped-def]
    long_text = "教育的發展需要時間，" * 6
    other = store.operations.add_document(long_text, "長文")
    store.operations.add_highlight(other, 0, 40, "green")
    with qtbot.waitSignal(dock.search_page.searched):
        dock.search("教育")
    hits = dock.search_page.model.hits()
    row = next(i for i, h in enumerate(hits) if h.document_title == "長文")
    index = dock.search_page.model.index(row)
    assert index.data() == f"「{long_text[:40]}」"  # was cut at 30 characters
    assert index.data(SecondLineRole) == "《長文》"
    assert not dock.search_page.view.horizontalScrollBar().isVisible()


def test_search_dialog(qtbot, store: Store, doc: int) -> None:
    dialog = NotesSearchDialog(store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.page.searched):
        dialog.search("问")  # one character, simplified
    assert [h.highlight.quote for h in dialog.page.model.hits()] == ["問題"]
    assert dialog.page.status.text() == "1 highlight contains “问”."
    with qtbot.waitSignal(dialog.jumpRequested) as blocker:
        dialog.page.activate_row(0)
    assert blocker.args == [doc, *span(TEXT, "問題")]


def test_typing_never_waits_for_the_database_and_the_last_query_wins(
    qtbot, dock: NotesPanel, store: Store
) -> None:
    searched: list[str] = []
    dock.search_page.searched.connect(searched.append)
    with DatabaseBusy(store) as busy:  # a long write elsewhere holds the database
        dock.search("发展")
        dock.search("问题")
        assert dock.stack.currentWidget() is dock.search_page
        assert dock.search_page.model.hits() == []  # nothing could be read yet
    assert not busy.timed_out
    qtbot.waitUntil(lambda: searched == ["问题"])
    assert [h.highlight.quote for h in dock.search_page.model.hits()] == ["問題"]
    assert dock.search_page.status.text() == "1 highlight contains “问题”."


def test_a_failed_search_is_said_in_the_status_line(
    qtbot, monkeypatch, dock: NotesPanel, store: Store
) -> None:
    def refuse(query: str, limit: int = 200) -> list[object]:
        raise StoreError("Could not read the notes: the disk reported an input/output error.")

    monkeypatch.setattr(store, "search", refuse)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("no box for a search"))
    with qtbot.waitSignal(dock.search_page.searched):
        dock.search("问题")
    assert dock.search_page.status.text() == (
        "The search for “问题” failed: Could not read the notes: the disk reported an "
        "input/output error."
    )


# -------------------------------------------------------------------------------- export
@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_export_writes_a_file(
    qtbot, monkeypatch, tmp_path: Path, dock: NotesPanel, fmt: str
) -> None:
    target = tmp_path / f"notes.{fmt}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dock.ops.finished) as finished:  # written on the op runner
        assert dock.export_with_dialog()
    assert finished.args == ["Export highlights and notes", True]
    data = target.read_text(encoding="utf-8-sig")
    assert "知識" in data and "wèntí" in data
    if fmt == "json":
        assert json.loads(data)["total"] == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("notes")] == [target.name]


def test_export_failure_is_shown(qtbot, monkeypatch, tmp_path: Path, dock: NotesPanel) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(str(a[2])))
    with qtbot.waitSignal(dock.ops.finished) as finished:
        dock.export_to(tmp_path / "missing" / "notes.md", "md")
    assert finished.args == ["Export highlights and notes", False]
    assert len(shown) == 1 and "notes.md" in shown[0]
    assert "does not exist" in shown[0] and "Traceback" not in shown[0]


# ------------------------------------------------------------------------------- colours
def test_fills_keep_text_readable_in_both_themes(qtbot) -> None:  # noqa: ARG001
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    def contrast(a: QColor, b: QColor) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    themes = {False: ("#fffdf8", "#222222"), True: ("#1a1b1e", "#e6e3dc")}
    for dark, (base, text) in themes.items():
        for colour in COLOURS:
            fill = fill_colour(colour, dark)
            assert 0 < fill.alpha() < 255
            under = blended(fill, QColor(base))
            assert contrast(under, QColor(text)) >= 7.0, (colour, dark)
            assert contrast(under, QColor(base)) > 1.08, (colour, dark)  # visibly tinted


def test_highlight_menu_and_shortcuts(qtbot) -> None:  # noqa: ARG001
    chosen: list[str] = []
    menu = highlight_menu(None, COLOURS, chosen.append)
    actions = menu.actions()
    assert [a.text() for a in actions] == [
        "Highlight in Yellow",
        "Highlight in Green",
        "Highlight in Blue",
        "Highlight in Pink",
        "Highlight in Purple",
    ]
    assert all(not a.icon().isNull() for a in actions)
    actions[3].trigger()
    assert chosen == ["pink"]
    assert HIGHLIGHT_SHORTCUTS["highlight"] == "Ctrl+Shift+H"
    assert HIGHLIGHT_SHORTCUTS["highlight:purple"] == "Alt+5"
    assert not colour_icon("green").isNull()
    menu.deleteLater()


def test_notes_can_be_edited_from_search_results(
    qtbot, dock: NotesPanel, store: Store
) -> None:
    with qtbot.waitSignal(dock.search_page.searched):
        dock.search("问题")
    view = dock.search_page.view
    view.setCurrentIndex(dock.search_page.model.index(0))
    hid = dock.note_editor.highlight_id
    assert hid is not None and store.highlight(hid).quote == "問題"
    assert dock.note_editor.text() == "wèntí"
    dock.note_editor.edit.setPlainText("wèntí — problem")
    with qtbot.waitSignal(dock.note_editor.saved, timeout=2000):
        pass
    assert store.highlight(hid).note == "wèntí — problem"
    # the saved note changes the store: the results are searched again, the selection kept
    qtbot.waitUntil(lambda: "problem" in dock.search_page.model.index(0).data())
    assert dock.note_editor.highlight_id == hid and dock.selected_highlight() is not None
    dock.search("")
    assert dock.stack.currentWidget() is dock.list_page


def test_read_only_store_shows_but_does_not_edit(qtbot, store: Store, doc: int) -> None:
    store.read_only_reason = "written by a newer reader"
    dock = NotesPanel(store, QUndoStack())
    qtbot.addWidget(dock)
    dock.set_document(doc)
    assert quotes(dock.proxy) == ["經濟", "問題", "知識"]
    select(dock, "問題")
    assert dock.note_editor.text() == "wèntí" and dock.note_editor.edit.isReadOnly()
    assert not dock.delete_button.isEnabled()
    dock.delete_selected()
    assert dock.undo_stack.count() == 0


def _fill_the_disk(store: Store) -> None:
    """Make every further write fail with SQLITE_FULL, as a full disk does."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_note_that_cannot_be_written_says_so_and_is_kept_until_it_is(
    qtbot, store: Store, doc: int
) -> None:
    """Issue K: was "Editing…" forever; switching highlights dropped the typed text."""
    first, second = (h.id for h in store.highlights(doc)[:2])
    editor = NoteEditor(store, delay_ms=60_000)
    qtbot.addWidget(editor)
    editor.set_highlight(first)
    _fill_the_disk(store)
    editor.edit.setPlainText("長" * 20000)
    assert not editor.flush()
    assert editor.state_label.text().startswith("Not saved — Could not save: the disk is full")
    editor.set_highlight(second)  # the unsaved note is kept, not dropped
    assert editor.is_dirty and editor.state_label.text().startswith("Not saved")
    editor.set_highlight(first)
    assert editor.text() == "長" * 20000  # what was typed is still there
    store.conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    assert editor.flush()
    assert store.highlight(first).note == "長" * 20000
    assert editor.state_label.text() == "Saved" and not editor.is_dirty


def test_an_add_that_cannot_be_written_is_reported(store: Store, doc: int) -> None:
    _fill_the_disk(store)
    stack = QUndoStack()
    big = "長" * 5000
    ops = store.operations
    with pytest.raises(StoreError, match="disk is full"):
        ops.add_document(big * 10, "t2")
    add = AddHighlightCommand(store, doc, *span(TEXT, "學習"), "green", note=big)
    stack.push(add)
    assert add.error is not None and "disk is full" in str(add.error)
    assert add.highlight_id is None


def test_a_deleted_highlight_does_not_block_the_other_notes(qtbot, store: Store, doc: int) -> None:
    first, second = (h.id for h in store.highlights(doc)[:2])
    editor = NoteEditor(store, delay_ms=60_000)
    qtbot.addWidget(editor)
    editor.set_highlight(first)
    _fill_the_disk(store)
    editor.edit.setPlainText("長" * 20000)
    assert not editor.flush()
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.operations.delete_highlight(first)
    editor.set_highlight(second)
    editor.edit.setPlainText("second note")
    assert editor.flush()
    assert store.highlight(second).note == "second note" and not editor.is_dirty


def test_notes_that_cannot_be_saved_at_close_go_to_a_file(
    qtbot, dock: NotesPanel, store: Store, tmp_path: Path
) -> None:
    hid = select(dock, "知識")
    _fill_the_disk(store)
    dock.note_editor.edit.setPlainText("不能丟的筆記" * 3000)
    assert not dock.flush()
    (rescued,) = tmp_path.glob("reader-unsaved-notes-*.txt")
    text = rescued.read_text(encoding="utf-8")
    assert f"Highlight {hid}: 知識" in text and "不能丟的筆記" * 3000 in text
    store.conn.execute("PRAGMA max_page_count = 1073741823")
