"""The reading view's positions: the character under a point, a character's rectangle, the
first position in view, scrolling to a position and selecting a span (UTF-16 positions of the
displayed text, viewport coordinates)."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextCursor, QTextLine
from PySide6.QtWidgets import QTextEdit, QWidget


def cursor_x(line: QTextLine, position: int) -> float:
    """The x of a position in a laid-out line (``QTextLine.cursorToX``'s first value)."""
    x, _ = cast(tuple[float, int], line.cursorToX(position))
    return float(x)


class ViewPositions(QTextEdit):
    """Positions ↔ points of a text view that keeps a gap above every line (its top gap:
    the ruby readings are drawn there)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._top_gap = 0

    def top_gap(self) -> int:
        return self._top_gap

    def position_at(self, viewport_point: QPoint) -> int | None:
        """UTF-16 position of the character under a viewport point, None off the text."""
        cursor = self.cursorForPosition(viewport_point)
        pos = cursor.position()
        block = cursor.block()
        layout = block.layout()
        if layout is None:
            return None
        rel = pos - block.position()
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            return None
        origin = self.viewport_offset()
        x = viewport_point.x() + origin.x() - layout.position().x()
        y = viewport_point.y() + origin.y() - layout.position().y()
        if not (line.y() <= y <= line.y() + line.height()):
            return None
        left = cursor_x(line, rel)
        if rel < block.length() - 1 and x >= left:
            right = cursor_x(line, rel + 1)
            return block.position() + rel if x <= right else None
        if rel > 0:
            prev = cursor_x(line, rel - 1)
            if prev <= x <= left:
                return block.position() + rel - 1
        return None

    def viewport_offset(self) -> QPoint:
        return QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def char_rect(self, position: int) -> QRect:
        """Viewport rectangle of the character at a UTF-16 position."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        left = self.cursorRect(cursor)
        cursor.setPosition(min(position + 1, self.document().characterCount() - 1))
        right = self.cursorRect(cursor)
        width = right.left() - left.left() if right.top() == left.top() else left.height()
        return QRect(left.left(), left.top(), max(1, width), left.height())

    def first_visible_position(self) -> int:
        cursor = self.cursorForPosition(QPoint(0, 0))
        return cursor.position()

    def scroll_to_position(self, position: int) -> None:
        """Scroll so the line holding ``position`` is at the top of the view."""
        position = max(0, min(position, self.document().characterCount() - 1))
        if position == 0:
            self.verticalScrollBar().setValue(0)
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.top() - self._top_gap)

    def select_span(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
