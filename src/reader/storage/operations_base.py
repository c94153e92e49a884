"""The listener plumbing and row helpers every write shares (see :mod:`reader.storage.operations`)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from reader.storage.changes import Change, Changed
from reader.storage.records import StoreError

if TYPE_CHECKING:
    from reader.storage.store import Store

#: ``listener(change)``: called after each committed write.
Listener = Callable[[Change], None]

_log = logging.getLogger("reader.storage.operations")


class OperationsBase:
    """Listeners and the generic update/delete of one row, each in its own transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(change)`` after every committed write."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        with self._listeners_lock:
            self._listeners.remove(listener)

    def _changed(self, what: Changed, ids: Iterable[int] = ()) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        change = Change(what, tuple(ids))
        for listener in listeners:
            try:
                listener(change)
            except Exception:
                _log.exception("a 'changed' listener failed for %s", change)

    def _exists(self, conn: sqlite3.Connection, table: str, row_id: int) -> None:
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
            raise StoreError(f"no {table.rstrip('s').replace('_', ' ')} {row_id}")

    def _update(self, table: str, row_id: int, fields: Mapping[str, Any]) -> None:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.store.transaction() as conn:
            self._exists(conn, table, row_id)
            try:
                conn.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = ?", (*fields.values(), row_id)
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"invalid value for {table}: {exc}") from exc

    def _delete(self, table: str, row_id: int) -> None:
        with self.store.transaction() as conn:
            self._exists(conn, table, row_id)
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
