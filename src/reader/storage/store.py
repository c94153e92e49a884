"""The notes database: opening it safely, reading from it, and its transactions.

:func:`open_store` is the only way in. It creates a missing database atomically, moves a
damaged one aside untouched (reporting the backups that could replace it), opens a database
from a newer reader read-only, upgrades an older one step by step, and takes a backup.

One :class:`Store` owns the writer's SQLite connection (``check_same_thread=False``) guarded
by a re-entrant lock, so the UI may call it from a worker thread. The connection is in
autocommit mode and every write goes through :meth:`Store.transaction` (``BEGIN IMMEDIATE …
COMMIT``), which the single writer, :class:`reader.storage.operations.Operations`, uses once per
user action: no write is ever left in an open transaction.

Reads take connections of their own, one per thread (``query_only``): in WAL mode a reader
sees the last commit and never waits for a writer or another reader, so the window reading a
document's highlights does not stall while a worker re-imports another. Reads made inside a write
transaction, on its thread, use the writer's connection and see its uncommitted rows.

Durability: WAL journal with ``synchronous=FULL`` — every commit fsyncs the log, so an
acknowledged highlight survives a power cut, not just a crash of the program."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.storage.errors import store_error
from reader.storage.files.backup import (
    DEFAULT_BACKUP_INTERVAL,
    DEFAULT_KEEP,
    BackupError,
    BackupInfo,
    backup_dir_for,
    list_backups,
    take_backup,
)
from reader.storage.files.health import connect_read_only
from reader.storage.files.lock import StoreLock
from reader.storage.read_connections import ReadConnections
from reader.storage.records import (
    HIGHLIGHT_COLUMNS,
    VOCABULARY_COLUMNS,
    DocumentInfo,
    GlossaryEntry,
    Highlight,
    ReadOnlyStoreError,
    StoreError,
    VocabularyItem,
)

if TYPE_CHECKING:
    from reader.storage.highlight_search import SearchHit
    from reader.storage.operations import Operations



def now_iso(now: datetime | None = None) -> str:
    """A UTC timestamp as stored in the database, e.g. ``2026-11-28T19:57:00.123Z``."""
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def connect_read_write(path: Path) -> sqlite3.Connection:
    """The writer's connection: autocommit, WAL, ``synchronous=FULL``, foreign keys on."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


