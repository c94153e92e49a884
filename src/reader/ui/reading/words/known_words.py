"""Known words in the window: the share of the document's words the learner knows (status
bar), and which characters belong to known words (ruby can hide their readings).

The document is segmented off the GUI thread (the word list loads once, ~1 s) and again
whenever the learner's marks change.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QLabel

from reader.storage.changes import Change, Changed
from reader.storage.records import StoreError
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.worker import Lane
from reader.ui.reading.words.word_sources import text_key_of

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext


#: (share of known word tokens, display positions in known words, spans of the other words)
Coverage = tuple[float, set[int], list[tuple[int, int]]]
LAYER = "unknown-words"
UNKNOWN_LIGHT = "#1f5f8b"
UNKNOWN_DARK = "#8cc8f0"
NEAR_VIEW_CHARS = 12_000


class KnownWords(QObject):
    """Coverage label and the known-character positions of the displayed text."""

    changed = Signal()

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.host)
        self.context = context
        self.known_positions: set[int] = set()
        self.unknown_spans: list[tuple[int, int]] = []
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(150)
        self._scroll_timer.timeout.connect(self.paint_unknown)
        context.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._cache: dict[tuple[str, str], Coverage] = {}
        self.coverage: float | None = None
        self.label = QLabel()
        self.label.setObjectName("coverageLabel")
        self.label.setToolTip("Share of this document's words you have marked known")
        context.status_bar.addPermanentWidget(self.label)
        self._bridge: StoreChangeBridge | None = None
        if context.store is not None:
            self._bridge = StoreChangeBridge(context.store, self)
            self._bridge.changed.connect(self._store_changed, Qt.ConnectionType.QueuedConnection)
        #: Off until ``start()``, like the readings: after the first paint.
        self.started = False
        context.current.displayChanged.connect(self.refresh)

    def start(self) -> None:
        self.started = True
        self.refresh()

    def _store_changed(self, change: Change) -> None:
        if change.touches(Changed.KNOWN_WORDS | Changed.VOCABULARY):
            self._cache.clear()
            self.refresh()

    def refresh(self) -> None:
        context = self.context
        store, shown = context.store, context.current.shown
        if not self.started:
            return
        if store is None or shown is None:
            self.label.clear()
            return
        key = text_key_of(context.current)
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

        def work() -> Coverage:
            from reader.services.vocabulary import segment_forms  # on the worker

            spans = segment_forms(text)
            hits = [(s, e) for s, e, simplified in spans if text[s:e] in known or simplified in known]
            positions = {p for s, e in hits for p in range(s, e)}
            unknown = [(s, e) for s, e, _ in spans if s not in positions]
            share = len(hits) / len(spans) if spans else 1.0
            return share, positions, unknown

        def done(result: Coverage) -> None:
            if key is not None:
                self._cache[key] = result
            if text_key_of(self.context.current) == key:
                self._ready(result)

        context.runner.run("known-words", work, done, lane=Lane.LONG)

    def _ready(self, result: Coverage) -> None:
        self.coverage, self.known_positions, self.unknown_spans = result
        self.label.setText(f"Known words: {self.coverage:.0%}")
        self.paint_unknown()
        self.changed.emit()

    def _scrolled(self, _value: int) -> None:
        shown = self.context.current.shown
        long_text = shown is not None and len(shown.text) > NEAR_VIEW_CHARS
        if long_text and self.unknown_spans and self.context.settings.flag("colour_unknown"):
            self._scroll_timer.start()

    def set_colour_unknown(self, enabled: bool) -> None:
        self.context.settings.set_flag("colour_unknown", enabled)
        self.paint_unknown()

    def paint_unknown(self) -> None:
        """Words not marked known in a colour of their own (a preference; off by default).
        On a long text only around the part in view."""
        context = self.context
        shown, view = context.current.shown, context.view
        spans: list[tuple[int, int]] = []
        if shown is not None and context.settings.flag("colour_unknown"):
            chosen = self.unknown_spans
            if len(shown.text) > NEAR_VIEW_CHARS:
                first = shown.view_to_display(view.first_visible_position())
                chosen = [(s, e) for s, e in chosen if first - 2000 <= s < first + NEAR_VIEW_CHARS]
            spans = [(shown.display_to_view(s), shown.display_to_view(e)) for s, e in chosen]
        fmt = QTextCharFormat()
        dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        fmt.setForeground(QColor(UNKNOWN_DARK if dark else UNKNOWN_LIGHT))
        view.set_spans(LAYER, spans, fmt)

    def is_known(self, display_pos: int) -> bool:
        return display_pos in self.known_positions
