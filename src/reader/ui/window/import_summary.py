"""The import report in the status bar: a one-line summary that opens the full report.

The summary joins the importer's (inline readings, damage …) with the parts features add
through :meth:`ImportSummary.add_section` (the reading audit, say); the button opens
:class:`~reader.ui.window.report_dialog.ReportDialog` with every section. The button shows
the parts that fit its width, whole, and says how many more there are ("+2 more"); its tool
tip lists every part — it never cuts a word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QToolButton, QWidget

from reader.text.document import Document
from reader.ui.common.feature_context import ReportSection


def _name(section: ReportSection) -> str:
    return section[0].split(" (")[0]  # a section's title without its count


def fitting(parts: Sequence[str], fits: Callable[[str], bool]) -> str:
    """The most leading ``parts`` joined by " · " that ``fits``, with "+N more" for the rest
    (which must fit too); at least "Import report" when nothing else does."""
    for n in range(len(parts), 0, -1):
        rest = len(parts) - n
        text = " · ".join(parts[:n]) + (f" · +{rest} more" if rest else "")
        if fits(text):
            return text
    return "Import report" if parts else ""


class SummaryButton(QToolButton):
    """A status-bar button whose text is as many whole summary parts as fit its width."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[str] = []

    def set_parts(self, parts: Sequence[str]) -> None:
        self._parts = list(parts)
        self.setToolTip(
            "Show the full import report\n\n" + "\n".join(f"• {p}" for p in self._parts)
        )
        self.setText(self.full_text())
        self.updateGeometry()
        QTimer.singleShot(0, self, self._fit)  # once the status bar has laid the button out

    def full_text(self) -> str:
        return " · ".join(self._parts)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().sizeHint()
        extra = hint.width() - self.fontMetrics().horizontalAdvance(self.text())
        return QSize(self.fontMetrics().horizontalAdvance(self.full_text()) + extra, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("Import report") + 16, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.isVisible():  # no width yet: the whole line until it is laid out
            self.setText(self.full_text())
            return
        room = self.width() - 12  # the button's own margins
        metrics = self.fontMetrics()
        text = fitting(self._parts, lambda t: metrics.horizontalAdvance(t) <= room)
        if text != self.text():
            self.setText(text)


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
        self.button = SummaryButton()
        self.button.setObjectName("reportButton")
        self.button.setAutoRaise(True)
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
        from PySide6.QtCore import Qt  # its enums are built after the first paint

        from reader.ui.window.report_dialog import ReportDialog  # when asked for

        dialog = ReportDialog(self.document, self.sections, self._jump, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _update(self) -> None:
        if self.document is None:
            return
        parts = [line for line in self._parts.values() if line]
        own = self.document.report.summary().split(" · ")
        self.button.set_parts([*own, *parts])
        self.length_label.setText(f"{len(self.document.text):,} characters")
