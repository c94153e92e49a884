"""Cells of the app's lists (vocabulary, notes, glossary, library), drawn one way for all.

:class:`ListCellDelegate` draws an item's text in the delegate's font (Han at the reading
font: :func:`list_han_font`), wrapped over at most ``max_lines`` lines and cut at a word
boundary with "…" (never inside a Latin word; between any two Han characters), then its
:data:`ToneRunsRole` (pinyin, one colour per syllable: :func:`tone_runs`) and a muted
:data:`SecondLineRole` line below. No cell makes its view scroll sideways: the text fits the
column, and the full text is the item's tool tip.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.language.readings.pinyin import to_marks, tone_of
from reader.language.readings.pinyin_styles import TONE_SCHEMES, TONE_SCHEMES_DARK
from reader.ui.common.style.fonts import reading_font
from reader.ui.common.style.theme import palette_is_dark

ModelIndex = QModelIndex | QPersistentModelIndex
#: ``list[tuple[str, str]]``: (text, colour) runs drawn after the text ("" colour: the text's).
ToneRunsRole = int(Qt.ItemDataRole.UserRole) + 40
#: A muted line under the text (a note, a gloss, a document's length …).
SecondLineRole = ToneRunsRole + 1
#: A list's Han text is at least this share of the reading font's size.
HAN_SCALE = 0.9
_PAD = 3
RUNS_AFTER, RUNS_BELOW, RUNS_ONLY, RUNS_NONE = "after", "below", "only", "none"
#: A light-page tone colour → the same tone's colour for the dark page.
_ON_DARK = {
    light: TONE_SCHEMES_DARK[scheme][tone]
    for scheme, colours in TONE_SCHEMES.items()
    for tone, light in colours.items()
    if light
}
_BREAKS = frozenset(" \t;,.:·/—–-、，。；：）)")


def list_han_font(family: str | None, reading_size: float, scale: float = HAN_SCALE) -> QFont:
    """The reading font's family at ``scale`` of its size (never below 1.2 × the UI font)."""
    ui = QApplication.font().pointSizeF()
    return reading_font(family, max(reading_size * scale, (ui if ui > 0 else 9.0) * 1.2))


def tone_runs(numbered: Sequence[str], scheme: str) -> list[tuple[str, str]]:
    """Tone-marked syllables with their tone colour under ``scheme`` (TONE_SCHEMES), a space
    between: ``["ruan3", "jian4"]`` → ``[("ruǎn", red), (" ", ""), ("jiàn", purple)]``. The
    colours are the light page's; a dark list draws the same tones' dark-page colours."""
    colours = TONE_SCHEMES.get(scheme, TONE_SCHEMES["none"])
    runs: list[tuple[str, str]] = []
    for syllable in numbered:
        if not syllable:
            continue
        if runs:
            runs.append((" ", ""))
        tone = tone_of(syllable)
        runs.append((to_marks(syllable), colours.get(tone, "") if tone else ""))
    return runs


