"""Filtering the vocabulary table: which words a filter text matches, and the proxy model.

A filter text matches a saved word when it is part of the word in either script (typed in
either: 软件 finds 軟件 and the other way round), of its reading — typed with tone marks
(``jīng``: that tone only), tone numbers (``jing1``) or no tones (``jingji``, ``jing ji``;
``lü``, ``lv`` and ``lu:`` alike) — or of its meaning (any case).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from reader.services.study_export import pinyin_marks
from reader.storage.records import VocabularyItem
from reader.storage.schema import VOCABULARY_STATUSES
from reader.ui.vocab.vocab_model import VocabModel

ModelIndex = QModelIndex | QPersistentModelIndex


def _strip_tones(text: str) -> str:
    """Tone marks off (ü kept as v): ``lǜsè`` → ``lvse``."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("ü", "v")


def _squash(text: str) -> str:
    """Lowercase, NFC, without spaces and apostrophes; ``u:`` written as ``v``."""
    text = unicodedata.normalize("NFC", text.lower()).replace("u:", "v")
    return "".join(c for c in text if not c.isspace() and c not in "'’-")


@dataclass(frozen=True)
class SearchKeys:
    """What the filter text is compared with, computed once per item."""

    words: tuple[str, ...]
    numbered: str  # jing4zheng1
    marked: str  # jìngzhēng
    toneless: str  # jingzheng
    meaning: str  # casefolded definition

    @classmethod
    def of(cls, item: VocabularyItem) -> SearchKeys:
        numbered = _squash(item.reading).replace("ü", "v")
        marked = _squash(pinyin_marks(item.reading))
        toneless = "".join(c for c in numbered if not c.isdigit())
        words = tuple(w for w in (item.simplified, item.traditional) if w)
        return cls(words, numbered, marked, toneless, item.definition.casefold())


def matches(keys: SearchKeys, query: str, query_words: tuple[str, ...] = ()) -> bool:
    """True when ``query`` is in the word (either script, or as ``query_words``: its other
    script forms), the reading (as typed: marks, numbers or no tones) or the meaning."""
    query = query.strip()
    if not query:
        return True
    if any(q in w for w in keys.words for q in (query, *query_words)):
        return True
    if query.casefold() in keys.meaning:
        return True
    squashed = _squash(query)
    if not squashed:
        return False
    if any(c.isdigit() for c in squashed):
        return squashed.replace("ü", "v") in keys.numbered
    toneless = _strip_tones(squashed)
    if toneless != squashed.replace("ü", "v"):  # the query has tone marks
        return squashed in keys.marked
    return toneless in keys.toneless


class VocabFilterProxy(QSortFilterProxyModel):
    """Filters a :class:`VocabModel` by text (word, reading, meaning) and status.

    Sorting is passed on to the source model (:meth:`VocabModel.sort`), which is much faster
    than the proxy comparing rows one pair at a time through Python; the proxy keeps the
    source's order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._text_forms: tuple[str, ...] = ()
        self._status: str | None = None
        self._keys: dict[int, tuple[VocabularyItem, SearchKeys]] = {}
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    @property
    def text(self) -> str:
        return self._text

    @property
    def status(self) -> str | None:
        return self._status

    def set_text(self, text: str) -> None:
        """Show rows matching ``text`` (see :func:`matches`); empty shows all."""
        text = text.strip()
        if text == self._text:
            return
        self.beginFilterChange()
        self._text = text
        self._text_forms = _other_forms(text)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        """Show only words of this status (None: every status)."""
        if status is not None and status not in VOCABULARY_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if status == self._status:
            return
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return bool(self._text) or self._status is not None

    def filterAcceptsRow(  # noqa: N802 (Qt API)
        self, source_row: int, source_parent: ModelIndex
    ) -> bool:
        if not self._text and self._status is None:
            return not source_parent.isValid()  # thousands of rows come at once: no lookups
        source = self.sourceModel()
        if not isinstance(source, VocabModel) or source_parent.isValid():
            return False
        item = source.item_at(source.index(source_row, 0))
        if item is None:
            return False
        if self._status is not None and item.status != self._status:
            return False
        return not self._text or matches(self._search_keys(item), self._text, self._text_forms)

    def _search_keys(self, item: VocabularyItem) -> SearchKeys:
        cached = self._keys.get(item.id)
        if cached is not None and cached[0] == item:
            return cached[1]
        keys = SearchKeys.of(item)
        self._keys[item.id] = (item, keys)
        return keys


def _other_forms(text: str) -> tuple[str, ...]:
    """The filter text in Simplified and Traditional (when it has Han characters)."""
    if not text or not any("\u3400" <= c <= "\u9fff" or c > "\uffff" for c in text):
        return ()
    from reader.language.scripts.converters import convert_config

    forms = {convert_config(text, config) for config in ("t2s", "s2t")}
    forms.discard(text)
    return tuple(sorted(forms))
