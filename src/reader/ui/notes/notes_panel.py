"""The "Highlights & notes" dock: a document's highlights, their notes, search, export.

Layout, top to bottom: a search field (typing switches the list to results from every
document), sort and colour-filter controls, the highlights tree (placed, then orphaned), the
note editor of the selected highlight, and Delete / Export… buttons. Deleting goes through
the undo stack; notes save as they are typed. The search and the export run on the op runner
(:mod:`reader.ui.common.ops`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.services.notes_export import export_file
from reader.storage.records import Highlight, StoreError
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.settings import Settings
from reader.ui.common.style.highlight_colours import COLOUR_LABELS, colour_icon
from reader.ui.common.style.list_cells import ListCellDelegate, list_han_font
from reader.ui.notes.highlight_commands import DeleteHighlightCommand
from reader.ui.notes.note_editor import NoteEditor
from reader.ui.notes.notes_model import (
    COLUMN_NOTE,
    COLUMN_QUOTE,
    COLUMN_TIME,
    SORT_NEWEST,
    SORT_POSITION,
    HighlightRole,
    NotesFilterProxy,
    NotesModel,
)
from reader.ui.notes.notes_search import SEARCH_DELAY_MS, NotesSearchPage

#: Quotes are at this share of the reading font's size (a comfortable size in a narrow dock).
QUOTE_SCALE = 0.75

#: File-dialog filters by export format.
EXPORT_FILTERS: dict[str, str] = {
    "md": "Markdown (*.md)",
    "csv": "CSV spreadsheet (*.csv)",
    "json": "Web Annotation JSON (*.json)",
}


def export_notes(store: Store, path: str | Path, fmt: str) -> None:
    """Write every highlight and note to ``path``: atomically, the same bytes as ``reader notes
    export`` (:func:`~reader.services.notes_export.export_file`); OSError on failure, whose
    text is one sentence."""
    export_file(store, path, fmt)


def _format_for(path: str, chosen_filter: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in EXPORT_FILTERS:
        return suffix
    for fmt, label in EXPORT_FILTERS.items():
        if label == chosen_filter:
            return fmt
    return "md"


class NotesPanel(QDockWidget):
    """Highlights and notes of the open document (``set_document``), with search and export.

    Spans in :attr:`jumpRequested` are canonical code points ``[start, end)``.
    """

    jumpRequested = Signal(int, int, int)  # document_id, start, end
    highlightActivated = Signal(int)  # highlight_id

    def __init__(
        self,
        store: Store,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        ops: OpRunner | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__("Highlights && notes", parent)
        self.setObjectName("annotationsDock")  # kept: saved window layouts name the dock by it
        self.store = store
        self.undo_stack = undo_stack
        self.ops = ops if ops is not None else OpRunner(self)
        self.model = NotesModel(store, self)
        self.proxy = NotesFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        self.search_field = QLineEdit(body)
        self.search_field.setObjectName("notesSearch")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText("Search all notes…")
        self.search_field.setToolTip("Search the quotes and notes of every document")
        self.search_page = NotesSearchPage(store, body, self.ops)
        self._build_list_page(body)
        self.stack = QStackedWidget(body)
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.search_page)

        self.note_editor = NoteEditor(store, body)
        note_box = QWidget(body)
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 4, 0, 0)
        note_layout.setSpacing(2)
        note_layout.addWidget(QLabel("Note", note_box))
        note_layout.addWidget(self.note_editor)
        self.splitter = QSplitter(Qt.Orientation.Vertical, body)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(note_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.delete_button = QPushButton("Delete", body)
        self.delete_button.setObjectName("deleteHighlight")
        self.delete_button.setToolTip("Delete the selected highlight and its note (Del; undoable)")
        self.export_button = QPushButton("Export…", body)
        self.export_button.setObjectName("exportHighlights")
        self.export_button.setToolTip("Save every highlight and note as Markdown, CSV or JSON")
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search_field)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        self.setWidget(body)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_field.returnPressed.connect(self._run_search)
        self.search_page.jumpRequested.connect(self.jumpRequested)
        self.search_page.highlightActivated.connect(self.highlightActivated)
        self.search_page.searched.connect(lambda _query: self._on_selection_changed())
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_with_dialog)
        for signal in (self.proxy.rowsInserted, self.proxy.layoutChanged, self.proxy.modelReset):
            signal.connect(self._after_rows_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.search_page.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.settings = settings
        if settings is not None:
            settings.changed.connect(self._setting_changed)
        self._setting_changed("font_family")
        self._update_buttons()

    def _setting_changed(self, key: str) -> None:
        """Quotes are in the reading font's family, a little larger than the panel's text."""
        if key in ("font_family", "font_size"):
            settings = self.settings
            family = settings.font_family if settings is not None else None
            size = settings.font_size if settings is not None else 18.0
            self.quote_delegate.set_font(list_han_font(family, size, QUOTE_SCALE))
            self.view.doItemsLayout()

    def _build_list_page(self, body: QWidget) -> None:
        self.list_page = QWidget(body)
        self.sort_combo = QComboBox(self.list_page)
        self.sort_combo.setObjectName("notesSort")
        self.sort_combo.addItem("In text order", SORT_POSITION)
        self.sort_combo.addItem("Newest first", SORT_NEWEST)
        self.sort_combo.setToolTip("Order of the highlights")
        self.sort_combo.currentIndexChanged.connect(self._on_sort_changed)
        controls = QHBoxLayout()
        controls.setSpacing(2)
        controls.addWidget(self.sort_combo)
        controls.addStretch(1)
        self.colour_buttons: dict[str, QToolButton] = {}
        for colour, label in COLOUR_LABELS.items():
            button = QToolButton(self.list_page)
            button.setObjectName(f"filter_{colour}")
            button.setIcon(colour_icon(colour))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"Show only {label.lower()} highlights (several may be chosen)")
            button.toggled.connect(self._on_colour_filter)
            controls.addWidget(button)
            self.colour_buttons[colour] = button

        self.view = QTreeView(self.list_page)
        self.view.setObjectName("notesView")
        self.view.setModel(self.proxy)
        self.view.setIndentation(14)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAllColumnsShowFocus(True)
        # The quote over two lines with its note under it, in one column: the dock is narrow.
        self.quote_delegate = ListCellDelegate(self.view, max_lines=2)
        self.view.setItemDelegateForColumn(COLUMN_QUOTE, self.quote_delegate)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_QUOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_NOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_TIME, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnHidden(COLUMN_NOTE, True)
        self.view.activated.connect(self._activate)
        self.view.clicked.connect(self._activate)
        self.view.setColumnHidden(COLUMN_TIME, True)
        delete_action = QAction("Delete highlight", self.view)
        delete_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(delete_action)
        self.delete_action = delete_action

        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)

    # ------------------------------------------------------------------ public
    @property
    def document_id(self) -> int | None:
        return self.model.document_id

    def set_document(self, document_id: int | None) -> None:
        """Show this document's highlights (None: none); the open note is saved first."""
        self.note_editor.flush()
        self.model.set_document(document_id)
        self._on_selection_changed()

    def selected_highlight(self) -> Highlight | None:
        """The highlight selected on the page shown (the list, or the search results)."""
        searching = self.stack.currentWidget() is self.search_page
        view = self.search_page.view if searching else self.view
        index = view.currentIndex()
        if not view.selectionModel().isSelected(index):
            return None
        value = index.siblingAtColumn(COLUMN_QUOTE).data(HighlightRole)
        return value if isinstance(value, Highlight) else None

    def select_highlight(self, highlight_id: int) -> bool:
        """Select (and scroll to) a highlight, e.g. the one under the reading view's cursor."""
        index = self.proxy.mapFromSource(self.model.index_of(highlight_id))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def set_sort_order(self, order: str) -> None:
        """``"position"`` or ``"newest"`` (also what the combo shows)."""
        self.sort_combo.setCurrentIndex(self.sort_combo.findData(order))

    def set_colour_filter(self, colours: set[str]) -> None:
        """Show only these colours (empty: all); the buttons follow."""
        for colour, button in self.colour_buttons.items():
            button.setChecked(colour in colours)

    def search(self, query: str) -> None:
        """Show results for ``query`` across all documents (empty: back to the list)."""
        self.search_field.setText(query)
        self._run_search()

    def flush(self) -> bool:
        """Save a note being typed; the main window calls this when it closes.

        A note that still cannot be written (a full disk) is put in a text file beside the
        database (:meth:`NoteEditor.rescue`) rather than lost with the window.
        """
        if self.note_editor.flush():
            return True
        rescued = self.note_editor.rescue()
        if rescued is not None:
            print(f"reader: notes that could not be saved were written to {rescued}",
                  file=sys.stderr)
        return False

    def delete_selected(self) -> None:
        """Delete the selected highlight: undoably, or for an orphan after asking."""
        h = self.selected_highlight()
        if h is None or self.store.read_only:
            return
        self.note_editor.flush()
        try:
            if h.anchor_method == "orphan":
                answer = QMessageBox.question(
                    self,
                    "Delete orphaned highlight",
                    "This highlight's text is no longer in the document, so deleting it "
                    "cannot be undone. Delete it and its note?",
                )
                if answer == QMessageBox.StandardButton.Yes:
                    self.store.operations.delete_highlight(h.id)
                return
            self.undo_stack.push(DeleteHighlightCommand(self.store, h.id))
        except StoreError as exc:
            QMessageBox.warning(self, "Delete highlight", f"The highlight was not deleted: {exc}")

    def export_to(self, path: str | Path, fmt: str) -> None:
        """Export every highlight to ``path`` on the op runner; a failure is shown in a
        message box (:attr:`ops` ``.finished`` says when it is done)."""
        store = self.store
        self.ops.run(Op(
            "Export highlights and notes", lambda _p: export_notes(store, path, fmt),
            failure=f"Could not write {path}", detail=f"Writing {Path(path).name}…",
        ))

    def export_with_dialog(self) -> bool:
        """Ask for a file and a format, then export (True: the export was started)."""
        self.note_editor.flush()
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export highlights and notes",
            str(Path.home() / "highlights.md"),
            ";;".join(EXPORT_FILTERS.values()),
        )
        if not path:
            return False
        fmt = _format_for(path, chosen)
        if not Path(path).suffix:
            path += "." + fmt
        self.export_to(path, fmt)
        return True

    # ----------------------------------------------------------------- private
    def _run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_field.text().strip()
        self.search_page.set_query(query)
        self.stack.setCurrentWidget(self.search_page if query else self.list_page)
        self._on_selection_changed()

    def _on_sort_changed(self, _index: int = 0) -> None:
        order = str(self.sort_combo.currentData())
        self.model.set_sort_order(order)
        # The dock is narrow: the creation time gets a column only when it is the order.
        self.view.setColumnHidden(COLUMN_TIME, order != SORT_NEWEST)

    def _on_colour_filter(self, _checked: bool) -> None:
        chosen = {c for c, button in self.colour_buttons.items() if button.isChecked()}
        self.proxy.set_colours(chosen)

    def _after_rows_changed(self, *_args: object) -> None:
        for row in range(self.proxy.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
        self.view.expandAll()
        self._update_buttons()

    def _on_selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        h = self.selected_highlight()
        new_id = h.id if h is not None else None
        if new_id != self.note_editor.highlight_id:
            self.note_editor.set_highlight(new_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.store.read_only
        self.delete_button.setEnabled(writable and self.selected_highlight() is not None)
        self.delete_action.setEnabled(self.delete_button.isEnabled())

    def _activate(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(COLUMN_QUOTE).data(HighlightRole)
        if not isinstance(value, Highlight):
            return
        self.highlightActivated.emit(value.id)
        if value.anchor_method != "orphan":
            self.jumpRequested.emit(value.document_id, value.start, value.end)
