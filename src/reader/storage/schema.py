"""The notes database's schema and its stepwise upgrades.

The schema version lives in ``PRAGMA user_version``. :data:`MIGRATIONS` maps each version to
what builds it from the version before (version 1 from an empty database): an SQL script, or a
Python step using sqlite-utils (``add_column``, ``create_index``, inserts) on the same
connection. Every step runs in its own ``BEGIN IMMEDIATE … COMMIT`` together with the
``user_version`` bump, so a crash or a failing step leaves the database at one version or the
next, never in between.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.storage.database import utils_database

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Highlight colours, in the order the UI offers them.
COLOURS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
#: How a highlight was placed on its document's current text.
ANCHOR_METHODS: tuple[str, ...] = ("exact", "context", "fuzzy", "orphan")
#: Learning states of a vocabulary item.
VOCABULARY_STATUSES: tuple[str, ...] = ("new", "learning", "known")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_V1 = f"""
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL UNIQUE,
    canonical_text TEXT NOT NULL,
    inline_readings TEXT NOT NULL DEFAULT '{{}}',
    created_at TEXT NOT NULL,
    opened_at TEXT,
    reading_position INTEGER NOT NULL DEFAULT 0 CHECK (reading_position >= 0),
    preferred_script TEXT NOT NULL DEFAULT 'original'
);
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL CHECK (colour IN {_in(COLOURS)}),
    note TEXT,
    anchor_method TEXT NOT NULL DEFAULT 'exact' CHECK (anchor_method IN {_in(ANCHOR_METHODS)}),
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (0 <= start AND start <= "end")
);
CREATE INDEX highlights_by_document ON highlights(document_id, start);
CREATE VIRTUAL TABLE highlights_fts USING fts5(
    search_text, content='highlights', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights BEGIN
    INSERT INTO highlights_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights BEGIN
    INSERT INTO highlights_fts(highlights_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER highlights_fts_update AFTER UPDATE OF search_text ON highlights BEGIN
    INSERT INTO highlights_fts(highlights_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO highlights_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TABLE glossary_entries (
    id INTEGER PRIMARY KEY,
    headword TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    category TEXT NOT NULL DEFAULT '',
    gloss TEXT NOT NULL DEFAULT '',
    explanations TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX glossary_by_headword ON glossary_entries(headword);
CREATE TABLE vocabulary (
    id INTEGER PRIMARY KEY,
    simplified TEXT NOT NULL,
    traditional TEXT NOT NULL DEFAULT '',
    reading TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    sentence TEXT NOT NULL DEFAULT '',
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN {_in(VOCABULARY_STATUSES)}),
    created_at TEXT NOT NULL
);
CREATE INDEX vocabulary_by_simplified ON vocabulary(simplified);
"""

# Version 2: saved words carry the sentence in the other script, the glossary entry, the
# document's title (kept when the document is removed) and a change time; ``known_words``
# holds the learner's mark for a word under both its forms, so it holds in every script.
# Existing vocabulary statuses seed it (the newest item of a word wins).
def _v2(db: Database) -> None:
    vocabulary = db.table("vocabulary")
    for column in ("sentence_other", "glossary", "source_title", "updated_at"):
        vocabulary.add_column(column, str, not_null_default="")
    # raw: set-based UPDATEs (one with a correlated subquery); sqlite-utils updates by primary key
    db.conn.execute("UPDATE vocabulary SET updated_at = created_at")
    db.conn.execute(
        "UPDATE vocabulary SET source_title = coalesce("
        "(SELECT title FROM documents WHERE documents.id = vocabulary.document_id), '')"
    )
    vocabulary.create_index(["traditional"], index_name="vocabulary_by_traditional")
    # raw: create_table cannot write the CHECK constraint on status
    db.conn.execute(
        "CREATE TABLE known_words (\n"
        "    simplified TEXT PRIMARY KEY,\n"
        "    traditional TEXT NOT NULL DEFAULT '',\n"
        f"    status TEXT NOT NULL CHECK (status IN {_in(VOCABULARY_STATUSES)}),\n"
        "    updated_at TEXT NOT NULL\n"
        ")"
    )
    known_words = db.table("known_words")
    known_words.create_index(["traditional"], index_name="known_words_by_traditional")
    # newest item first, and OR IGNORE keeps the first row of each word: the newest one wins
    seeds = db.query(
        "SELECT simplified, traditional, status, created_at AS updated_at FROM vocabulary "
        "ORDER BY id DESC"
    )
    known_words.insert_all(list(seeds), ignore=True)


# Version 3: where the reading view stood (the canonical offset of the first character at its
# top), so a document reopens where the learner left it, in any script.
def _v3(db: Database) -> None:
    db.table("documents").add_column("view_position", int, not_null_default=0)


#: A migration step in Python: it gets sqlite-utils' :class:`~sqlite_utils.Database` on the
#: migrating connection, inside :func:`migrate`'s transaction.
Step = Callable[["Database"], None]
#: What upgrades version ``n - 1`` to version ``n``, keyed by ``n``: an SQL script or a step.
#: Version 1 stays SQL: its CHECK constraints and the external-content trigram FTS5 table with
#: its named triggers cannot be written identically by ``create_table``/``enable_fts``.
MIGRATIONS: dict[int, str | Step] = {1: _V1, 2: _v2, 3: _v3}
#: The version this code writes.
SCHEMA_VERSION = max(MIGRATIONS)


class SchemaError(Exception):
    """The database's schema cannot be used by this version of the reader."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers hold inner semicolons)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        raise SchemaError(f"incomplete statement in migration: {current.strip()[:60]}")
    return statements


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Upgrade ``conn`` (in autocommit mode) step by step to ``target``; the versions applied.

    Each step is one transaction including its ``user_version``; a failing step is rolled
    back and raised, leaving the database at the previous version.
    """
    if conn.in_transaction:
        raise SchemaError("migrate() needs a connection outside any transaction")
    applied: list[int] = []
    current = schema_version(conn)
    if current > target:
        raise SchemaError(f"database schema {current} is newer than {target}")
    db: Database | None = None
    for version in range(current + 1, target + 1):
        step = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if isinstance(step, str):
                for statement in _statements(step):
                    conn.execute(statement)
            else:
                if db is None:
                    db = utils_database(conn)
                step(db)
                if not conn.in_transaction:  # the version must not move past a half-done step
                    raise SchemaError(f"migration step {version} ended its own transaction")
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
