"""The "Vocabulary" dock: saved words in a sortable, filterable table, with details and export.

Layout, top to bottom: a filter field (word in either script, pinyin with or without tones,
meaning) and a status filter; the table (Word, Reading, Meaning, Status, Note, Added —
Meaning and Note edit in place with F2 or a click on the selected cell, Status with a combo);
the selected word's details (its sentence in both scripts with the word in bold, its source,
glossary entry and note); Delete / Export… buttons. Deleting goes through the undo stack;
double-clicking a word asks the main window to open its document at the sentence.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.storage.records import StoreError, VocabularyItem
from reader.storage.schema import VOCABULARY_STATUSES
from reader.storage.store import Store
from reader.ui.common.ops import OpRunner
from reader.ui.common.settings import Settings
from reader.ui.common.style.list_cells import list_han_font
from reader.ui.vocab.vocab_columns import VocabColumns
from reader.ui.vocab.vocab_commands import DeleteVocabularyCommand
from reader.ui.vocab.vocab_detail import detail_html
from reader.ui.vocab.vocab_export import export_with_dialog
from reader.ui.vocab.vocab_filter import VocabFilterProxy
from reader.ui.vocab.vocab_model import (
    COLUMN_ADDED,
    COLUMN_STATUS,
    COLUMN_WORD,
    STATUS_LABELS,
    ItemRole,
    VocabModel,
)

ModelIndex = QModelIndex | QPersistentModelIndex

#: The details (sentences in both scripts) are at this share of the reading font's size.
DETAIL_SCALE = 0.7
#: Typing in the filter field waits this long for a pause before filtering.
FILTER_DELAY_MS = 150


class StatusDelegate(QStyledItemDelegate):
    """A combo box (New / Learning / Known) for the Status column; a choice commits at once."""

    def createEditor(  # noqa: N802 (Qt API)
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("vocabStatusEditor")
        for status in VOCABULARY_STATUSES:
            combo.addItem(STATUS_LABELS[status], status)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802 (Qt API)
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(  # noqa: N802 (Qt API)
        self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)


class VocabDock(QDockWidget):
    """Every saved word, filterable and editable; delete (undoable) and export."""

    jumpRequested = Signal(int, str)  # document_id, the sentence to find in it

    def __init__(
        self,
        store: Store,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        ops: OpRunner | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__("Vocabulary", parent)
        self.setObjectName("vocabDock")
        self.store = store
        self.undo_stack = undo_stack
        self.ops = ops if ops is not None else OpRunner(self)
        self.model = VocabModel(store, self, load=False)  # filled once the view is set up
        self.proxy = VocabFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        self.filter_field = QLineEdit(body)
        self.filter_field.setObjectName("vocabFilter")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.setPlaceholderText("Filter words…")
        self.filter_field.setToolTip("Filter by word (either script), pinyin or meaning")
        self.status_combo = QComboBox(body)
        self.status_combo.setObjectName("vocabStatusFilter")
        self.status_combo.addItem("All", None)
        for status in VOCABULARY_STATUSES:
            self.status_combo.addItem(STATUS_LABELS[status], status)
        self.status_combo.setToolTip("Show only words with this status")
        filters = QHBoxLayout()
        filters.setSpacing(4)
        filters.addWidget(self.filter_field, 1)
        filters.addWidget(self.status_combo)

        self._build_view(body)
        self.detail = QTextBrowser(body)
        self.detail.setObjectName("vocabDetail")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a word to see its sentence.")
        self.splitter = QSplitter(Qt.Orientation.Vertical, body)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 4)

        self.delete_button = QPushButton("Delete", body)
        self.delete_button.setObjectName("deleteVocabulary")
        self.delete_button.setToolTip("Delete the selected words (Del; undoable)")
        self.count_label = QLabel(body)
        self.count_label.setObjectName("vocabCount")
        self.export_button = QPushButton("Export…", body)
        self.export_button.setObjectName("exportVocabulary")
        self.export_button.setToolTip(
            "Save the words shown as an Anki deck, Pleco flashcards or a tab-separated list"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignCenter)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        self.setWidget(body)

        self._message = ""
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_field.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_field.returnPressed.connect(self._apply_filter)
        self.status_combo.currentIndexChanged.connect(self._on_status_filter)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button.clicked.connect(self.export_with_dialog)
        self.view.doubleClicked.connect(self._activate)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.dataChanged.connect(self._on_data_changed)
        self.model.editRefused.connect(self._on_edit_refused)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_status)
        for signal in (self.proxy.rowsInserted, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self.columns.schedule)
        self.settings = settings
        if settings is not None:
            settings.changed.connect(self._setting_changed)
        self._setting_changed("")
        self.model.load_on(self.ops)  # on a worker; then one sort, one insert
        self._update_status()

    def _setting_changed(self, key: str) -> None:
        """Follow the reading font (the word column, the details' sentences) and the tone
        colours (the reading)."""
        settings = self.settings
        if settings is None:
            return
        if key in ("", "font_family", "font_size"):
            self.columns.set_han_font(settings.font_family, settings.font_size)
            details = list_han_font(settings.font_family, settings.font_size, DETAIL_SCALE)
            self.detail.document().setDefaultFont(details)
        if key in ("", "tone_scheme"):
            self.model.set_tone_scheme(settings.tone_scheme)

    def _build_view(self, body: QWidget) -> None:
        self.view = QTableView(body)
        self.view.setObjectName("vocabView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMN_ADDED, Qt.SortOrder.DescendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.status_delegate = StatusDelegate(self.view)
        self.view.setItemDelegateForColumn(COLUMN_STATUS, self.status_delegate)
        self.columns = VocabColumns(self.view)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(200)  # rows measured for a fit: fast with many words
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.column_actions: list[QAction] = []
        for column in range(self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            toggle = QAction(title, header)
            toggle.setCheckable(True)
            toggle.setChecked(True)
            toggle.setEnabled(column != COLUMN_WORD)
            toggle.toggled.connect(lambda on, c=column: self.columns.set_user_hidden(c, not on))
            header.addAction(toggle)
            self.column_actions.append(toggle)

        self.delete_action = QAction("Delete word", self.view)
        self.delete_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(self.delete_action)
        self.open_action = QAction("Open in document", self.view)
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(lambda: self._activate(self.view.currentIndex()))
        self.view.addAction(self.open_action)

    # ------------------------------------------------------------------ public
    def set_filter(self, text: str) -> None:
        """Filter by word, reading or meaning at once (also what the field shows)."""
        self.filter_field.setText(text)
        self._apply_filter()

    def set_status_filter(self, status: str | None) -> None:
        """Show only one status (None: all); the combo follows."""
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def visible_items(self) -> list[VocabularyItem]:
        """The words the table shows, in its order."""
        out: list[VocabularyItem] = []
        for row in range(self.proxy.rowCount()):
            item = self.proxy.index(row, 0).data(ItemRole)
            if isinstance(item, VocabularyItem):
                out.append(item)
        return out

    def selected_items(self) -> list[VocabularyItem]:
        """The selected words, in table order."""
        rows = sorted(self.view.selectionModel().selectedRows(0), key=lambda i: i.row())
        items = [index.data(ItemRole) for index in rows]
        return [item for item in items if isinstance(item, VocabularyItem)]

    def current_item(self) -> VocabularyItem | None:
        """The word the detail pane shows: the current row when it is selected."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            selected = self.selected_items()
            return selected[0] if selected else None
        item = index.data(ItemRole)
        return item if isinstance(item, VocabularyItem) else None

    def select_item(self, item_id: int) -> bool:
        """Select (and scroll to) a word by id; False when it is not shown."""
        row = self.model.row_of(item_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def delete_selected(self) -> None:
        """Delete the selected words through the undo stack."""
        items = self.selected_items()
        if not items or self.store.read_only:
            return
        first_row = min(i.row() for i in self.view.selectionModel().selectedRows(0))
        try:
            command = DeleteVocabularyCommand(self.store, [item.id for item in items])
        except StoreError as exc:
            self._show_message(f"Not deleted: {exc}")
            return
        self.undo_stack.push(command)
        if command.error is not None:
            self._show_message(f"Not deleted: {command.error}")
            return
        if self.proxy.rowCount():
            self.view.selectRow(min(first_row, self.proxy.rowCount() - 1))

    def export_with_dialog(self) -> None:
        """Export the words shown (all of them when no filter is set), asking for a file;
        the export runs on :attr:`ops`."""
        items = self.visible_items() if self.proxy.is_filtering() else None
        export_with_dialog(self, self.store, items, self.ops)

    # ----------------------------------------------------------------- private
    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_text(self.filter_field.text())

    def _on_status_filter(self, _index: int = 0) -> None:
        data = self.status_combo.currentData()
        self.proxy.set_status(data if isinstance(data, str) else None)

    def _activate(self, index: QModelIndex) -> None:
        item = index.data(ItemRole) if index.isValid() else None
        if isinstance(item, VocabularyItem) and item.document_id is not None:
            self.jumpRequested.emit(item.document_id, item.sentence)

    def _on_selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        self._show_detail()
        self._update_buttons()

    def _on_data_changed(self, *_args: object) -> None:
        self._show_detail()

    def _on_edit_refused(self, _item_id: int, message: str) -> None:
        self._show_message(f"Not saved: {message}")

    def _show_detail(self) -> None:
        item = self.current_item()
        if item is None:
            self.detail.clear()
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.detail.setHtml(detail_html(item, muted))

    def _update_status(self, *_args: object) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "word" if total == 1 else "words"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        self.count_label.setText(self._message or text)
        self.count_label.setToolTip(self._message)
        self._message = ""
        self._show_detail()
        self._update_buttons()

    def _show_message(self, message: str) -> None:
        """Show ``message`` where the word count is, until the rows change again."""
        self._message = message
        self._update_status()

    def _update_buttons(self) -> None:
        writable = not self.store.read_only
        self.delete_button.setEnabled(writable and bool(self.selected_items()))
        self.delete_action.setEnabled(self.delete_button.isEnabled())
