"""Ruby mode: the reading above every Han character, centred, tone-coloured, never overlapping.

Two parts. Layout: a spacing provider of the view's :class:`~reader.ui.common.view.typesetting.
Typesetter` widens a character's cell so its syllable fits with a gap on each side of its
neighbours' (``zhuàng`` over 創 pushes 新 aside, as Du Chinese and Pleco do); the text is never
edited, so offsets stay. Paint: an overlay painter of the reading view draws each visible
syllable in the room the view keeps above every line (``set_top_gap``), centred on its glyph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from math import ceil
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPixmap,
    QStaticText,
    QTextLine,
)

from reader.language.readings.pinyin import is_han, tone_of
from reader.language.readings.pinyin_styles import PinyinStyle, format_syllable, tone_colours
from reader.ui.common.style.theme import palette_is_dark
from reader.ui.common.view.view_positions import cursor_x

if TYPE_CHECKING:
    from reader.language.scripts.displayed_text import DisplayedText
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.common.view.reading_view import ReadingView
    from reader.ui.reading.readings_controller import ReadingsController

#: Ruby size relative to the text, in percent (the default of the "ruby_size" preference).
RUBY_PERCENT = 55
#: Room kept under the syllables, above the glyphs (pixels).
RUBY_PADDING = 3
#: Lines whose syllables are kept for painting (a few screens either way).
LINES_KEPT = 2000
#: A syllable of a line: display position, reading, centre x in the layout, width.
_Entry = tuple[int, str, float, float]


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
        self._font = QFont()
        self._style = PinyinStyle.MARKS
        self._metrics = QFontMetricsF(self._font)
        self._gap = 2.0
        self._widths: dict[str, float] = {}
        self._layer: QPixmap | None = None
        self._layer_key: tuple[object, ...] | None = None
        self._lines: dict[tuple[int, int], tuple[tuple[object, ...], list[_Entry]]] = {}
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

    def _prepare(self) -> None:
        """Read the font and style once per paint or block: labels are cached for them."""
        font = self.ruby_font()
        style = self.style()
        key = (font.toString(), font.pointSizeF(), style.value)
        if key != self._labels_for:
            self._labels.clear()
            self._widths.clear()
            self._labels_for = key
            self._font, self._style = font, style
            self._metrics = QFontMetricsF(font)
            self._gap = max(2.0, self._metrics.horizontalAdvance(" "))

    def label(self, reading: str) -> tuple[str, float, QStaticText]:
        """A reading as printed (tone marks, numbers or zhuyin), its width and a prepared
        text for painting, in the font and style of the last :meth:`_prepare`."""
        found = self._labels.get(reading)
        if found is None:
            text = format_syllable(reading, self._style)
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._font)
            found = (text, self._metrics.horizontalAdvance(text), static)
            self._labels[reading] = found
            self._widths[reading] = found[1]
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
        self._prepare()
        gap = self._gap
        label = self.label
        widths = self._widths
        advance = typesetter.advance
        han_half = advance("中") / 2  # a Han character is a full-width cell
        out = [0.0] * len(text)
        previous = -1  # index of the last character with a syllable
        prev_width = prev_half = between = 0.0
        block_readings = readings[start : start + len(text)]
        for i, ch in enumerate(text):
            reading = block_readings[i] if i < len(block_readings) else None
            if reading is None or not ("\u4e00" <= ch <= "\u9fff" or is_han(ch)):
                if previous >= 0:
                    between += advance(ch)
                continue
            width = widths.get(reading)
            if width is None:
                width = label(reading)[1]
            if previous >= 0:
                need = (prev_width + width) / 2 + gap - (prev_half + between + han_half)
                if need > 0:
                    out[i - 1] += ceil(need)
            previous, prev_width, prev_half, between = i, width, han_half, 0.0
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
        self._prepare()
        label = self.label
        offset = view.viewport_offset()
        block = view.cursorForPosition(QPoint(0, max(0, top - gap))).block()
        while block.isValid():
            layout = block.layout()
            origin = layout.position()
            if origin.y() - offset.y() > bottom + gap:
                break
            base = block.position()
            spacing = typesetter.block_spacing(base) or ()
            for index in range(layout.lineCount()):
                line = layout.lineAt(index)
                line_top = origin.y() + line.y() - offset.y()
                if line_top > bottom + gap:
                    break
                if line_top + line.height() < top:
                    continue
                left = origin.x() - offset.x()
                for pos, reading, centre, width in self._entries(
                    line, index, base, spacing, shown, readings, text, label
                ):
                    x = left + centre - width / 2
                    yield pos, reading, QRectF(x, line_top - gap, width, gap)
            block = block.next()

    def _entries(
        self,
        line: QTextLine,
        index: int,
        base: int,
        spacing: Sequence[float],
        shown: DisplayedText,
        readings: Sequence[str | None],
        text: str,
        label: Callable[[str], tuple[str, float, QStaticText]],
    ) -> list[_Entry]:
        """(display position, reading, centre x in the layout, width) of a line's syllables,
        cached per line while its layout, the readings and the labels stay the same (a page
        step paints each line twice; scrolling back paints it again)."""
        start, length = line.textStart(), line.textLength()
        check = (start, length, line.naturalTextWidth(), id(readings), self._labels_for)
        cached = self._lines.get((base, index))
        if cached is not None and cached[0] == check:
            return cached[1]
        entries: list[_Entry] = []
        first = shown.view_to_display(base + start)
        plain = shown.view_to_display(base + start + length) - first == length  # no surrogates
        size = len(text)
        after = -1  # the view position whose x is ``x_after`` (the end of the last syllable)
        x_after = 0.0
        for rel in range(start, start + length):
            pos = first + rel - start if plain else shown.view_to_display(base + rel)
            if pos >= size:
                break
            reading = readings[pos]
            if reading is None or not is_han(text[pos]):
                continue
            x0 = x_after if after == rel else cursor_x(line, rel)
            x_after, after = cursor_x(line, rel + 1), rel + 1
            x1 = x_after - (spacing[rel] if rel < len(spacing) else 0.0)
            entries.append((pos, reading, (x0 + x1) / 2, label(reading)[1]))
        if len(self._lines) > LINES_KEPT:
            self._lines.clear()
        self._lines[(base, index)] = (check, entries)
        return entries

    def invalidate(self) -> None:
        """Something the ruby shows changed outside the layout (known words): paint anew."""
        self._layer_key = None
        self.context.view.viewport().update()

    def paint(self, view: ReadingView, painter: QPainter, rect: QRect) -> None:
        """Draw the readings over ``rect``: from the layer of the whole viewport, rendered
        again only when what it shows changed (a page step paints twice: once rendered)."""
        self._prepare()
        viewport = view.viewport()
        hide = self.hide_enabled()
        key = (
            view.viewport_offset().toTuple(), viewport.size().toTuple(),
            view.typesetter.version, view.top_gap(), view.line_height(), self._labels_for,
            self.scheme(), palette_is_dark(view.palette()), hide, id(self.readings.readings),
            id(self.context.current.shown),
        )
        if self._layer is None or key != self._layer_key:
            ratio = viewport.devicePixelRatioF()
            layer = QPixmap((viewport.size().toSizeF() * ratio).toSize())
            layer.setDevicePixelRatio(ratio)
            layer.fill(Qt.GlobalColor.transparent)
            layer_painter = QPainter(layer)
            try:
                self._render(view, layer_painter, hide)
            finally:
                layer_painter.end()
            self._layer, self._layer_key = layer, key
        painter.drawPixmap(QRectF(rect), self._layer, QRectF(rect))

    def _render(self, view: ReadingView, painter: QPainter, hide: bool) -> None:
        painter.setFont(self._font)
        colours = tone_colours(self.scheme(), palette_is_dark(view.palette()))
        default = view.palette().color(QPalette.ColorRole.Text)
        pens = {tone: QColor(c) if c else default for tone, c in colours.items()}
        hidden = self.hidden if hide else None  # read the preference once
        lift = RUBY_PADDING + self._metrics.height()
        label = self.label
        pen: QColor | None = None
        for pos, reading, box in self.syllables(view, 0, view.viewport().height()):
            if hidden is not None and hidden(pos):
                continue
            colour = pens.get(tone_of(reading), default)
            if colour is not pen:
                painter.setPen(colour)
                pen = colour
            painter.drawStaticText(QPointF(box.left(), box.bottom() - lift), label(reading)[2])
