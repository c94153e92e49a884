"""The displayed text cut into words, for the popup and Alt+←/→, computed off the GUI thread.

The word model (:mod:`reader.language.segmentation`) is loaded after the dictionary, from the
cache (built on a first run); each displayed text is segmented once per document, script and
glossary on the worker, and the last few are kept so switching scripts back is instant (not a
long document's other scripts: :data:`~reader.ui.common.shown_document.SINGLE_SCRIPT_CHARS`). Until
a text's words are ready, callers fall back to the dictionary's longest match.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.ui.common.worker import Lane
from reader.ui.reading.words.word_sources import cache_dir, text_key_of

if TYPE_CHECKING:  # the segmentation is imported when the model loads, not at start-up
    from reader.language.segmentation.model import WordModel
    from reader.language.segmentation.segmentation import Segmentation, Token
    from reader.language.segmentation.segmenter import Segmenter
    from reader.language.words.glossary import Glossary
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.reading.words.word_sources import WordSources

#: Segmentations kept (document × script × glossary): a few script switches back and forth.
KEPT = 4

_Key = tuple[int, tuple[str, str] | None]


class WordSegments(QObject):
    """The words of the displayed text (see the module docstring)."""

    #: The displayed text's words are ready (or changed).
    segmentsReady = Signal()

    def __init__(self, context: FeatureContext, sources: WordSources) -> None:
        super().__init__(context.host)
        self.context = context
        self.sources = sources
        self._model: WordModel | None = None
        self._started = False
        self._segmenter: tuple[Glossary, Segmenter] | None = None
        self._key: _Key | None = None
        self._kept: OrderedDict[_Key, Segmentation] = OrderedDict()
        #: The words of the displayed text; None until they are ready.
        self.segmentation: Segmentation | None = None
        context.current.displayChanged.connect(self.refresh)
        sources.termsChanged.connect(self.refresh)  # a glossary change: terms stay whole

    def start(self) -> None:
        """Load the word model on the worker (built and cached on a first run); once."""
        if self._started:  # or closed
            return
        self._started = True
        folder = cache_dir()
        self.context.runner.run(
            "word-model", lambda: _load_model(folder), self._model_loaded, self._failed,
            lane=Lane.LONG,
        )

    def close(self) -> None:
        """The window is closing: start no more work."""
        self._started = True
        self._model = None
        self.context.runner.cancel("word-model")
        self.context.runner.cancel("segmentation")

    def _model_loaded(self, model: WordModel) -> None:
        self._model = model
        self.refresh()

    def _failed(self, detail: str) -> None:
        self.context.status_bar.showMessage(
            f"Words cannot be told apart (the popup shows the longest match): {detail}", 8000
        )

    def refresh(self) -> None:
        """Segment the displayed text if it is new (on the worker)."""
        model, text = self._model, self.context.current.display_text()
        glossary = self.sources.glossary
        key: _Key = (id(glossary), text_key_of(self.context.current))
        if model is None or key == self._key:
            return
        self._key = key
        for stale in [k for k in self._kept if self.context.current.other_script(k[1])]:
            del self._kept[stale]  # a long document: the words of the script left
        kept = self._kept.get(key)
        if kept is not None and kept.text == text:
            self._kept.move_to_end(key)
            self.segmentation = kept
            self.segmentsReady.emit()
            return
        self.segmentation = None
        made = self._segmenter
        segmenter = made[1] if made is not None and made[0] is glossary else None

        def work() -> tuple[Segmenter, Segmentation]:
            from reader.language.segmentation.segmenter import Segmenter

            own = segmenter or Segmenter(model, glossary)
            return own, own.segment(text)

        self.context.runner.run(
            "segmentation", work, lambda result: self._ready(key, glossary, result), self._failed,
            lane=Lane.LONG,
        )

    def _ready(
        self, key: _Key, glossary: Glossary, result: tuple[Segmenter, Segmentation]
    ) -> None:
        segmenter, segmentation = result
        self._segmenter = (glossary, segmenter)
        self._kept[key] = segmentation
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        if key == self._key and segmentation.text == self.context.current.display_text():
            self.segmentation = segmentation
            self.segmentsReady.emit()

    def word_at(self, position: int) -> Token | None:
        """The word of the displayed text that contains ``position`` (None until ready)."""
        return self.segmentation.word_at(position) if self.segmentation is not None else None

    def around(self, position: int) -> list[Token]:
        """Every vocabulary word that contains ``position``, longest first ([] until ready)."""
        made, words = self._segmenter, self.segmentation
        if made is None or words is None:
            return []
        return made[1].alternatives(words.text, position)


def _load_model(folder: Path) -> WordModel:
    from reader.language.segmentation.model import WordModel

    return WordModel.shared(folder)
