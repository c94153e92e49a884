"""A mark in the text where a highlight carries a note: a folded corner at its end.

Painted as an overlay of the reading view (:meth:`ReadingView.add_overlay`) at the top right
of each noted highlight's last character, only for the lines on screen. Pointing at the mark
shows the note in a tool tip; clicking it asks to open the note (:attr:`NoteMarks.clicked`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPalette, QPolygon
from PySide6.QtWidgets import QToolTip

from reader.storage.records import Highlight
from reader.ui.common.shown_document import ShownDocument
from reader.ui.common.view.reading_view import ReadingView

#: The mark's colour in the light and the dark theme (an ink that is none of the fills').
MARK_LIGHT, MARK_DARK = "#d9480f", "#ff922b"


class NoteMarks(QObject):
    """Paints the note marks of ``highlights()`` in ``view`` (see the module docstring)."""

    #: A mark was clicked: the id of its highlight.
    clicked = Signal(int)

    def __init__(
        self, view: ReadingView, current: ShownDocument, highlights: Callable[[], list[Highlight]]
    ) -> None:
        super().__init__(view)
        self.view = view
        self.current = current
        self.highlights = highlights
        view.add_overlay(self.paint)
        view.viewport().installEventFilter(self)

    def size(self) -> int:
        """The mark's side in pixels: a third of a character, at least 7."""
        return max(7, self.view.fontMetrics().height() // 3)

    def marks(self) -> list[tuple[QRect, Highlight]]:
        """Each noted highlight's mark rectangle (viewport coordinates), for the lines shown."""
        shown = self.current.shown
        if shown is None:
            return []
        view = self.view
        viewport = view.viewport().rect()
        first = view.cursorForPosition(QPoint(0, 0)).position()
        last = view.cursorForPosition(QPoint(viewport.right(), viewport.bottom())).position()
        side = self.size()
        length = len(shown.canonical)
        out: list[tuple[QRect, Highlight]] = []
        for h in self.highlights():
            if not h.note or h.anchor_method == "orphan" or h.end > length:
                continue
            start, end = shown.view_span(h.start, h.end)
            if end <= start or end - 1 < first - 200 or end - 1 > last + 200:
                continue
            char = view.char_rect(end - 1)
            if not char.intersects(viewport):
                continue
            out.append((QRect(char.right() - side + 1, char.top(), side, side), h))
        return out

    def paint(self, view: ReadingView, painter: QPainter, area: QRect) -> None:
        marks = [(rect, h) for rect, h in self.marks() if rect.intersects(area)]
        if not marks:
            return
        dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        colour = QColor(MARK_DARK if dark else MARK_LIGHT)
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for rect, _h in marks:
                # a folded corner: the top-right half of the square inside the last character
                painter.drawPolygon(QPolygon([rect.topLeft(), rect.topRight(), rect.bottomRight()]))
        finally:
            painter.restore()

    def mark_at(self, point: QPoint) -> Highlight | None:
        """The highlight whose mark is at a viewport point (a few pixels around it count)."""
        for rect, h in self.marks():
            if rect.adjusted(-3, -3, 3, 3).contains(point):
                return h
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            h = self.mark_at(event.pos())
            if h is not None:
                QToolTip.showText(event.globalPos(), h.note or "", self.view.viewport())
                return True
        elif (
            kind == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            h = self.mark_at(event.position().toPoint())
            if h is not None:
                self.clicked.emit(h.id)
                return True  # a click on the mark opens the note; it selects nothing
        return super().eventFilter(watched, event)
