"""sqlite-utils on the store's own connection: migrations and upserts use it.

sqlite-utils (>= 4) writes inside an already open transaction as savepoints: it commits
nothing of its own, so whatever is done through :func:`utils_database` belongs to the caller's
``BEGIN IMMEDIATE … COMMIT`` (``Store.transaction`` or ``schema.migrate``) and is rolled back
with it. sqlite-utils is imported on first use: it pulls in numpy when installed (~0.2 s),
which must not delay the window's start (an up-to-date database needs no migration).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def utils_database(conn: sqlite3.Connection) -> Database:
    """``conn`` (autocommit mode, the caller's transaction open) wrapped by sqlite-utils.

    No sqlite-utils plugins run: nothing but this code prepares the notes database's
    connection. sqlite-utils turns ``PRAGMA recursive_triggers`` on (its default, kept).
    """
    import sqlite_utils

    return sqlite_utils.Database(conn, execute_plugins=False)


def preload() -> None:
    """Import sqlite-utils now (on a worker): a learner about to save or mark a word would
    otherwise wait for it on the GUI thread (~0.2 s and ~9 MiB with numpy loaded already;
    its regular expressions, dateutil and the plugin manager)."""
    import sqlite_utils  # noqa: F401
