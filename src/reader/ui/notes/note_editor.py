"""The note of one highlight, saved as it is typed.

Typing restarts a short timer; when it fires the note is written through
``Operations.set_note``. :meth:`NoteEditor.flush` writes at once and is called when the editor
loses focus, when it switches to another highlight, when the application is about to quit,
and by the main window when it closes — a note is never lost.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from reader.storage.records import StoreError
from reader.storage.store import Store

_log = logging.getLogger("reader.ui.notes.note_editor")

#: Milliseconds of quiet typing before the note is saved.
SAVE_DELAY_MS = 400
#: Milliseconds between attempts to save notes that could not be written (disk full, locked).
RETRY_MS = 5000


class _PlainNoteEdit(QPlainTextEdit):
    """A plain-text editor that saves when it loses focus and pastes only text."""

    focusLost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.focusLost.emit()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt API)
        if source.hasText():
            self.insertPlainText(source.text())


class NoteEditor(QWidget):
    """Edits the note of one highlight (plain text), with a small save-state label."""

    #: ``(highlight_id)`` after a note was written to the store.
    saved = Signal(int)

    def __init__(
        self, store: Store, parent: QWidget | None = None, delay_ms: int = SAVE_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._highlight_id: int | None = None
        self._dirty = False
        self._loading = False
        #: notes typed but not written yet (the store refused), by highlight: retried until
        #: written, so switching highlights never drops what was typed
        self._unsaved: dict[int, str] = {}
        self._error = ""

        self.edit = _PlainNoteEdit(self)
        self.edit.setObjectName("noteEdit")
        self.edit.setTabChangesFocus(True)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("noteState")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        font = self.state_label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.state_label.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.state_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._save_unsaved)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.focusLost.connect(self.flush)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        self.set_highlight(None)

    # ------------------------------------------------------------------ public
    @property
    def highlight_id(self) -> int | None:
        return self._highlight_id

    @property
    def is_dirty(self) -> bool:
        """True while typed text has not been written yet."""
        return self._dirty or bool(self._unsaved)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_highlight(self, highlight_id: int | None) -> None:
        """Edit this highlight's note (None: nothing); the previous note is saved first."""
        self.flush()
        self._highlight_id = None
        note = ""
        if highlight_id is not None:
            try:
                note = self._store.highlight(highlight_id).note or ""
                note = self._unsaved.get(highlight_id, note)
                self._highlight_id = highlight_id
            except StoreError:
                _log.info("highlight %s is gone; nothing to edit", highlight_id)
        self._loading = True
        try:
            self.edit.setPlainText(note)
        finally:
            self._loading = False
        editable = self._highlight_id is not None and not self._store.read_only
        self.edit.setReadOnly(not editable)
        self.edit.setEnabled(self._highlight_id is not None)
        if self._store.read_only:
            hint = "Notes cannot be changed: the database is read-only."
        elif self._highlight_id is None:
            hint = "Select a highlight to write a note about it."
        else:
            hint = "Write a note… (saved as you type)"
        self.edit.setPlaceholderText(hint)
        self._show_state(self._unsaved_state() if self._unsaved else "")

    def flush(self) -> bool:
        """Save pending typing now; True when nothing is left unsaved."""
        self._timer.stop()
        if self._dirty and self._highlight_id is not None:
            self._unsaved[self._highlight_id] = self.edit.toPlainText()
        self._dirty = False
        return self._save_unsaved()

    def _save_unsaved(self) -> bool:
        """Write every note not written yet; True when none is left.

        A note whose highlight was deleted meanwhile goes with it; one failure (a full disk)
        does not stop the others from being tried.
        """
        self._retry.stop()
        failed: list[str] = []
        for highlight_id, text in list(self._unsaved.items()):
            try:
                self._store.operations.set_note(highlight_id, text)
            except StoreError as exc:
                if not self._exists(highlight_id):
                    del self._unsaved[highlight_id]
                    continue
                _log.info("could not save the note of highlight %s: %s", highlight_id, exc)
                failed.append(str(exc))
                continue
            del self._unsaved[highlight_id]
            self.saved.emit(highlight_id)
        if failed:
            self._error = failed[0]
            self._show_state(self._unsaved_state())
            self._retry.start()
            return False
        self._show_state("Saved")
        return True

    def _exists(self, highlight_id: int) -> bool:
        try:
            self._store.highlight(highlight_id)
        except StoreError as exc:
            return not str(exc).startswith("no highlight")
        return True

    def rescue(self, folder: Path | None = None) -> Path | None:
        """Write notes that could not be saved to a text file (the window is closing).

        Returns the file (beside the database, else in the home folder), or None when
        nothing was left unsaved or no file could be written at all.
        """
        if self._dirty and self._highlight_id is not None:
            self._unsaved[self._highlight_id] = self.edit.toPlainText()
            self._dirty = False
        if not self._unsaved:
            return None
        from datetime import datetime

        lines = [f"Notes Reader could not save ({self._error or 'the database refused'}).", ""]
        for highlight_id, text in self._unsaved.items():
            try:
                quote = self._store.highlight(highlight_id).quote
            except StoreError:
                quote = "?"
            lines += [f"## Highlight {highlight_id}: {quote}", text, ""]
        name = f"reader-unsaved-notes-{datetime.now():%Y%m%d-%H%M%S}.txt"
        for place in (folder or self._store.path.parent, Path.home()):
            try:
                target = place / name
                target.write_text("\n".join(lines), encoding="utf-8")
            except OSError:
                continue
            _log.error("unsaved notes written to %s", target)
            return target
        return None

    def _unsaved_state(self) -> str:
        reason = self._error.rstrip(". ")
        return f"Not saved — {reason}. Trying again every {RETRY_MS // 1000} s."

    # ----------------------------------------------------------------- private
    def _on_text_changed(self) -> None:
        if self._loading or self._highlight_id is None:
            return
        self._dirty = True
        self._show_state("Editing…")
        self._timer.start()

    def _show_state(self, state: str) -> None:
        self.state_label.setText(state)
