"""Removing a document from the library recoverably, and restoring archived ones.

Remove… reads the document's title and highlight count, asks (naming how many highlights go
with it), hides the document and offers Undo for :data:`UNDO_SECONDS`; then it is archived
(:mod:`reader.services.document_archive`) and removed. Restore Archived… reads an archive back.
Every store access here runs on the op runner (:mod:`reader.ui.common.ops`), except
:meth:`Removals.commit_now`, which the window calls just before it closes the store.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.services.document_archive import (
    archive_dir_for,
    archive_document,
    restore_archived_document,
)
from reader.storage.records import DocumentInfo, StoreError
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner, describe
from reader.ui.common.undo_bar import UndoBar

_log = logging.getLogger("reader.ui.library.library_removal")

#: How long the Undo bar offers to bring a removed document back.
UNDO_SECONDS = 10
REMOVE = "Remove Document"
RESTORE = "Restore Archived Document"


def _about(store: Store, document_id: int) -> tuple[DocumentInfo, int]:
    """A document's row and how many highlights (orphans too) it has."""
    info = store.document(document_id)
    return info, len(store.highlights(document_id, include_orphans=True))


def _highlights(count: int) -> str:
    return f"{count} highlight{'s' if count != 1 else ''}"


class Removals(QObject):
    """The document waiting to be removed (hidden, Undo offered); its archiving and removal;
    restoring an archive. ``widget`` is where questions and warnings appear."""

    changed = Signal()  # the waiting document changed: the list hides or shows it
    removalPending = Signal(int)  # noqa: N815 — hidden, Undo still possible
    documentRemoved = Signal(int)  # noqa: N815 — archived, then removed from the store
    undone = Signal(int)  # the hidden document is back
    restored = Signal(int)  # an archive was restored as this document

    def __init__(self, store: Store, ops: OpRunner, undo_bar: UndoBar, widget: QWidget) -> None:
        super().__init__(widget)
        self.store = store
        self.ops = ops
        self.widget = widget
        self.undo_bar = undo_bar
        self.archive_folder: Path = archive_dir_for(store)
        #: The archive written by the last confirmed removal.
        self.last_archive: Path | None = None
        self.pending: DocumentInfo | None = None
        undo_bar.undoRequested.connect(self.undo)
        undo_bar.expired.connect(self.commit_later)

    def ask(self, document_id: int) -> None:
        """Read what goes with the document, ask, then hide it (:meth:`hide`)."""
        store = self.store
        self.ops.run(Op(
            REMOVE, lambda _p: _about(store, document_id), self._ask,
            failure="The document cannot be removed",
        ))

    def _ask(self, about: tuple[DocumentInfo, int]) -> None:
        info, count = about
        notes = "no highlights" if count == 0 else _highlights(count)
        answer = QMessageBox.question(
            self.widget,
            REMOVE,
            f"Remove “{info.title}” from the library, with its {notes} and their notes?\n\n"
            f"You can undo this for {UNDO_SECONDS} seconds. After that the document and its "
            "highlights are kept in an archive file, which Restore Archived… brings back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.hide(info, count)

    def request(self, document_id: int) -> None:
        """Hide a document (once its title and count are read) without asking."""
        store = self.store
        self.ops.run(Op(
            REMOVE, lambda _p: _about(store, document_id), lambda about: self.hide(*about),
            failure="The document cannot be removed",
        ))

    def hide(self, info: DocumentInfo, count: int) -> None:
        """Hide ``info`` now, remove it after :data:`UNDO_SECONDS` unless undone; a document
        still waiting is removed first."""
        self.commit_later()
        self.pending = info
        extra = f" and {_highlights(count)}" if count else ""
        self.undo_bar.offer(f"Removed “{info.title}”{extra}.", UNDO_SECONDS)
        self.changed.emit()
        self.removalPending.emit(info.id)

    def undo(self) -> None:
        """Bring the hidden document back (before its removal was committed)."""
        pending, self.pending = self.pending, None
        self.undo_bar.withdraw()
        self.changed.emit()
        if pending is not None:
            self.undone.emit(pending.id)

    def _take(self) -> DocumentInfo | None:
        pending, self.pending = self.pending, None
        self.undo_bar.withdraw()
        return pending

    def commit_later(self) -> None:
        """Archive and remove the hidden document on the op runner. If the archive cannot be
        written the document is not removed: it reappears and a warning says why."""
        pending = self._take()
        if pending is None:
            return
        store, folder = self.store, self.archive_folder

        def work(_progress: object) -> Path:
            path = archive_document(store, pending.id, folder)
            store.operations.remove_document(pending.id)
            return path

        def failed(message: str) -> None:
            self.ops.report(REMOVE, message)
            self.changed.emit()

        self.ops.run(Op(
            REMOVE, work, lambda path: self._removed(pending.id, path), failed,
            failure=f"“{pending.title}” was not removed",
            detail=f"Archiving and removing “{pending.title}”…",
        ))

    def commit_now(self) -> Path | None:
        """The same, done before returning (the window closes the store next); the archive
        file, or None when nothing was waiting or it failed."""
        pending = self._take()
        if pending is None:
            return None
        try:
            path = archive_document(self.store, pending.id, self.archive_folder)
            self.store.operations.remove_document(pending.id)
        except (OSError, StoreError) as exc:
            _log.warning("could not remove document %s: %s", pending.id, exc)
            self.ops.report(REMOVE, f"“{pending.title}” was not removed:\n{describe(exc)}")
            self.changed.emit()
            return None
        except Exception:  # e.g. the store was closed already at shutdown
            _log.exception("could not remove document %s", pending.id)
            return None
        self._removed(pending.id, path)
        return path

    def _removed(self, document_id: int, path: Path) -> None:
        self.last_archive = path
        self.documentRemoved.emit(document_id)

    def restore(self, path: Path) -> None:
        """Restore one archive file (on the op runner); :attr:`restored` says which document."""
        store = self.store
        self.ops.run(Op(
            RESTORE, lambda _p: restore_archived_document(store, path), self._restored,
            detail=f"Restoring {path.name}…",
        ))

    def _restored(self, document_id: int) -> None:
        if self.pending is not None and self.pending.id == document_id:
            self.undo()
        self.restored.emit(document_id)
