"""Opening documents in the main window: a file (a long book's first part, then the whole
behind it), the bundled article, a document kept in the store, the clipboard.

A mixin of :class:`~reader.ui.window.main_window.MainWindow` (kept apart so each module has one
job); it relies on the window's ``settings``, ``store``, ``runner``, ``view``, ``current`` and
``show_document``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox

from reader.storage.records import StoreError
from reader.text.decoding import ImportRefused
from reader.text.importer import bundled_article
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
    #: Shows a document (``path``: the file it came from, if any): the window's.
    show_document: Callable[[Document, str | None], None]

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a text", "", OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Import and show a file; a failure is shown in a dialog and changes nothing."""
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
        resolved = str(Path(path).resolve())
        self.show_document(document, resolved)
        self.settings.add_recent_document(resolved)
        if rest is not None:
            self._read_rest(document, rest, resolved)
        return True

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
        self.show_document(bundled_article(), None)

    def open_document_id(self, document_id: int) -> bool:
        """Show a document from the store (the library, a search result)."""
        if self.store is None:
            return False
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
        self.show_document(document, None)
