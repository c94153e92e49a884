"""The Library dock: every stored document, most recently opened first (rows: library_rows).

Enter opens (:attr:`LibraryDock.openRequested`); F2 renames; Del asks, hides the document and
offers Undo, then archives and removes it; Restore Archived… brings it back
(:mod:`reader.ui.library.library_removal`). The list is read, and titles written, on the op
runner (:mod:`reader.ui.common.ops`): the dock never waits for the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.storage.changes import Change, Changed
from reader.storage.records import DocumentInfo
from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.settings import Settings
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.undo_bar import UndoBar
from reader.ui.library.library_levels import LibraryLevels
from reader.ui.library.library_removal import Removals
from reader.ui.library.library_rows import (
    COLUMN_TITLE,
    ORDERS,
    DocumentIdRole,
    TitleFont,
    _folded_title,
    _with_folded_titles,
    document_item,
    document_tree,
    empty_label,
    fold_title,
    order_box,
    ordered,
    show_level,
)

_log = logging.getLogger("reader.ui.library.library_dock")


class LibraryDock(QDockWidget):
    """Every stored document, with open, rename, recoverable removal and restore."""

    openRequested = Signal(int)  # noqa: N815 — document id
    removalPending = Signal(int)  # noqa: N815 — hidden, Undo still possible
    documentRemoved = Signal(int)  # noqa: N815 — archived, then removed from the store

    def __init__(
        self, store: Store, parent: QWidget | None = None, ops: OpRunner | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.store = store
        self.ops = ops if ops is not None else OpRunner(self)
        self._documents: list[DocumentInfo] = []  # as last read
        self._select_next: int | None = None  # to select once the list shows it
        self._filling = False
        self._folded: dict[int, str] = {}
        self._titles: dict[int, str] = {}  # folded on the runner with the last read

        body = QWidget(self)
        self.filter_field = QLineEdit(body)
        self.filter_field.setObjectName("libraryFilter")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.setPlaceholderText("Filter documents…")
        self.filter_field.textChanged.connect(self._apply_filter)
        self.order_box = order_box(body)
        self.order_box.currentTextChanged.connect(lambda _text: self._show())
        #: HSK summaries by document id, graded on the runner.
        self.grading = LibraryLevels(store, self.ops, self)
        self.grading.graded.connect(self._graded)

        self.tree = document_tree(body)
        TitleFont(self.tree, settings)  # titles in the reading font's family
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self.empty_label = empty_label(body)

        self._build_actions()
        self.undo_bar = UndoBar(body)
        self.undo_bar.setObjectName("libraryUndoBar")
        self.undo_bar.dismiss_button.setToolTip("Remove now (the archive keeps its highlights)")
        self.removals = Removals(store, self.ops, self.undo_bar, self)
        self.removals.changed.connect(self._show)
        self.removals.undone.connect(self.select_document)
        self.removals.restored.connect(self._restored)
        self.removals.removalPending.connect(self.removalPending)
        self.removals.documentRemoved.connect(self.documentRemoved)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for action in (
            self.open_action,
            self.rename_action,
            self.remove_action,
            self.restore_action,
        ):
            button = QToolButton(body)
            button.setDefaultAction(action)
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_field, 1)
        top.addWidget(self.order_box)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.undo_bar)
        layout.addLayout(buttons)
        self.setWidget(body)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.refresh)
        self.bridge = StoreChangeBridge(store, self)
        self.bridge.changed.connect(self._store_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.commit_pending_removal)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _action(
        self, text: str, tip: str, slot: Callable[[], object], shortcut: QKeySequence | None
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tree.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            "Open", "Open the selected document (Enter)", self.open_selected, None
        )
        self.rename_action = self._action(
            "Rename…",
            "Rename the selected document (F2)",
            self.rename_selected,
            QKeySequence(Qt.Key.Key_F2),
        )
        self.remove_action = self._action(
            "Remove…",
            "Remove the selected document and its highlights (Del; can be undone)",
            self.remove_selected,
            QKeySequence(QKeySequence.StandardKey.Delete),
        )
        separator = QAction(self)
        separator.setSeparator(True)
        self.tree.addAction(separator)
        self.restore_action = self._action(
            "Restore Archived…",
            "Bring back a removed document with its highlights and notes",
            self.restore_archived,
            None,
        )
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # ------------------------------------------------------------------- filling
    def _store_changed(self, change: Change) -> None:
        # the library shows titles, highlight counts and progress (the reading position)
        if change.touches(Changed.DOCUMENTS | Changed.TEXT | Changed.HIGHLIGHTS | Changed.POSITION):
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Re-read the documents on the op runner; the list follows when they arrive."""
        store = self.store
        self.ops.run(Op(
            "Library", lambda _p: _with_folded_titles(store.documents()), self._fill,
            # a closed store at shutdown: keep what is shown
            on_error=lambda message: _log.debug("library refresh failed: %s", message),
            key="library-list", progress=False,
        ))

    def _fill(self, result: tuple[list[DocumentInfo], dict[int, str]]) -> None:
        self._documents, self._titles = result
        self._show()
        self.grading.grade([(d.id, d.sha256) for d in self._documents])

    def _graded(self) -> None:
        if self.order_box.currentText() in ("Easiest first", "Hardest first"):
            self._show()
            return
        for item in self._items():
            self._show_level(item)

    def _show_level(self, item: QTreeWidgetItem) -> None:
        entry = self.grading.levels.get(self._id_of(item))
        if entry is not None:
            self._filling = True
            try:
                show_level(item, entry)
            finally:
                self._filling = False

    def _show(self) -> None:
        """List the documents last read but the one waiting to be removed, keeping the
        selection; waits while a title is edited."""
        if self.tree.state() == QAbstractItemView.State.EditingState:
            self._refresh_timer.start()
            return
        selected = self.selected_document_id()
        pending = self.pending_removal
        self._filling = True
        try:
            self.tree.clear()
            self._folded.clear()
            order = ORDERS.get(self.order_box.currentText(), "opened")
            for info in ordered(self._documents, order, self.grading.levels):
                if info.id != pending:
                    item = self._item(info)
                    self.tree.addTopLevelItem(item)
                    self._show_level(item)
        finally:
            self._filling = False
        if self._select_next is not None and self.select_document(self._select_next):
            self._select_next = None
        elif selected is not None:
            self.select_document(selected)
        self._apply_filter()

    def _item(self, info: DocumentInfo) -> QTreeWidgetItem:
        item = document_item(info)
        folded = self._titles.get(info.id)
        self._folded[info.id] = folded if folded is not None else _folded_title(info)
        return item

    def _apply_filter(self) -> None:
        wanted = fold_title(self.filter_field.text().strip())
        shown = 0
        for item in self._items():
            match = not wanted or wanted in self._folded.get(self._id_of(item), "")
            item.setHidden(not match)
            shown += match
        total = self.tree.topLevelItemCount()
        self.empty_label.setText(
            "No documents yet. Open a text file to start reading."
            if total == 0
            else "No document matches the filter."
        )
        self.tree.setVisible(shown > 0)
        self.empty_label.setVisible(shown == 0)
        self._update_actions()

    # ----------------------------------------------------------------- selection
    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(r) for r in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    @staticmethod
    def _id_of(item: QTreeWidgetItem) -> int:
        return int(item.data(COLUMN_TITLE, DocumentIdRole))

    def _item_for(self, document_id: int) -> QTreeWidgetItem | None:
        for item in self._items():
            if self._id_of(item) == document_id:
                return item
        return None

    def document_ids(self) -> list[int]:
        """The ids listed (hidden by the filter or not), in order."""
        return [self._id_of(item) for item in self._items()]

    def selected_document_id(self) -> int | None:
        """The selected document's id, if one is selected."""
        items = [i for i in self.tree.selectedItems() if not i.isHidden()]
        return self._id_of(items[0]) if items else None

    def select_document(self, document_id: int) -> bool:
        """Select a document's row; False when it is not listed."""
        item = self._item_for(document_id)
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        return True

    def _update_actions(self) -> None:
        has = self.selected_document_id() is not None
        writable = not self.store.read_only
        self.open_action.setEnabled(has)
        self.rename_action.setEnabled(has and writable)
        self.remove_action.setEnabled(has and writable)
        self.restore_action.setEnabled(writable)

    # ------------------------------------------------------------------- actions
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.openRequested.emit(self._id_of(item))

    def open_selected(self) -> None:
        """Ask to open the selected document (:attr:`openRequested`)."""
        document_id = self.selected_document_id()
        if document_id is not None:
            self.openRequested.emit(document_id)

    def rename_selected(self) -> None:
        """Edit the selected document's title in place."""
        item = self._item_for(self.selected_document_id() or -1)
        if item is not None and not self.store.read_only:
            self.tree.editItem(item, COLUMN_TITLE)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != COLUMN_TITLE:
            return
        store, document_id, title = self.store, self._id_of(item), item.text(COLUMN_TITLE)

        def work(_progress: object) -> None:
            if title.strip() != store.document(document_id).title:
                store.operations.rename_document(document_id, title)

        def refused(message: str) -> None:  # an empty title: the old one is shown again
            _log.info("rename refused: %s", message)
            self.refresh()

        # then the list shows the stored title (trimmed, or the old one)
        self.ops.run(Op("Rename Document", work, lambda _r: self.refresh(), refused))

    def remove_selected(self) -> None:
        """Ask, then hide the selected document with an Undo bar (see library_removal)."""
        document_id = self.selected_document_id()
        if document_id is not None and not self.store.read_only:
            self.removals.ask(document_id)

    def request_removal(self, document_id: int) -> None:
        """Hide a document now and remove it after the Undo time unless undone."""
        self.removals.request(document_id)

    @property
    def pending_removal(self) -> int | None:
        """The id of the document waiting to be removed, if any."""
        pending = self.removals.pending
        return pending.id if pending is not None else None

    @property
    def archive_folder(self) -> Path:
        return self.removals.archive_folder

    @property
    def last_archive(self) -> Path | None:
        """The archive written by the last confirmed removal."""
        return self.removals.last_archive

    def undo_removal(self) -> None:
        """Bring the hidden document back (before its removal was committed)."""
        self.removals.undo()

    def commit_pending_removal(self) -> Path | None:
        """Archive and remove the hidden document now; returns the archive file.

        The main window calls this before it closes the store. If the archive cannot be
        written the document is not removed: it reappears and a warning says why.
        """
        return self.removals.commit_now()

    def restore_archived(self) -> None:
        """Choose an archive file and restore it (see :meth:`restore_archive`)."""
        folder = self.archive_folder
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Restore Archived Document",
            str(folder if folder.is_dir() else Path.home()),
            "Document archives (*.json);;All files (*)",
        )
        if path:
            self.restore_archive(Path(path))

    def restore_archive(self, path: Path) -> None:
        """Restore one archive file on the op runner; the document is selected when listed
        (a warning says why when it cannot be restored)."""
        self.removals.restore(path)

    def _restored(self, document_id: int) -> None:
        self._select_next = document_id
        self.filter_field.clear()
        self.refresh()
