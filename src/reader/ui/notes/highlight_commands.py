"""Undoable highlight edits: add, delete, change colour (notes are saved as typed, not undone).

A deleted highlight comes back under a new id, so commands do not hold ids directly: they
share a :class:`HighlightRef` per highlight (per store) whose ``id`` follows the highlight
through delete/re-add. Every command on the stack that touches the same highlight holds the
same ref, so undo/redo chains such as *add → recolour → undo both → redo both* keep working.

A command whose store call fails (the highlight was removed some other way, the database is
read-only …) records the error in ``error``, logs it and marks itself obsolete, so the
stack drops it instead of getting stuck.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtGui import QUndoCommand

from reader.storage.records import Highlight, StoreError
from reader.storage.store import Store
from reader.ui.common.style.highlight_colours import COLOUR_LABELS

_log = logging.getLogger("reader.ui.notes.highlight_commands")

_COLOUR_COMMAND_ID = 0x48_4C_43  # "HLC": merge consecutive recolourings of one highlight


class HighlightRef:
    """A highlight's identity across delete/re-add: ``id`` is its current database id."""

    __slots__ = ("__weakref__", "id")

    def __init__(self, highlight_id: int) -> None:
        self.id = highlight_id

    def move(self, new_id: int) -> None:
        """The highlight was re-added under ``new_id``."""
        self.id = new_id


_REFS: weakref.WeakKeyDictionary[Store, weakref.WeakValueDictionary[int, HighlightRef]] = (
    weakref.WeakKeyDictionary()
)


def _refs(store: Store) -> weakref.WeakValueDictionary[int, HighlightRef]:
    refs = _REFS.get(store)
    if refs is None:
        refs = weakref.WeakValueDictionary()
        _REFS[store] = refs
    return refs


def highlight_ref(store: Store, highlight_id: int) -> HighlightRef:
    """The shared ref of a live highlight (made on first use)."""
    refs = _refs(store)
    ref = refs.get(highlight_id)
    if ref is None:
        ref = HighlightRef(highlight_id)
        refs[highlight_id] = ref
    return ref


def _moved(store: Store, ref: HighlightRef, new_id: int) -> None:
    refs = _refs(store)
    if refs.get(ref.id) is ref:
        del refs[ref.id]
    ref.move(new_id)
    refs[new_id] = ref


def _forget(store: Store, ref: HighlightRef) -> None:
    refs = _refs(store)
    if refs.get(ref.id) is ref:
        del refs[ref.id]


def _label(quote: str) -> str:
    line = " ".join(quote.split())
    return line if len(line) <= 12 else line[:11] + "…"


class _HighlightCommand(QUndoCommand):
    def __init__(self, store: Store, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.store = store
        self.error: StoreError | None = None
        self.ref: HighlightRef | None = None

    @property
    def highlight_id(self) -> int | None:
        """The highlight's current id (it changes when a deleted highlight is re-added)."""
        return self.ref.id if self.ref is not None else None

    def _failed(self, exc: StoreError) -> None:
        self.error = exc
        _log.info("%s failed: %s", self.text(), exc)
        self.setObsolete(True)


class AddHighlightCommand(_HighlightCommand):
    """Redo adds the highlight; undo deletes it, remembering its colour and note (notes
    typed after adding come back with a redo)."""

    def __init__(
        self,
        store: Store,
        document_id: int,
        start: int,
        end: int,
        colour: str = "yellow",
        note: str | None = None,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(store, f"Highlight in {COLOUR_LABELS.get(colour, colour)}", parent)
        self.document_id = document_id
        self.start, self.end = start, end
        self.colour, self.note = colour, note

    def redo(self) -> None:
        try:
            new_id = self.store.operations.add_highlight(
                self.document_id, self.start, self.end, self.colour, self.note
            )
        except StoreError as exc:
            self._failed(exc)
            return
        if self.ref is None:
            self.ref = highlight_ref(self.store, new_id)
            self.setText(f"{self.text()}: {_label(self.store.highlight(new_id).quote)}")
        else:
            _moved(self.store, self.ref, new_id)

    def undo(self) -> None:
        if self.ref is None:
            return
        try:
            current = self.store.highlight(self.ref.id)
            self.store.operations.delete_highlight(self.ref.id)
        except StoreError as exc:
            self._failed(exc)
            return
        self.start, self.end = current.start, current.end
        self.colour, self.note = current.colour, current.note
        _forget(self.store, self.ref)


class DeleteHighlightCommand(_HighlightCommand):
    """Redo deletes the highlight; undo adds it back with the same span, colour and note.

    Only for placed highlights: an orphan's text is no longer in the document, so it could
    not be re-added faithfully (the dock deletes orphans after asking, without undo).
    """

    def __init__(self, store: Store, highlight_id: int, parent: QUndoCommand | None = None) -> None:
        snapshot = store.highlight(highlight_id)
        super().__init__(store, f"Delete highlight: {_label(snapshot.quote)}", parent)
        self.ref = highlight_ref(store, highlight_id)
        self.snapshot: Highlight = snapshot

    def redo(self) -> None:
        assert self.ref is not None
        try:
            self.snapshot = self.store.highlight(self.ref.id)
            self.store.operations.delete_highlight(self.ref.id)
        except StoreError as exc:
            self._failed(exc)
            return
        _forget(self.store, self.ref)

    def undo(self) -> None:
        assert self.ref is not None
        h = self.snapshot
        try:
            new_id = self.store.operations.add_highlight(
                h.document_id, h.start, h.end, h.colour, h.note
            )
        except StoreError as exc:
            self._failed(exc)
            return
        _moved(self.store, self.ref, new_id)


class ChangeColourCommand(_HighlightCommand):
    """Recolour a highlight; consecutive recolourings of one highlight merge into one step."""

    def __init__(
        self, store: Store, highlight_id: int, colour: str, parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(store, f"Colour highlight {COLOUR_LABELS.get(colour, colour)}", parent)
        self.ref = highlight_ref(store, highlight_id)
        self.old_colour = store.highlight(highlight_id).colour
        self.colour = colour

    def id(self) -> int:
        return _COLOUR_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, ChangeColourCommand) or other.ref is not self.ref:
            return False
        self.colour = other.colour
        self.setText(other.text())
        return True

    def _set(self, colour: str) -> None:
        assert self.ref is not None
        try:
            self.store.operations.update_highlight(self.ref.id, colour=colour)
        except StoreError as exc:
            self._failed(exc)

    def redo(self) -> None:
        self._set(self.colour)

    def undo(self) -> None:
        self._set(self.old_colour)
