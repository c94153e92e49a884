"""An EPUB in the window (issue N.1): it opens, the chapters menu and Ctrl+PgDown/PgUp move
between chapters, highlights come back after a restart, a long book paints its first part
and reads the rest behind it, a book with DRM is refused in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

import reader.ui.reading.documents as documents
from reader.storage.files.opening import open_store
from reader.ui.window.document_opening import OPEN_FILTER
from reader.ui.window.main_window import MainWindow
from tests.epub_maker import BookSpec, ChapterSpec, make_epub, sample_book


def _book_file(tmp_path: Path, spec: BookSpec | None = None) -> Path:
    path = tmp_path / "长城的故事.epub"
    path.write_bytes(make_epub(spec or sample_book()))
    return path


def _top_chapter(window: MainWindow) -> str:
    index = window.aids.chapters.current_index()
    assert index is not None
    return window.aids.chapters.chapters()[index].title


def test_a_book_opens_navigates_and_keeps_its_highlights_across_a_restart(
    qtbot, settings, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    assert "*.epub" in OPEN_FILTER
    path = _book_file(tmp_path)
    db = tmp_path / "notes.sqlite3"
    store = open_store(db).store
    assert store is not None
    first = MainWindow(settings, store)
    qtbot.addWidget(first)
    first.resize(700, 160)  # a few lines: each chapter starts below the fold
    first.show()
    qtbot.waitExposed(first)
    first.activateWindow()
    qtbot.waitActive(first)
    assert first.open_path(str(path))
    assert first.document is not None and first.document.complete
    assert first.windowTitle() == "长城的故事 — Reader"
    assert "插图：长城的照片" in first.display_text()
    assert first.document.readings  # the <ruby> readings

    menu = first.aids.chapters.menu
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions()]
    assert titles == ["第一章 开始", "第二章 长城", "第三章 结束"]
    menu.actions()[2].trigger()
    assert _top_chapter(first) == "第三章 结束"
    first.view.setFocus()  # the keys as the window gets them: the shortcuts, not the view's keys
    QTest.keyClick(first.windowHandle(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert _top_chapter(first) == "第二章 长城"
    QTest.keyClick(first.windowHandle(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert _top_chapter(first) == "第三章 结束"
    menu.aboutToShow.emit()
    assert [a.isChecked() for a in menu.actions()] == [False, False, True]

    assert first.shown is not None
    start = first.document.text.index("这本书到这里")
    first.view.select_span(*first.shown.view_span(start, start + 3))
    highlight_id = first.highlights.highlight_selection("green")
    assert highlight_id is not None
    first.close()
    store.close()

    store = open_store(db).store
    assert store is not None
    second = MainWindow(settings, store)
    qtbot.addWidget(second)
    second.resize(700, 160)
    second.show()
    assert second.open_path(str(path))
    [saved] = store.highlights(second.document_id)  # type: ignore[arg-type]
    assert (saved.quote, saved.colour) == ("这本书", "green")
    # the window's features, the highlights among them, are made after its first paint
    qtbot.waitUntil(lambda: bool(second.view.layer("highlights")))
    [painted] = second.view.layer("highlights")
    assert painted.cursor.selectedText() == "这本书"
    assert _top_chapter(second) == "第三章 结束"  # where the learner left it
    second.close()
    store.close()


def test_a_long_book_paints_its_first_part_and_reads_the_rest_behind_it(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(documents, "FIRST_PART_CHARACTERS", 20)
    spec = BookSpec(
        title="长篇",
        chapters=[ChapterSpec(f"第{n}章", [f"这是第{n}章的正文。" * 20]) for n in range(1, 9)],
    )
    path = _book_file(tmp_path, spec)
    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    assert window.open_path(str(path))
    part = window.document
    assert part is not None and not part.complete
    assert window.document_id is None  # the first part is not stored
    assert len(part.chapters) < 8
    qtbot.waitUntil(lambda: window.document is not part, timeout=10000)
    whole = window.document
    assert whole is not None and whole.complete and whole.text.startswith(part.text)
    assert len(whole.chapters) == 8 and window.document_id is not None
    assert [d.title for d in store.documents()] == ["长篇"]
    window.close()
    store.close()


def test_a_book_with_drm_is_refused_in_one_sentence(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    spec = sample_book()
    path = tmp_path / "locked.epub"
    data = make_epub(spec)
    import io
    import zipfile

    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("META-INF/rights.xml", "<rights/>")
    path.write_bytes(buffer.getvalue())
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    window = MainWindow(settings, None)
    qtbot.addWidget(window)
    assert not window.open_path(str(path))
    assert messages == ["locked.epub is protected by DRM (Adobe ADEPT) and cannot be opened."]
    window.close()


def test_a_plain_text_novel_has_its_heading_lines_as_chapters(
    qtbot, settings, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "novel.txt"
    path.write_text("序\n很久以前。\n第一章 开始\n他来了。\n第二章 结束\n他走了。\n", encoding="utf-8")
    window = MainWindow(settings, None)
    qtbot.addWidget(window)
    assert window.open_path(str(path))
    assert [c.title for c in window.aids.chapters.chapters()] == ["序", "第一章 开始", "第二章 结束"]
    window.close()


def test_reopening_an_edited_edition_reanchors_its_highlights(
    qtbot, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(documents, "FIRST_PART_CHARACTERS", 20)  # the long-book path too
    path = _book_file(tmp_path)
    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    assert window.open_path(str(path))
    qtbot.waitUntil(lambda: window.document_id is not None, timeout=10000)
    document_id = window.document_id
    assert window.document is not None and window.shown is not None
    start = window.document.text.index("谢谢你的阅读")
    window.view.select_span(*window.shown.view_span(start, start + 6))
    assert window.highlights.highlight_selection("blue") is not None

    edited = sample_book()
    edited.chapters[0].paragraphs = ["新版的第一段。", *edited.chapters[0].paragraphs]
    path.write_bytes(make_epub(edited))
    window.open_bundled()
    assert window.open_path(str(path))
    qtbot.waitUntil(lambda: window.document_id == document_id, timeout=10000)
    assert window.document is not None and "新版的第一段。" in window.document.text
    [saved] = store.highlights(document_id)  # type: ignore[arg-type]
    assert window.document.text[saved.start : saved.end] == "谢谢你的阅读"
    assert saved.start != start
    qtbot.waitUntil(lambda: len(window.view.layer("highlights")) == 1, timeout=10000)
    assert window.view.layer("highlights")[0].cursor.selectedText() == "谢谢你的阅读"
    window.close()
    store.close()


def test_a_long_book_from_the_library_has_its_chapters_without_reading_it_again(
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from reader.text.importer import import_document

    monkeypatch.setattr(documents, "FIRST_PART_CHARACTERS", 20)
    path = _book_file(tmp_path)
    whole = import_document(path.read_bytes(), str(path))
    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    document_id = store.operations.add_document(whole.text, whole.title, str(path), whole.readings)
    shown, source = documents.document_from_store(store, document_id)
    assert source == str(path) and shown.text == whole.text
    assert shown.chapters == whole.chapters
    assert "table of contents" in shown.report.notes[0]
    path.write_bytes(make_epub(BookSpec(chapters=[ChapterSpec("另一本书", ["完全不同。"])])))
    other, source = documents.document_from_store(store, document_id)
    assert source is None and other.text == whole.text  # the stored text, as before
    store.close()