def _is_cjk(ch: str) -> bool:
    """Han, kana, CJK punctuation and full-width forms: a line may break beside any of them."""
    return ch >= "\u2e80" and not ("\ua000" <= ch < "\uf900")


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits ``width``, else its longest head that ends at a word boundary (a
    space or punctuation; any place between Han characters) with "…" after it."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    ellipsis = "…"
    room = width - metrics.horizontalAdvance(ellipsis)
    best = ""
    for end in range(1, len(text)):
        head = text[:end]
        boundary = (
            text[end] in _BREAKS or head[-1] in _BREAKS or _is_cjk(text[end]) or _is_cjk(head[-1])
        )
        if not boundary:
            continue
        if metrics.horizontalAdvance(head.rstrip()) > room:
            break
        best = head.rstrip(" ,;:·—–-")
    return best + ellipsis if best else metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` (on one line) wrapped to ``width`` at word boundaries, at most ``max_lines``
    lines, the last cut with "…" when text is left over."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    try:
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            if len(lines) == max_lines - 1:
                lines.append(elide_words(text[start:], QFontMetrics(font), width))
                break
            lines.append(text[start : start + line.textLength()].rstrip())
    finally:
        layout.endLayout()
    return lines


class ListCellDelegate(QStyledItemDelegate):
    """Draws text in :meth:`font` over up to ``max_lines`` lines, tone runs, a second line."""

    def __init__(
        self, parent: QWidget | None = None, max_lines: int = 1, runs: str = RUNS_AFTER
    ) -> None:
        super().__init__(parent)
        self._font: QFont | None = None
        self.max_lines = max_lines
        #: Where the tone runs go: RUNS_AFTER the text, RUNS_BELOW it, RUNS_ONLY (instead of
        #: the text: it is their plain form) or RUNS_NONE (not drawn).
        self.runs = runs

    def set_runs(self, runs: str) -> None:
        """Where the tone runs go from now on (RUNS_AFTER, RUNS_BELOW, RUNS_ONLY, RUNS_NONE)."""
        self.runs = runs

    @property
    def runs_only(self) -> bool:
        return self.runs == RUNS_ONLY

    def _runs(self, index: ModelIndex) -> list[tuple[str, str]]:
        value = index.data(ToneRunsRole) if self.runs != RUNS_NONE else None
        return list(value) if isinstance(value, list) else []

    def set_font(self, font: QFont | None) -> None:
        """The text's font (None: the view's)."""
        self._font = QFont(font) if font is not None else None

    def font(self, option: QStyleOptionViewItem | None = None) -> QFont:
        """The text's font: the delegate's, unless the item names one (a group's bold title)."""
        if option is not None and option.index.data(Qt.ItemDataRole.FontRole) is not None:
            return QFont(option.font)
        if self._font is not None:
            return QFont(self._font)
        return QFont(option.font) if option is not None else QApplication.font()

    def text_lines(self, option: QStyleOptionViewItem, index: ModelIndex) -> list[str]:
        """The lines of the item's text as drawn in ``option.rect``."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if self.runs_only and self._runs(index):
            return []
        return wrapped_lines(opt.text, self.font(opt), self._text_rect(opt).width(), self.max_lines)

    def _text_rect(self, opt: QStyleOptionViewItem) -> QRect:
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        return rect.adjusted(_PAD, 0, -_PAD, 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        opt.text = text
        rect = self._text_rect(opt)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ink = opt.palette.color(role)
        runs_dark = palette_is_dark(opt.palette)
        font = self.font(opt)
        runs = self._runs(index)
        if runs_dark:
            runs = [(part, _ON_DARK.get(colour, colour)) for part, colour in runs]
        lines = [] if self.runs_only and runs else wrapped_lines(text, font, rect.width(), self.max_lines)
        second = str(index.data(SecondLineRole) or "")
        small = QFont(opt.font)
        metrics, small_metrics = QFontMetrics(font), QFontMetrics(small)
        below = self.runs == RUNS_BELOW and bool(runs)
        height = metrics.lineSpacing() * max(1, len(lines))
        height += small_metrics.lineSpacing() * ((1 if second else 0) + (1 if below else 0))
        y = rect.top() + max(0, (rect.height() - height) // 2)
        painter.save()
        try:
            painter.setFont(font)
            painter.setPen(ink)
            x_end = rect.left()
            for line in lines:
                painter.drawText(QRect(rect.left(), y, rect.width(), metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
                x_end = rect.left() + metrics.horizontalAdvance(line)
                y += metrics.lineSpacing()
            if below:
                self._draw_runs(painter, runs, small, rect, rect.left(), y, [],
                                small_metrics, ink, selected)
                y += small_metrics.lineSpacing()
            elif runs:
                self._draw_runs(painter, runs, small if lines else font, rect, x_end, y, lines,
                                metrics, ink, selected)
                if not lines:
                    y += metrics.lineSpacing()
            if second:
                muted = QColor(ink)
                if not selected:
                    muted = opt.palette.color(QPalette.ColorRole.PlaceholderText)
                painter.setFont(small)
                painter.setPen(muted)
                painter.drawText(QRect(rect.left(), y, rect.width(), small_metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 elide_words(" ".join(second.split()), small_metrics, rect.width()))
        finally:
            painter.restore()

    @staticmethod
    def _draw_runs(
        painter: QPainter, runs: list[tuple[str, str]], font: QFont, rect: QRect, x_end: int,
        y: int, lines: list[str], metrics: QFontMetrics, ink: QColor, selected: bool,
    ) -> None:
        """Tone runs after the last line (on its baseline band), or alone on a line."""
        run_metrics = QFontMetrics(font)
        if lines:
            x, top = x_end + run_metrics.horizontalAdvance("  "), y - metrics.lineSpacing()
        else:
            x, top = rect.left(), y
        painter.setFont(font)
        for part, colour in runs:
            advance = run_metrics.horizontalAdvance(part)
            if x + advance > rect.right():
                painter.setPen(ink)
                painter.drawText(QRect(x, top, rect.right() - x, metrics.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "…")
                break
            painter.setPen(QColor(colour) if colour and not selected else ink)
            painter.drawText(QRect(x, top, advance + 2, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, part)
            x += advance

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802 (Qt API)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        font = self.font(opt)
        metrics, small = QFontMetrics(font), QFontMetrics(opt.font)
        runs = self._runs(index)
        run_width = sum(small.horizontalAdvance(part) for part, _ in runs)
        below = self.runs == RUNS_BELOW and bool(runs)
        if self.runs_only and runs:
            width, lines = sum(metrics.horizontalAdvance(p) for p, _ in runs), 1
        elif below:
            width = max(metrics.horizontalAdvance(" ".join(opt.text.split())), run_width)
            lines = self.max_lines
        else:
            width = metrics.horizontalAdvance(" ".join(opt.text.split()))
            width += run_width + (small.horizontalAdvance("  ") if runs else 0)
            lines = self.max_lines
        extra = (1 if index.data(SecondLineRole) else 0) + (1 if below else 0)
        height = metrics.lineSpacing() * lines + small.lineSpacing() * extra
        icon = opt.decorationSize.width() + 4 if not opt.icon.isNull() else 0
        return QSize(width + icon + 2 * _PAD + 8, height + 2 * _PAD)
