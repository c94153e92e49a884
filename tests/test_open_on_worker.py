"""A large file opened once the window shows something is imported on the runner: the window
stays usable, the document comes when read, a later opening supersedes it, a failure is a
sentence in a dialog, and the busy cursor always goes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.text.importer import bundled_article
from reader.ui.common.worker import wait_for_all
from reader.ui.window.document_opening import IMPORT_ON_WORKER_BYTES
from reader.ui.window.main_window import MainWindow

TIMEOUT = 30000


@pytest.fixture
def window(qtbot, article_window: MainWindow):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: article_window._painted.at is not None, timeout=TIMEOUT)
    yield article_window
    wait_for_all(TIMEOUT)


def _large(tmp_path: Path, name: str = "long.txt") -> Path:
    path = tmp_path / name
    paragraph = "第一段：梁文锋早就注意到AI模型，会议在北京举行。\n\n"
    path.write_text(paragraph * (IMPORT_ON_WORKER_BYTES // len(paragraph.encode()) + 10), encoding="utf-8")
    assert path.stat().st_size > IMPORT_ON_WORKER_BYTES
    return path


def test_a_large_file_is_read_on_the_runner_and_then_shown(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _large(tmp_path)
    assert window.open_path(str(path)) is True
    assert window.document is not None and window.document.title.startswith("DeepSeek")  # not yet
    assert QApplication.overrideCursor() is not None  # busy meanwhile
    assert "long.txt" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.settings.last_document == str(path.resolve()), timeout=TIMEOUT)
    assert window.view.toPlainText().startswith("第一段：梁文锋早就注意到AI模型，会议在北京举行。")
    assert QApplication.overrideCursor() is None
    assert str(path.resolve()) in window.settings.recent_documents


def test_a_document_shown_meanwhile_supersedes_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _large(tmp_path)
    small = tmp_path / "small.txt"
    small.write_text("小文件。", encoding="utf-8")
    window.open_path(str(path))
    assert window.open_path(str(small))  # small: on the GUI thread, at once
    assert window.view.toPlainText() == "小文件。"
    assert QApplication.overrideCursor() is None
    wait_for_all(TIMEOUT)
    qtbot.wait(50)  # the large file's result, had it not been dropped, would be applied now
    assert window.view.toPlainText() == "小文件。"
    window.open_path(str(path))
    window.open_bundled()
    wait_for_all(TIMEOUT)
    qtbot.wait(50)
    assert window.document is not None and window.document.text == bundled_article().text
    assert QApplication.overrideCursor() is None


def test_a_large_file_that_cannot_be_imported_is_a_sentence(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (IMPORT_ON_WORKER_BYTES // 256 + 4))
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: messages.append(text))
    before = window.view.toPlainText()
    assert window.open_path(str(binary)) is True
    qtbot.waitUntil(lambda: bool(messages), timeout=TIMEOUT)
    assert "picture.txt" in messages[0]
    assert window.view.toPlainText() == before
    assert QApplication.overrideCursor() is None


def test_closing_the_window_while_a_file_is_read_drops_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _large(tmp_path)
    window.open_path(str(path))
    window.close()
    assert QApplication.overrideCursor() is None and window.opening is None
    wait_for_all(TIMEOUT)
    qtbot.wait(50)
    assert window.settings.last_document != str(path.resolve())
