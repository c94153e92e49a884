"""The rows of the library panel: relative dates, reading progress, one tree item each.

A row shows the title over up to two lines (cut at a word boundary, whole in the tool tip),
its length and when it was last opened in a muted line under it, and how much was read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from reader.language.scripts.script import Script, convert
from reader.services.difficulty import summary_text
from reader.storage.records import DocumentInfo
from reader.ui.common.settings import Settings
from reader.ui.common.style.list_cells import ListCellDelegate, SecondLineRole, list_han_font
from reader.ui.common.times import local_time, parse_time

#: Item data: the document id (column 0).
DocumentIdRole = int(Qt.ItemDataRole.UserRole) + 1
COLUMN_TITLE, COLUMN_LENGTH, COLUMN_PROGRESS, COLUMN_OPENED, COLUMN_LEVEL = range(5)
HEADERS = ("Title", "Characters", "Read", "Last opened", "Level")
#: Columns said in the title's second line instead (the dock is narrow).
FOLDED_COLUMNS = (COLUMN_LENGTH, COLUMN_OPENED)
#: How the library orders its rows: name shown → key.
ORDERS = {
    "Last opened": "opened",
    "Easiest first": "easiest",
    "Hardest first": "hardest",
    "Title": "title",
}


def relative_day(stamp: str | None, now: datetime | None = None) -> str:
    """When, in local days: ``today``, ``yesterday``, ``3 days ago``, ``2 weeks ago`` …"""
    moment = parse_time(stamp) if stamp else None
    if moment is None:
        return "never"
    days = ((now or datetime.now(UTC)).astimezone().date() - moment.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    for limit, size, unit in ((7, 1, "day"), (30, 7, "week"), (365, 30, "month")):
        if days < limit:
            count = days // size
            return f"{count} {unit}{'s' if count > 1 else ''} ago"
    years = days // 365
    return f"{years} year{'s' if years > 1 else ''} ago"


def progress_percent(info: DocumentInfo) -> int | None:
    """How far into the document the reading position is, 0–100 (None when it is empty)."""
    if info.length <= 0:
        return None
    return min(100, round(100 * info.reading_position / info.length))


def fold_title(text: str) -> str:
    """Case- and script-insensitive form of a title for filtering."""
    if not text:
        return text  # the empty filter: no converter to build
    return convert(text.casefold(), Script.SIMPLIFIED).text



def document_item(info: DocumentInfo) -> QTreeWidgetItem:
    """One row of the library: title, length, progress, last opened (with tooltips)."""
    percent = progress_percent(info)
    item = QTreeWidgetItem(
        [
            info.title,
            f"{info.length:,}",
            "—" if percent is None else f"{percent}%",
            relative_day(info.opened_at or info.created_at),
            "…",
        ]
    )
    item.setToolTip(COLUMN_LEVEL, "Grading the words (HSK 3.0)…")
    item.setData(COLUMN_TITLE, DocumentIdRole, info.id)
    opened = relative_day(info.opened_at or info.created_at)
    item.setData(COLUMN_TITLE, SecondLineRole, f"{info.length:,} characters · opened {opened}")
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
    source = f"{info.source}\n" if info.source else ""
    item.setToolTip(COLUMN_TITLE, f"{info.title}\n{source}Added {local_time(info.created_at)}")
    item.setToolTip(COLUMN_OPENED, local_time(info.opened_at or info.created_at))
    for column in (COLUMN_LENGTH, COLUMN_PROGRESS):
        item.setTextAlignment(
            column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
    return item


def ordered(
    documents: list[DocumentInfo], order: str, levels: dict[int, dict[str, object]]
) -> list[DocumentInfo]:
    """``documents`` (most recently opened first, as the store lists them) in ``order``;
    by difficulty, documents not graded yet come last."""
    if order == "title":
        return sorted(documents, key=lambda d: d.title.casefold())
    if order in ("easiest", "hardest"):
        graded = [d for d in documents if d.id in levels]
        rest = [d for d in documents if d.id not in levels]

        def key(d: DocumentInfo) -> tuple[float, ...]:
            sort = levels[d.id].get("sort")
            return tuple(float(x) for x in sort) if isinstance(sort, list) else (99.0,)

        graded.sort(key=key, reverse=order == "hardest")
        return graded + rest
    return list(documents)


def show_level(item: QTreeWidgetItem, entry: dict[str, object]) -> None:
    """The Level cell of a row from its HSK summary (services.difficulty)."""
    cell, tip = summary_text(entry)
    item.setText(COLUMN_LEVEL, cell)
    item.setToolTip(COLUMN_LEVEL, tip)


def _folded_title(info: DocumentInfo) -> str:
    return fold_title(f"{info.title} {Path(info.source).name}")


def _with_folded_titles(
    documents: list[DocumentInfo],
) -> tuple[list[DocumentInfo], dict[int, str]]:
    """The documents and their folded titles (a first conversion loads OpenCC's dictionaries,
    50-150 ms: on the runner, not the GUI thread)."""
    return documents, {info.id: _folded_title(info) for info in documents}


class TitleFont(QObject):
    """Keeps the tree's titles in the reading font's family (most are Chinese), a little
    larger than the UI's text, following the preference."""

    def __init__(self, tree: QTreeWidget, settings: Settings | None) -> None:
        super().__init__(tree)
        self.tree, self.settings = tree, settings
        if settings is not None:
            settings.changed.connect(self.apply)
        self.apply("font_family")

    def apply(self, key: str) -> None:
        delegate = self.tree.itemDelegateForColumn(COLUMN_TITLE)
        if key in ("font_family", "font_size") and isinstance(delegate, ListCellDelegate):
            family = self.settings.font_family if self.settings is not None else None
            delegate.set_font(list_han_font(family, 0.0))  # the UI size's floor: 1.2 ×
            self.tree.doItemsLayout()


def document_tree(parent: QWidget) -> QTreeWidget:
    """The library's list: one row a document, the title stretching, the rest to fit."""
    tree = QTreeWidget(parent)
    tree.setObjectName("libraryList")
    tree.setColumnCount(len(HEADERS))
    tree.setHeaderLabels(list(HEADERS))
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
    for column in (COLUMN_LENGTH, COLUMN_PROGRESS, COLUMN_OPENED, COLUMN_LEVEL):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    # the title over up to two lines, length and last opened under it (not in columns of
    # their own): the title gets the width, and nothing scrolls sideways
    tree.setItemDelegateForColumn(COLUMN_TITLE, ListCellDelegate(tree, max_lines=2))
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for column in FOLDED_COLUMNS:
        tree.setColumnHidden(column, True)
    return tree


def order_box(parent: QWidget) -> QComboBox:
    """The library's order: last opened, easiest or hardest first, title."""
    box = QComboBox(parent)
    box.setObjectName("libraryOrder")
    box.addItems(list(ORDERS))
    box.setToolTip("Order the documents (difficulty: HSK 3.0 level of the words)")
    return box


def empty_label(parent: QWidget) -> QLabel:
    """What the library says when it lists nothing."""
    label = QLabel(parent)
    label.setObjectName("libraryEmpty")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label
