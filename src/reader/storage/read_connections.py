"""The store's read connections: one per thread, ``query_only``, closed with the store.

In WAL mode a reader sees the last commit and never waits for the writer or for another
reader, so the window reading a document's highlights does not stall while a worker
re-imports another (:meth:`reader.storage.store.Store._rows`).

Closing never pulls a connection from under a query another thread is running (SQLite's
connection would be freed mid-call: a crash, seen when the window closed while the library
was grading its documents on a worker): :meth:`close` interrupts the running queries, waits
for them to end, then closes; a read that starts after it gets ``ProgrammingError``.
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
        self._idle = threading.Condition(self._lock)
        self._running = 0

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """The rows of one query on this thread's connection (see the module docstring)."""
        conn = self.for_this_thread()
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            self._running += 1
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            with self._lock:
                self._running -= 1
                self._idle.notify_all()

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

    def close(self, wait: float = 10.0) -> None:
        """Close every connection once no query runs on it (running ones are interrupted)."""
        with self._lock:
            self._closed = True
            for conn in self._by_thread.values():
                conn.interrupt()
            self._idle.wait_for(lambda: self._running == 0, timeout=wait)
            if self._running:  # a query that ignores the interrupt: leave its connection open
                return
            for conn in self._by_thread.values():
                conn.close()
            self._by_thread.clear()
