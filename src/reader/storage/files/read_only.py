"""The commands' way into a notes database: read-only, no lock, nothing ever changed.

:func:`open_for_reading` never creates, moves, locks or rewrites anything (SQLite's ``mode=ro``
may add its empty ``-wal``/``-shm`` files); anything that is not a Reader database is refused
with :class:`NotADatabaseError`, untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from reader.paths.kinds import special_kind
from reader.storage.errors import os_error_words, store_error
from reader.storage.files.health import READER_TABLES, SQLITE_MAGIC, connect_read_only
from reader.storage.records import NotADatabaseError, StoreError
from reader.storage.schema import SCHEMA_VERSION
from reader.storage.store import Store


def open_for_reading(path: str | os.PathLike[str]) -> Store:
    """A read-only store for the commands: never creates, moves, locks or rewrites anything.

    Raises :class:`NotADatabaseError` for anything that is not a Reader database (a text
    file, a picture, a folder, another program's database) and :class:`StoreError` with a
    sentence for everything else.
    """
    db_path = Path(path)
    if not db_path.exists():
        raise StoreError(f"{db_path}: no notes database there")
    kind = special_kind(db_path)
    if kind is not None:
        raise NotADatabaseError(f"{db_path} is {kind}, not a notes database; nothing was changed.")
    try:
        with open(db_path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{db_path} cannot be read: {os_error_words(exc)}.") from None
    if head != SQLITE_MAGIC:
        raise NotADatabaseError(
            f"{db_path} is not a Reader notes database (not an SQLite file); nothing was changed."
        )
    try:
        conn = connect_read_only(db_path)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise store_error(exc, "read the notes database", db_path) from None
    problem: StoreError | None = None
    if version == 0 or not READER_TABLES.issubset(tables):
        problem = NotADatabaseError(
            f"{db_path} is an SQLite database but not a Reader notes database; "
            "nothing was changed."
        )
    elif version < SCHEMA_VERSION:
        problem = StoreError(
            f"{db_path} was written by an older Reader (schema {version}); open it in the "
            "Reader window once to upgrade it."
        )
    if problem is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
        raise problem
    return Store(conn, db_path, read_only_reason="opened for reading only")
