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
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from reader.anchoring.anchors import Placement, TextAnchor, anchor_span, reanchor_all
from reader.anchoring.moves import align_with_moves
from reader.storage.changes import Changed
from reader.storage.highlight_search import search_text_for
from reader.storage.operations_base import Listener
from reader.storage.records import StoreError
from reader.storage.schema import COLOURS
from reader.storage.store import now_iso
from reader.storage.word_operations import WordOperations
from reader.text.document import text_sha256

__all__ = ["Listener", "Operations"]


def _check_colour(colour: str) -> None:
    if colour not in COLOURS:
        raise StoreError(f"unknown colour {colour!r}; choose one of {', '.join(COLOURS)}")


class Operations(WordOperations):
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

    # ----------------------------------------------------------------- highlights
    def add_highlight(
        self,
        document_id: int,
        start: int,
        end: int,
        colour: str = "yellow",
        note: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Highlight canonical ``[start, end)`` of a document; returns the new id."""
        _check_colour(colour)
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            anchor = self._anchor(conn, document_id, start, end)
            highlight_id = _insert_highlight(
                conn, document_id, anchor.start, anchor.end, anchor, colour, note, stamp
            )
        self._changed(Changed.HIGHLIGHTS, (highlight_id,))
        return highlight_id

    def add_highlights(
        self,
        document_id: int,
        spans: Iterable[tuple[int, int, str, str | None]],
        now: datetime | None = None,
    ) -> list[int]:
        """Add many highlights ``(start, end, colour, note)`` in one transaction (an import
        of someone's notes is one action); the new ids in order."""
        stamp = now_iso(now)
        ids: list[int] = []
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT canonical_text FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no document {document_id}")
            text = str(row[0])
            for start, end, colour, note in spans:
                _check_colour(colour)
                if not 0 <= start < end <= len(text):
                    raise StoreError(f"span {start}..{end} is empty or outside the document")
                anchor = anchor_span(text, start, end)
                ids.append(
                    _insert_highlight(conn, document_id, start, end, anchor, colour, note, stamp)
                )
        self._changed(Changed.HIGHLIGHTS, tuple(ids))
        return ids

    def _anchor(
        self, conn: sqlite3.Connection, document_id: int, start: int, end: int
    ) -> TextAnchor:
        """The anchor of a span, reading only the needed slice of the document's text."""
        row = conn.execute(
            "SELECT length(canonical_text), substr(canonical_text, ?, ?) FROM documents "
            "WHERE id = ?",
            (max(0, start - 32) + 1, end - max(0, start - 32) + 32, document_id),
        ).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        length, window = int(row[0]), str(row[1])
        if not 0 <= start < end <= length:
            raise StoreError(f"span {start}..{end} is empty or outside the document ({length})")
        offset = max(0, start - 32)
        local = anchor_span(window, start - offset, end - offset)
        return TextAnchor(start, end, local.quote, local.prefix, local.suffix)

    def update_highlight(
        self,
        highlight_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        colour: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Change a highlight's span and/or colour (a moved span is re-anchored: not orphan)."""
        if colour is not None:
            _check_colour(colour)
        stamp = now_iso(now)
        with self.store.transaction() as conn:
            row = conn.execute(
                'SELECT document_id, start, "end", note FROM highlights WHERE id = ?',
                (highlight_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"no highlight {highlight_id}")
            document_id, old_start, old_end, note = row
            if start is not None or end is not None:
                new_start = old_start if start is None else start
                new_end = old_end if end is None else end
                anchor = self._anchor(conn, document_id, new_start, new_end)
                conn.execute(
                    'UPDATE highlights SET start = ?, "end" = ?, quote = ?, prefix = ?, '
                    "suffix = ?, anchor_method = 'exact', search_text = ? WHERE id = ?",
                    (
                        anchor.start,
                        anchor.end,
                        anchor.quote,
                        anchor.prefix,
                        anchor.suffix,
                        search_text_for(anchor.quote, note),
                        highlight_id,
                    ),
                )
            if colour is not None:
                conn.execute(
                    "UPDATE highlights SET colour = ? WHERE id = ?", (colour, highlight_id)
                )
            conn.execute("UPDATE highlights SET updated_at = ? WHERE id = ?", (stamp, highlight_id))
        self._changed(Changed.HIGHLIGHTS, (highlight_id,))

    def set_note(self, highlight_id: int, note: str | None, now: datetime | None = None) -> None:
        """Set (or with None or "", clear) a highlight's note."""
        note = note or None
        with self.store.transaction() as conn:
            row = conn.execute(
                "SELECT quote FROM highlights WHERE id = ?", (highlight_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no highlight {highlight_id}")
            conn.execute(
                "UPDATE highlights SET note = ?, search_text = ?, updated_at = ? WHERE id = ?",
                (note, search_text_for(row[0], note), now_iso(now), highlight_id),
            )
        self._changed(Changed.NOTES, (highlight_id,))

    def delete_highlight(self, highlight_id: int) -> None:
        """Delete a highlight and its note."""
        with self.store.transaction() as conn:
            self._exists(conn, "highlights", highlight_id)
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
        self._changed(Changed.HIGHLIGHTS, (highlight_id,))


def _insert_highlight(
    conn: sqlite3.Connection,
    document_id: int,
    start: int,
    end: int,
    anchor: TextAnchor,
    colour: str,
    note: str | None,
    stamp: str,
) -> int:
    """One highlight row (its anchor's quote and context, its search text); the new id."""
    cursor = conn.execute(
        'INSERT INTO highlights (document_id, start, "end", quote, prefix, suffix, '
        "colour, note, search_text, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document_id, start, end, anchor.quote, anchor.prefix, anchor.suffix, colour, note,
         search_text_for(anchor.quote, note), stamp, stamp),
    )
    return int(cursor.lastrowid or 0)
