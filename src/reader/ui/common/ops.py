"""The one way to run database and file work that can take time: :class:`OpRunner` runs an
:class:`Op` (in the spirit of Anki's CollectionOp and QueryOp).

An op names what the learner asked for (``label``: "Export vocabulary"), the ``work`` done on a
worker thread — every store read or write of the op happens there, so the GUI thread never
waits for the database — and what to do with its result on the GUI thread (``on_done``). The
runner then:

* shows progress only for work that lasts: after :data:`PROGRESS_AFTER_MS` a small
  window-modal dialog (the label, a bar that follows ``progress(fraction)`` when the work
  reports it, else a busy bar) appears, and goes when the work ends; quick work shows nothing;
* reports a failure one way: the exception as one sentence (:func:`describe`), after the op's
  ``failure`` ("Could not write notes.md"), in a warning box titled by the label — or handed to
  ``on_error`` when the caller says it its own way (a status line);
* supersedes by ``key``: a newer op with the same key drops the older one's result (a search
  as the learner types); ops without a key never supersede one another;
* drops the results of a runner deleted with its widget (a closed dock), never touching it;
* runs it on the short lane (:class:`~reader.ui.common.worker.Lane`): a dock's list, a search,
  an export never wait behind the window's long computations (the readings, the dictionary);
  an op the learner did not ask for that takes seconds of CPU (grading the library's
  documents) says ``lane=Lane.LONG``.

A write ends as every write does, in one typed :class:`~reader.storage.changes.Change` that
views receive through :class:`~reader.ui.common.store_bridge.StoreChangeBridge` whichever thread
wrote; :attr:`OpRunner.finished` says when an op's own callbacks have run.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from reader.services.atomic_write import AtomicWriteError
from reader.storage.errors import os_error_words, store_error
from reader.storage.records import StoreError
from reader.ui.common.worker import BackgroundRunner, Lane, Progress

_log = logging.getLogger("reader.ui.common.ops")

#: Work shorter than this shows no progress at all.
PROGRESS_AFTER_MS = 300
_STEPS = 1000
#: Failures that are the world's doing (a full disk, a missing folder), not a bug.
_EXPECTED = (StoreError, OSError, sqlite3.Error, ValueError)

T = TypeVar("T")


@dataclass(frozen=True)
class Op(Generic[T]):
    """What to run: see the module docstring."""

    label: str  #: what the learner asked for, as a title: "Export vocabulary"
    work: Callable[[Progress], T]  #: runs on a worker thread; may call progress(fraction)
    on_done: Callable[[T], object] | None = None  #: on the GUI thread, with the result
    on_error: Callable[[str], object] | None = None  #: gets the message instead of a box
    failure: str = ""  #: what did not happen, before the reason: "Could not write x.md"
    key: str | None = None  #: a newer op with the same key supersedes this one
    progress: bool = True  #: False: never a dialog (a search as the learner types)
    detail: str = ""  #: the progress dialog's line (default: the label and "…")
    #: SHORT: the learner waits for it (never behind the window's long computations); LONG:
    #: seconds of CPU the learner did not ask for (grading the library's documents)
    lane: Lane = Lane.SHORT


def describe(exc: BaseException) -> str:
    """``exc`` as one sentence for the learner ("The disk is full (…)."), never a traceback."""
    if isinstance(exc, sqlite3.Error):
        text = str(store_error(exc, "read or write the notes"))
    elif isinstance(exc, (AtomicWriteError, StoreError, ValueError)):
        text = str(exc)
    elif isinstance(exc, OSError):
        text = os_error_words(exc) + (f" ({exc.filename})" if exc.filename else "")
    else:
        text = f"something unexpected went wrong ({type(exc).__name__}: {exc})"
    text = text.strip() or type(exc).__name__
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "。")) else text + "."


class _ProgressDialog(QDialog):
    """The label, one line and a bar; it cannot be dismissed (the work cannot be stopped)."""

    def __init__(self, title: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("opProgress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the work says how far it got
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(text, self))
        layout.addWidget(self.bar)
        self.setMinimumWidth(320)

    def set_fraction(self, fraction: float) -> None:
        if self.bar.maximum() == 0:
            self.bar.setRange(0, _STEPS)
        self.bar.setValue(round(fraction * _STEPS))

    def reject(self) -> None:  # Esc: the dialog stays while the work goes on
        pass


@dataclass
class _Running:
    op: Op[Any]
    timer: QTimer | None
    dialog: _ProgressDialog | None = None
    fraction: float | None = None


_shared: OpRunner | None = None


class OpRunner(QObject):
    """Runs :class:`Op` s for a widget (the parent of its dialogs and message boxes)."""

    #: ``(label, succeeded)`` once an op's ``on_done`` or its error report has run.
    finished = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opRunner")
        self._runner = BackgroundRunner(self)
        self._running: dict[str, _Running] = {}
        self._unkeyed = 0

    @staticmethod
    def of(widget: QWidget | None) -> OpRunner:
        """``widget``'s runner (made on first use); one shared runner for no widget."""
        global _shared
        if widget is None:
            if _shared is None or not shiboken6.isValid(_shared):
                _shared = OpRunner()
            return _shared
        for child in widget.children():
            if isinstance(child, OpRunner):
                return child
        return OpRunner(widget)

    def run(self, op: Op[Any]) -> None:
        """Start ``op`` (see the module docstring); returns at once."""
        key = op.key
        if key is None:
            self._unkeyed += 1
            key = f"\0op {self._unkeyed}"
        self._end(key)  # a superseded op's dialog goes with it
        timer: QTimer | None = None
        if op.progress:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(PROGRESS_AFTER_MS)
            timer.timeout.connect(lambda: self._show_progress(key))
            timer.start()
        self._running[key] = _Running(op, timer)
        self._runner.start(
            key,
            op.work,
            lambda result: self._done(key, op, result),
            lambda exc: self._failed(key, op, exc),
            lambda fraction: self._progress(key, fraction),
            lane=op.lane,
        )

    def cancel(self, key: str) -> None:
        """Drop the result of the running op of ``key`` (its work still ends on its own)."""
        self._runner.cancel(key)
        self._end(key)

    def pending(self, key: str | None = None) -> bool:
        """True while an op (of ``key``, or any) has not delivered its result."""
        return self._runner.pending(key)

    def progress_dialog(self) -> QDialog | None:
        """The progress dialog shown now, if any."""
        return next((r.dialog for r in self._running.values() if r.dialog is not None), None)

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for the work of every lane to end (its results arrive later, queued)."""
        return self._runner.wait(msecs)

    def report(self, title: str, message: str) -> None:
        """Say a failure the one way: a warning box over this runner's widget."""
        parent = self.parent()
        QMessageBox.warning(parent if isinstance(parent, QWidget) else None, title, message)

    # ----------------------------------------------------------------- private
    def _done(self, key: str, op: Op[Any], result: object) -> None:
        self._end(key)
        if op.on_done is not None:
            op.on_done(result)
        if shiboken6.isValid(self):
            self.finished.emit(op.label, True)

    def _failed(self, key: str, op: Op[Any], exc: Exception) -> None:
        self._end(key)
        if not isinstance(exc, _EXPECTED):
            _log.error("%s failed", op.label, exc_info=exc)
        message = describe(exc)
        if op.failure:
            message = f"{op.failure}:\n{message}"
        if op.on_error is not None:
            op.on_error(message)
        else:
            self.report(op.label, message)
        if shiboken6.isValid(self):
            self.finished.emit(op.label, False)

    def _show_progress(self, key: str) -> None:
        running = self._running.get(key)
        if running is None or running.dialog is not None:
            return
        parent = self.parent()
        op = running.op
        running.dialog = _ProgressDialog(
            op.label, op.detail or f"{op.label}…", parent if isinstance(parent, QWidget) else None
        )
        if running.fraction is not None:
            running.dialog.set_fraction(running.fraction)
        running.dialog.show()

    def _progress(self, key: str, fraction: float) -> None:
        running = self._running.get(key)
        if running is not None:
            running.fraction = fraction
            if running.dialog is not None:
                running.dialog.set_fraction(fraction)

    def _end(self, key: str) -> None:
        running = self._running.pop(key, None)
        if running is None:
            return
        if running.timer is not None:
            running.timer.stop()
            running.timer.deleteLater()
        if running.dialog is not None:
            running.dialog.hide()
            running.dialog.deleteLater()
