"""The store's change notification as a Qt signal on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.storage.changes import Change
from reader.storage.store import Store


class StoreChangeBridge(QObject):
    """Re-emits the store's change callback as :attr:`changed` on the GUI thread.

    The store calls listeners on the thread that wrote; emitting a signal of this GUI-thread
    object from another thread queues it to the GUI thread (from the GUI thread it is
    delivered at once).
    """

    changed = Signal(object)  # a reader.storage.changes.Change

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._attached = False
        if not store.read_only:
            store.operations.add_listener(self._on_changed)
            self._attached = True

    def _on_changed(self, change: Change) -> None:
        try:
            self.changed.emit(change)
        except RuntimeError:  # the Qt object is gone: stop listening
            self.detach()

    def detach(self) -> None:
        """Stop listening to the store (idempotent)."""
        if self._attached:
            self._attached = False
            self._store.operations.remove_listener(self._on_changed)
