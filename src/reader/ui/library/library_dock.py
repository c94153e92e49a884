"""The Library dock: every stored document, most recently opened first (rows: library_rows).

Enter opens (:attr:`LibraryDock.openRequested`); F2 renames; Del asks (naming how many
highlights go with it), hides the document and offers Undo for :data:`UNDO_SECONDS`; then it is
archived (:mod:`reader.services.document_archive`) and removed: Restore Archived… brings it back.
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
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.services.document_archive import (
    archive_dir_for,
    archive_document,
    restore_archived_document,
)
from reader.storage.changes import Change, Changed
from reader.storage.records import DocumentInfo, StoreError
from reader.storage.store import Store
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.undo_bar import UndoBar
from reader.ui.library.library_rows import (
    COLUMN_LENGTH,
    COLUMN_OPENED,
    COLUMN_PROGRESS,
    COLUMN_TITLE,
    HEADERS,
    DocumentIdRole,
    document_item,
    fold_title,
)

_log = logging.getLogger("reader.ui.library.library_dock")

#: How long the Undo bar offers to bring a removed document back.
UNDO_SECONDS = 10


class LibraryDock(QDockWidget):
    """Every stored document, with open, rename, recoverable removal and restore."""

    openRequested = Signal(int)  # noqa: N815 — document id
    removalPending = Signal(int)  # noqa: N815 — hidden, Undo still possible
    documentRemoved = Signal(int)  # noqa: N815 — archived, then removed from the store

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Library", parent)
        self.setObjectName("libraryDock")
        self.store = store
        self.archive_folder: Path = archive_dir_for(store)
        #: The archive written by the last confirmed removal.
        self.last_archive: Path | None = None
        self._pending: DocumentInfo | None = None
        self._filling = False
        self._folded: dict[int, str] = {}

        body = QWidget(self)
        self.filter_field = QLineEdit(body)
        self.filter_field.setObjectName("libraryFilter")
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.setPlaceholderText("Filter documents…")
        self.filter_field.textChanged.connect(self._apply_filter)

        self.tree = QTreeWidget(body)
        self.tree.setObjectName("libraryList")
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels(list(HEADERS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COLUMN_LENGTH, COLUMN_PROGRESS, COLUMN_OPENED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemSelectionChanged.connect(self._update_actions)
        self.empty_label = QLabel(body)
        self.empty_label.setObjectName("libraryEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setEnabled(False)

        self._build_actions()
        self.undo_bar = UndoBar(body)
        self.undo_bar.setObjectName("libraryUndoBar")
        self.undo_bar.dismiss_button.setToolTip("Remove now (the archive keeps its highlights)")
        self.undo_bar.undoRequested.connect(self.undo_removal)
        self.undo_bar.expired.connect(self.commit_pending_removal)
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
        layout.addWidget(self.filter_field)
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
        """Re-read the documents (keeping the selection); waits while a title is edited."""
        if self.tree.state() == QAbstractItemView.State.EditingState:
            self._refresh_timer.start()
            return
        selected = self.selected_document_id()
        try:
            documents = self.store.documents()
        except Exception:  # a closed store at shutdown: keep what is shown
            _log.debug("library refresh failed", exc_info=True)
            return
        pending = self._pending.id if self._pending else None
        self._filling = True
        try:
            self.tree.clear()
            self._folded.clear()
            for info in documents:
                if info.id != pending:
                    self.tree.addTopLevelItem(self._item(info))
        finally:
            self._filling = False
        if selected is not None:
            self.select_document(selected)
        self._apply_filter()

    def _item(self, info: DocumentInfo) -> QTreeWidgetItem:
        item = document_item(info)
        self._folded[info.id] = fold_title(f"{info.title} {Path(info.source).name}")
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
        document_id = self._id_of(item)
        try:
            if item.text(COLUMN_TITLE).strip() != self.store.document(document_id).title:
                self.store.operations.rename_document(document_id, item.text(COLUMN_TITLE))
        except StoreError as exc:
            _log.info("rename refused: %s", exc)
        self._refresh_timer.start()  # shows the stored title (trimmed, or the old one)

    def remove_selected(self) -> None:
        """Ask, then hide the selected document with an Undo bar (see the module docstring)."""
        document_id = self.selected_document_id()
        if document_id is None or self.store.read_only:
            return
        info = self.store.document(document_id)
        count = len(self.store.highlights(document_id, include_orphans=True))
        notes = "no highlights" if count == 0 else f"{count} highlight{'s' if count > 1 else ''}"
        answer = QMessageBox.question(
            self,
            "Remove Document",
            f"Remove “{info.title}” from the library, with its {notes} and their notes?\n\n"
            f"You can undo this for {UNDO_SECONDS} seconds. After that the document and its "
            "highlights are kept in an archive file, which Restore Archived… brings back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.request_removal(document_id)

    def request_removal(self, document_id: int) -> None:
        """Hide a document now and remove it after :data:`UNDO_SECONDS` unless undone."""
        self.commit_pending_removal()
        self._pending = self.store.document(document_id)
        count = len(self.store.highlights(document_id, include_orphans=True))
        extra = f" and {count} highlight{'s' if count > 1 else ''}" if count else ""
        self.undo_bar.offer(f"Removed “{self._pending.title}”{extra}.", UNDO_SECONDS)
        self.refresh()
        self.removalPending.emit(document_id)

    @property
    def pending_removal(self) -> int | None:
        """The id of the document waiting to be removed, if any."""
        return self._pending.id if self._pending else None

    def undo_removal(self) -> None:
        """Bring the hidden document back (before its removal was committed)."""
        pending, self._pending = self._pending, None
        self.undo_bar.withdraw()
        self.refresh()
        if pending is not None:
            self.select_document(pending.id)

    def commit_pending_removal(self) -> Path | None:
        """Archive and remove the hidden document now; returns the archive file.

        The main window calls this before it closes the store. If the archive cannot be
        written the document is not removed: it reappears and a warning says why.
        """
        pending, self._pending = self._pending, None
        self.undo_bar.withdraw()
        if pending is None:
            return None
        try:
            path = archive_document(self.store, pending.id, self.archive_folder)
            self.store.operations.remove_document(pending.id)
        except (OSError, StoreError) as exc:
            _log.warning("could not remove document %s: %s", pending.id, exc)
            QMessageBox.warning(
                self, "Remove Document", f"“{pending.title}” was not removed: {exc}"
            )
            self.refresh()
            return None
        except Exception:  # e.g. the store was closed already at shutdown
            _log.exception("could not remove document %s", pending.id)
            return None
        self.last_archive = path
        self.documentRemoved.emit(pending.id)
        return path

    def restore_archived(self) -> None:
        """Choose an archive file and restore it (see :meth:`restore_archive`)."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Restore Archived Document",
            str(self.archive_folder if self.archive_folder.is_dir() else Path.home()),
            "Document archives (*.json);;All files (*)",
        )
        if path:
            self.restore_archive(Path(path))

    def restore_archive(self, path: Path) -> int | None:
        """Restore one archive file and select the document; None (after a warning) on error."""
        try:
            document_id = restore_archived_document(self.store, path)
        except StoreError as exc:
            QMessageBox.warning(self, "Restore Archived Document", str(exc))
            return None
        if self._pending is not None and self._pending.id == document_id:
            self.undo_removal()
        self.refresh()
        self.filter_field.clear()
        self.select_document(document_id)
        return document_id