class Store:
    """An open notes database: reads, transactions and backups (writes: ``operations``)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        read_only_reason: str | None = None,
        backup_dir: Path | None = None,
        keep_backups: int = DEFAULT_KEEP,
        backup_interval: timedelta = DEFAULT_BACKUP_INTERVAL,
        file_lock: StoreLock | None = None,
    ) -> None:
        self.conn = conn
        self._file_lock = file_lock
        self._closed = False
        self.path = path
        self.read_only_reason = read_only_reason
        self.backup_dir = backup_dir or backup_dir_for(path)
        self.keep_backups = keep_backups
        self.backup_interval = backup_interval
        self.lock = threading.RLock()
        self._writer: int | None = None  # the thread inside transaction(), if any
        self._readers = ReadConnections(path)
        self._changes_since_backup = 0
        self._last_backup_at: datetime | None = None
        self._operations: Operations | None = None

    @property
    def read_only(self) -> bool:
        """True when the store refuses every write."""
        return self.read_only_reason is not None

    @property
    def operations(self) -> Operations:
        """The one object through which every write goes."""
        from reader.storage.operations import Operations

        if self._operations is None:  # made once; no lock to wait for afterwards
            with self.lock:
                if self._operations is None:
                    self._operations = Operations(self)
        return self._operations

    @contextlib.contextmanager
    def transaction(self, counted: bool = True) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE … COMMIT`` under the store's lock; rolled back on error.

        ``counted=False`` (a reading-position write) does not make a backup due.
        """
        if self.read_only_reason is not None:
            raise ReadOnlyStoreError(f"the database is read-only: {self.read_only_reason}")
        with self.lock:
            if self._closed:
                raise StoreError("Could not save: the notes database is already closed.")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise store_error(exc, "save", self.path) from None
            outer, self._writer = self._writer, threading.get_ident()
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise store_error(exc, "save", self.path) from None
                raise
            finally:
                self._writer = outer
            if counted:
                self._changes_since_backup += 1

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self._writer == threading.get_ident() or self.read_only:
            with self.lock:  # inside this thread's write, or no writer at all: one connection
                try:
                    return self.conn.execute(sql, params).fetchall()
                except sqlite3.Error as exc:
                    raise store_error(exc, "read the notes", self.path) from None
        try:
            return self._readers.rows(sql, params)
        except sqlite3.Error as exc:
            raise store_error(exc, "read the notes", self.path) from None

    # ----------------------------------------------------------------- documents
    _DOC_COLUMNS = (
        "id, title, source, sha256, length(canonical_text), created_at, opened_at, "
        "reading_position, preferred_script"
    )
    _UNCOUNTED_COLUMNS = _DOC_COLUMNS.replace("length(canonical_text)", "0")

    def documents(self) -> list[DocumentInfo]:
        """Every document, most recently opened (then created) first."""
        rows = self._rows(
            f"SELECT {self._DOC_COLUMNS} FROM documents "
            "ORDER BY coalesce(opened_at, created_at) DESC, id DESC"
        )
        return [DocumentInfo(*row) for row in rows]

    def document(self, document_id: int, length: bool = True) -> DocumentInfo:
        """One document's metadata (its ``length`` 0 unless asked: SQLite reads the whole text
        to count it, 20-70 ms at 600k characters); StoreError when there is none with that id."""
        columns = self._DOC_COLUMNS if length else self._UNCOUNTED_COLUMNS
        rows = self._rows(f"SELECT {columns} FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"no document {document_id}")
        return DocumentInfo(*rows[0])

    def view_position(self, document_id: int) -> int:
        """Where the reading view stood: the canonical offset of the character at its top.

        0 when it was never saved, and for a database older than schema 3 (one opened
        read-only, in a read-only folder, is not upgraded). StoreError when there is no such
        document.
        """
        old = int(self._rows("PRAGMA user_version")[0][0]) < 3
        column = "0" if old else "view_position"
        rows = self._rows(f"SELECT {column} FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"no document {document_id}")
        return int(rows[0][0])

    def document_id_by_sha256(self, sha256: str) -> int | None:
        """The id of the document whose canonical text has this hash, if any."""
        rows = self._rows("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return int(rows[0][0]) if rows else None

    def document_text(self, document_id: int) -> str:
        """A document's canonical text."""
        rows = self._rows("SELECT canonical_text FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"no document {document_id}")
        return str(rows[0][0])

    def inline_readings(self, document_id: int) -> dict[int, str]:
        """The readings the source printed inline, by code-point offset."""
        import json

        rows = self._rows("SELECT inline_readings FROM documents WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"no document {document_id}")
        return {int(k): str(v) for k, v in json.loads(rows[0][0]).items()}

    # ---------------------------------------------------------------- highlights
    def highlights(self, document_id: int, include_orphans: bool = False) -> list[Highlight]:
        """A document's highlights in text order (orphans only when asked)."""
        where = "" if include_orphans else " AND anchor_method != 'orphan'"
        rows = self._rows(
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE document_id = ?{where} "
            'ORDER BY start, "end", id',
            (document_id,),
        )
        return [Highlight(*row) for row in rows]

    def orphans(self, document_id: int | None = None) -> list[Highlight]:
        """Highlights that could not be placed on their document's current text."""
        sql = f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE anchor_method = 'orphan'"
        params: tuple[Any, ...] = ()
        if document_id is not None:
            sql += " AND document_id = ?"
            params = (document_id,)
        return [Highlight(*row) for row in self._rows(sql + " ORDER BY id", params)]

    def highlight(self, highlight_id: int) -> Highlight:
        """One highlight; StoreError when there is none with that id."""
        rows = self._rows(
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)
        )
        if not rows:
            raise StoreError(f"no highlight {highlight_id}")
        return Highlight(*rows[0])

    def all_highlights(self) -> list[Highlight]:
        """Every highlight of every document, by document then position."""
        rows = self._rows(
            f"SELECT {HIGHLIGHT_COLUMNS} FROM highlights ORDER BY document_id, start, id"
        )
        return [Highlight(*row) for row in rows]

    def search(self, query: str, limit: int = 200) -> list[SearchHit]:
        """Highlights whose quote or note contains ``query`` (script-insensitive)."""
        from reader.storage.highlight_search import search_highlights

        hits: list[SearchHit] = search_highlights(self, query, limit)
        return hits

    # ---------------------------------------------------------- glossary, vocabulary
    def glossary_entries(self) -> list[GlossaryEntry]:
        """The user glossary, by headword."""
        import json

        rows = self._rows(
            "SELECT id, headword, aliases, category, gloss, explanations, created_at, "
            "updated_at FROM glossary_entries ORDER BY headword, id"
        )
        return [GlossaryEntry(r[0], r[1], tuple(json.loads(r[2])), *r[3:]) for r in rows]

    def vocabulary(self, status: str | None = None) -> list[VocabularyItem]:
        """Saved vocabulary, newest first; only one ``status`` when given."""
        sql = f"SELECT {VOCABULARY_COLUMNS} FROM vocabulary"
        params: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            params = (status,)
        return [VocabularyItem(*r) for r in self._rows(sql + " ORDER BY id DESC", params)]

    def vocabulary_items(self, item_ids: Sequence[int]) -> list[VocabularyItem]:
        """The saved words of these ids that exist, newest first (one query)."""
        ids = "[" + ",".join(str(int(i)) for i in item_ids) + "]"  # a JSON array
        rows = self._rows(f"SELECT {VOCABULARY_COLUMNS} FROM vocabulary WHERE id IN "
                          "(SELECT value FROM json_each(?)) ORDER BY id DESC", (ids,))
        return [VocabularyItem(*r) for r in rows]

    def vocabulary_item(self, item_id: int) -> VocabularyItem:
        """One saved word; StoreError when there is none with that id."""
        rows = self._rows(f"SELECT {VOCABULARY_COLUMNS} FROM vocabulary WHERE id = ?", (item_id,))
        if not rows:
            raise StoreError(f"no vocabulary item {item_id}")
        return VocabularyItem(*rows[0])

    def word_status(self, word: str) -> str:
        """The learner's mark for ``word`` written in either script: known, learning or new."""
        rows = self._rows(
            "SELECT status FROM known_words WHERE simplified = ? OR traditional = ? LIMIT 1",
            (word, word),
        )
        if not rows:
            from reader.language.scripts.script import Script, convert

            simplified = convert(word, Script.SIMPLIFIED).text
            if simplified != word:
                rows = self._rows(
                    "SELECT status FROM known_words WHERE simplified = ?", (simplified,)
                )
        return str(rows[0][0]) if rows else "new"

    def known_words(self) -> dict[str, str]:
        """Every marked word under both its forms → its status (for coverage and highlighting)."""
        out: dict[str, str] = {}
        for simplified, traditional, status in self._rows(
            "SELECT simplified, traditional, status FROM known_words"
        ):
            if traditional:
                out.setdefault(traditional, status)
            out[simplified] = status
        return out

    def restore_vocabulary(self, item: VocabularyItem) -> int:
        """Put back a deleted item (the dock's undo); see ``Operations.restore_vocabulary``."""
        return self.operations.restore_vocabulary(item)

    # ------------------------------------------------------------------- backups
    def backups(self) -> list[BackupInfo]:
        """This database's backups, newest first."""
        return list_backups(self.backup_dir, self.path)

    def backup_now(self, now: datetime | None = None) -> BackupInfo:
        """Take a verified backup now (rotating out the oldest beyond ``keep_backups``).

        The copy is read through a connection of its own, in one snapshot, without the
        store's lock: writes go on meanwhile (WAL), so a worker thread may run it while the
        window keeps saving.
        """
        now = now or datetime.now(UTC)
        with self.lock:
            if self._closed:
                raise StoreError("Could not back up: the notes database is already closed.")
            counted = self._changes_since_backup
        try:
            source = connect_read_only(self.path)
        except sqlite3.Error as exc:
            raise BackupError(f"cannot back up the database: {exc}") from exc
        try:
            info = take_backup(source, self.backup_dir, self.path, self.keep_backups, now)
        finally:
            source.close()
        with self.lock:
            self._changes_since_backup = max(0, self._changes_since_backup - counted)
            self._last_backup_at = now
        return info

    def maybe_backup(self, now: datetime | None = None) -> BackupInfo | None:
        """Back up when there were changes and ``backup_interval`` passed since the last one.

        The UI calls this from a worker on a timer; returns the new backup, or None when none
        was due. Raises :class:`~reader.storage.files.backup.BackupError` when the copy fails its
        check (the older backups are kept, and the next call tries again).
        """
        now = now or datetime.now(UTC)
        with self.lock:
            if self.read_only or self._closed or self._changes_since_backup == 0:
                return None
            last = self._last_backup_at
            if last is not None and now - last < self.backup_interval:
                return None
        return self.backup_now(now)

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._closed

    def close(self) -> None:
        """Close the connection (a WAL checkpoint happens here) and give up the lock."""
        with self.lock:
            if self._closed:
                return
            self._closed = True
            self._readers.close()
            try:
                self.conn.close()
            finally:
                if self._file_lock is not None:
                    self._file_lock.release()


__all__ = ["Store", "StoreError", "connect_read_write", "now_iso"]
