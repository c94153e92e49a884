"""The op runner (ui.common.ops): work on a worker, the result and progress on the GUI thread,
one way to say a failure, superseding by key, and nothing delivered to a deleted widget."""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reader.services.atomic_write import AtomicWriteError
from reader.storage.records import StoreError
from reader.ui.common.ops import Op, OpRunner, describe
from reader.ui.common.worker import BackgroundRunner, Lane, Progress, wait_for_all

TIMEOUT = 20_000  # generous: the machine running the tests may be busy


@pytest.fixture
def widget(qtbot: QtBot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str, str]]:
    shown: list[tuple[Any, str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: shown.append((parent, title, text))
    )
    return shown


def _drain_pool() -> None:
    """Let every worker end, then deliver what they posted to the GUI thread."""
    assert wait_for_all(TIMEOUT)
    QCoreApplication.processEvents()


def test_the_work_runs_on_a_worker_and_the_result_comes_back_on_the_gui_thread(
    qtbot: QtBot, widget: QWidget
) -> None:
    runner = OpRunner(widget)
    threads: dict[str, int] = {}
    results: list[int] = []

    def work(_progress: Progress) -> int:
        threads["work"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        threads["done"] = threading.get_ident()
        results.append(result)

    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        runner.run(Op("Counting", work, done))
        assert runner.pending() and results == []  # nothing happens before the event loop
    assert finished.args == ["Counting", True]
    assert results == [42]
    assert threads["work"] != threading.get_ident() == threads["done"]
    assert not runner.pending()


def test_a_failure_is_one_sentence_in_one_warning_titled_by_the_label(
    qtbot: QtBot, widget: QWidget, boxes: list[tuple[Any, str, str]]
) -> None:
    runner = OpRunner(widget)
    done: list[object] = []

    def work(_progress: Progress) -> None:
        raise OSError(errno.ENOENT, "No such file or directory", "/nowhere/notes.md")

    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT) as finished:
        runner.run(Op("Export notes", work, done.append, failure="Could not write notes.md"))
    assert finished.args == ["Export notes", False]
    assert done == []
    assert boxes == [
        (widget, "Export notes", "Could not write notes.md:\nNo such file or directory (/nowhere/notes.md).")
    ]


def test_the_callers_on_error_gets_the_message_instead_of_a_box(
    qtbot: QtBot, widget: QWidget, boxes: list[tuple[Any, str, str]]
) -> None:
    runner = OpRunner(widget)
    said: list[str] = []

    def work(_progress: Progress) -> None:
        raise StoreError("Could not save: the disk is full (/x/reader.sqlite3).")

    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.run(Op("Search notes", work, on_error=said.append, progress=False))
    assert said == ["Could not save: the disk is full (/x/reader.sqlite3)."]
    assert boxes == []


def test_an_unexpected_error_is_said_plainly_and_logged_with_its_traceback(
    qtbot: QtBot, widget: QWidget, boxes: list[tuple[Any, str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    runner = OpRunner(widget)

    def work(_progress: Progress) -> None:
        raise KeyError("title")

    with caplog.at_level(logging.ERROR, "reader.ui.common.ops"), qtbot.waitSignal(
        runner.finished, timeout=TIMEOUT
    ):
        runner.run(Op("Rename Document", work))
    assert [text for _, _, text in boxes] == [
        "Something unexpected went wrong (KeyError: 'title')."
    ]
    assert "Rename Document failed" in caplog.text and "Traceback" in caplog.text


def test_describe_says_errors_as_sentences() -> None:
    atomic = AtomicWriteError(errno.ENOSPC, "the disk is full (No space left on device)", "/x")
    assert describe(atomic) == "The disk is full (No space left on device)."
    assert describe(StoreError("not a reader document archive")) == (
        "Not a reader document archive."
    )
    assert describe(OSError(errno.EACCES, "Permission denied", "/x/y")) == (
        "Permission denied (/x/y)."
    )
    full = sqlite3.OperationalError("database or disk is full")
    assert describe(full) == "Could not read or write the notes: the disk is full."


def test_progress_shows_only_for_long_work_and_follows_the_worker(
    qtbot: QtBot, widget: QWidget
) -> None:
    runner = OpRunner(widget)
    gate = threading.Event()

    def work(progress: Progress) -> str:
        progress(0.25)
        assert gate.wait(TIMEOUT)
        return "done"

    runner.run(Op("Export vocabulary", work, detail="Writing words.apkg…"))
    assert runner.progress_dialog() is None  # never at once: quick work shows nothing
    qtbot.waitUntil(
        lambda: (dialog := runner.progress_dialog()) is not None and dialog.isVisible(),
        timeout=TIMEOUT,
    )
    dialog = runner.progress_dialog()
    assert dialog is not None and dialog.windowTitle() == "Export vocabulary"
    bar = dialog.bar  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bar.value() == 250, timeout=TIMEOUT)
    dialog.reject()  # Esc does not hide it while the work goes on
    assert dialog.isVisible()
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        gate.set()
    assert runner.progress_dialog() is None and not dialog.isVisible()


def test_quick_work_shows_no_progress(qtbot: QtBot, widget: QWidget) -> None:
    runner = OpRunner(widget)
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.run(Op("Quick", lambda progress: progress(1.0)))
        assert runner.progress_dialog() is None
    assert runner.progress_dialog() is None


def test_a_newer_op_with_the_same_key_supersedes_the_older(qtbot: QtBot, widget: QWidget) -> None:
    runner = OpRunner(widget)
    gate = threading.Event()
    results: list[str] = []
    finished: list[list[Any]] = []
    runner.finished.connect(lambda *args: finished.append(list(args)))

    def slow(_progress: Progress) -> str:
        assert gate.wait(TIMEOUT)
        return "older"

    runner.run(Op("Search", slow, results.append, key="search"))
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        runner.run(Op("Search", lambda _p: "newer", results.append, key="search"))
    gate.set()
    _drain_pool()
    assert results == ["newer"] and finished == [["Search", True]]


def test_ops_without_a_key_do_not_supersede_one_another(qtbot: QtBot, widget: QWidget) -> None:
    runner = OpRunner(widget)
    results: list[int] = []
    for n in range(3):
        runner.run(Op("Export", lambda _p, n=n: n, results.append))
    qtbot.waitUntil(lambda: len(results) == 3, timeout=TIMEOUT)
    assert sorted(results) == [0, 1, 2]


def test_a_cancelled_op_delivers_nothing(qtbot: QtBot, widget: QWidget) -> None:
    runner = OpRunner(widget)
    gate = threading.Event()
    results: list[str] = []

    def slow(_progress: Progress) -> str:
        assert gate.wait(TIMEOUT)
        return "late"

    runner.run(Op("Search", slow, results.append, key="search"))
    runner.cancel("search")
    assert not runner.pending("search")
    gate.set()
    _drain_pool()
    assert results == []


def test_a_deleted_widget_gets_nothing_and_nothing_crashes(
    qtbot: QtBot, boxes: list[tuple[Any, str, str]]
) -> None:
    dock = QWidget()
    runner = OpRunner(dock)
    gate = threading.Event()
    seen: list[object] = []

    def slow(progress: Progress) -> str:
        assert gate.wait(TIMEOUT)
        progress(0.5)
        return "late"

    def failing(_progress: Progress) -> None:
        assert gate.wait(TIMEOUT)
        raise OSError(errno.EIO, "Input/output error")

    runner.run(Op("Export", slow, seen.append))
    runner.run(Op("Export", failing, seen.append, on_error=seen.append))
    runner.run(Op("Export", failing, seen.append))  # would show a box
    dock.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(runner), timeout=TIMEOUT)
    gate.set()
    _drain_pool()
    assert seen == [] and boxes == []


def test_of_finds_the_widgets_runner_and_one_shared_runner_without_a_widget(
    widget: QWidget,
) -> None:
    runner = OpRunner.of(widget)
    assert OpRunner.of(widget) is runner and runner.parent() is widget
    assert OpRunner.of(None) is OpRunner.of(None)


def test_the_background_runner_says_errors_as_before(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    errors: list[str] = []

    def fail() -> None:
        raise ValueError("bad input")

    runner.run("job", fail, lambda _result: None, errors.append, lane=Lane.SHORT)
    qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)
    assert errors == ["ValueError: bad input"]
    assert not runner.pending("job")
