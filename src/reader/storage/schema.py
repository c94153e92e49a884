"""The notes database's schema and its stepwise upgrades.

The schema version lives in ``PRAGMA user_version``. :data:`MIGRATIONS` maps each version to
the SQL that builds it from the version before (version 1 from an empty database). Every step
runs in its own ``BEGIN IMMEDIATE … COMMIT`` together with the ``user_version`` bump, so a
crash leaves the database at one version or the next, never in between.
"""

from __future__ import annotations

import sqlite3

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
_V2 = f"""
ALTER TABLE vocabulary ADD COLUMN sentence_other TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN glossary TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN source_title TEXT NOT NULL DEFAULT '';
ALTER TABLE vocabulary ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE vocabulary SET updated_at = created_at;
UPDATE vocabulary SET source_title = coalesce(
    (SELECT title FROM documents WHERE documents.id = vocabulary.document_id), '');
CREATE INDEX vocabulary_by_traditional ON vocabulary(traditional);
CREATE TABLE known_words (
    simplified TEXT PRIMARY KEY,
    traditional TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN {_in(VOCABULARY_STATUSES)}),
    updated_at TEXT NOT NULL
);
CREATE INDEX known_words_by_traditional ON known_words(traditional);
INSERT OR IGNORE INTO known_words (simplified, traditional, status, updated_at)
    SELECT simplified, traditional, status, created_at FROM vocabulary ORDER BY id DESC;
"""

#: SQL that upgrades version ``n - 1`` to version ``n``, keyed by ``n``.
MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2}
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
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
