"""Where the learner was in each document: the store's reading and view positions.

The store is the one place (issue I). Both positions are canonical offsets, so the view
reopens at the same words in any script: ``view_position`` is the first character at the top
of the view, ``reading_position`` the end of what was in view (the library's progress). A
scroll fraction that versions before 2026-12 kept in QSettings is used once and removed there.
Without a store (notes off) positions last for the session only.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from reader.storage.records import StoreError
from reader.storage.store import Store
from reader.ui.common.settings import Settings

if TYPE_CHECKING:
    from reader.language.scripts.displayed_text import DisplayedText
    from reader.ui.common.view.reading_view import ReadingView


class PositionMemory:
    """Remembers and recalls each document's place in the reading view."""

    def __init__(self, settings: Settings, store: Store | None) -> None:
        self._settings = settings
        self._store = store
        self._session: dict[str, int] = {}
        self._saved: dict[str, tuple[int, int]] = {}  # the last positions written, by document
        self._pending: dict[str, tuple[int, int, int]] = {}  # (id, top, reading) to write
        self._pending_lock = threading.Lock()
        self._flush_lock = threading.Lock()

    def recall(self, sha256: str, document_id: int | None, length: int) -> int | float:
        """The canonical offset to show at the top, or a legacy fraction (0 … 1) of the
        scroll range when that is all there is."""
        legacy = self._settings.take_legacy_scroll(sha256)
        store = self._store
        if store is None or document_id is None:
            return self._session.get(sha256, legacy if legacy is not None else 0)
        try:
            top = store.view_position(document_id)
            stored = (top, store.document(document_id, length=False).reading_position)
        except StoreError:
            return 0
        if top == 0 and legacy is not None:
            return legacy
        self._saved[sha256] = stored  # a close where nothing moved writes nothing
        return min(top, length)

    def note(
        self, view: ReadingView, shown: DisplayedText, sha256: str, document_id: int | None
    ) -> None:
        """Remember where ``view`` is in ``shown``: the first character in view, and the end
        of what is in view (the library's progress; the whole text when scrolled to the end)."""
        bar = view.verticalScrollBar()
        at_end = bar.maximum() > 0 and bar.value() >= bar.maximum()
        top = shown.to_canonical(view.first_visible_position()) if bar.value() else 0
        bottom = view.cursorForPosition(view.viewport().rect().bottomRight())
        reading = len(shown.canonical) if at_end else shown.to_canonical(bottom.position())
        self.remember(sha256, document_id, top, reading)

    def remember(self, sha256: str, document_id: int | None, top: int, reading: int) -> None:
        """Note the view's ``top`` and the ``reading`` position; :meth:`flush` writes them."""
        self._session[sha256] = top
        store = self._store
        if store is None or document_id is None or store.read_only:
            return
        with self._pending_lock:
            self._pending[sha256] = (document_id, top, reading)

    def flush(self) -> list[str]:
        """Write what was noted (any thread; the latest wins); a sentence per refusal.

        Writes wait for any other write (a re-import on a worker), so the window calls this
        on its runner, and directly only as it closes.
        """
        refused: list[str] = []
        store = self._store
        with self._flush_lock:  # in the order noted: an older flush never writes last
            with self._pending_lock:
                pending, self._pending = self._pending, {}
            for sha256, (document_id, top, reading) in pending.items():
                if store is None or self._saved.get(sha256) == (top, reading):
                    continue  # nothing moved: no write
                try:
                    store.operations.set_reading_position(
                        document_id, reading, view_position=top
                    )
                except StoreError as exc:
                    refused.append(f"The reading position was not saved: {exc}")
                    continue
                self._saved[sha256] = (top, reading)
        return refused
