"""The writes of highlights and notes (a base of :class:`~reader.storage.operations.Operations`).

Anchoring (the quote and its context) is imported by the first write that places a highlight,
not with the store: the window opens a document without it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from reader.storage.changes import Changed
from reader.storage.highlight_search import search_text_for
from reader.storage.records import StoreError
from reader.storage.schema import COLOURS
from reader.storage.store import now_iso
from reader.storage.word_operations import WordOperations

if TYPE_CHECKING:
    from reader.anchoring.anchors import TextAnchor


def _check_colour(colour: str) -> None:
    if colour not in COLOURS:
        raise StoreError(f"unknown colour {colour!r}; choose one of {', '.join(COLOURS)}")


class HighlightOperations(WordOperations):
    """Add, move, recolour, annotate and delete highlights, each a transaction."""

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
        from reader.anchoring.anchors import anchor_span

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
        from reader.anchoring.anchors import TextAnchor, anchor_span

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
