"""The single writer: every change to the notes database goes through :class:`Operations`.

Each method is one user action and one transaction (``Store.transaction``). After the commit
every listener is called once with a :class:`~reader.storage.changes.Change` (flags of what
changed: document content or position, highlights, notes, vocabulary, glossary, known words,
and the ids), so open views refresh only what concerns them. Methods may
be called from any thread: the store's lock serialises them; listeners run on the calling
thread, after the lock is released. The statements are plain sqlite3: one row by id each, or
set-based (re-import), where sqlite-utils would add introspection and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reader.storage.changes import Changed
from reader.storage.highlight_operations import HighlightOperations
from reader.storage.highlight_search import search_text_for
from reader.storage.operations_base import Listener
from reader.storage.records import StoreError
from reader.storage.store import now_iso
from reader.text.document import text_sha256

if TYPE_CHECKING:  # anchoring is imported by the re-import that needs it
    from reader.anchoring.anchors import Placement

__all__ = ["Listener", "Operations"]


class Operations(HighlightOperations):
    """Every write to one :class:`~reader.storage.store.Store`, each a transaction."""

    # ------------------------------------------------------------------ documents
    def add_document(
        self,
        text: str,
        title: str,
        source: str = "",
        inline_readings: Mapping[int, str] | None = None,
        preferred_script: str = "original",
        now: datetime | None = None,
    ) -> int:
        """Store a document; returns its id (the existing one when the same text is stored)."""
        sha = text_sha256(text)
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                return int(row[0])
            cursor = conn.execute(
                "INSERT INTO documents (title, source, sha256, canonical_text, inline_readings, "
                "created_at, opened_at, preferred_script) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    title,
                    source,
                    sha,
                    text,
                    json.dumps({str(k): v for k, v in (inline_readings or {}).items()}),
                    stamp,
                    stamp,
                    preferred_script,
                ),
            )
            document_id = int(cursor.lastrowid or 0)
        self._changed(Changed.DOCUMENTS, (document_id,))
        return document_id

    def remove_document(self, document_id: int) -> None:
        """Delete a document and its highlights (vocabulary keeps its words, unlinked)."""
        with self.store.transaction() as conn:
            self._exists(conn, "documents", document_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        self._changed(Changed.DOCUMENTS, (document_id,))

    def rename_document(self, document_id: int, title: str) -> None:
        """Give a document a new title (surrounding spaces dropped; an empty title is refused)."""
        title = " ".join(title.split())
        if not title:
            raise StoreError("a document's title is not empty")
        self._set_document_field(document_id, "title", title)

    def _set_document_field(self, document_id: int, column: str, value: Any) -> None:
        # where the learner is, and in which script, is no reason for a backup or a reload
        position = column in ("reading_position", "preferred_script")
        with self.store.transaction(counted=not position) as conn:
            self._exists(conn, "documents", document_id)
            conn.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (value, document_id))
        self._changed(Changed.POSITION if position else Changed.DOCUMENTS, (document_id,))

    def set_reading_position(
        self, document_id: int, position: int, view_position: int | None = None
    ) -> None:
        """Remember where the reader is in a document (a canonical code-point offset) and,
        when given, the canonical offset at the top of the reading view (clamped to the text).

        One ``POSITION`` change, and no backup due.
        """
        if position < 0:
            raise StoreError(f"a reading position is not negative ({position})")
        if view_position is None:
            self._set_document_field(document_id, "reading_position", position)
            return
        with self.store.transaction(counted=False) as conn:
            # the text itself, not SQLite's length(), which stops at a NUL (~3 ms for 600k chars)
            row = conn.execute(
                "SELECT canonical_text FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no document {document_id}")
            view_position = max(0, min(view_position, len(row[0])))
            conn.execute(
                "UPDATE documents SET reading_position = ?, view_position = ? WHERE id = ?",
                (position, view_position, document_id),
            )
        self._changed(Changed.POSITION, (document_id,))

    def set_preferred_script(self, document_id: int, script: str) -> None:
        """Remember the script a document is shown in (a ``Script`` value)."""
        self._set_document_field(document_id, "preferred_script", script)

    def mark_opened(self, document_id: int, now: datetime | None = None) -> None:
        """Record that the document was opened now."""
        self._set_document_field(document_id, "opened_at", now_iso(now))

    def reimport_document(
        self,
        document_id: int,
        text: str,
        inline_readings: Mapping[int, str] | None = None,
        now: datetime | None = None,
    ) -> dict[int, Placement]:
        """Replace a document's text with an edited version and re-anchor its highlights.

        Returns each highlight's placement (``exact``/``context``/``fuzzy``/``orphan``).
        Orphans keep their quote and note, at the place their text went (clamped).

        The placements are worked out first, from the stored text and highlights and without
        the store's lock (:func:`reader.anchoring.anchors.reanchor_all`: 520k characters with
        1,000 highlights take a fraction of a second). The write transaction then only checks
        that nothing changed meanwhile — a highlight added or moved since is placed there; a
        text replaced by another re-import means placing them all again — and writes the
        rows in a few ``executemany`` calls.
        """
        from reader.anchoring.anchors import TextAnchor, anchor_span, reanchor_all
        from reader.anchoring.moves import align_with_moves

        stamp = now_iso(now)
        sha = text_sha256(text)
        old_text = self.store.document_text(document_id)
        before = {
            h.id: TextAnchor(h.start, h.end, h.quote, h.prefix, h.suffix)
            for h in self.store.highlights(document_id, include_orphans=True)
        }
        alignment = align_with_moves(old_text, text)
        found = reanchor_all(old_text, text, list(before.values()), alignment)
        placed = dict(zip(before, found, strict=True))
        with self.store.transaction() as conn:
            self._exists(conn, "documents", document_id)
            clash = conn.execute(
                "SELECT id FROM documents WHERE sha256 = ? AND id != ?", (sha, document_id)
            ).fetchone()
            if clash is not None:
                raise StoreError(f"document {clash[0]} already has exactly this text")
            current = str(
                conn.execute(
                    "SELECT canonical_text FROM documents WHERE id = ?", (document_id,)
                ).fetchone()[0]
            )
            if current != old_text:  # another re-import came first: place from its text
                old_text, alignment, before = current, align_with_moves(current, text), {}
            rows = conn.execute(
                'SELECT id, start, "end", quote, prefix, suffix, note FROM highlights '
                "WHERE document_id = ?",
                (document_id,),
            ).fetchall()
            anchors = {row[0]: TextAnchor(*row[1:6]) for row in rows}
            notes = {row[0]: row[6] for row in rows}
            stale = [hid for hid, anchor in anchors.items() if before.get(hid) != anchor]
            if stale:
                again = reanchor_all(old_text, text, [anchors[h] for h in stale], alignment)
                placed.update(zip(stale, again, strict=True))
            placements = {hid: placed[hid] for hid in anchors}
            conn.execute(
                "UPDATE documents SET canonical_text = ?, sha256 = ?, inline_readings = ?, "
                "reading_position = min(reading_position, ?), "
                "view_position = min(view_position, ?) WHERE id = ?",
                (
                    text,
                    sha,
                    json.dumps({str(k): v for k, v in (inline_readings or {}).items()}),
                    len(text),
                    len(text),
                    document_id,
                ),
            )
            orphans: list[tuple[object, ...]] = []
            same_quote: list[tuple[object, ...]] = []
            new_quote: list[tuple[object, ...]] = []
            for hid, placement in placements.items():
                if placement.method == "orphan":
                    orphans.append((placement.start, placement.end, stamp, hid))
                    continue
                new = anchor_span(text, placement.start, placement.end)
                if new.quote == anchors[hid].quote:  # the search text stays as it is
                    same_quote.append(
                        (new.start, new.end, new.prefix, new.suffix, placement.method, stamp, hid)
                    )
                    continue
                new_quote.append(
                    (
                        new.start,
                        new.end,
                        new.quote,
                        new.prefix,
                        new.suffix,
                        placement.method,
                        search_text_for(new.quote, notes[hid]),
                        stamp,
                        hid,
                    )
                )
            conn.executemany(
                "UPDATE highlights SET start = ?, \"end\" = ?, anchor_method = 'orphan', "
                "updated_at = ? WHERE id = ?",
                orphans,
            )
            conn.executemany(
                'UPDATE highlights SET start = ?, "end" = ?, prefix = ?, suffix = ?, '
                "anchor_method = ?, updated_at = ? WHERE id = ?",
                same_quote,
            )
            conn.executemany(
                'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?, '
                "suffix = ?, anchor_method = ?, search_text = ?, updated_at = ? WHERE id = ?",
                new_quote,
            )
        self._changed(Changed.TEXT, (document_id,))
        self._changed(Changed.HIGHLIGHTS, tuple(placements))
        return placements
