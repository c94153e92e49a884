"""The Library dock: listing, filtering, opening, renaming, removal with undo, restore."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from reader.storage.files.opening import open_store
from reader.storage.store import Store
from reader.ui.common.worker import wait_for_all
from reader.ui.library import library_removal
from reader.ui.library.library_dock import LibraryDock
from reader.ui.library.library_rows import (
    COLUMN_LENGTH,
    COLUMN_OPENED,
    COLUMN_PROGRESS,
    COLUMN_TITLE,
    relative_day,
)
from tests.conftest import DatabaseBusy

NOW = datetime.now(UTC)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    result = open_store(tmp_path / "reader.sqlite3", backup_on_open=False)
    assert result.store is not None
    yield result.store
    result.store.close()


def _fill(store: Store) -> tuple[int, int, int]:
    ops = store.operations
    a = ops.add_document("春眠不觉晓，处处闻啼鸟。" * 10, "春晓", source="/books/chunxiao.txt")
    b = ops.add_document("學而時習之，不亦說乎？" * 20, "論語 學而", source="/books/lunyu.txt")
    c = ops.add_document("今天天气很好。", "日记")
    ops.mark_opened(a, NOW - timedelta(days=3))
    ops.mark_opened(b, NOW)
    ops.mark_opened(c, NOW - timedelta(days=20))
    ops.set_reading_position(b, 55)
    ops.add_highlight(b, 0, 4, "yellow")
    ops.add_highlight(b, 5, 9, "green", note="学习")
    return a, b, c


@pytest.fixture
def dock(store: Store, qtbot: QtBot):  # type: ignore[no-untyped-def]
    ids = _fill(store)
    widget = LibraryDock(store)
    qtbot.addWidget(widget)
    widget.resize(520, 360)
    widget.show()
    widget.ids = ids  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(widget.document_ids()) == 3)  # read on the op runner
    yield widget
    widget.undo_bar.withdraw()


def _row(dock: LibraryDock, document_id: int) -> list[str]:
    item = dock._item_for(document_id)
    assert item is not None
    return [item.text(c) for c in (COLUMN_TITLE, COLUMN_LENGTH, COLUMN_PROGRESS, COLUMN_OPENED)]


def test_relative_day() -> None:
    now = datetime(2026, 3, 20, 12, tzinfo=UTC)
    stamp = lambda days: (now - timedelta(days=days)).isoformat()  # noqa: E731
    assert relative_day(stamp(0), now) == "today"
    assert relative_day(stamp(1), now) == "yesterday"
    assert relative_day(stamp(3), now) == "3 days ago"
    assert relative_day(stamp(8), now) == "1 week ago"
    assert relative_day(stamp(20), now) == "2 weeks ago"
    assert relative_day(stamp(65), now) == "2 months ago"
    assert relative_day(stamp(800), now) == "2 years ago"
    assert relative_day(None, now) == "never"


def test_lists_documents_by_last_opened(dock: LibraryDock) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    assert dock.objectName() == "libraryDock"
    assert dock.document_ids() == [b, a, c]
    assert _row(dock, b) == ["論語 學而", "220", "25%", "today"]
    assert _row(dock, a) == ["春晓", "120", "0%", "3 days ago"]
    assert _row(dock, c)[3] == "2 weeks ago"


def test_filter_is_case_and_script_insensitive(dock: LibraryDock) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    dock.filter_field.setText("论语")  # Simplified finds the Traditional title
    visible = [i for i in dock.document_ids() if not dock._item_for(i).isHidden()]  # type: ignore[union-attr]
    assert visible == [b]
    dock.filter_field.setText("CHUNXIAO")  # the source file's name
    visible = [i for i in dock.document_ids() if not dock._item_for(i).isHidden()]  # type: ignore[union-attr]
    assert visible == [a]
    dock.filter_field.setText("nothing")
    assert dock.empty_label.isVisible() and not dock.tree.isVisible()
    assert "No document matches" in dock.empty_label.text()


def test_activate_and_enter_open(dock: LibraryDock, qtbot: QtBot) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    dock.select_document(a)
    dock.tree.setFocus()
    with qtbot.waitSignal(dock.openRequested) as opened:
        qtbot.keyClick(dock.tree, Qt.Key.Key_Return)
    assert opened.args == [a]
    item = dock._item_for(c)
    assert item is not None
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dock.openRequested) as opened:
        qtbot.mouseDClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [c]


def test_changes_refresh_the_list(dock: LibraryDock, store: Store, qtbot: QtBot) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    store.operations.mark_opened(c)
    store.operations.set_reading_position(a, 60)
    qtbot.waitUntil(lambda: dock.document_ids()[0] == c)
    assert _row(dock, a)[2] == "50%"
    new = store.operations.add_document("新的文章。", "新")
    qtbot.waitUntil(lambda: new in dock.document_ids())


def test_inline_rename(dock: LibraryDock, store: Store, qtbot: QtBot) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    dock.select_document(a)
    dock.rename_action.trigger()
    editor = dock.tree.findChild(QLineEdit)
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    editor.setText("  春晓（孟浩然） ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.document(a).title == "春晓（孟浩然）")
    qtbot.waitUntil(lambda: _row(dock, a)[0] == "春晓（孟浩然）")
    # An empty title is refused and the old one shown again.
    dock.rename_action.trigger()
    editor = dock.tree.findChild(QLineEdit)
    assert editor is not None
    editor.setText("   ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _row(dock, a)[0] == "春晓（孟浩然）")
    assert store.document(a).title == "春晓（孟浩然）"


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_remove_asks_hides_and_undo_brings_back(
    dock: LibraryDock, store: Store, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dock.select_document(b)
    dock.remove_action.trigger()
    qtbot.waitUntil(lambda: bool(asked))  # the title and count are read on the op runner
    assert "2 highlights" in asked[0] and "論語 學而" in asked[0]
    assert b in dock.document_ids() and dock.pending_removal is None
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dock.remove_action.trigger()
    qtbot.waitUntil(lambda: dock.pending_removal == b)
    assert b not in dock.document_ids()
    assert dock.undo_bar.isVisible() and "2 highlights" in dock.undo_bar.label.text()
    assert store.document(b).title == "論語 學而"  # not removed yet
    dock.undo_bar.undo_button.click()
    assert dock.pending_removal is None and not dock.undo_bar.isVisible()
    assert b in dock.document_ids() and dock.selected_document_id() == b
    assert len(store.highlights(b)) == 2


def test_removal_is_committed_after_the_timeout_with_an_archive(
    dock: LibraryDock, store: Store, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    monkeypatch.setattr(library_removal, "UNDO_SECONDS", 0.05)
    dock.request_removal(b)
    with qtbot.waitSignal(dock.documentRemoved, timeout=3000) as removed:
        pass
    assert removed.args == [b]
    assert not dock.undo_bar.isVisible()
    assert [d.id for d in store.documents()] == [a, c]
    assert store.all_highlights() == []
    archive = dock.last_archive
    assert archive is not None and archive.parent == store.backup_dir / "removed-documents"
    data = json.loads(archive.read_text(encoding="utf-8"))
    assert [h["note"] for h in data["highlights"]] == [None, "学习"]
    # Restore Archived… brings it back with its highlights.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(archive), ""))
    dock.restore_action.trigger()
    qtbot.waitUntil(
        lambda: len(dock.document_ids()) == 3 and dock.selected_document_id() not in (None, a, c)
    )
    restored = dock.selected_document_id()
    assert restored is not None and store.document(restored).title == "論語 學而"
    assert [h.note for h in store.highlights(restored)] == [None, "学习"]


def test_a_second_removal_commits_the_first(
    dock: LibraryDock, store: Store, qtbot: QtBot
) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    dock.request_removal(a)
    qtbot.waitUntil(lambda: dock.pending_removal == a)
    with qtbot.waitSignal(dock.documentRemoved, timeout=10_000) as removed:
        dock.request_removal(c)
    assert removed.args == [a]
    assert [d.id for d in store.documents()] == [b, c]
    assert dock.pending_removal == c
    assert dock.commit_pending_removal() is not None
    assert [d.id for d in store.documents()] == [b]
    assert dock.commit_pending_removal() is None


def test_restore_of_a_bad_file_warns(
    dock: LibraryDock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: warned.append((title, text))
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    dock.restore_archive(bad)
    qtbot.waitUntil(lambda: bool(warned))
    assert len(warned) == 1 and warned[0][0] == "Restore Archived Document"
    assert "not a reader document archive" in warned[0][1]


def test_the_dock_never_waits_for_the_database(
    dock: LibraryDock, store: Store, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """Reading the list, renaming and removing run on the op runner: while another thread
    holds the database (a long re-import) the dock goes on at once, and catches up after."""
    a, b, c = dock.ids  # type: ignore[attr-defined]
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with DatabaseBusy(store) as busy:
        dock.refresh()
        dock.select_document(a)
        dock.remove_action.trigger()
        item = dock._item_for(c)
        assert item is not None
        item.setText(COLUMN_TITLE, "日记（新）")
        assert asked == [] and dock.pending_removal is None  # nothing could be read yet
    assert not busy.timed_out
    qtbot.waitUntil(lambda: dock.pending_removal == a)
    assert a not in dock.document_ids()
    qtbot.waitUntil(lambda: store.document(c).title == "日记（新）")
    qtbot.waitUntil(lambda: _row(dock, c)[0] == "日记（新）")


def test_a_removal_that_cannot_be_archived_warns_once_and_the_document_comes_back(
    dock: LibraryDock, store: Store, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    a, b, c = dock.ids  # type: ignore[attr-defined]
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: warned.append((title, text))
    )
    dock.archive_folder.parent.mkdir(parents=True, exist_ok=True)
    dock.archive_folder.write_text("a file where the archive folder should be", encoding="utf-8")
    dock.request_removal(b)
    qtbot.waitUntil(lambda: dock.pending_removal == b)
    assert b not in dock.document_ids()
    dock.undo_bar.dismiss_button.click()  # remove now
    qtbot.waitUntil(lambda: bool(warned))
    assert len(warned) == 1 and warned[0][0] == "Remove Document"
    assert warned[0][1].startswith("“論語 學而” was not removed:\n")
    assert b in dock.document_ids() and dock.pending_removal is None
    assert store.document(b).title == "論語 學而" and len(store.highlights(b)) == 2


def test_a_dock_closed_while_its_work_waits_gets_nothing(store: Store, qtbot: QtBot) -> None:
    a, _, _ = _fill(store)
    dock = LibraryDock(store)
    qtbot.waitUntil(lambda: len(dock.document_ids()) == 3)
    with DatabaseBusy(store) as busy:
        dock.refresh()  # the list and the removal are read on the op runner: they wait
        dock.request_removal(a)
        dock.close()
        dock.deleteLater()
        qtbot.waitUntil(lambda: not shiboken6.isValid(dock))
    assert not busy.timed_out
    assert wait_for_all(20_000)
    QCoreApplication.processEvents()  # the results arrive for a dock that is gone
    assert len(store.documents()) == 3  # nothing was hidden, nothing removed
