"""Context readings for the displayed text, computed off the GUI thread with progress.

Readings are computed on the *displayed* text (the engine reads a Simplified shadow of any
script) and cached per document and script (a long document's, its shown script's only:
:data:`~reader.ui.common.shown_document.SINGLE_SCRIPT_CHARS`; the source readings are computed
again if the audit asks once they were dropped). Until they arrive, hover falls back to
word-level readings and ruby mode waits; nothing blocks the window.

The readings of the document's own text (its original script) are its *source readings*:
what the inline-reading audit compares the source's readings with, in every script (a
script's substituted words, 用戶 → 使用者 in Taiwan, are no reading of the source's characters).
They are computed once per document, after the displayed text's readings; while Original is
shown they are the same list.

The characters of the document's damaged spots (``Document.report.damage``: a wrong decode's
garbage such as 涂焖傩) are read as unreadable: no reading, and no word around them takes them in.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.language.scripts.script import Script
from reader.paths.cache import default_cache_dir
from reader.ui.common.worker import Lane

if TYPE_CHECKING:
    from reader.language.readings.tone_convention import ToneForms
    from reader.ui.common.feature_context import FeatureContext


class _Progress(QObject):
    """Emitted from the worker thread; delivered queued on the GUI thread."""

    changed = Signal(float)


class ReadingsController(QObject):
    """Keeps ``readings`` in step with the window's displayed text."""

    #: The readings of the displayed text are ready (or were dropped: check ``readings``).
    readingsChanged = Signal()
    #: The source readings of the shown document are ready (:meth:`source_readings`).
    sourceReadingsChanged = Signal()

    def __init__(self, context: FeatureContext) -> None:
        super().__init__(context.host)
        self.context = context
        #: One per code point (:class:`~reader.language.readings.compact_readings.
        #: CompactReadings`: two bytes a character, read like a list).
        self.readings: Sequence[str | None] | None = None
        #: Readings in citation tones (the ones the audit compares) and in spoken tones.
        #: Readings per (document, script), both tone conventions (the spoken one is made
        #: only when shown: a long text's list costs a pointer a character).
        self._cache: dict[tuple[str, str], ToneForms] = {}
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self._pending: tuple[str, str] | None = None
        self._source_cancel = threading.Event()
        self._source_pending: tuple[str, str] | None = None
        self._damaged: tuple[tuple[str, str] | None, list[tuple[int, int]]] = (None, [])
        #: Off until ``start()``: the first paint does not share the CPU with the model.
        self.started = False
        context.current.displayChanged.connect(self.refresh)
        context.settings.changed.connect(self._setting_changed)

    def start(self) -> None:
        self.started = True
        self.refresh()

    def key(self) -> tuple[str, str] | None:
        context = self.context
        if context.current.document is None or context.current.shown is None:
            return None
        return (context.current.document.sha256, context.current.shown.script.value)

    def refresh(self) -> None:
        key = self.key()
        if self._source_pending is not None and (key is None or key[0] != self._source_pending[0]):
            self._source_cancel.set()  # another document: its source readings are not needed
            self._source_pending = None
        if key is None or not self.started:
            self.readings = None
            return
        for stale in [k for k in self._cache if self.context.current.other_script(k)]:
            del self._cache[stale]  # a long document: the readings of the script left
        if key in self._cache:
            self.readings = self._shown(key)
            self.readingsChanged.emit()
            return
        if self._pending == key:
            return
        self.readings = None
        self.readingsChanged.emit()
        self._cancel.set()  # a superseded computation stops at its next check
        cancel = threading.Event()
        self._cancel = cancel
        self._pending = key
        text = self.context.current.display_text()
        skip = self.damaged_spans()
        progress = self._progress

        def work() -> ToneForms:
            # imported here: the model brings numpy in (~0.1 s), not needed for the first paint
            # the view was converted by meaning: its 著/着 already say which reading
            from reader.language.readings.readings import compute_readings
            from reader.language.readings.tone_convention import conform_cached

            raw = compute_readings(
                text, progress=progress.changed.emit, cancel=cancel.is_set, skip=skip,
                compact=True,
            )
            return conform_cached(text, raw, default_cache_dir(), in_place=True)

        self.context.runner.run(
            "readings", work, lambda r: self._ready(key, r), lambda d: self._failed(key, d),
            lane=Lane.LONG,
        )

    def damaged_spans(self) -> list[tuple[int, int]]:
        """The shown document's damaged spots (its import report's) as sorted display spans:
        their characters get no reading and no lookup."""
        document, shown = self.context.current.document, self.context.current.shown
        if document is None or shown is None or not document.report.damage:
            return []
        key = (document.sha256, shown.script.value)
        if self._damaged[0] != key:
            spots = ((spot.start, spot.end) for spot in document.report.damage)
            self._damaged = (key, shown.display_spans(spots))
        return self._damaged[1]

    def source_readings(self) -> Sequence[str | None] | None:
        """The readings of the shown document's canonical text (in its original script),
        one per code point, or None until they are computed (see
        :meth:`request_source_readings`)."""
        document = self.context.current.document
        if document is None:
            return None
        forms = self._cache.get((document.sha256, Script.ORIGINAL.value))
        return None if forms is None else forms.citation

    def request_source_readings(self) -> None:
        """Compute :meth:`source_readings` in the background unless ready or under way;
        ``sourceReadingsChanged`` tells when they are ready."""
        document = self.context.current.document
        if document is None or not self.started:
            return
        key = (document.sha256, Script.ORIGINAL.value)
        if key in self._cache or key in (self._pending, self._source_pending):
            return  # ready, or being computed as the displayed text's readings
        self._source_cancel.set()
        cancel = threading.Event()
        self._source_cancel = cancel
        self._source_pending = key
        text = document.text
        skip = [(spot.start, spot.end) for spot in document.report.damage]

        def work() -> ToneForms:
            from reader.language.readings.readings import compute_readings
            from reader.language.readings.tone_convention import conform_cached

            raw = compute_readings(text, cancel=cancel.is_set, skip=skip, compact=True)
            return conform_cached(text, raw, default_cache_dir(), in_place=True)

        self.context.runner.run(
            "source-readings", work, lambda r: self._source_ready(key, r),
            lambda d: self._source_failed(key, d), lane=Lane.LONG,
        )

    def _source_ready(self, key: tuple[str, str], readings: ToneForms) -> None:
        if self._source_pending == key:
            self._source_pending = None
        self._remember(key, readings)
        document = self.context.current.document
        if document is not None and document.sha256 == key[0]:
            self.sourceReadingsChanged.emit()

    def _source_failed(self, key: tuple[str, str], detail: str) -> None:
        if self._source_pending == key:
            self._source_pending = None
        if "ReadingsCancelled" not in detail:
            self.context.status_bar.showMessage(
                f"The source's readings could not be checked: {detail}", 10000
            )

    def _remember(self, key: tuple[str, str], readings: ToneForms) -> None:
        self._cache[key] = readings
        if len(self._cache) > 8:
            self._cache.pop(next(iter(self._cache)))

    def _shown(self, key: tuple[str, str]) -> Sequence[str | None]:
        """The readings of ``key`` in the tone convention the learner chose."""
        return self._cache[key].pick(self.context.settings.flag("tone_sandhi"))

    def _setting_changed(self, name: str) -> None:
        key = self.key()
        if name == "tone_sandhi" and key is not None and key in self._cache:
            self.readings = self._shown(key)
            self.readingsChanged.emit()

    def _ready(self, key: tuple[str, str], readings: ToneForms) -> None:
        self._remember(key, readings)
        if self._pending == key:
            self._pending = None
        if self.key() == key:
            self.readings = self._shown(key)
            self.context.status_bar.clearMessage()
            self.readingsChanged.emit()
        document = self.context.current.document
        if key[1] == Script.ORIGINAL.value and document is not None and document.sha256 == key[0]:
            self.sourceReadingsChanged.emit()

    def _failed(self, key: tuple[str, str], detail: str) -> None:
        if self._pending == key:
            self._pending = None
        if "ReadingsCancelled" in detail:
            return
        self.context.status_bar.showMessage(f"Readings could not be computed: {detail}", 10000)

    def _show_progress(self, fraction: float) -> None:
        if self._pending is not None and fraction < 1.0:
            self.context.status_bar.showMessage(f"Reading the text in context… {fraction:.0%}")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.context.settings.changed.disconnect(self._setting_changed)
        self._cancel.set()
        self._source_cancel.set()
