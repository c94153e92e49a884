"""The store's read connections: one per thread, ``query_only``, closed with the store.

In WAL mode a reader sees the last commit and never waits for the writer or for another
reader, so the window reading a document's highlights does not stall while a worker
re-imports another (:meth:`reader.storage.store.Store._rows`).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ReadConnections:
    """Each thread's read connection to one database, opened on its first read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        #: By thread id (a finished thread's may serve a new thread given its id: never two at
        #: once).
        self._by_thread: dict[int, sqlite3.Connection] = {}
        self._lock = threading.Lock()
        self._closed = False

    def for_this_thread(self) -> sqlite3.Connection:
        """This thread's connection; ``sqlite3.ProgrammingError`` once closed."""
        me = threading.get_ident()
        conn = self._by_thread.get(me)
        if conn is not None and not self._closed:
            return conn
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA busy_timeout = 5000")
                conn.execute("PRAGMA query_only = ON")
            except sqlite3.Error:
                conn.close()
                raise
            self._by_thread[me] = conn
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._by_thread.values():
                conn.close()
            self._by_thread.clear()
