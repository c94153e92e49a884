"""Saved vocabulary as a Qt table (see :mod:`reader.ui.vocab.vocab_filter` for filtering).

:class:`VocabModel` lists every saved word in six columns: Word, Reading, Meaning, Status,
Note, Added — newest first, or sorted by any column (:meth:`VocabModel.sort`, done in Python
on :data:`SortRole` values, so thousands of words sort at once). Meaning, Note and Status are
editable; an edit is one ``update_vocabulary`` transaction, and a refused edit keeps the old
value (:attr:`VocabModel.editRefused` says why). The model follows the store's change
notifications row by row (removals, data changes, moves, inserts — never a reset), so a view
keeps its selection while words are edited, saved or deleted elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reader.services.study_export import pinyin_marks
from reader.storage.changes import Change, Changed
from reader.storage.records import StoreError, VocabularyItem
from reader.storage.schema import VOCABULARY_STATUSES
from reader.storage.store import Store
from reader.ui.common.model_headers import horizontal_header
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.style.list_cells import ToneRunsRole, tone_runs
from reader.ui.common.times import local_time, short_time

_log = logging.getLogger(__name__)

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
#: Meaning and note are given whole up to this length (the table cuts them at a word to
#: fit its column; the tool tip has them in full).
_ONE_LINE = 400
#: Columns whose cells have the reading's tone runs (the word: shown below it when narrow).
_READ_ALOUD = frozenset({COLUMN_WORD, COLUMN_READING})
_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.EditRole),
        int(Qt.ItemDataRole.ToolTipRole),
        ItemRole,
        ItemIdRole,
        SortRole,
        ToneRunsRole,
    }
)


def word_label(item: VocabularyItem) -> str:
    """``软件 / 軟體`` when the forms differ, else the one form."""
    if item.traditional and item.traditional != item.simplified:
        return f"{item.simplified} / {item.traditional}"
    return item.simplified


def _one_line(text: str, limit: int = _ONE_LINE) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------------- model
class VocabModel(QAbstractTableModel):
    """Every saved word, one row each, kept in step with the store."""

    #: An edit the store refused: ``(item id, message)``; the row keeps its old value.
    editRefused = Signal(int, str)

    def __init__(
        self, store: Store, parent: QObject | None = None, *, load: bool = True
    ) -> None:
        """``load``: read the rows now (else empty until :meth:`refresh`: a view set up over
        it sorts and filters no rows)."""
        super().__init__(parent)
        self._store = store
        self._sort_column = COLUMN_ADDED
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._tone_scheme = "none"
        self._items: list[VocabularyItem] = self._sorted(store.vocabulary()) if load else []
        self._loaded = load  # a refresh (the store changed) supersedes a load still running
        self._bridge = StoreChangeBridge(store, self)
        self._bridge.changed.connect(self._on_store_changed)

    # ------------------------------------------------------------------ public
    @property
    def store(self) -> Store:
        return self._store

    def items(self) -> list[VocabularyItem]:
        """The rows, in model order (as sorted: newest first by default)."""
        return list(self._items)

    def item_at(self, index: ModelIndex) -> VocabularyItem | None:
        """The item on ``index``'s row (None for an invalid index)."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def row_of(self, item_id: int) -> int:
        """The row of an item by id, or -1."""
        return next((row for row, item in enumerate(self._items) if item.id == item_id), -1)

    def refresh(self) -> None:
        """Bring the rows up to date with the store (done on every change notification)."""
        self._loaded = True
        self._sync(self._store.vocabulary())

    def load_on(self, ops: OpRunner) -> None:
        """The first rows, read on ``ops``' worker (the query and its records: ~40 ms for 4,000
        saved words) and inserted at once when they arrive."""
        store = self._store

        def arrived(items: list[VocabularyItem]) -> None:
            if not self._loaded:
                self._loaded = True
                self._sync(items)

        ops.run(Op(
            "Vocabulary", lambda _p: store.vocabulary(), arrived,
            # a closed store at shutdown: nothing to show
            on_error=lambda message: _log.debug("vocabulary load failed: %s", message),
            progress=False,
        ))

    def set_tone_scheme(self, scheme: str) -> None:
        """Colour the readings' syllables by tone (``TONE_SCHEMES``: "pleco", "none" …)."""
        if scheme != self._tone_scheme:
            self._tone_scheme = scheme
            if self._items:
                last = len(self._items) - 1
                self.dataChanged.emit(
                    self.index(0, COLUMN_WORD), self.index(last, COLUMN_READING), [ToneRunsRole]
                )

    def detach(self) -> None:
        """Stop following the store (before it is closed)."""
        self._bridge.detach()

    # ------------------------------------------------------------- Qt model API
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by a column's :data:`SortRole` value (in Python: fast for many rows);
        rows that compare equal keep id order. Column -1: the store's order, newest first."""
        if 0 <= column < len(HEADERS):
            self._sort_column, self._sort_order = column, order
        else:
            self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder
        self._reorder(self._sorted(self._items))

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return horizontal_header(HEADERS, section, orientation, role)

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
        if role not in _ROLES:  # views ask for fonts, colours … many times: answer fast
            return None
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
        if role == ToneRunsRole:
            return tone_runs(item.reading.split(), self._tone_scheme) if column in _READ_ALOUD else None
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
        changes: dict[str, Any] = {field: new_value}
        try:
            self._store.operations.update_vocabulary(item.id, **changes)
        except StoreError as exc:
            self.editRefused.emit(item.id, str(exc))
            return False
        self._refresh_rows((item.id,))  # done already by the notification when it came
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
            toneless = "".join(c for c in item.reading.casefold() if not c.isdigit())
            return f"{toneless}\x00{item.reading}"
        if column == COLUMN_MEANING:
            return item.definition.casefold()
        if column == COLUMN_STATUS:
            statuses = VOCABULARY_STATUSES
            return statuses.index(item.status) if item.status in statuses else len(statuses)
        if column == COLUMN_NOTE:
            return item.note.casefold()
        return f"{item.created_at}\x00{item.id:012d}"

    # ---------------------------------------------------------------- updating
    def _on_store_changed(self, change: Change) -> None:
        if change.touches(Changed.DOCUMENTS) or (
            change.touches(Changed.VOCABULARY) and not change.ids
        ):
            self.refresh()  # a document's words lose or change their source: all of them
        elif change.touches(Changed.VOCABULARY):
            self._refresh_rows(change.ids)

    def _refresh_rows(self, item_ids: tuple[int, ...]) -> None:
        """Only these saved words read again (a save or an edit among thousands of words:
        reading them all is ~40 ms and more on the GUI thread); the rows in step as
        :meth:`refresh` leaves them."""
        if not self._loaded:
            self.refresh()
            return
        fresh = {item.id: item for item in self._store.vocabulary_items(item_ids)}
        touched = set(item_ids)
        rows = [item for item in self._items if item.id not in touched]  # still in order
        for item in fresh.values():  # each in its sorted place: no sort of every row
            rows.insert(self._sorted_place(rows, item), item)
        self._sync(rows, in_order=True)

    def _sorted_place(self, rows: list[VocabularyItem], item: VocabularyItem) -> int:
        """Where ``item`` goes among ``rows``, which are in the model's order."""
        column = self._sort_column
        descending = column >= 0 and self._sort_order == Qt.SortOrder.DescendingOrder

        def key(row: VocabularyItem) -> tuple[Any, int]:
            return (0, -row.id) if column < 0 else (self._sort_value(row, column), row.id)

        wanted, low, high = key(item), 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            here = key(rows[middle])
            if (here > wanted) if descending else (here < wanted):
                low = middle + 1
            else:
                high = middle
        return low

    def _sorted(self, items: list[VocabularyItem]) -> list[VocabularyItem]:
        column = self._sort_column
        if column < 0:
            return sorted(items, key=lambda item: -item.id)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(
            items, key=lambda item: (self._sort_value(item, column), item.id), reverse=descending
        )

    def _sync(self, new_items: list[VocabularyItem], in_order: bool = False) -> None:
        """Turn the rows into ``new_items`` (sorted here unless ``in_order``): removals,
        changed rows' data, a reordering when an edit moved a row, then inserts — never a
        reset, so views keep their selection."""
        if not in_order:
            new_items = self._sorted(new_items)
        rows = self._items
        if not rows and new_items:  # the first fill: one insert, not one a row
            self.beginInsertRows(_ROOT, 0, len(new_items) - 1)
            self._items = new_items
            self.endInsertRows()
            return
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
            del rows[row : last + 1]
            self.endRemoveRows()
            row -= 1
        fresh = {item.id: item for item in new_items}
        for row, item in enumerate(rows):
            if fresh[item.id] != item:
                rows[row] = fresh[item.id]
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        kept = {item.id for item in rows}
        kept_order = [item for item in new_items if item.id in kept]
        if [item.id for item in kept_order] != [item.id for item in rows]:
            self._reorder(kept_order)
            rows = self._items
        for row, item in enumerate(new_items):
            if row >= len(rows) or rows[row].id != item.id:
                self.beginInsertRows(_ROOT, row, row)
                rows.insert(row, item)
                self.endInsertRows()

    def _reorder(self, new_rows: list[VocabularyItem]) -> None:
        """Put the same items in a new order, keeping persistent indexes on them."""
        if [item.id for item in new_rows] == [item.id for item in self._items]:
            return
        self.layoutAboutToBeChanged.emit()
        new_row_of = {item.id: row for row, item in enumerate(new_rows)}
        old_ids = [item.id for item in self._items]
        moves_from: list[QModelIndex] = []
        moves_to: list[QModelIndex] = []
        for persistent in self.persistentIndexList():
            if 0 <= persistent.row() < len(old_ids):
                moves_from.append(persistent)
                new_row = new_row_of[old_ids[persistent.row()]]
                moves_to.append(self.index(new_row, persistent.column()))
        self._items = list(new_rows)
        self.changePersistentIndexList(moves_from, moves_to)
        self.layoutChanged.emit()
