"""The import report in the status bar: a one-line summary that opens the full report.

The summary joins the importer's (inline readings, damage …) with the parts features add
through :meth:`ImportSummary.add_section` (the reading audit, say); the button opens
:class:`~reader.ui.window.report_dialog.ReportDialog` with every section.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from reader.text.document import Document
from reader.ui.common.feature_context import ReportSection


def _name(section: ReportSection) -> str:
    return section[0].split(" (")[0]  # a section's title without its count


class ImportSummary(QObject):
    """The status bar's report button and length label for the shown document."""

    def __init__(
        self, status_bar: QStatusBar, jump: Callable[[int], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._jump = jump
        self.document: Document | None = None
        self.sections: list[ReportSection] = []
        self._parts: dict[str, str] = {}  # status-bar parts of the features, by section
        self.button = QToolButton()
        self.button.setObjectName("reportButton")
        self.button.setAutoRaise(True)
        self.button.setToolTip("Show the full import report")
        self.button.clicked.connect(self.show_report)
        status_bar.addWidget(self.button)
        self.length_label = QLabel()
        status_bar.addPermanentWidget(self.length_label)

    def reset(self, document: Document) -> None:
        """A new document: its importer's summary, no feature sections yet."""
        self.document = document
        self.sections = []
        self._parts = {}
        self._update()

    def add_section(self, section: ReportSection, status: str) -> None:
        """A section of the report from a feature (``status``: its status-bar part)."""
        name = _name(section)
        self._parts[name] = status
        self.sections = [s for s in self.sections if _name(s) != name] + [section]
        self._update()

    def show_report(self) -> None:
        if self.document is None:
            return
        from reader.ui.window.report_dialog import ReportDialog  # when asked for

        dialog = ReportDialog(self.document, self.sections, self._jump, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _update(self) -> None:
        if self.document is None:
            return
        parts = [line for line in self._parts.values() if line]
        self.button.setText(" · ".join([self.document.report.summary(), *parts]))
        self.length_label.setText(f"{len(self.document.text):,} characters")
