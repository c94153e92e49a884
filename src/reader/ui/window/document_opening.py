"""Opening documents in the main window: a file (a long book's first part, then the whole
behind it), the bundled article, a document kept in the store, the clipboard.

A mixin of :class:`~reader.ui.window.main_window.MainWindow` (kept apart so each module has one
job); it relies on the window's ``settings``, ``store``, ``runner``, ``view``, ``current`` and
``show_document``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from reader.storage.records import StoreError
from reader.text.decoding import ImportRefused
from reader.text.importer import bundled_article
from reader.ui.common.worker import Lane
from reader.ui.reading.documents import (
    clipboard_document,
    document_from_store,
    read_document_start,
    read_rest,
)

if TYPE_CHECKING:
    from reader.storage.store import Store
    from reader.text.document import Document
    from reader.ui.common.first_paint import FirstPaint
    from reader.ui.common.settings import Settings
    from reader.ui.common.shown_document import ShownDocument
    from reader.ui.common.view.reading_view import ReadingView
    from reader.ui.common.worker import BackgroundRunner

#: Files up to this size are imported on the GUI thread once the window shows something (up
#: to ~50 ms); a larger one on the runner (1.9M characters took 1.4-2 s of the GUI thread).
IMPORT_ON_WORKER_BYTES = 128 * 1024

OPEN_FILTER = "Texts and books (*.txt *.html *.htm *.md *.epub);;EPUB books (*.epub);;All files (*)"


class OpeningMixin(QMainWindow):
    """Open a file, the bundled article, a stored document or the clipboard."""

    settings: Settings
    store: Store | None
    runner: BackgroundRunner
    view: ReadingView
    current: ShownDocument
    _closed: bool
    _painted: FirstPaint  #: the view's first paint
    _opening: str | None = None  #: a file being imported on the runner
    #: Shows a document (``path``: the file it came from, if any): the window's.
    show_document: Callable[[Document, str | None], None]

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a text", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Import and show a file; a failure is shown in a dialog and changes nothing.

        Once the window shows something, a file over :data:`IMPORT_ON_WORKER_BYTES` is
        imported on the runner and shown when ready (True: under way), the window usable
        meanwhile; a later opening supersedes it."""
        self._stop_opening()
        if self._painted.at is not None and _size(path) > IMPORT_ON_WORKER_BYTES:
            self._open_on_worker(path)
            return True
        # A busy cursor once the window shows something: not for the first document, before
        # the first paint (and PySide's Qt namespace, 20-30 ms to build, waits until after it).
        busy = self._painted.at is not None
        if busy:
            from PySide6.QtCore import Qt

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            document, rest = read_document_start(path)
        except ImportRefused as exc:
            if busy:
                QApplication.restoreOverrideCursor()  # not a busy cursor over the message
            QMessageBox.warning(self, "Cannot open this file", str(exc))
            return False
        if busy:
            QApplication.restoreOverrideCursor()
        self._show_opened(path, document, rest)
        return True

    @property
    def opening(self) -> str | None:
        """The file being imported on the runner (:meth:`open_path`), if any."""
        return self._opening

    def _show_opened(self, path: str, document: Document, rest: Callable[[], Document] | None) -> None:
        resolved = str(Path(path).resolve())
        self.show_document(document, resolved)
        self.settings.add_recent_document(resolved)
        if rest is not None:
            self._read_rest(document, rest, resolved)

    def _open_on_worker(self, path: str) -> None:
        """Import ``path`` on the runner (the short lane: the learner waits for it), a busy
        cursor and a word in the status bar meanwhile; show it when read, unless another
        document was opened or shown since."""
        from PySide6.QtCore import Qt

        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._opening = path
        self.statusBar().showMessage(f"Opening {Path(path).name}…")

        def done(result: tuple[Document, Callable[[], Document] | None]) -> None:
            if self._opening != path:
                return
            self._stop_opening()
            if not self._closed:
                self._show_opened(path, *result)

        def failed(exc: Exception) -> None:
            if self._opening != path:
                return
            self._stop_opening()
            if not self._closed:
                reason = str(exc) if isinstance(exc, ImportRefused) else f"{type(exc).__name__}: {exc}"
                QMessageBox.warning(self, "Cannot open this file", reason)

        self.runner.start("open-file", lambda _progress: read_document_start(path), done, failed,
                          lane=Lane.SHORT)

    def _stop_opening(self) -> None:
        """Forget a file being imported on the runner (its result is then dropped)."""
        if self._opening is not None:
            self._opening = None
            self.runner.cancel("open-file")
            self.statusBar().clearMessage()
            QApplication.restoreOverrideCursor()

    def _read_rest(self, part: Document, rest: Callable[[], Document], path: str) -> None:
        """A long book shows its first part at once; the whole book replaces it when read
        (on the runner), the same words in view if the learner scrolled meanwhile."""
        self.statusBar().showMessage(f"Reading the rest of {part.title}…")

        def done(whole: Document | None, reason: str = "") -> None:
            if self._closed or self.current.document is not part or self.current.shown is None:
                return  # another document is shown by now
            self.statusBar().clearMessage()
            if whole is None:
                QMessageBox.warning(self, "Cannot open the rest of this book", reason)
                return
            scrolled = self.view.verticalScrollBar().value() > 0
            top = self.current.shown.to_canonical(self.view.first_visible_position())
            self.show_document(whole, path)
            if scrolled and self.current.shown is not None:
                self.view.scroll_to_position(self.current.shown.to_view(top))

        read_rest(self.runner, rest, done)

    def document_removed(self, document_id: int) -> None:
        """The library removed ``document_id``: if it is shown, show the bundled article."""
        if document_id == self.current.document_id:
            self.current.forget_id()
            self.open_bundled()

    def open_bundled(self) -> None:
        self._stop_opening()
        self.show_document(bundled_article(), None)

    def open_document_id(self, document_id: int) -> bool:
        """Show a document from the store (the library, a search result)."""
        if self.store is None:
            return False
        self._stop_opening()
        if document_id == self.current.document_id:
            return True
        try:
            document, path = document_from_store(self.store, document_id)
        except StoreError as exc:
            QMessageBox.warning(self, "Cannot open this document", str(exc))
            return False
        self.show_document(document, path)
        return True

    def open_and_select(self, document_id: int, start: int, end: int) -> None:
        """Open a stored document and select canonical ``[start, end)`` in it."""
        if self.open_document_id(document_id) and self.current.shown is not None:
            length = len(self.current.shown.canonical)
            start, end = max(0, min(start, length)), max(0, min(end, length))
            self.view.select_span(*self.current.shown.view_span(start, max(end, start)))
            self.view.ensureCursorVisible()
            self.view.setFocus()

    def paste_document(self) -> None:
        """Import the clipboard as a new document (through the same pipeline)."""
        try:
            document = clipboard_document(QGuiApplication.clipboard().mimeData())
        except ImportRefused as exc:
            QMessageBox.warning(self, "Cannot import the clipboard", str(exc))
            return
        if document is None:
            QMessageBox.information(self, "Nothing to paste", "The clipboard holds no text.")
            return
        self._stop_opening()
        self.show_document(document, None)


def _size(path: str) -> int:
    """The size of the file at ``path`` (0 when it cannot be told: the import then says why)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0
