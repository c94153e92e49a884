"""Writes to the user glossary, the vocabulary list and the known-word marks (part of
:class:`Operations`).

Saved words and known words (schema 2):

* :meth:`WordOperations.save_word` saves a word from a document. Saving the same word
  (same Simplified and Traditional forms) again from the same document updates that item —
  reading, definition, glossary, sentences, title, status and ``updated_at``; the note is kept
  unless a new one is given and ``created_at`` never changes — instead of adding a duplicate.
  The same word saved from another document is a new item (its own sentence and source).
* A word's mark (``known_words``: new, learning, known) is one per Simplified form and also
  found by the Traditional form. Saving a word marks it ``learning`` unless it was already
  marked learning or known (or a status is given). Changing a mark changes the status of every
  saved item of that word, and changing an item's status changes the mark: they never
  disagree. Deleting an item keeps the mark.
* Notifications: one :class:`~reader.storage.changes.Change` per action, after its commit:
  ``VOCABULARY`` with the item ids when items were added or changed, ``| KNOWN_WORDS`` when a
  mark changed too.

The marks are upserted with sqlite-utils (:func:`known_words_table`); the other writes stay
plain sqlite3 statements: one INSERT with its ``lastrowid`` or one UPDATE by id, where
sqlite-utils would add a table introspection per call and nothing else.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.storage.changes import Changed
from reader.storage.database import utils_database
from reader.storage.operations_base import OperationsBase
from reader.storage.records import SavedWord, StoreError, VocabularyItem
from reader.storage.schema import VOCABULARY_STATUSES
from reader.storage.store import now_iso

if TYPE_CHECKING:
    from sqlite_utils.db import Table

_GLOSSARY_FIELDS = frozenset({"headword", "aliases", "category", "gloss", "explanations"})
_VOCABULARY_FIELDS = frozenset(
    {
        "simplified",
        "traditional",
        "reading",
        "definition",
        "note",
        "sentence",
        "document_id",
        "status",
    }
)


class WordOperations(OperationsBase):
    """User glossary and vocabulary CRUD, each method one transaction and one notification."""

    # ------------------------------------------------------------------- glossary
    def add_glossary_entry(
        self,
        headword: str,
        *,
        aliases: Iterable[str] = (),
        category: str = "",
        gloss: str = "",
        explanations: str = "",
        now: datetime | None = None,
    ) -> int:
        """Add a user glossary entry; returns its id."""
        if not headword.strip():
            raise StoreError("a glossary entry needs a headword")
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO glossary_entries (headword, aliases, category, gloss, explanations, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    headword,
                    json.dumps(list(aliases), ensure_ascii=False),
                    category,
                    gloss,
                    explanations,
                    stamp,
                    stamp,
                ),
            )
            entry_id = int(cursor.lastrowid or 0)
        self._changed(Changed.GLOSSARY, (entry_id,))
        return entry_id

    def update_glossary_entry(
        self, entry_id: int, now: datetime | None = None, **fields: Any
    ) -> None:
        """Change some of an entry's fields (headword, aliases, category, gloss, explanations)."""
        unknown = set(fields) - _GLOSSARY_FIELDS
        if unknown:
            raise StoreError(f"glossary entries have no field {', '.join(sorted(unknown))}")
        if "aliases" in fields:
            fields["aliases"] = json.dumps(list(fields["aliases"]), ensure_ascii=False)
        fields["updated_at"] = now_iso(now)
        self._update("glossary_entries", entry_id, fields)
        self._changed(Changed.GLOSSARY, (entry_id,))

    def delete_glossary_entry(self, entry_id: int) -> None:
        """Delete a user glossary entry."""
        self._delete("glossary_entries", entry_id)
        self._changed(Changed.GLOSSARY, (entry_id,))

    # ----------------------------------------------------------------- vocabulary
    def add_vocabulary(
        self,
        simplified: str,
        *,
        traditional: str = "",
        reading: str = "",
        definition: str = "",
        note: str = "",
        sentence: str = "",
        document_id: int | None = None,
        status: str = "new",
        now: datetime | None = None,
    ) -> int:
        """Save a word; returns its id."""
        _check_status(status)
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            if document_id is not None:
                self._exists(conn, "documents", document_id)
            cursor = conn.execute(
                "INSERT INTO vocabulary (simplified, traditional, reading, definition, note, "
                "sentence, document_id, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    simplified,
                    traditional,
                    reading,
                    definition,
                    note,
                    sentence,
                    document_id,
                    status,
                    stamp,
                    stamp,
                ),
            )
            item_id = int(cursor.lastrowid or 0)
        self._changed(Changed.VOCABULARY, (item_id,))
        return item_id

    def update_vocabulary(self, item_id: int, now: datetime | None = None, **fields: Any) -> None:
        """Change some of a vocabulary item's fields (status, definition, note …).

        A new status also becomes the word's mark (see the module notes).
        """
        unknown = set(fields) - _VOCABULARY_FIELDS
        if unknown:
            raise StoreError(f"vocabulary items have no field {', '.join(sorted(unknown))}")
        if "status" in fields:
            _check_status(fields["status"])
        stamp = now_iso(now)
        fields["updated_at"] = stamp
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT simplified, traditional FROM vocabulary WHERE id = ?", (item_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no vocabulary item {item_id}")
            try:
                conn.execute(
                    f"UPDATE vocabulary SET {assignments} WHERE id = ?", (*fields.values(), item_id)
                )
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"invalid value for vocabulary: {exc}") from exc
            ids = [item_id]
            if "status" in fields:
                simplified = fields.get("simplified", row[0])
                traditional = fields.get("traditional", row[1])
                # this item's status is written already: _mark gives the others it changed
                ids += _mark(conn, simplified, traditional, fields["status"], stamp)
        marks = Changed.KNOWN_WORDS if "status" in fields else Changed(0)
        self._changed(Changed.VOCABULARY | marks, ids)

    def delete_vocabulary(self, item_id: int) -> None:
        """Delete a vocabulary item."""
        self._delete("vocabulary", item_id)
        self._changed(Changed.VOCABULARY, (item_id,))

    # ------------------------------------------------------------ saved, known words
    def save_word(
        self, word: SavedWord, *, status: str | None = None, now: datetime | None = None
    ) -> int:
        """Save a word from a document in one transaction; returns the item's id.

        See the module notes for what happens when the word was saved from that document
        before, and for the mark it receives (``status``, when given, sets it).
        """
        if not word.simplified.strip():
            raise StoreError("a saved word needs its Simplified form")
        if status is not None:
            _check_status(status)
        traditional = word.traditional or word.simplified
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            if word.document_id is not None:
                self._exists(conn, "documents", word.document_id)
            marked = conn.execute(
                "SELECT status FROM known_words WHERE simplified = ?", (word.simplified,)
            ).fetchone()
            if status is None:
                status = marked[0] if marked and marked[0] != "new" else "learning"
            # raw, not an upsert: vocabulary has no unique key to conflict on (a word once per
            # document, NULL included: ``IS ?``), and the note survives an empty new one
            row = conn.execute(
                "SELECT id, note FROM vocabulary WHERE simplified = ? AND traditional = ? "
                "AND document_id IS ? ORDER BY id DESC LIMIT 1",
                (word.simplified, traditional, word.document_id),
            ).fetchone()
            values = (
                word.reading,
                word.definition,
                word.glossary,
                word.sentence,
                word.sentence_other,
                word.source_title,
            )
            if row is None:
                cursor = conn.execute(
                    "INSERT INTO vocabulary (reading, definition, glossary, sentence, "
                    "sentence_other, source_title, simplified, traditional, note, document_id, "
                    "status, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        *values,
                        word.simplified,
                        traditional,
                        word.note,
                        word.document_id,
                        status,
                        stamp,
                        stamp,
                    ),
                )
                item_id = int(cursor.lastrowid or 0)
            else:
                item_id = int(row[0])
                conn.execute(
                    "UPDATE vocabulary SET reading = ?, definition = ?, glossary = ?, "
                    "sentence = ?, sentence_other = ?, source_title = ?, note = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values, word.note or row[1], stamp, item_id),
                )
            ids = _mark(conn, word.simplified, traditional, status, stamp)
        self._changed(Changed.VOCABULARY | Changed.KNOWN_WORDS, sorted({item_id, *ids}))
        return item_id

    def set_word_status(
        self, simplified: str, traditional: str, status: str, now: datetime | None = None
    ) -> None:
        """Mark a word new, learning or known (in every script; its saved items follow)."""
        if not simplified.strip():
            raise StoreError("a word needs its Simplified form")
        _check_status(status)
        with self.store.transaction() as conn:
            ids = _mark(conn, simplified, traditional or simplified, status, now_iso(now))
        self._changed(Changed.KNOWN_WORDS | (Changed.VOCABULARY if ids else Changed(0)), ids)

    def restore_vocabulary(self, item: VocabularyItem) -> int:
        """Re-insert a deleted item with the same data (the dock's undo); returns its id.

        It gets its old id back when that is free (a new one otherwise), and loses its link
        to a document removed meanwhile. The word's mark is left as it is now.
        """
        with self.store.transaction() as conn:
            taken = conn.execute("SELECT 1 FROM vocabulary WHERE id = ?", (item.id,)).fetchone()
            document_id = item.document_id
            if (
                document_id is not None
                and conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
                is None
            ):
                document_id = None
            status = item.status if item.status in VOCABULARY_STATUSES else "new"
            cursor = conn.execute(
                "INSERT INTO vocabulary (id, simplified, traditional, reading, definition, note, "
                "sentence, document_id, status, created_at, sentence_other, glossary, "
                "source_title, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    None if taken else item.id,
                    item.simplified,
                    item.traditional,
                    item.reading,
                    item.definition,
                    item.note,
                    item.sentence,
                    document_id,
                    status,
                    item.created_at,
                    item.sentence_other,
                    item.glossary,
                    item.source_title,
                    item.updated_at or item.created_at,
                ),
            )
            item_id = int(cursor.lastrowid or 0)
        self._changed(Changed.VOCABULARY, (item_id,))
        return item_id


