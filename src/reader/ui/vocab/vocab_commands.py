"""Undoable edits of the vocabulary list: deleting saved words (undo puts them back)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from reader.storage.records import StoreError, VocabularyItem
from reader.storage.store import Store


class DeleteVocabularyCommand(QUndoCommand):
    """Redo deletes the saved words; undo puts them back with the same data.

    A restored word gets its old id back when it is free (see ``restore_vocabulary``); the
    command follows the ids it was given back. Words already gone when redo runs are
    skipped; when none could be deleted (or the store refuses), the error is kept in
    ``error`` and the command made obsolete, so the stack drops it.
    """

    def __init__(
        self, store: Store, item_ids: int | Sequence[int], parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.ids: list[int] = [item_ids] if isinstance(item_ids, int) else list(item_ids)
        self.items: list[VocabularyItem] = [store.vocabulary_item(i) for i in self.ids]
        self.error: StoreError | None = None
        if len(self.items) == 1:
            self.setText(f"Delete word {self.items[0].simplified}")
        else:
            self.setText(f"Delete {len(self.items)} words")

    def redo(self) -> None:
        deleted: list[VocabularyItem] = []
        error: StoreError | None = None
        for item_id in self.ids:
            try:
                item = self.store.vocabulary_item(item_id)
                self.store.operations.delete_vocabulary(item_id)
            except StoreError as exc:
                error = error or exc
                continue
            deleted.append(item)
        self.items = deleted
        if not deleted:
            self._failed(error or StoreError("nothing to delete"))

    def undo(self) -> None:
        try:
            self.ids = [self.store.restore_vocabulary(item) for item in self.items]
        except StoreError as exc:
            self._failed(exc)

    def _failed(self, exc: StoreError) -> None:
        self.error = exc
        self.setObsolete(True)
