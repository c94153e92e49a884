"""Keyboard shortcuts: every action with its shortcut, filterable, editable, resettable; and
the fixed keys of the word popup and the reading cursor, listed with them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.common.action_registry import ActionRegistry, display, normalise

CONFLICT_COLOUR = QColor("#c62828")
ID_ROLE = Qt.ItemDataRole.UserRole


def _plain(title: str) -> str:
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


class ShortcutRecorder(QDialog):
    """Records one key sequence for an action; refuses (inline, in red) one already in use."""

    def __init__(self, registry: ActionRegistry, action_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutRecorder")
        self._registry = registry
        self._id = action_id
        spec = registry.spec(action_id)
        self.setWindowTitle("Record Shortcut")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Press the new shortcut for “{_plain(spec.title)}”:"))
        self.edit = QKeySequenceEdit(self)
        self.edit.setMaximumSequenceLength(1)
        self.edit.setClearButtonEnabled(True)
        current = registry.shortcuts(action_id)
        if current:
            self.edit.setKeySequence(QKeySequence(current[0]))
        layout.addWidget(self.edit)
        self.message = QLabel(self)
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {CONFLICT_COLOUR.name()};")
        layout.addWidget(self.message)
        hint = QLabel("Clear the field to remove the shortcut.", self)
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.keySequenceChanged.connect(self._check)
        self._check()

    def sequence(self) -> str:
        return normalise(self.edit.keySequence())

    def conflict_message(self) -> str:
        """Why the recorded sequence is refused, or ``""`` when it is free."""
        sequence = self.sequence()
        others = self._registry.conflicts_with(self._id, sequence)
        if not others:
            return ""
        names = ", ".join(
            f"“{_plain(self._registry.spec(o).title)}” ({self._registry.spec(o).menu})"
            for o in others
        )
        return f"{display(sequence)} is already used by {names}. Choose another shortcut."

    def _check(self) -> None:
        message = self.conflict_message()
        self.message.setText(message)
        self.message.setVisible(bool(message))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not message)

    def accept(self) -> None:
        if self.conflict_message():
            return
        self._registry.set_shortcut(self._id, self.sequence())
        super().accept()


FIXED_PREFIX = "fixed:"


class ShortcutsDialog(QDialog):
    """Lists every registered action (menu, title, shortcut), then the fixed keys of the
    popup and the reading cursor (``fixed``: (where, what, keys), not editable); conflicts
    are shown in red."""

    COLUMNS = ("Menu", "Action", "Shortcut")

    def __init__(
        self,
        registry: ActionRegistry,
        parent: QWidget | None = None,
        fixed: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self._fixed = list(fixed)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(560, 480)
        self._registry = registry
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcutFilter")
        self.filter_edit.setPlaceholderText("Filter by action, menu or shortcut")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter_edit)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(lambda _row, _col: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)

        self.conflict_label = QLabel(self)
        self.conflict_label.setObjectName("conflictSummary")
        self.conflict_label.setStyleSheet(f"color: {CONFLICT_COLOUR.name()};")
        self.conflict_label.setWordWrap(True)
        layout.addWidget(self.conflict_label)

        row = QHBoxLayout()
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button = QPushButton("&Reset", self)
        self.reset_button.clicked.connect(self.reset_selected)
        self.reset_all_button = QPushButton("Reset &All", self)
        self.reset_all_button.clicked.connect(self.reset_all)
        for button in (self.edit_button, self.reset_button, self.reset_all_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)

        registry.shortcutChanged.connect(lambda _id: self.populate())
        self.populate()

    # Contents -----------------------------------------------------------------------------
    def populate(self) -> None:
        selected = self.selected_id()
        conflicts = self._registry.conflicts()
        conflicting = {i for ids in conflicts.values() for i in ids}
        specs = self._registry.specs()
        self.table.setRowCount(len(specs) + len(self._fixed))
        for row, spec in enumerate(specs):
            shortcut = ", ".join(display(s) for s in self._registry.shortcuts(spec.id))
            if self._registry.is_customised(spec.id):
                shortcut = shortcut + " *" if shortcut else "(none) *"
            cells = (spec.menu, _plain(spec.title), shortcut)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, spec.id)
                if spec.id in conflicting:
                    item.setForeground(QBrush(CONFLICT_COLOUR))
                    item.setToolTip("This shortcut is shared with another action")
                self.table.setItem(row, column, item)
            if spec.id == selected:
                self.table.selectRow(row)
        for index, (where, what, keys) in enumerate(self._fixed):
            row = len(specs) + index
            for column, text in enumerate((where, what, f"{keys}  (fixed)")):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, f"{FIXED_PREFIX}{index}")
                item.setToolTip("A fixed key of the popup or the reading cursor")
                self.table.setItem(row, column, item)
        if conflicts:
            lines = [
                f"{display(seq)}: "
                + ", ".join(_plain(self._registry.spec(i).title) for i in ids)
                for seq, ids in conflicts.items()
            ]
            self.conflict_label.setText("Shared shortcuts (only one can work): " + "; ".join(lines))
        self.conflict_label.setVisible(bool(conflicts))
        self._apply_filter(self.filter_edit.text())
        self._update_buttons()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(self.table.columnCount())]
            haystack = " ".join(c.text() for c in cells if c is not None).casefold()
            self.table.setRowHidden(row, bool(needle) and needle not in haystack)

    def visible_ids(self) -> list[str]:
        """Ids of the rows the filter leaves visible, in table order."""
        return [
            self._row_id(row)
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]

    def _row_id(self, row: int) -> str:
        item = self.table.item(row, 0)
        return str(item.data(ID_ROLE)) if item is not None else ""

    def selected_id(self) -> str | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return None
        item = self.table.item(min(rows), 0)
        return str(item.data(ID_ROLE)) if item is not None else None

    def select(self, action_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self._row_id(row) == action_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        selected = self.selected_id()
        if selected is not None and selected.startswith(FIXED_PREFIX):
            selected = None  # a fixed key: nothing to edit or reset
        self.edit_button.setEnabled(selected is not None)
        self.reset_button.setEnabled(
            selected is not None and self._registry.is_customised(selected)
        )

    # Editing ------------------------------------------------------------------------------
    def recorder(self, action_id: str) -> ShortcutRecorder:
        return ShortcutRecorder(self._registry, action_id, self)

    def edit_selected(self) -> None:
        selected = self.selected_id()
        if selected is not None and not selected.startswith(FIXED_PREFIX):
            recorder = self.recorder(selected)
            recorder.exec()
            recorder.deleteLater()

    def assign(self, action_id: str, sequence: str) -> str:
        """Set a shortcut as the recorder would: returns the refusal message, ``""`` on success."""
        recorder = self.recorder(action_id)
        recorder.edit.setKeySequence(QKeySequence(sequence))
        message = recorder.conflict_message()
        if not message:
            recorder.accept()
        recorder.deleteLater()
        return message

    def reset_selected(self) -> None:
        selected = self.selected_id()
        if selected is not None and not selected.startswith(FIXED_PREFIX):
            self._registry.reset_shortcut(selected)

    def reset_all(self) -> None:
        self._registry.reset_all()
