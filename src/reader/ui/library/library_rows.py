"""The rows of the library panel: relative dates, reading progress, one tree item each.

A row shows the title over up to two lines (cut at a word boundary, whole in the tool tip),
its length and when it was last opened in a muted line under it, and how much was read.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from reader.language.scripts.script import Script, convert
from reader.storage.records import DocumentInfo
from reader.ui.common.list_cells import SecondLineRole
from reader.ui.common.times import local_time, parse_time

#: Item data: the document id (column 0).
DocumentIdRole = int(Qt.ItemDataRole.UserRole) + 1
COLUMN_TITLE, COLUMN_LENGTH, COLUMN_PROGRESS, COLUMN_OPENED = range(4)
HEADERS = ("Title", "Characters", "Read", "Last opened")
#: Columns said in the title's second line instead (the dock is narrow).
FOLDED_COLUMNS = (COLUMN_LENGTH, COLUMN_OPENED)


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
        ]
    )
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
