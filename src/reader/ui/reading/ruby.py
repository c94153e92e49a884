"""Ruby mode: the reading above every Han character, centred, tone-coloured, never overlapping.

Two parts. Layout: a spacing provider of the view's :class:`~reader.ui.common.typesetting.
Typesetter` widens a character's cell so its syllable fits with a gap on each side of its
neighbours' (``zhuàng`` over 創 pushes 新 aside, as Du Chinese and Pleco do); the text is never
edited, so offsets stay. Paint: an overlay painter of the reading view draws each visible
syllable in the room the view keeps above every line (``set_top_gap``), centred on its glyph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from math import ceil
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QStaticText

from reader.language.readings.pinyin import is_han, tone_of
from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable, tone_colours
from reader.ui.common.reading_view import cursor_x
from reader.ui.common.theme import palette_is_dark

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.common.reading_view import ReadingView
    from reader.ui.reading.readings_controller import ReadingsController

#: Ruby size relative to the text, in percent (the default of the "ruby_size" preference).
RUBY_PERCENT = 55
#: Room kept under the syllables, above the glyphs (pixels).
RUBY_PADDING = 3


class RubyOverlay:
    """Widens the cells and paints readings over the visible part of the view when enabled."""

    def __init__(
        self,
        context: FeatureContext,
        readings: ReadingsController,
        style: Callable[[], PinyinStyle],
        scheme: Callable[[], str],
        hidden: Callable[[int], bool] | None = None,
        hide_enabled: Callable[[], bool] = lambda: True,
        percent: Callable[[], int] = lambda: RUBY_PERCENT,
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
        #: The ruby's size in percent of the text's (a preference).
        self.percent = percent
        self.enabled = False
        self._labels: dict[str, tuple[str, float, QStaticText]] = {}
        self._labels_for: tuple[str, float, str] | None = None
        readings.readingsChanged.connect(self._readings_changed)
        context.view.fontChanged.connect(self._update_gap)

    # Fonts and labels --------------------------------------------------------------------
    def ruby_font(self) -> QFont:
        font = QFont(self.context.view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * self.percent() / 100))
        font.setWeight(QFont.Weight.Normal)
        return font

    def min_gap(self) -> float:
        """The least room between two syllables: a space of the ruby font (at least 2 px)."""
        return max(2.0, QFontMetricsF(self.ruby_font()).horizontalAdvance(" "))

    def label(self, reading: str) -> tuple[str, float, QStaticText]:
        """A reading as printed (tone marks, numbers or zhuyin), its width and a prepared
        text for painting; cached for the ruby font and style now."""
        font = self.ruby_font()
        style = self.style()
        key = (font.toString(), font.pointSizeF(), style.value)
        if key != self._labels_for:
            self._labels.clear()
            self._labels_for = key
        found = self._labels.get(reading)
        if found is None:
            text = format_syllable(reading, style)
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = (text, QFontMetricsF(font).horizontalAdvance(text), static)
            self._labels[reading] = found
        return found

    # Switching ---------------------------------------------------------------------------
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
        self._update_gap()
        view.typesetter.set_provider(self.spacing if enabled else None)
        view.scroll_to_position(top)

    def relayout(self) -> None:
        """The syllables' widths changed (style, size): room and cells again."""
        if self.enabled:
            self._update_gap()
            self._readings_changed()

    def _readings_changed(self) -> None:
        if self.enabled:  # the cells follow the new readings
            top = self.context.view.first_visible_position()
            self.context.view.typesetter.refresh()
            self.context.view.scroll_to_position(top)
        self.context.view.viewport().update()

    def _update_gap(self) -> None:
        if self.enabled:
            metrics = QFontMetricsF(self.ruby_font())
            self.context.view.set_top_gap(ceil(metrics.height()) + RUBY_PADDING)
        else:
            self.context.view.set_top_gap(0)

    # Layout: the spacing provider --------------------------------------------------------
    def spacing(self, base: int, text: str) -> list[float] | None:
        """Pixels to add after each character of a block (view position ``base``) so that
        neighbouring syllables keep :meth:`min_gap` between them."""
        shown = self.context.current.shown
        readings = self.readings.readings
        if shown is None or readings is None or len(readings) != len(shown.text):
            return None
        typesetter = self.context.view.typesetter
        start = shown.view_to_display(base)
        gap = self.min_gap()
        out = [0.0] * len(text)
        previous = -1  # index of the last character with a syllable
        prev_width = prev_half = between = 0.0
        for i, ch in enumerate(text):
            reading = readings[start + i] if start + i < len(readings) else None
            if reading is None or not is_han(ch):
                if previous >= 0:
                    between += typesetter.advance(ch)
                continue
            width = self.label(reading)[1]
            half = typesetter.advance(ch) / 2
            if previous >= 0:
                need = (prev_width + width) / 2 + gap - (prev_half + between + half)
                if need > 0:
                    out[i - 1] += ceil(need)
            previous, prev_width, prev_half, between = i, width, half, 0.0
        return out

    # Paint -------------------------------------------------------------------------------
    def syllables(
        self, view: ReadingView, top: int, bottom: int
    ) -> Iterator[tuple[int, str, QRectF]]:
        """(display position, reading, box in viewport coordinates) of every syllable whose
        line lies between viewport ``top`` and ``bottom``."""
        shown = self.context.current.shown
        readings = self.readings.readings
        if shown is None or readings is None or len(readings) != len(shown.text):
            return
        text = shown.text
        gap = view.top_gap()
        typesetter = view.typesetter
        offset = view.viewport_offset()
        block = view.cursorForPosition(QPoint(0, max(0, top - gap))).block()
        while block.isValid():
            layout = block.layout()
            origin = layout.position()
            if origin.y() - offset.y() > bottom + gap:
                break
            base = block.position()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                line_top = origin.y() + line.y() - offset.y()
                if line_top > bottom + gap:
                    break
                if line_top + line.height() < top:
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
                    x0 = cursor_x(line, rel)
                    x1 = cursor_x(line, rel + 1) - typesetter.spacing_after(base + rel)
                    width = self.label(reading)[1]
                    centre = left + (x0 + x1) / 2
                    yield pos, reading, QRectF(centre - width / 2, line_top - gap, width, gap)
            block = block.next()

    def paint(self, view: ReadingView, painter: QPainter, rect: QRect) -> None:
        """Draw the readings of the characters whose ruby box meets ``rect``."""
        painter.setFont(self.ruby_font())
        colours = tone_colours(self.scheme(), palette_is_dark(view.palette()))
        default = view.palette().color(QPalette.ColorRole.Text)
        hidden = self.hidden if self.hide_enabled() else None  # read the preference once
        height = QFontMetricsF(self.ruby_font()).height()
        area = QRectF(rect)
        pen = ""
        for pos, reading, box in self.syllables(view, rect.top(), rect.bottom()):
            if not box.intersects(area) or (hidden is not None and hidden(pos)):
                continue
            colour = colours.get(tone_of(reading), "")
            if colour != pen:
                painter.setPen(QColor(colour) if colour else default)
                pen = colour
            static = self.label(reading)[2]
            painter.drawStaticText(
                QPointF(box.left(), box.bottom() - RUBY_PADDING - height), static
            )
