"""Ruby mode: the reading above every Han character, centred, smaller, tone-coloured.

An overlay painter of the reading view: the view keeps a gap above every line
(``set_top_gap``) and this paints the visible characters' readings into it, so selection,
hover and highlights keep working underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette

from reader.language.readings.pinyin import is_han, tone_of
from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable, tone_colours
from reader.ui.common.reading_view import cursor_x
from reader.ui.common.theme import palette_is_dark

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.common.reading_view import ReadingView
    from reader.ui.reading.readings_controller import ReadingsController

#: Ruby size relative to the text.
RUBY_SCALE = 0.46
#: Letter spacing of the text in ruby mode (percent): room for readings wider than a character.
RUBY_LETTER_SPACING = 106


ALIGN = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)


class RubyOverlay:
    """Paints readings over the visible part of the view when enabled."""

    def __init__(
        self,
        context: FeatureContext,
        readings: ReadingsController,
        style: Callable[[], PinyinStyle],
        scheme: Callable[[], str],
        hidden: Callable[[int], bool] | None = None,
        hide_enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        self.context = context
        self.readings = readings
        self.style = style
        self.scheme = scheme
        #: Called with a display position: True when that character's ruby is hidden
        #: (e.g. it belongs to a word the learner knows).
        self.hidden = hidden
        #: Whether hiding applies now (a preference): asked once per paint.
        self.hide_enabled = hide_enabled
        self.enabled = False
        readings.readingsChanged.connect(lambda: context.view.viewport().update())
        context.view.zoomChanged.connect(lambda _s: self._update_gap())

    def ruby_font(self) -> QFont:
        font = QFont(self.context.view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * RUBY_SCALE))
        return font

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self.enabled:
            return
        view = self.context.view
        top = view.first_visible_position()
        self.enabled = enabled
        if enabled:
            view.add_overlay(self.paint)
        else:
            view.remove_overlay(self.paint)
        view.set_letter_spacing(RUBY_LETTER_SPACING if enabled else 100)
        self._update_gap()
        view.scroll_to_position(top)

    def _update_gap(self) -> None:
        if self.enabled:
            metrics = QFontMetrics(self.ruby_font())
            self.context.view.set_top_gap(metrics.height() + 4)
        else:
            self.context.view.set_top_gap(0)

    def paint(self, view: ReadingView, painter: QPainter, rect: QRect) -> None:
        """Draw the readings of the characters whose ruby box meets ``rect``.

        Walks the visible blocks' laid-out lines (``QTextLine.cursorToX``) rather than asking
        the document for every character's rectangle: about three times faster per frame.
        """
        shown = self.context.current.shown
        readings = self.readings.readings
        if shown is None or readings is None or len(readings) != len(shown.text):
            return
        text = shown.text
        gap = view.top_gap()
        first = view.cursorForPosition(QPoint(0, rect.top() - gap)).position()
        font = self.ruby_font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        style = self.style()
        colours = tone_colours(self.scheme(), palette_is_dark(view.palette()))
        default = view.palette().color(QPalette.ColorRole.Text)
        hidden = self.hidden if self.hide_enabled() else None  # read the preference once
        labels: dict[str, tuple[str, int]] = {}
        offset = view.viewport_offset()
        bottom = rect.bottom() + gap + 4
        block = view.document().findBlock(first)
        while block.isValid():
            layout = block.layout()
            origin = layout.position()
            if origin.y() - offset.y() > bottom:
                break
            base = block.position()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                top = int(origin.y() + line.y()) - offset.y()
                if top > bottom:
                    break
                if top + line.height() < rect.top() - gap:
                    continue
                left = origin.x() - offset.x()
                start = line.textStart()
                for rel in range(start, start + line.textLength()):
                    pos = shown.view_to_display(base + rel)
                    if pos >= len(text):
                        break
                    reading = readings[pos]
                    if reading is None or not is_han(text[pos]):
                        continue
                    if hidden is not None and hidden(pos):
                        continue
                    x0 = left + cursor_x(line, rel)
                    x1 = left + cursor_x(line, rel + 1)
                    label, width = labels.get(reading) or labels.setdefault(
                        reading, _label(reading, style, metrics)
                    )
                    centre = int((x0 + x1) / 2)
                    box = QRect(centre - width // 2 - 1, top - gap, width + 2, gap)
                    if not box.intersects(rect):
                        continue
                    colour = colours.get(tone_of(reading), "")
                    painter.setPen(QColor(colour) if colour else default)
                    room = (x1 - x0) * RUBY_LETTER_SPACING / 100
                    if width > room > 0:  # a long syllable (zhuàng) narrowed to its character
                        painter.save()
                        painter.translate(centre, 0)
                        painter.scale(room / width, 1.0)
                        painter.translate(-centre, 0)
                        painter.drawText(box, ALIGN, label)
                        painter.restore()
                    else:
                        painter.drawText(box, ALIGN, label)
            block = block.next()


def _label(reading: str, style: PinyinStyle, metrics: QFontMetrics) -> tuple[str, int]:
    label = format_syllable(reading, style)
    return label, metrics.horizontalAdvance(label)
