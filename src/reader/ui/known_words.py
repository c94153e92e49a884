"""Known words in the window: the share of the document's words the learner knows (status
bar), and which characters belong to known words (ruby can hide their readings).

The document is segmented off the GUI thread (the word list loads once, ~1 s) and again
whenever the learner's marks change.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from reader.core.store_records import StoreError
from reader.core.vocabulary import segment_forms
from reader.ui.lexicon_controller import text_key_of
from reader.ui.store_bridge import StoreChangeBridge

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class KnownWords(QObject):
    """Coverage label and the known-character positions of the displayed text."""

    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.known_positions: set[int] = set()
        self._cache: dict[tuple[str, str], tuple[float, set[int]]] = {}
        self.coverage: float | None = None
        self.label = QLabel()
        self.label.setObjectName("coverageLabel")
        self.label.setToolTip("Share of this document's words you have marked known")
        window.statusBar().addPermanentWidget(self.label)
        self._bridge: StoreChangeBridge | None = None
        if window.store is not None:
            self._bridge = StoreChangeBridge(window.store, self)
            self._bridge.changed.connect(self._store_changed, Qt.ConnectionType.QueuedConnection)
        #: Off until ``start()``, like the readings: after the first paint.
        self.started = False
        window.displayChanged.connect(self.refresh)

    def start(self) -> None:
        self.started = True
        self.refresh()

    def _store_changed(self, kind: str, _ids: object = ()) -> None:
        if kind in ("known_words", "vocabulary"):
            self._cache.clear()
            self.refresh()

    def refresh(self) -> None:
        window = self.window_
        store, shown = window.store, window.shown
        if not self.started:
            return
        if store is None or shown is None:
            self.label.clear()
            return
        key = text_key_of(window)
        cached = self._cache.get(key) if key is not None else None
        if cached is not None:
            self._ready(cached)
            return
        try:
            statuses = store.known_words()
        except (StoreError, sqlite3.Error):  # a closed store on shutdown: nothing to show
            return
        text = shown.text
        known = {w for w, s in statuses.items() if s == "known"}

        def work() -> tuple[float, set[int]]:
            spans = segment_forms(text)
            hits = [(s, e) for s, e, simplified in spans if text[s:e] in known or simplified in known]
            positions = {p for s, e in hits for p in range(s, e)}
            share = len(hits) / len(spans) if spans else 1.0
            return share, positions

        def done(result: tuple[float, set[int]]) -> None:
            if key is not None:
                self._cache[key] = result
            if text_key_of(self.window_) == key:
                self._ready(result)

        window.runner.run("known-words", work, done)

    def _ready(self, result: tuple[float, set[int]]) -> None:
        self.coverage, self.known_positions = result
        self.label.setText(f"Known words: {self.coverage:.0%}")
        self.changed.emit()

    def is_known(self, display_pos: int) -> bool:
        return display_pos in self.known_positions
