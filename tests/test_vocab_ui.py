"""Vocabulary UI: the table model, the filter proxy, the dock (edit, delete + undo), export."""

from __future__ import annotations

import os
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from reader.services.vocabulary import build_saved_word
from reader.storage.files.opening import open_store
from reader.storage.records import StoreError, VocabularyItem
from reader.storage.store import Store
from reader.ui.vocab import vocab_export
from reader.ui.vocab.vocab_detail import detail_html
from reader.ui.vocab.vocab_dock import DeleteVocabularyCommand, VocabDock
from reader.ui.vocab.vocab_export import export_to, export_with_dialog, format_for
from reader.ui.vocab.vocab_filter import SearchKeys, VocabFilterProxy, matches
from reader.ui.vocab.vocab_model import (
    COLUMN_ADDED,
    COLUMN_MEANING,
    COLUMN_NOTE,
    COLUMN_READING,
    COLUMN_STATUS,
    COLUMN_WORD,
    ItemRole,
    VocabModel,
)
from tests.conftest import DatabaseBusy

TEXT_S = "我们公司开发了一个新软件。这个软件很好用。经济发展很快。"
TEXT_T = "我們在臺灣學習中文。環境保護很重要，大家都關心。"

WORDS = [
    # word, reading, senses, document (0: simplified, 1: traditional), sentence
    ("软件", "ruan3 jian4", ["software"], 0, "我们公司开发了一个新软件。"),
    ("经济", "jing1 ji4", ["economy", "economic"], 0, "经济发展很快。"),
    ("发展", "fa1 zhan3", ["development", "to develop"], 0, "经济发展很快。"),
    ("學習", "xue2 xi2", ["to learn", "to study"], 1, "我們在臺灣學習中文。"),
    ("環境", "huan2 jing4", ["environment"], 1, "環境保護很重要，大家都關心。"),
    ("重要", "zhong4 yao4", ["important"], 1, "環境保護很重要，大家都關心。"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "reader.sqlite3", backup_on_open=False).store
    assert s is not None
    yield s
    s.close()


@pytest.fixture
def docs(store: Store) -> tuple[int, int]:
    ops = store.operations
    return ops.add_document(TEXT_S, "软件新闻"), ops.add_document(TEXT_T, "臺灣筆記")


@pytest.fixture
def words(store: Store, docs: tuple[int, int]) -> dict[str, int]:
    """Six saved words: three from a Simplified document, three from a Traditional one."""
    ids: dict[str, int] = {}
    titles = ("软件新闻", "臺灣筆記")
    for word, reading, senses, doc, sentence in WORDS:
        saved = build_saved_word(
            word,
            reading=reading,
            senses=senses,
            sentence=sentence,
            document_id=docs[doc],
            source_title=titles[doc],
        )
        ids[word] = store.operations.save_word(saved)
    store.operations.set_word_status("经济", "經濟", "known")
    store.operations.set_word_status("重要", "重要", "new")
    return ids


@pytest.fixture
def dock(qtbot, store: Store, words: dict[str, int]) -> VocabDock:  # type: ignore[no-untyped-def]
    widget = VocabDock(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(760, 520)
    qtbot.waitUntil(lambda: widget.model.rowCount() == len(words))  # read on a worker
    return widget


def source_index(model: VocabModel, item_id: int, column: int) -> QModelIndex:
    row = model.row_of(item_id)
    assert row >= 0
    return model.index(row, column)


def shown_words(proxy: VocabFilterProxy) -> set[str]:
    out = set()
    for row in range(proxy.rowCount()):
        item = proxy.index(row, 0).data(ItemRole)
        assert isinstance(item, VocabularyItem)
        out.add(item.simplified)
    return out


# ---------------------------------------------------------------------- model
def test_model_passes_the_model_tester(qtmodeltester, store: Store, words) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    qtmodeltester.check(model)
    proxy = VocabFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("jing")
    qtmodeltester.check(proxy)


def test_a_model_made_empty_is_filled_in_one_insert(store: Store, words) -> None:  # type: ignore[no-untyped-def]
    """(The dock's model, whose first rows are read on a worker.)"""
    model = VocabModel(store, load=False)
    assert model.rowCount() == 0
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.refresh()
    assert inserted == [(0, 5)]
    assert [item.id for item in model.items()] == [item.id for item in VocabModel(store).items()]
    model.detach()


def test_a_change_to_some_words_reads_only_those(  # type: ignore[no-untyped-def]
    qtbot, store: Store, words, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = VocabModel(store)
    model.sort(COLUMN_WORD, Qt.SortOrder.AscendingOrder)
    before = [item.simplified for item in model.items()]

    def every_word(status: str | None = None) -> list[VocabularyItem]:
        raise AssertionError("a change of a few words read every saved word")

    monkeypatch.setattr(store, "vocabulary", every_word)
    ops = store.operations
    ops.update_vocabulary(words["软件"], note="写程序")  # an edit
    qtbot.waitUntil(lambda: source_index(model, words["软件"], COLUMN_NOTE).data() == "写程序")
    ops.delete_vocabulary(words["经济"])  # a removal
    qtbot.waitUntil(lambda: model.row_of(words["经济"]) == -1)
    added = ops.add_vocabulary("中文", reading="zhong1 wen2")  # an insert, in sorted place
    qtbot.waitUntil(lambda: model.row_of(added) >= 0)
    assert [item.simplified for item in model.items()] == sorted(
        [w for w in before if w != "经济"] + ["中文"]
    )
    index = source_index(model, words["发展"], COLUMN_STATUS)
    assert model.setData(index, "known")  # an edit in the table: its row at once
    assert source_index(model, words["发展"], COLUMN_STATUS).data() == "Known"
    model.detach()


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize("column", [-1, *range(6)])
def test_rows_read_again_keep_the_order_a_whole_refresh_gives(  # type: ignore[no-untyped-def]
    store: Store, words, column: int, order: Qt.SortOrder
) -> None:
    model = VocabModel(store)
    model.sort(column, order)
    ops = store.operations
    ops.update_vocabulary(words["软件"], note="zzz", definition="a program")
    ops.update_vocabulary(words["重要"], status="learning", reading="zhong4 yao4")
    ops.add_vocabulary("中文", reading="zhong1 wen2", definition="Chinese")
    ops.add_vocabulary("软件", reading="ruan3 jian4", definition="software")  # equal values
    ops.delete_vocabulary(words["學習"])
    whole = VocabModel(store)
    whole.sort(column, order)
    assert [item.id for item in model.items()] == [item.id for item in whole.items()]
    assert model.items() == whole.items()
    model.detach()
    whole.detach()


def test_model_shows_both_forms_tone_marks_and_status(store: Store, words) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    assert model.rowCount() == 6
    software = source_index(model, words["软件"], COLUMN_WORD)
    assert software.data() == "软件 / 軟件"
    assert software.siblingAtColumn(COLUMN_READING).data() == "ruǎn jiàn"
    assert software.siblingAtColumn(COLUMN_MEANING).data() == "software"
    assert software.siblingAtColumn(COLUMN_STATUS).data() == "Learning"
    assert software.siblingAtColumn(COLUMN_STATUS).data(Qt.ItemDataRole.EditRole) == "learning"
    assert software.siblingAtColumn(COLUMN_ADDED).data()
    economy = source_index(model, words["经济"], COLUMN_WORD)
    assert economy.data() == "经济 / 經濟"
    assert economy.siblingAtColumn(COLUMN_STATUS).data() == "Known"
    important = source_index(model, words["重要"], COLUMN_WORD)
    assert important.data() == "重要"  # the same in both scripts: shown once
    item = important.data(ItemRole)
    assert isinstance(item, VocabularyItem) and item.traditional == "重要"
    flags = model.flags(software.siblingAtColumn(COLUMN_MEANING))
    assert flags & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(software) & Qt.ItemFlag.ItemIsEditable


def test_editing_meaning_and_note_persists(store: Store, words) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    index = source_index(model, words["软件"], COLUMN_MEANING)
    assert model.setData(index, "computer software")
    assert model.setData(index.siblingAtColumn(COLUMN_NOTE), "軟體 in Taiwan\nsee also 硬件")
    item = store.vocabulary_item(words["软件"])
    assert item.definition == "computer software"
    assert item.note == "軟體 in Taiwan\nsee also 硬件"
    assert index.data() == "computer software"
    assert index.siblingAtColumn(COLUMN_NOTE).data() == "軟體 in Taiwan see also 硬件"
    assert index.siblingAtColumn(COLUMN_NOTE).data(Qt.ItemDataRole.EditRole) == item.note


def test_a_refused_edit_keeps_the_old_value(qtbot, store: Store, words, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    index = source_index(model, words["软件"], COLUMN_MEANING)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(store.operations, "update_vocabulary", refuse)
    with qtbot.waitSignal(model.editRefused) as refused:
        assert not model.setData(index, "hardware")
    assert refused.args == [words["软件"], "disk full"]
    assert index.data() == "software"
    assert store.vocabulary_item(words["软件"]).definition == "software"


def test_status_change_persists_and_marks_the_word(store: Store, words) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    index = source_index(model, words["软件"], COLUMN_STATUS)
    assert model.setData(index, "known")
    assert store.vocabulary_item(words["软件"]).status == "known"
    assert store.word_status("軟件") == "known"
    assert index.data() == "Known"
    assert not model.setData(index, "forgotten")  # not a status: refused
    assert store.vocabulary_item(words["软件"]).status == "known"


def test_status_delegate_edits_through_a_combo(qtbot, dock: VocabDock, store: Store, words) -> None:  # type: ignore[no-untyped-def]
    dock.show()
    qtbot.waitExposed(dock)
    dock.activateWindow()
    dock.view.setFocus()  # the user is working in the table
    assert dock.select_item(words["发展"])
    index = dock.view.currentIndex().siblingAtColumn(COLUMN_STATUS)
    dock.view.setCurrentIndex(index)
    dock.view.edit(index)
    combo = dock.view.findChild(QComboBox, "vocabStatusEditor")
    assert combo is not None
    assert combo.currentData() == "learning"
    combo.setCurrentIndex(combo.findData("known"))
    combo.activated.emit(combo.currentIndex())
    assert store.vocabulary_item(words["发展"]).status == "known"


def test_store_changes_update_rows_in_place(qtbot, store: Store, words, docs) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    ops = store.operations
    with qtbot.waitSignal(model.rowsInserted):
        new_id = ops.save_word(build_saved_word("公司", reading="gong1 si1", senses=["company"]))
    assert model.row_of(new_id) == 0
    with qtbot.waitSignal(model.dataChanged):
        ops.update_vocabulary(words["经济"], note="macro")
    assert source_index(model, words["经济"], COLUMN_NOTE).data() == "macro"
    with qtbot.waitSignal(model.rowsRemoved):
        ops.delete_vocabulary(words["环境" if "环境" in words else "環境"])
    assert model.rowCount() == 6
    ops.remove_document(docs[1])  # the words keep their title, lose their document
    item = source_index(model, words["學習"], COLUMN_WORD).data(ItemRole)
    assert item.document_id is None and item.source_title == "臺灣筆記"
    assert not resets


def test_notification_from_another_thread_refreshes(qtbot, store: Store, words) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            store.operations.update_vocabulary(words["學習"], definition="to study (thread)")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)
    assert not errors
    index = source_index(model, words["學習"], COLUMN_MEANING)
    qtbot.waitUntil(lambda: index.data() == "to study (thread)", timeout=3000)


def test_sorting_moves_rows_and_keeps_the_selection(qtmodeltester, dock: VocabDock, words) -> None:  # type: ignore[no-untyped-def]
    dock.view.sortByColumn(COLUMN_MEANING, Qt.SortOrder.AscendingOrder)
    meanings = [i.definition for i in dock.visible_items()]
    assert meanings == sorted(meanings, key=str.casefold)
    qtmodeltester.check(dock.model)
    assert dock.select_item(words["软件"])
    index = dock.model.index(dock.model.row_of(words["软件"]), COLUMN_MEANING)
    assert dock.model.setData(index, "a program")  # now sorts first
    assert dock.visible_items()[0].id == words["软件"]
    assert [i.id for i in dock.selected_items()] == [words["软件"]]
    dock.view.sortByColumn(COLUMN_STATUS, Qt.SortOrder.DescendingOrder)
    assert dock.visible_items()[0].status == "known"
    assert [i.id for i in dock.selected_items()] == [words["软件"]]


def test_typing_in_the_filter_field_filters_after_a_pause(qtbot, dock: VocabDock) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dock.filter_field, "xuexi")
    qtbot.waitUntil(lambda: [i.simplified for i in dock.visible_items()] == ["学习"])


# --------------------------------------------------------------------- filter
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("軟件", {"软件"}),  # Traditional form
        ("经", {"经济"}),
        ("經濟", {"经济"}),  # the Traditional form of a Simplified-saved word
        ("学习", {"学习"}),  # the Simplified form of a Traditional-saved word
        ("jingji", {"经济"}),  # toneless pinyin
        ("jing ji", {"经济"}),
        ("jing", {"经济", "环境"}),
        ("jīng", {"经济"}),  # with a tone mark: only that tone
        ("jing4", {"环境"}),  # tone number
        ("xuexi", {"学习"}),
        ("develop", {"发展"}),
        ("IMPORTANT", {"重要"}),
        ("nothing-like-it", set()),
        ("", {"软件", "经济", "发展", "学习", "环境", "重要"}),
    ],
)
def test_filter_text(store: Store, words, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    model = VocabModel(store)
    proxy = VocabFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text(query)
    assert shown_words(proxy) == expected


def test_matches_umlaut_readings() -> None:
    item = VocabularyItem(1, "绿色", "綠色", "lv4 se4", "green", "", "", None, "new", "")
    keys = SearchKeys.of(item)
    assert matches(keys, "lüse") and matches(keys, "lvse") and matches(keys, "lǜsè")
    assert matches(keys, "lv4") and not matches(keys, "lǘ")


def test_dock_filters_by_text_and_status(dock: VocabDock) -> None:
    dock.set_filter("軟件")
    assert [i.simplified for i in dock.visible_items()] == ["软件"]
    assert dock.count_label.text() == "1 of 6 words"
    dock.set_filter("")
    dock.set_status_filter("known")
    assert [i.simplified for i in dock.visible_items()] == ["经济"]
    dock.set_status_filter("new")
    assert [i.simplified for i in dock.visible_items()] == ["重要"]
    dock.set_status_filter(None)
    assert len(dock.visible_items()) == 6
    assert dock.count_label.text() == "6 words"


def test_dock_sorts_by_reading(dock: VocabDock) -> None:
    dock.view.sortByColumn(COLUMN_READING, Qt.SortOrder.AscendingOrder)
    readings = [i.reading for i in dock.visible_items()]
    assert readings == sorted(readings)
    dock.view.sortByColumn(COLUMN_ADDED, Qt.SortOrder.DescendingOrder)
    assert [i.simplified for i in dock.visible_items()][0] == "重要"  # saved last


# ------------------------------------------------------------------- the dock
def test_detail_shows_both_sentences_with_the_word_bold(dock: VocabDock, words) -> None:  # type: ignore[no-untyped-def]
    assert dock.select_item(words["環境"])
    text = dock.detail.toPlainText()
    assert "環境保護很重要" in text and "环境保护很重要" in text
    assert "臺灣筆記" in text
    html = detail_html(dock.current_item())  # type: ignore[arg-type]
    assert "<b>環境</b>保護" in html and "<b>环境</b>保护" in html


def test_double_click_requests_a_jump(qtbot, dock: VocabDock, words, docs) -> None:  # type: ignore[no-untyped-def]
    assert dock.select_item(words["软件"])
    with qtbot.waitSignal(dock.jumpRequested) as jump:
        dock.view.doubleClicked.emit(dock.view.currentIndex())
    assert jump.args == [docs[0], "我们公司开发了一个新软件。"]


def test_delete_and_undo_restore_the_same_word(qtbot, dock: VocabDock, store: Store, words) -> None:  # type: ignore[no-untyped-def]
    before = store.vocabulary_item(words["经济"])
    dock.show()
    dock.activateWindow()
    qtbot.waitActive(dock)
    assert dock.select_item(words["经济"])
    dock.view.setFocus()
    qtbot.waitUntil(dock.view.hasFocus)
    qtbot.keyClick(dock.view, Qt.Key.Key_Delete)
    assert dock.model.rowCount() == 5
    with pytest.raises(StoreError):
        store.vocabulary_item(words["经济"])
    assert dock.undo_stack.count() == 1
    assert dock.undo_stack.undoText() == "Delete word 经济"
    dock.undo_stack.undo()
    assert store.vocabulary_item(words["经济"]) == before
    assert dock.model.rowCount() == 6
    dock.undo_stack.redo()
    assert dock.model.rowCount() == 5
    dock.undo_stack.undo()
    assert store.vocabulary_item(words["经济"]) == before


def test_delete_several_with_the_button(dock: VocabDock, store: Store, words) -> None:  # type: ignore[no-untyped-def]
    dock.set_filter("jing")
    dock.view.selectAll()
    assert dock.delete_button.isEnabled()
    dock.delete_button.click()
    assert dock.visible_items() == []
    assert len(store.vocabulary()) == 4
    dock.undo_stack.undo()
    assert {i.simplified for i in dock.visible_items()} == {"经济", "环境"}


def test_delete_command_of_a_word_gone_meanwhile_is_dropped(store: Store, words) -> None:  # type: ignore[no-untyped-def]
    stack = QUndoStack()
    command = DeleteVocabularyCommand(store, words["发展"])
    store.operations.delete_vocabulary(words["发展"])
    stack.push(command)
    assert command.error is not None
    assert stack.count() == 0


# --------------------------------------------------------------------- export
def test_export_to_tsv_and_apkg(store: Store, words, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tsv = tmp_path / "words.tsv"
    assert export_to(store, tsv, "tsv") == 6
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("simplified\ttraditional\tpinyin")
    assert any(line.startswith("软件\t軟件\truǎn jiàn\tsoftware") for line in lines)
    apkg = tmp_path / "words.apkg"
    assert export_to(store, apkg, "apkg") == 6
    with zipfile.ZipFile(apkg) as package:
        assert "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    conn = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        assert conn.execute("SELECT count(*) FROM notes").fetchone() == (6,)
    finally:
        conn.close()


def test_format_from_extension_or_filter() -> None:
    assert format_for("/x/a.apkg", "Tab-separated (*.tsv)") == "apkg"
    assert format_for("/x/a.TXT") == "pleco"
    assert format_for("/x/a", "Tab-separated (*.tsv)") == "tsv"
    assert format_for("/x/a") == "apkg"


def test_export_with_dialog_runs_on_a_worker(  # type: ignore[no-untyped-def]
    qtbot, dock: VocabDock, store: Store, words, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "deck"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: (str(target), "Pleco flashcards (*.txt)"),
    )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append("!" + text))
    dock.set_filter("jing")
    with qtbot.waitSignal(dock.ops.finished, timeout=20_000) as finished:
        dock.export_with_dialog()  # only the words shown
    assert finished.args == ["Export vocabulary", True]
    written = (tmp_path / "deck.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(written) == ["环境[環境]\thuan2jing4\tenvironment", "经济[經濟]\tjing1ji4\teconomy; economic"]
    assert shown == [f"Exported 2 words to {target}.txt."]


def test_export_failure_is_reported_without_traceback(  # type: ignore[no-untyped-def]
    qtbot, store: Store, words, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "missing-folder" / "words.tsv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    export_with_dialog(None, store)  # the words are read, then written, on the op runner
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert len(shown) == 1 and str(target) in shown[0]
    assert "Traceback" not in shown[0] and "No such file or directory" in shown[0]
    assert not target.exists()


def test_the_export_reads_and_writes_off_the_gui_thread_with_progress(  # type: ignore[no-untyped-def]
    qtbot, dock: VocabDock, store: Store, words, tmp_path: Path, monkeypatch
) -> None:
    """Every word is read while another thread holds the database; the file is written on a
    worker whose progress reaches the dialog the op runner shows for long work."""
    target = tmp_path / "words.tsv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    gate = threading.Event()
    threads: list[int] = []
    real = vocab_export.export_vocabulary

    def slow_export(items, path, fmt, progress=None):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        assert progress is not None
        progress(0.5)
        assert gate.wait(20)
        return real(items, path, fmt, progress)

    monkeypatch.setattr(vocab_export, "export_vocabulary", slow_export)
    with DatabaseBusy(store) as busy:
        dock.export_with_dialog()  # returns at once: the words are read on the op runner
    assert not busy.timed_out
    qtbot.waitUntil(lambda: bool(threads), timeout=20_000)
    assert threads[0] != threading.get_ident()
    qtbot.waitUntil(
        lambda: (d := dock.ops.progress_dialog()) is not None and d.bar.value() == 500,  # type: ignore[attr-defined]
        timeout=20_000,
    )
    with qtbot.waitSignal(dock.ops.finished, timeout=20_000):
        gate.set()
    assert shown == [f"Exported 6 words to {target}."]
    assert dock.ops.progress_dialog() is None
    assert len(target.read_text(encoding="utf-8").splitlines()) == 7


def test_renders(qtbot, dock: VocabDock, words, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Renders the dock with six words (to $VOCAB_SCREENSHOT when set, for a look)."""
    dock.show()
    qtbot.waitExposed(dock)
    dock.model.setData(
        source_index(dock.model, words["软件"], COLUMN_NOTE), "軟體 in Taiwan"
    )
    assert dock.select_item(words["環境"])
    assert dock.detail.toPlainText()
    target = os.environ.get("VOCAB_SCREENSHOT") or str(tmp_path / "vocab.png")
    assert dock.grab().save(target)


# ------------------------------------------------------------- how cells look (issue L.7)
def test_words_are_at_the_reading_font_and_readings_in_tone_colours(  # type: ignore[no-untyped-def]
    qtbot, store: Store, words, settings
) -> None:
    from reader.language.readings.pinyin_styles import TONE_SCHEMES
    from reader.ui.common.style.list_cells import ToneRunsRole

    settings.font_size = 20.0
    settings.tone_scheme = "pleco"
    dock = VocabDock(store, QUndoStack(), settings=settings)
    qtbot.addWidget(dock)
    qtbot.waitUntil(lambda: dock.model.rowCount() == len(words))  # read on a worker
    font = dock.columns.word_delegate.font()
    assert font.pointSizeF() >= 20.0 * 0.9
    assert font.pointSizeF() > dock.view.font().pointSizeF() * 1.5
    settings.font_size = 24.0
    assert dock.columns.word_delegate.font().pointSizeF() >= 24.0 * 0.9
    # the details' sentences in the reading font too, at a size for reading a sentence
    assert dock.detail.document().defaultFont().pointSizeF() >= 24.0 * 0.7
    # rows are tall enough for the Han line
    assert dock.view.verticalHeader().defaultSectionSize() >= dock.columns.word_delegate.font().pointSizeF()
    software = source_index(dock.model, words["软件"], COLUMN_READING)
    pleco = TONE_SCHEMES["pleco"]
    assert software.data(ToneRunsRole) == [("ruǎn", pleco[3]), (" ", ""), ("jiàn", pleco[4])]
    assert software.data() == "ruǎn jiàn"  # the plain reading stays (sorting, copying, tests)
    settings.tone_scheme = "standard"
    assert software.data(ToneRunsRole)[0] == ("ruǎn", TONE_SCHEMES["standard"][3])


def test_a_column_that_stepped_aside_comes_back_no_narrower_than_its_title(dock: VocabDock, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Regression: a hidden section's size hint is 0, so a fit after a column stepped aside
    asked too little for it, the header gave it its minimum instead, and Meaning lost the
    difference (108 of 110 px at 420 px wide)."""
    from reader.ui.vocab.vocab_columns import MEANING_MIN

    dock.model.refresh()
    dock.show()
    qtbot.waitExposed(dock)
    columns, view = dock.columns, dock.view
    titles = {c: columns._title_width(c) for c in range(6)}
    for width in (760, 420, 300, 250, 420, 760):
        dock.resize(width, 520)
        qtbot.wait(10)
        for _ in range(3):  # a fit is stable: fitting again changes nothing
            before = [(view.isColumnHidden(c), view.columnWidth(c)) for c in range(6)]
            columns.fit()
            assert [(view.isColumnHidden(c), view.columnWidth(c)) for c in range(6)] == before
        shown = [c for c in range(6) if not view.isColumnHidden(c)]
        assert sum(view.columnWidth(c) for c in shown) <= view.viewport().width()
        assert view.columnWidth(COLUMN_MEANING) >= min(MEANING_MIN, view.viewport().width() // 3)
        for column in shown:
            if column not in (COLUMN_WORD, COLUMN_READING, COLUMN_MEANING):
                assert view.columnWidth(column) >= titles[column]
    assert {c: columns._title_width(c) for c in range(6)} == titles  # hidden or not


def test_columns_fit_the_width_without_sideways_scrolling(dock: VocabDock, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.vocab.vocab_columns import MEANING_MIN

    dock.model.refresh()
    dock.show()
    qtbot.waitExposed(dock)
    for width in (760, 420, 300, 250):
        dock.resize(width, 520)
        qtbot.wait(20)
        view = dock.view
        shown = [c for c in range(6) if not view.isColumnHidden(c)]
        assert sum(view.columnWidth(c) for c in shown) <= view.viewport().width()
        assert not view.horizontalScrollBar().isVisible()
        assert COLUMN_WORD in shown and COLUMN_MEANING in shown
        assert view.columnWidth(COLUMN_MEANING) >= min(MEANING_MIN, view.viewport().width() // 3)
    # wide: every column; narrow: the reading moves under the word
    dock.resize(760, 520)
    qtbot.wait(20)
    assert not any(dock.view.isColumnHidden(c) for c in range(6)) and not dock.columns.compact
    dock.resize(250, 520)
    qtbot.wait(20)
    assert dock.columns.compact and dock.view.isColumnHidden(COLUMN_READING)
    # a column the user hid stays hidden when there is room again
    dock.columns.set_user_hidden(COLUMN_ADDED, True)
    dock.resize(760, 520)
    qtbot.wait(20)
    assert dock.view.isColumnHidden(COLUMN_ADDED) and not dock.view.isColumnHidden(COLUMN_NOTE)


def test_a_longer_word_widens_its_column_after_the_widths_were_measured(  # type: ignore[no-untyped-def]
    dock: VocabDock, store: Store, qtbot
) -> None:
    dock.show()
    qtbot.waitExposed(dock)
    dock.resize(1400, 520)
    qtbot.wait(20)
    before = dock.view.columnWidth(COLUMN_WORD)
    dock.resize(1300, 520)  # a resize shares the width out again with the widths measured
    qtbot.wait(20)
    assert dock.view.columnWidth(COLUMN_WORD) == before
    store.operations.add_vocabulary("中华人民共和国国务院办公厅", reading="zhong1")
    qtbot.waitUntil(lambda: dock.view.columnWidth(COLUMN_WORD) > before)


def test_many_words_fit_their_visible_rows_first_then_all_in_slices(  # type: ignore[no-untyped-def]
    qtbot, store: Store, docs
) -> None:
    """Thousands of words: shown, the table fits the rows in view at once (a whole measure
    is tens of ms of delegate calls) and the ~200 rows around them a few slices later."""
    store.operations.add_vocabulary("中华人民共和国国务院办公厅", reading="zhong1 hua2")
    for i in range(100):  # newer: the long word is row 100, measured but out of view
        store.operations.add_vocabulary(f"词{i}", reading="ci2")
    dock = VocabDock(store, QUndoStack())
    qtbot.addWidget(dock)
    dock.resize(1400, 400)
    dock.show()  # shown before its rows come (a panel open in the last session)
    qtbot.waitExposed(dock)
    dock.model.refresh()  # the rows arrive
    dock.columns.fit()  # as the event loop's next slice does
    view = dock.view
    assert dock.model.rowCount() == 101
    assert view.rowAt(view.viewport().height() - 1) < 100  # the long word is out of view
    first = view.columnWidth(COLUMN_WORD)
    qtbot.waitUntil(lambda: view.columnWidth(COLUMN_WORD) > first)
    dock.model.detach()


def test_a_change_before_the_first_rows_arrive_is_not_undone_by_them(  # type: ignore[no-untyped-def]
    qtbot, store: Store, words
) -> None:
    dock = VocabDock(store, QUndoStack())
    qtbot.addWidget(dock)
    store.operations.add_vocabulary("新词", reading="xin1 ci2")
    dock.model.refresh()  # as the store's change notice does, before the worker's rows
    assert dock.model.rowCount() == len(words) + 1
    qtbot.wait(200)  # the worker's rows, read before or after the change, do not replace them
    assert dock.model.rowCount() == len(words) + 1
    dock.model.detach()
