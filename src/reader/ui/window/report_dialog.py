"""The import report, in full: what cleaning did to the text, with positions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.language.readings.pinyin import to_marks
from reader.text.document import Document
from reader.ui.common.feature_context import ReportSection


def _context(text: str, pos: int, width: int = 8) -> str:
    return text[max(0, pos - width) : pos + width + 1].replace("\n", " ")


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
        self.tree.setHeaderLabels(["Position", "What", "Context"])
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
                [(d.start, d.describe(), _context(text, d.start)) for d in report.damage],
            ),
            *extra,
        ]
        for title, rows in sections:
            top = QTreeWidgetItem([title, "", ""])
            self.tree.addTopLevelItem(top)
            for pos, what, detail in rows:
                item = QTreeWidgetItem([str(pos), what, detail])
                item.setData(0, 256, pos)  # Qt.UserRole
                top.addChild(item)
            top.setExpanded(bool(rows) and len(rows) <= 50)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 220)
        self.tree.itemActivated.connect(self._activate)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._jump = jump

    def _activate(self, item: QTreeWidgetItem, _column: int) -> None:
        pos = item.data(0, 256)
        if isinstance(pos, int):
            self._jump(pos)
