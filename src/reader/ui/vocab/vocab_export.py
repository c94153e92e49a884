"""Exporting saved words for study: the file dialog, a worker thread, progress and the result.

:func:`export_with_dialog` asks for a file (Anki deck, Pleco flashcards or tab-separated),
writes it on the thread pool with
:func:`~reader.services.study_export.export_vocabulary` (atomic: the file appears whole or not at
all) while a progress dialog shows how far it got, then says how many words were written or
why it failed (one sentence, e.g. "The disk is full (No space left on device).").
:func:`export_to` is the same export done synchronously.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from reader.services.atomic_write import AtomicWriteError
from reader.services.study_export import SUFFIXES, export_vocabulary
from reader.storage.records import StoreError, VocabularyItem
from reader.storage.store import Store

#: File-dialog filters by export format.
EXPORT_FILTERS: dict[str, str] = {
    "apkg": "Anki deck (*.apkg)",
    "pleco": "Pleco flashcards (*.txt)",
    "tsv": "Tab-separated (*.tsv)",
}
_FORMAT_OF_SUFFIX = {suffix: fmt for fmt, suffix in SUFFIXES.items()}
_PROGRESS_STEPS = 1000


def format_for(path: str, chosen_filter: str = "") -> str:
    """The export format a path's extension names, else the chosen filter's, else apkg."""
    fmt = _FORMAT_OF_SUFFIX.get(Path(path).suffix.lower())
    if fmt is not None:
        return fmt
    for name, label in EXPORT_FILTERS.items():
        if label == chosen_filter:
            return name
    return "apkg"


def export_to(
    store: Store,
    path: str | Path,
    fmt: str,
    items: Sequence[VocabularyItem] | None = None,
) -> int:
    """Write ``items`` (default: every saved word) to ``path`` as ``fmt``; returns the count."""
    chosen = store.vocabulary() if items is None else items
    return export_vocabulary(chosen, path, fmt)


class _Relay(QObject):
    progress = Signal(float)
    done = Signal(int)
    failed = Signal(str)


class _ExportTask(QRunnable):
    def __init__(
        self, items: Sequence[VocabularyItem], path: str, fmt: str, relay: _Relay
    ) -> None:
        super().__init__()
        self.items, self.path, self.fmt, self.relay = list(items), path, fmt, relay

    def run(self) -> None:
        try:
            count = export_vocabulary(self.items, self.path, self.fmt, self.relay.progress.emit)
        except Exception as exc:  # shown to the user as one line, no traceback
            self.relay.failed.emit(_describe(exc))
            return
        self.relay.done.emit(count)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, AtomicWriteError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc) or type(exc).__name__


class ExportRun(QObject):
    """One export on the thread pool; :attr:`finished` carries ``(count, error)``."""

    finished = Signal(int, str)  # words written (-1 on failure), error message ("" on success)

    def __init__(
        self,
        items: Sequence[VocabularyItem],
        path: str,
        fmt: str,
        progress: QProgressDialog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.count = -1
        self.error = ""
        self.running = False
        self._progress = progress
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._task = _ExportTask(items, path, fmt, self._relay)

    def start(self) -> None:
        self.running = True
        QThreadPool.globalInstance().start(self._task)

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        if self._progress is not None:
            self._progress.setValue(round(max(0.0, min(1.0, fraction)) * _PROGRESS_STEPS))

    @Slot(int)
    def _on_done(self, count: int) -> None:
        self.count, self.running = count, False
        self.finished.emit(count, "")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error, self.running = message, False
        self.finished.emit(-1, message)


def run_export(
    parent: QWidget | None, items: Sequence[VocabularyItem], path: str, fmt: str
) -> tuple[int, str]:
    """Export on a worker thread while a progress dialog shows; ``(count, "")`` or
    ``(-1, error)``. The GUI keeps painting meanwhile (a local event loop waits)."""
    progress = QProgressDialog(f"Writing {Path(path).name}…", "", 0, _PROGRESS_STEPS, parent)
    progress.setWindowTitle("Export vocabulary")
    progress.setCancelButton(None)  # the write is atomic and short: it is not cancellable
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)
    run = ExportRun(items, path, fmt, progress)
    loop = QEventLoop()
    run.finished.connect(loop.quit)
    run.start()
    if run.running:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    progress.close()
    progress.deleteLater()
    run.deleteLater()
    return run.count, run.error


def export_with_dialog(
    parent: QWidget | None,
    store: Store,
    items: Sequence[VocabularyItem] | None = None,
) -> int | None:
    """Ask for a file and format, export ``items`` (default: every saved word), report.

    Returns the number of words written, or None when cancelled, there was nothing to
    export, or the export failed (the message box said why).
    """
    try:
        chosen = list(store.vocabulary() if items is None else items)
    except StoreError as exc:
        QMessageBox.warning(parent, "Export vocabulary", f"Could not read the word list:\n{exc}")
        return None
    if not chosen:
        QMessageBox.information(
            parent, "Export vocabulary", "There are no saved words to export yet."
        )
        return None
    noun = "word" if len(chosen) == 1 else "words"
    path, chosen_filter = QFileDialog.getSaveFileName(
        parent,
        f"Export {len(chosen)} {noun}",
        str(Path.home() / "vocabulary.apkg"),
        ";;".join(EXPORT_FILTERS.values()),
        EXPORT_FILTERS["apkg"],
    )
    if not path:
        return None
    fmt = format_for(path, chosen_filter)
    if not Path(path).suffix:
        path += SUFFIXES[fmt]
    count, error = run_export(parent, chosen, path, fmt)
    if error:
        QMessageBox.warning(parent, "Export failed", f"Could not write {path}:\n{error}")
        return None
    written = "word" if count == 1 else "words"
    extra = ""
    if count < len(chosen):
        extra = (
            f"\n{len(chosen) - count} saved more than once (from several documents) "
            "were written once."
        )
    QMessageBox.information(
        parent, "Export vocabulary", f"Exported {count} {written} to {path}.{extra}"
    )
    return count