def known_words_table(conn: sqlite3.Connection) -> Table:
    """The ``known_words`` table through sqlite-utils, on the store's own connection
    (see :mod:`reader.storage.database`: imported on first use, writes are savepoints)."""
    return utils_database(conn).table("known_words")


def _check_status(status: str) -> None:
    if status not in VOCABULARY_STATUSES:
        raise StoreError(f"unknown status {status!r}; choose {', '.join(VOCABULARY_STATUSES)}")


def _mark(
    conn: sqlite3.Connection, simplified: str, traditional: str, status: str, stamp: str
) -> list[int]:
    """Set a word's mark and its items' status; the ids of the items whose status changed."""
    # sqlite-utils' upsert runs inside our BEGIN IMMEDIATE as a savepoint (sqlite-utils >= 4):
    # it commits nothing of its own, and rolls back with the action
    known_words_table(conn).upsert(
        {"simplified": simplified, "traditional": traditional, "status": status,
         "updated_at": stamp},
        pk="simplified",
    )
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM vocabulary WHERE simplified = ? AND status != ?", (simplified, status)
        )
    ]
    conn.execute(
        "UPDATE vocabulary SET status = ?, updated_at = ? WHERE simplified = ? AND status != ?",
        (status, stamp, simplified, status),
    )
    return ids
