"""Opening a file that changed since it was stored: its highlights are re-anchored — on a
worker thread when a runner is given — and land on the same words of the new text."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from reader.storage.records import StoreError
from reader.storage.store import Store
from reader.text.importer import bundled_article
from reader.ui.common.worker import BackgroundRunner
from reader.ui.reading.documents import read_document_file, register_document
from reader.ui.window.main_window import MainWindow

TEXT = bundled_article().text
QUOTES = ["全球AI競爭", "API接口和使用方式", "梁文鋒", "DeepSeek"]
EDITED = "編者按：本文有修訂。\n" + TEXT.replace("歡迎用戶前往官方網頁", "歡迎前往網頁")



def _stored_file(store: Store, tmp_path: Path) -> tuple[Path, int, dict[int, str]]:
    """A file whose text is stored with a highlight on each of QUOTES, then edited."""
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    document = read_document_file(str(path))
    doc = store.operations.add_document(
        document.text, document.title, str(path), document.readings
    )
    text = store.document_text(doc)
    quotes = {}
    for quote in QUOTES:
        at = text.index(quote)
        quotes[store.operations.add_highlight(doc, at, at + len(quote))] = quote
    path.write_text(EDITED, encoding="utf-8")
    return path, doc, quotes


def _assert_on_their_words(store: Store, doc: int, quotes: dict[int, str]) -> None:
    text = store.document_text(doc)
    assert text.startswith("編者按")
    for h in store.highlights(doc, include_orphans=True):
        assert h.anchor_method in ("exact", "context")
        assert text[h.start : h.end] == quotes[h.id]


def test_the_reimport_runs_on_a_worker_and_the_id_comes_back_after(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, doc, quotes = _stored_file(store, tmp_path)
    document = read_document_file(str(path))
    threads: list[int] = []
    real = store.operations.reimport_document

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(store.operations, "reimport_document", recording)
    runner = BackgroundRunner()
    told: list[str] = []
    registered: list[int | None] = []
    result = register_document(
        store, document, str(path), told.append, runner=runner, on_registered=registered.append
    )
    assert result is None and registered == []  # the answer comes through the event loop
    assert told == [
        "article.txt changed since it was last opened: placing its highlights on the new text…"
    ]
    qtbot.waitUntil(lambda: bool(registered), timeout=20000)
    assert registered == [doc]
    assert threads and threads[0] != threading.get_ident()
    assert told[-1] == (
        "article.txt changed since it was last opened: 4 highlights re-anchored, "
        "0 could not be placed (see the Notes panel)"
    )
    assert store.document_text(doc) == document.text
    _assert_on_their_words(store, doc, quotes)
    # Opened again: the same text is found by its hash, nothing is re-imported.
    assert register_document(store, document, str(path), told.append, runner=runner) == doc


def test_a_failed_reimport_is_told_in_a_sentence_and_gives_no_id(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, doc, _ = _stored_file(store, tmp_path)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise StoreError("the disk is full")

    monkeypatch.setattr(store.operations, "reimport_document", refuse)
    runner = BackgroundRunner()
    told: list[str] = []
    registered: list[int | None] = []
    register_document(
        store,
        read_document_file(str(path)),
        str(path),
        told.append,
        runner=runner,
        on_registered=registered.append,
    )
    qtbot.waitUntil(lambda: bool(registered), timeout=20000)
    assert registered == [None]
    assert told[-1] == (
        "The highlights of article.txt could not be placed on its new text: the disk is full"
    )
    assert store.document_text(doc) == TEXT  # nothing written


def test_without_a_runner_the_reimport_is_done_before_returning(
    store: Store, tmp_path: Path
) -> None:
    path, doc, quotes = _stored_file(store, tmp_path)
    told: list[str] = []
    assert register_document(store, read_document_file(str(path)), str(path), told.append) == doc
    assert "4 highlights re-anchored, 0 could not be placed" in told[-1]
    _assert_on_their_words(store, doc, quotes)


def test_the_window_shows_the_edited_file_with_its_highlights_in_place(
    qtbot: QtBot, settings: Any, store: Store, tmp_path: Path
) -> None:
    path, doc, quotes = _stored_file(store, tmp_path)
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.show()  # its features, the highlights among them, are made after its first paint
    assert window.open_path(str(path))
    qtbot.waitUntil(lambda: window.document_id == doc, timeout=20000)
    qtbot.waitUntil(lambda: bool(window.view.layer("highlights")), timeout=20000)  # read after
    painted = sorted(s.cursor.selectedText() for s in window.view.layer("highlights"))
    assert painted == sorted(quotes.values())
    assert "4 highlights re-anchored" in window.statusBar().currentMessage()
    window.close()
