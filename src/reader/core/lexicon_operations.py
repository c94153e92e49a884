"""Writes to the user glossary and the vocabulary list (part of :class:`Operations`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from reader.core.operations_base import OperationsBase
from reader.core.schema import VOCABULARY_STATUSES
from reader.core.store import now_iso
from reader.core.store_records import StoreError

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


class LexiconOperations(OperationsBase):
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
        self._changed("glossary", (entry_id,))
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
        self._changed("glossary", (entry_id,))

    def delete_glossary_entry(self, entry_id: int) -> None:
        """Delete a user glossary entry."""
        self._delete("glossary_entries", entry_id)
        self._changed("glossary", (entry_id,))

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
        if status not in VOCABULARY_STATUSES:
            raise StoreError(f"unknown status {status!r}; choose {', '.join(VOCABULARY_STATUSES)}")
        with self.store.transaction() as conn:
            if document_id is not None:
                self._exists(conn, "documents", document_id)
            cursor = conn.execute(
                "INSERT INTO vocabulary (simplified, traditional, reading, definition, note, "
                "sentence, document_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    simplified,
                    traditional,
                    reading,
                    definition,
                    note,
                    sentence,
                    document_id,
                    status,
                    now_iso(now),
                ),
            )
            item_id = int(cursor.lastrowid or 0)
        self._changed("vocabulary", (item_id,))
        return item_id

    def update_vocabulary(self, item_id: int, **fields: Any) -> None:
        """Change some of a vocabulary item's fields (status, definition, note …)."""
        unknown = set(fields) - _VOCABULARY_FIELDS
        if unknown:
            raise StoreError(f"vocabulary items have no field {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in VOCABULARY_STATUSES:
            raise StoreError(f"unknown status {fields['status']!r}")
        self._update("vocabulary", item_id, fields)
        self._changed("vocabulary", (item_id,))

    def delete_vocabulary(self, item_id: int) -> None:
        """Delete a vocabulary item."""
        self._delete("vocabulary", item_id)
        self._changed("vocabulary", (item_id,))
