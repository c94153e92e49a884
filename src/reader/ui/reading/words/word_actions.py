"""What the popup's buttons do: save the word (S), mark it known (K), copy the entry (C).

A saved word keeps its context reading, CC-CEDICT senses, the glossary entry, and the
sentence it came from in the document's own script (and, converted, in the other one); it
is written through the store's operations layer in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from reader.language.scripts.converters import convert_config
from reader.storage.records import StoreError
from reader.ui.common.worker import Lane

if TYPE_CHECKING:
    from reader.language.words.word_info import WordInfo
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.reading.words.hover import HoverController


class WordActions(QObject):
    """Connects the popup's Save / Known / Copy to the store and the clipboard."""

    def __init__(self, context: FeatureContext, hover: HoverController) -> None:
        super().__init__(context.host)
        self.context = context
        self.hover = hover
        hover.saveRequested.connect(self.save_current)
        hover.knownRequested.connect(self.toggle_known)
        hover.copyRequested.connect(self.copy_current)
        self._preloaded = False  # the writes' library, imported once a popup shows
        hover.use_word_actions(self.writable, self.status_of)

    @property
    def writable(self) -> bool:
        store = self.context.store
        return store is not None and not store.read_only

    def status_of(self, word: str) -> str | None:
        store = self.context.store
        if store is None:
            return None
        if not self._preloaded and not store.read_only:  # the popup shows its buttons
            self._preloaded = True
            from reader.storage import database

            self.context.runner.run("storage.preload", database.preload, lambda _r: None,
                                    on_error=lambda _message: None,  # then at first use
                                    lane=Lane.SHORT)
        try:
            return store.word_status(word)
        except StoreError:
            return None

    def _tell(self, message: str) -> None:
        self.context.status_bar.showMessage(message, 5000)

    def _forms(self, info: WordInfo) -> tuple[str, str]:
        if info.entries:
            return info.entries[0].simplified, info.entries[0].traditional
        return convert_config(info.word, "t2s"), convert_config(info.word, "s2t")

    def save_current(self) -> int | None:
        """Save the word in the popup; returns the vocabulary item's id."""
        info, context, store = self.hover.current, self.context, self.context.store
        if info is None or context.current.shown is None or context.current.document is None:
            return None
        if info.damaged:
            self._tell("A damaged spot is not a word: nothing saved")
            return None
        if not _can_save(info):
            self._tell(f"{info.word} has no Chinese characters: nothing saved")
            return None
        if store is None or store.read_only:
            self._tell("Words cannot be saved: the notes database is unavailable")
            return None
        canonical = context.current.shown.canonical
        place = self.hover.origin or info  # a linked word: the sentence of the word in the text
        start, end = context.current.shown.conversion.offsets.canonical_span(place.start, place.end)
        from reader.services.vocabulary import build_saved_word, sentence_around

        s0, s1 = sentence_around(canonical, start, end)
        written = info.word if place is not info else canonical[start:end] or info.word
        simplified, traditional = self._forms(info)
        senses = [s for e in info.entries[:3] for s in e.senses]
        glossary = info.glossary
        record = build_saved_word(
            written,
            reading=[r for r in info.readings if r],
            senses=senses,
            sentence=canonical[s0:s1],
            script=context.current.conversions.source_of(context.current.document.sha256, canonical),
            simplified=simplified,
            traditional=traditional,
            glossary_headword=glossary.headword if glossary else "",
            glossary_gloss=glossary.gloss if glossary else "",
            document_id=context.current.document_id,
            source_title=context.current.document.title,
        )
        try:
            item_id = store.operations.save_word(record)
        except (StoreError, ValueError) as exc:
            self._tell(f"The word was not saved: {exc}")
            return None
        self._tell(f"Saved {info.word} to your vocabulary")
        self.hover.refresh()  # Saved ✓
        return item_id

    def toggle_known(self) -> None:
        info, store = self.hover.current, self.context.store
        if info is None:
            return
        if info.damaged:
            self._tell("A damaged spot is not a word: nothing marked")
            return
        if not _can_save(info):
            self._tell(f"{info.word} has no Chinese characters: nothing marked")
            return
        if store is None or store.read_only:
            self._tell("Words cannot be marked: the notes database is unavailable")
            return
        simplified, traditional = self._forms(info)
        status = "new" if self.status_of(info.word) == "known" else "known"
        try:
            store.operations.set_word_status(simplified, traditional, status)
        except StoreError as exc:
            self._tell(f"The word was not marked: {exc}")
            return
        self._tell(f"{info.word} marked {status}")
        self.hover.refresh()

    def copy_current(self) -> None:
        if self.hover.current is None:
            return
        QGuiApplication.clipboard().setText(self.hover.popup.plain_text())
        self._tell("Copied the entry")


def _can_save(info: WordInfo) -> bool:
    from reader.ui.reading.words.popup_content import can_save

    return can_save(info)
