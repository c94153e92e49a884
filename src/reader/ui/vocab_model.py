"""Saved vocabulary as a Qt table, and the proxy that filters and sorts it.

:class:`VocabModel` lists every saved word (newest first, as the store gives them) in six
columns: Word, Reading, Meaning, Status, Note, Added. Meaning, Note and Status are editable;
an edit is one ``update_vocabulary`` transaction, and a refused edit keeps the old value. The
model follows the store's change notifications row by row (removals, inserts, data changes),
so a view keeps its selection while words are edited, saved or deleted elsewhere.

:class:`VocabFilterProxy` keeps the rows whose word (either script), reading (with tone marks,
tone numbers or none) or meaning contains the filter text, optionally of one status, and
sorts by :data:`SortRole` (dates and statuses in their natural order).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from reader.core.schema import VOCABULARY_STATUSES
from reader.core.store import Store
from reader.core.store_records import StoreError, VocabularyItem
from reader.core.study_export import pinyin_marks
from reader.ui.annotations_model import StoreChangeBridge, local_time, short_time

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

#: ``data(index, ItemRole)`` is the row's :class:`VocabularyItem` (any column).
ItemRole = int(Qt.ItemDataRole.UserRole) + 1
#: The item's id (int).
ItemIdRole = ItemRole + 1
#: A value that sorts the column naturally (ISO date, status rank, toneless reading …).
SortRole = ItemRole + 2

COLUMN_WORD, COLUMN_READING, COLUMN_MEANING, COLUMN_STATUS, COLUMN_NOTE, COLUMN_ADDED = range(6)
HEADERS = ("Word", "Reading", "Meaning", "Status", "Note", "Added")
#: Shown for each status (the store keeps the lowercase names).
STATUS_LABELS = {status: status.capitalize() for status in VOCABULARY_STATUSES}
#: Columns whose edit writes this field of the item.
_EDITABLE_FIELDS = {COLUMN_MEANING: "definition", COLUMN_NOTE: "note", COLUMN_STATUS: "status"}
_ONE_LINE = 80


def word_label(item: VocabularyItem) -> str:
    """``软件 / 軟體`` when the forms differ, else the one form."""
    if item.traditional and item.traditional != item.simplified:
        return f"{item.simplified} / {item.traditional}"
    return item.simplified


def _one_line(text: str, limit: int = _ONE_LINE) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ------------------------------------------------------------------- matching
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


# ---------------------------------------------------------------------- model
class VocabModel(QAbstractTableModel):
    """Every saved word, one row each, kept in step with the store."""

    #: An edit the store refused: ``(item id, message)``; the row keeps its old value.
    editRefused = Signal(int, str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._items: list[VocabularyItem] = store.vocabulary()
        self._keys: dict[int, SearchKeys] = {}
        self._bridge = StoreChangeBridge(store, self)
        self._bridge.changed.connect(self._on_store_changed)

    # ------------------------------------------------------------------ public
    @property
    def store(self) -> Store:
        return self._store

    def items(self) -> list[VocabularyItem]:
        """The rows, in model order (newest first)."""
        return list(self._items)

    def item_at(self, index: ModelIndex) -> VocabularyItem | None:
        """The item on ``index``'s row (None for an invalid index)."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def row_of(self, item_id: int) -> int:
        """The row of an item by id, or -1."""
        return next((row for row, item in enumerate(self._items) if item.id == item_id), -1)

    def search_keys(self, row: int) -> SearchKeys:
        """The filter's comparison keys for a row (cached per item version)."""
        item = self._items[row]
        keys = self._keys.get(item.id)
        if keys is None:
            keys = self._keys[item.id] = SearchKeys.of(item)
        return keys

    def refresh(self) -> None:
        """Bring the rows up to date with the store (done on every change notification)."""
        self._sync(self._store.vocabulary())

    def detach(self) -> None:
        """Stop following the store (before it is closed)."""
        self._bridge.detach()

    # ------------------------------------------------------------- Qt model API
    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() in _EDITABLE_FIELDS and not self._store.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.EditRole:
            if column in _EDITABLE_FIELDS:
                return str(getattr(item, _EDITABLE_FIELDS[column]))
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == ItemRole:
            return item
        if role == ItemIdRole:
            return item.id
        if role == SortRole:
            return self._sort_value(item, column)
        return None

    def setData(  # noqa: N802 (Qt API)
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        item = self.item_at(index)
        field = _EDITABLE_FIELDS.get(index.column())
        if item is None or field is None or role != Qt.ItemDataRole.EditRole:
            return False
        if self._store.read_only or not isinstance(value, str):
            return False
        new_value = value if field != "status" else value.strip().lower()
        if field == "definition":
            new_value = new_value.strip()
        if new_value == getattr(item, field):
            return True
        try:
            self._store.operations.update_vocabulary(item.id, **{field: new_value})
        except StoreError as exc:
            self.editRefused.emit(item.id, str(exc))
            return False
        self.refresh()  # usually done already by the notification; cheap when nothing changed
        return True

    # ---------------------------------------------------------------- display
    @staticmethod
    def _display(item: VocabularyItem, column: int) -> str:
        if column == COLUMN_WORD:
            return word_label(item)
        if column == COLUMN_READING:
            return pinyin_marks(item.reading)
        if column == COLUMN_MEANING:
            return _one_line(item.definition)
        if column == COLUMN_STATUS:
            return STATUS_LABELS.get(item.status, item.status)
        if column == COLUMN_NOTE:
            return _one_line(item.note)
        return short_time(item.created_at)

    @staticmethod
    def _tooltip(item: VocabularyItem, column: int) -> str | None:
        if column == COLUMN_MEANING and item.definition:
            return item.definition
        if column == COLUMN_NOTE and item.note:
            return item.note
        if column == COLUMN_ADDED:
            added = f"Added {local_time(item.created_at)}"
            if item.updated_at and item.updated_at != item.created_at:
                added += f"\nChanged {local_time(item.updated_at)}"
            return added
        if column == COLUMN_WORD and item.source_title:
            return f"From {item.source_title}"
        return None

    @staticmethod
    def _sort_value(item: VocabularyItem, column: int) -> Any:
        if column == COLUMN_WORD:
            return item.simplified
        if column == COLUMN_READING:
            return _strip_tones(pinyin_marks(item.reading)).casefold() + " " + item.reading
        if column == COLUMN_MEANING:
            return item.definition.casefold()
        if column == COLUMN_STATUS:
            statuses = VOCABULARY_STATUSES
            return statuses.index(item.status) if item.status in statuses else len(statuses)
        if column == COLUMN_NOTE:
            return item.note.casefold()
        return f"{item.created_at}\x00{item.id:012d}"

    # ---------------------------------------------------------------- updating
    def _on_store_changed(self, kind: str, _ids: object) -> None:
        if kind in ("vocabulary", "documents"):
            self.refresh()

    def _sync(self, new_items: list[VocabularyItem]) -> None:
        """Turn the rows into ``new_items``: removals, inserts, then changed rows' data.

        Rows keep the store's order (id descending); an id never changes its place, so no
        moves are needed.
        """
        rows = self._items
        wanted = {item.id for item in new_items}
        row = len(rows) - 1
        while row >= 0:
            if rows[row].id in wanted:
                row -= 1
                continue
            last = row
            while row - 1 >= 0 and rows[row - 1].id not in wanted:
                row -= 1
            self.beginRemoveRows(_ROOT, row, last)
            for gone in rows[row : last + 1]:
                self._keys.pop(gone.id, None)
            del rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        for row, item in enumerate(new_items):
            if row >= len(rows) or rows[row].id != item.id:
                self.beginInsertRows(_ROOT, row, row)
                rows.insert(row, item)
                self.endInsertRows()
        for row, item in enumerate(new_items):
            if rows[row] != item:
                rows[row] = item
                self._keys.pop(item.id, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))


class VocabFilterProxy(QSortFilterProxyModel):
    """Filters by text (word, reading, meaning) and status; sorts by :data:`SortRole`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._text_forms: tuple[str, ...] = ()
        self._status: str | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

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
        source = self.sourceModel()
        if not isinstance(source, VocabModel) or source_parent.isValid():
            return False
        item = source.item_at(source.index(source_row, 0))
        if item is None:
            return False
        if self._status is not None and item.status != self._status:
            return False
        return matches(source.search_keys(source_row), self._text, self._text_forms)


def _other_forms(text: str) -> tuple[str, ...]:
    """The filter text in Simplified and Traditional (when it has Han characters)."""
    if not text or not any("\u3400" <= c <= "\u9fff" or c > "\uffff" for c in text):
        return ()
    from reader.core.script import convert_config

    forms = {convert_config(text, config) for config in ("t2s", "s2t")}
    forms.discard(text)
    return tuple(sorted(forms))
