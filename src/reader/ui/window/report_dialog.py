"""The import report, in full: what cleaning did to the text, where (line and context)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.language.readings.pinyin import to_marks
from reader.text.document import Document
from reader.ui.common.feature_context import ReportSection

#: Item data of a row: its position in the text (code points), for the jump.
PositionRole = int(Qt.ItemDataRole.UserRole)


def _context(text: str, pos: int, width: int = 8) -> str:
    """The text around ``pos``, on one line, with "…" where it was cut."""
    start, end = max(0, pos - width), min(len(text), pos + width + 1)
    around = " ".join(text[start:end].split("\n"))
    return ("…" if start > 0 else "") + around + ("…" if end < len(text) else "")


class Lines:
    """Line numbers of positions in a text (1-based, as an editor counts them)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line(self, pos: int) -> int:
        return bisect_right(self._starts, max(0, pos))

    def label(self, pos: int) -> str:
        return f"line {self.line(pos)}"


class ReportDialog(QDialog):
    """Lists the import report; double-clicking a row jumps to its position in the text."""

    def __init__(
        self,
        document: Document,
        extra: list[ReportSection],
        jump: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import report — {document.title}")
        self.resize(720, 520)
        report = document.report
        layout = QVBoxLayout(self)
        facts = [
            f"Source: {report.source_name}",
            f"Encoding: {report.encoding}{' (with byte-order mark)' if report.had_bom else ''}",
            f"Length: {len(document.text):,} characters",
        ]
        if report.newlines_normalised:
            facts.append(f"Line endings normalised: {report.newlines_normalised}")
        if report.was_html:
            facts.append(f"HTML converted to text: {report.html_tags_removed} tags removed")
        header = QLabel("<br>".join(facts))
        header.setWordWrap(True)
        layout.addWidget(QLabel(f"<b>{report.summary()}</b>"))
        layout.addWidget(header)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Where", "What", "Context"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        text = document.text
        sections: list[ReportSection] = [
            (
                f"Inline readings moved out ({report.inline_readings})",
                [
                    (pos, f"{text[pos]} ({to_marks(reading)})", _context(text, pos))
                    for pos, reading in sorted(document.readings.items())
                ],
            ),
            (
                f"Stray tags removed ({len(report.stray_tags)})",
                [(r.position, r.removed, _context(text, r.position)) for r in report.stray_tags],
            ),
            (
                f"Damaged spots left in place ({len(report.damage)})",
                [
                    # the offset ("… at 957") is what the Where column says as a line
                    (d.start, d.describe().rsplit(" at ", 1)[0], _context(text, d.start))
                    for d in report.damage
                ],
            ),
            *extra,
        ]
        lines = Lines(text)
        for title, rows in sections:
            top = QTreeWidgetItem([title, "", ""])
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the title is not a position: it takes the row
            for pos, what, detail in rows:
                item = QTreeWidgetItem([lines.label(pos), what, detail])
                item.setData(0, PositionRole, pos)
                item.setToolTip(0, f"Line {lines.line(pos)}, character {pos + 1:,}")
                item.setToolTip(2, detail)
                top.addChild(item)
            top.setExpanded(bool(rows) and len(rows) <= 50)
        columns = self.tree.header()
        columns.setStretchLastSection(True)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(1, 220)
        self.tree.itemActivated.connect(self._activate)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._jump = jump

    def _activate(self, item: QTreeWidgetItem, _column: int) -> None:
        pos = item.data(0, PositionRole)
        if isinstance(pos, int):
            self._jump(pos)
