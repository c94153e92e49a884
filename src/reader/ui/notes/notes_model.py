"""One document's highlights as a Qt tree: placed highlights, then orphans, each a group.

:class:`StoreChangeBridge` turns the store's "changed" callback (called on whatever thread
wrote) into a Qt signal delivered on the GUI thread. :class:`NotesModel` listens to it
and updates itself row by row (inserts, removals, moves, data changes), so views keep their
selection and scroll position while notes are typed. :class:`NotesFilterProxy` filters
by colour and hides empty groups.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from reader.storage.changes import Change, Changed
from reader.storage.records import Highlight
from reader.storage.store import Store
from reader.ui.common.model_headers import horizontal_header
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.style.highlight_colours import COLOUR_LABELS, colour_icon
from reader.ui.common.style.list_cells import SecondLineRole
from reader.ui.common.times import local_time, short_time

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root

#: ``data(index, HighlightRole)`` is the row's :class:`Highlight` (None on group rows).
HighlightRole = int(Qt.ItemDataRole.UserRole) + 1
#: The highlight's id (int), or None on group rows.
HighlightIdRole = HighlightRole + 1
#: The highlight's colour name, or None on group rows.
ColourRole = HighlightRole + 2
#: True on orphaned highlights (children of the orphan group).
OrphanRole = HighlightRole + 3

SORT_POSITION = "position"
SORT_NEWEST = "newest"
SORT_ORDERS = (SORT_POSITION, SORT_NEWEST)

COLUMN_QUOTE, COLUMN_NOTE, COLUMN_TIME = range(3)
_HEADERS = ("Highlight", "Note", "Created")
_GROUP_TITLES = ("Highlights", "Orphaned — could not be placed after the text changed")
_NOTE_CHARS = 48


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, with an ellipsis when cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def highlight_tooltip(h: Highlight) -> str:
    """The full quote, note, colour, placement and times of a highlight (plain text)."""
    lines = [f"「{h.quote}」"]
    if h.note:
        lines += ["", h.note]
    lines += ["", f"{COLOUR_LABELS.get(h.colour, h.colour)} · created {local_time(h.created_at)}"]
    if h.updated_at != h.created_at:
        lines.append(f"changed {local_time(h.updated_at)}")
    if h.anchor_method == "orphan":
        lines.append("Not found in the current text (the document was re-imported).")
    elif h.anchor_method in ("context", "fuzzy"):
        lines.append("Placed again after the text changed; check it still fits.")
    return "\n".join(lines)


def _sort_key(order: str) -> Any:
    if order == SORT_NEWEST:
        return lambda h: (_negated(h.created_at), -h.id)
    return lambda h: (h.start, h.end, h.id)


def _negated(stamp: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in stamp)


class NotesModel(QAbstractItemModel):
    """Two groups (placed, orphaned) of one document's highlights, three columns.

    Group rows have internal id 0; a highlight row has internal id ``group + 1``.
    """

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._document_id: int | None = None
        self._order = SORT_POSITION
        self._groups: list[list[Highlight]] = []
        self._bridge = StoreChangeBridge(store, self)
        self._bridge.changed.connect(self._on_store_changed)

    # ------------------------------------------------------------------ public
    @property
    def store(self) -> Store:
        return self._store

    @property
    def document_id(self) -> int | None:
        return self._document_id

    @property
    def sort_order(self) -> str:
        return self._order

    def set_document(self, document_id: int | None) -> None:
        """Show this document's highlights (None: nothing)."""
        self.beginResetModel()
        self._document_id = document_id
        self._groups = self._load() if document_id is not None else []
        self.endResetModel()

    def set_sort_order(self, order: str) -> None:
        """``"position"`` (text order) or ``"newest"`` (most recently created first)."""
        if order not in SORT_ORDERS:
            raise ValueError(f"unknown sort order {order!r}; choose one of {SORT_ORDERS}")
        if order == self._order:
            return
        self._order = order
        key = _sort_key(order)
        for group, rows in enumerate(self._groups):
            self._reorder(group, sorted(rows, key=key))

    def refresh(self) -> None:
        """Bring the rows up to date with the store (done on every change notification)."""
        if self._document_id is None:
            return
        for group, new_rows in enumerate(self._load()):
            self._sync(group, new_rows)

    def highlight_at(self, index: ModelIndex) -> Highlight | None:
        """The highlight on ``index``'s row, or None for a group row or an invalid index."""
        if not index.isValid() or index.internalId() == 0:
            return None
        rows = self._groups[index.internalId() - 1]
        return rows[index.row()] if index.row() < len(rows) else None

    def index_of(self, highlight_id: int, column: int = 0) -> QModelIndex:
        """The index of a highlight by id (invalid when it is not shown)."""
        for group, rows in enumerate(self._groups):
            for row, h in enumerate(rows):
                if h.id == highlight_id:
                    return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def group_index(self, orphans: bool) -> QModelIndex:
        """The index of the placed (False) or orphaned (True) group."""
        group = 1 if orphans else 0
        return self.index(group, 0) if group < len(self._groups) else QModelIndex()

    def highlights(self, orphans: bool = False) -> list[Highlight]:
        """The rows of one group, in the current order."""
        group = 1 if orphans else 0
        return list(self._groups[group]) if group < len(self._groups) else []

    # ------------------------------------------------------------- Qt model API
    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()])
        return 0

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return len(_HEADERS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return horizontal_header(_HEADERS, section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        h = self.highlight_at(index)
        if h is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_QUOTE:  # whole: the list cuts it to its width, at a word
                return " ".join(h.quote.split())
            if column == COLUMN_NOTE:
                return shorten(h.note or "", _NOTE_CHARS)
            return short_time(h.created_at)
        if role == Qt.ItemDataRole.DecorationRole and column == COLUMN_QUOTE:
            return colour_icon(h.colour) if h.colour in COLOUR_LABELS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return highlight_tooltip(h)
        if role == SecondLineRole and column == COLUMN_QUOTE:
            return shorten(h.note, _NOTE_CHARS * 4) if h.note else None
        if role == HighlightRole:
            return h
        if role == HighlightIdRole:
            return h.id
        if role == ColourRole:
            return h.colour
        if role == OrphanRole:
            return h.anchor_method == "orphan"
        return None

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        rows = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            name, _, explanation = _GROUP_TITLES[index.row()].partition(" — ")
            return f"{name} ({len(rows)})" + (f" — {explanation}" if explanation else "")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.row() == 1:
            return (
                "These highlights' text is no longer in the document. They keep their quote "
                "and note; delete them or export them."
            )
        if role == OrphanRole:
            return index.row() == 1
        return None

    # ---------------------------------------------------------------- updating
    def _load(self) -> list[list[Highlight]]:
        assert self._document_id is not None
        everything = self._store.highlights(self._document_id, include_orphans=True)
        key = _sort_key(self._order)
        placed = sorted((h for h in everything if h.anchor_method != "orphan"), key=key)
        orphans = sorted((h for h in everything if h.anchor_method == "orphan"), key=key)
        return [placed, orphans]

    def _on_store_changed(self, change: Change) -> None:
        if self._store.closed:  # queued from a worker as the window closed: nothing to read
            return
        if change.touches(Changed.HIGHLIGHTS | Changed.NOTES | Changed.DOCUMENTS | Changed.TEXT):
            self.refresh()

    def _group_parent(self, group: int) -> QModelIndex:
        return self.createIndex(group, 0, 0)

    def _sync(self, group: int, new_rows: list[Highlight]) -> None:
        """Turn the group's rows into ``new_rows`` with removals, a move, inserts, changes."""
        rows = self._groups[group]
        parent = self._group_parent(group)
        wanted = {h.id for h in new_rows}
        for row in range(len(rows) - 1, -1, -1):
            if rows[row].id not in wanted:
                self.beginRemoveRows(parent, row, row)
                del rows[row]
                self.endRemoveRows()
        kept = {h.id for h in rows}
        by_id = {h.id: h for h in rows}
        kept_order = [by_id[h.id] for h in new_rows if h.id in kept]
        if [h.id for h in kept_order] != [h.id for h in rows]:
            self._reorder(group, kept_order)
        for row, h in enumerate(new_rows):
            if row >= len(rows) or rows[row].id != h.id:
                self.beginInsertRows(parent, row, row)
                rows.insert(row, h)
                self.endInsertRows()
        for row, h in enumerate(new_rows):
            if rows[row] != h:
                rows[row] = h
                self.dataChanged.emit(
                    self.index(row, 0, parent), self.index(row, len(_HEADERS) - 1, parent)
                )
        self.dataChanged.emit(parent, parent)  # the group's count

    def _reorder(self, group: int, new_rows: list[Highlight]) -> None:
        """Put the same highlights in a new order, keeping persistent indexes on them."""
        rows = self._groups[group]
        self.layoutAboutToBeChanged.emit()
        new_row_of = {h.id: row for row, h in enumerate(new_rows)}
        old_ids = [h.id for h in rows]
        moves_from: list[QModelIndex] = []
        moves_to: list[QModelIndex] = []
        for persistent in self.persistentIndexList():
            if persistent.internalId() == group + 1 and persistent.row() < len(old_ids):
                new_row = new_row_of[old_ids[persistent.row()]]
                moves_from.append(persistent)
                moves_to.append(self.createIndex(new_row, persistent.column(), group + 1))
        self._groups[group] = list(new_rows)
        self.changePersistentIndexList(moves_from, moves_to)
        self.layoutChanged.emit()


class NotesFilterProxy(QSortFilterProxyModel):
    """Shows only highlights of the chosen colours (all when none is chosen); a group is
    shown only while it has a visible highlight."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._colours: frozenset[str] = frozenset()
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(True)

    @property
    def colours(self) -> frozenset[str]:
        return self._colours

    def set_colours(self, colours: set[str] | frozenset[str]) -> None:
        """Show only these colours; an empty set shows every colour."""
        colours = frozenset(colours)
        if colours != self._colours:
            self.beginFilterChange()
            self._colours = colours
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802 (Qt API)
        self, source_row: int, source_parent: ModelIndex
    ) -> bool:
        if not source_parent.isValid():
            return False  # a group: shown through recursive filtering when a child is
        source = self.sourceModel()
        colour = source.data(source.index(source_row, 0, source_parent), ColourRole)
        return not self._colours or colour in self._colours
