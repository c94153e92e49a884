"""Search the quotes and notes of every document (``Store.search``: 发展 finds 發展).

:class:`NotesSearchPage` is the results list (used by the notes panel and by
:class:`NotesSearchDialog`); activating a result emits where to go. A placed highlight's span
is its canonical ``[start, end)``; an orphan's is the empty span at its old place (open the
document there, nothing to select). The search runs on the op runner
(:mod:`reader.ui.common.ops`): typing never waits for the database, and a newer query
supersedes one still running.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from reader.storage.changes import Change, Changed
from reader.storage.highlight_search import SearchHit
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.style.highlight_colours import COLOUR_LABELS, colour_icon
from reader.ui.common.style.list_cells import ListCellDelegate, SecondLineRole
from reader.ui.notes.notes_model import (
    HighlightIdRole,
    HighlightRole,
    highlight_tooltip,
    shorten,
)

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # default parent: the invisible root

#: Milliseconds of quiet typing before a search runs.
SEARCH_DELAY_MS = 200
#: Results shown at most.
SEARCH_LIMIT = 200
_SEARCH_KEY = "notes-search"


def jump_span(hit: SearchHit) -> tuple[int, int, int]:
    """``(document_id, start, end)`` to open for a hit (an orphan: an empty span)."""
    h = hit.highlight
    if h.anchor_method == "orphan":
        return h.document_id, h.start, h.start
    return h.document_id, h.start, h.end


class NotesSearchModel(QAbstractListModel):
    """Search hits: two lines each — the quote (and note), then the document's title."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._hits: list[SearchHit] = []

    @property
    def query(self) -> str:
        return self._query

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def hit_at(self, index: ModelIndex) -> SearchHit | None:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        return self._hits[index.row()]

    def show(self, query: str, hits: list[SearchHit]) -> None:
        """Show the ``hits`` found for ``query`` (the same ones again are updated in place)."""
        if query == self._query and [h.highlight.id for h in hits] == [
            h.highlight.id for h in self._hits
        ]:
            self._hits = hits  # the same results, updated (e.g. a note was typed)
            if hits:
                self.dataChanged.emit(self.index(0), self.index(len(hits) - 1))
            return
        self.beginResetModel()
        self._query, self._hits = query, hits
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index)
        if hit is None:
            return None
        h = hit.highlight
        if role == Qt.ItemDataRole.DisplayRole:  # whole: the list cuts it at a word
            first = f"「{' '.join(h.quote.split())}」"
            if h.note:
                first += "  " + shorten(h.note, 400)
            return first
        if role == SecondLineRole:
            where = f"《{hit.document_title}》"
            if h.anchor_method == "orphan":
                where += " · not found in the current text"
            return where
        if role == Qt.ItemDataRole.DecorationRole:
            return colour_icon(h.colour) if h.colour in COLOUR_LABELS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"《{hit.document_title}》\n{highlight_tooltip(h)}"
        if role == HighlightRole:
            return h
        if role == HighlightIdRole:
            return h.id
        return None


class NotesSearchPage(QWidget):
    """A results list over :class:`NotesSearchModel`, kept fresh while the store changes."""

    #: ``(document_id, start, end)`` — canonical code points (orphans: ``start == end``).
    jumpRequested = Signal(int, int, int)
    #: ``(highlight_id)`` of the activated result.
    highlightActivated = Signal(int)
    #: ``(query)`` whose results (or failure) are shown now.
    searched = Signal(str)

    def __init__(
        self, store: Store, parent: QWidget | None = None, ops: OpRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.ops = ops if ops is not None else OpRunner(self)
        #: The query asked for last (its results may still be on their way).
        self.query = ""
        self.model = NotesSearchModel(self)
        self.view = QListView(self)
        self.view.setObjectName("notesSearchResults")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ListCellDelegate(self.view, max_lines=2))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.status = QLabel(self)
        self.status.setObjectName("notesSearchStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        self._bridge = StoreChangeBridge(store, self)
        self._bridge.changed.connect(self._on_store_changed)
        self._update_status()

    def set_query(self, query: str) -> None:
        """Search on the op runner; the results replace the list when they arrive, then
        :attr:`searched` (re-running the same query keeps the selected result selected).
        An empty query shows nothing, at once."""
        self.query = query = query.strip()
        if not query:
            self.ops.cancel(_SEARCH_KEY)
            self._show(query, [])
            return
        store = self._store
        self.ops.run(Op(
            "Search notes", lambda _p: store.search(query, SEARCH_LIMIT),
            lambda hits: self._show(query, hits),
            on_error=lambda message: self._failed(query, message),
            key=_SEARCH_KEY, progress=False,
        ))

    def _show(self, query: str, hits: list[SearchHit]) -> None:
        selected = self.view.currentIndex().data(HighlightIdRole)
        self.model.show(query, hits)
        self._update_status()
        if selected is not None and not self.view.currentIndex().isValid():
            for row, hit in enumerate(self.model.hits()):
                if hit.highlight.id == selected:
                    self.view.setCurrentIndex(self.model.index(row))
                    break
        self.searched.emit(query)

    def _failed(self, query: str, message: str) -> None:
        self.status.setText(f"The search for “{query}” failed: {message}")
        self.searched.emit(query)

    def activate_row(self, row: int) -> None:
        """Act as if the user activated result ``row``."""
        self._activate(self.model.index(row, 0))

    def _activate(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index)
        if hit is None:
            return
        self.highlightActivated.emit(hit.highlight.id)
        self.jumpRequested.emit(*jump_span(hit))

    def _on_store_changed(self, change: Change) -> None:
        kinds = Changed.HIGHLIGHTS | Changed.NOTES | Changed.DOCUMENTS | Changed.TEXT
        if change.touches(kinds) and self.query:
            self.set_query(self.query)

    def _update_status(self) -> None:
        query, count = self.model.query, self.model.rowCount()
        if not query:
            text = "Type to search the highlights and notes of every document."
        elif count == 0:
            text = f"No highlight or note contains “{query}”."
        elif count == 1:
            text = f"1 highlight contains “{query}”."
        else:
            text = f"{count} highlights contain “{query}”."
        self.status.setText(text)


class NotesSearchDialog(QDialog):
    """A non-modal "Search notes" window: a field over a :class:`NotesSearchPage`."""

    jumpRequested = Signal(int, int, int)
    highlightActivated = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesSearchDialog")
        self.setWindowTitle("Search highlights and notes")
        self.field = QLineEdit(self)
        self.field.setObjectName("notesSearchField")
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText("Search all documents (简体 or 繁體)…")
        self.page = NotesSearchPage(store, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.page, 1)
        self.resize(460, 520)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.page.set_query(self.field.text()))
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self.search_now)
        self.page.jumpRequested.connect(self.jumpRequested)
        self.page.highlightActivated.connect(self.highlightActivated)

    def search(self, query: str) -> None:
        """Show ``query`` in the field and its results at once."""
        self.field.setText(query)
        self.search_now()

    def search_now(self) -> None:
        self._timer.stop()
        self.page.set_query(self.field.text())
