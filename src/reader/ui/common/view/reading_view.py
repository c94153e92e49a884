"""The reading view: a read-only text view typeset for Chinese, with layers for features.

Features never touch the document's text: they add *layers* of formatted spans
(highlights, search matches, underlines; :mod:`reader.ui.common.view.view_layers`, given to Qt as
extra selections near the view only) and *overlay painters* (ruby readings) that the view
combines. Positions Qt reports are UTF-16 units of the displayed text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from reader.ui.common.view.stepped_layout import SteppedLayout
from reader.ui.common.view.text_documents import (
    KeptDocuments,
    Looks,
    Shown,
    adopt_first,
    delete_now,
    fill_empty,
    new_document,
    restyle,
    set_page_top,
)
from reader.ui.common.view.typesetting import Typesetter
from reader.ui.common.view.view_layers import ViewLayers, selections
from reader.ui.common.view.view_positions import ViewPositions

OverlayPainter = Callable[["ReadingView", QPainter, QRect], None]

#: Comfortable measure: at most this many CJK characters (em) on a line.
MAX_MEASURE_EM = 38
#: The page's side margins never shrink below this many em (a docked panel or a narrow
#: window shortens the lines, not the margins).
MIN_MARGIN_EM = 2.0
ZOOM_STEP = 1.1


class ReadingView(ViewPositions):
    """Shows one text; knows nothing of scripts, readings or highlights."""

    #: Emitted after the text was replaced (``set_text``) and laid out.
    textReplaced = Signal()
    #: Emitted when the zoom level changes, with the new step.
    zoomChanged = Signal(int)
    #: Emitted after the view's font changed (family, size or zoom step).
    fontChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        # by name: PySide's Qt namespace (its ~93 enums, 20-30 ms) is built after the first paint
        self.setProperty("textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard")
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self._base_font = QFont()
        self._zoom = 0
        self._line_height = 180
        #: Layout formats that never touch the text: ruby cells, punctuation, title, breaks.
        self.typesetter = Typesetter(self)
        self._kept = KeptDocuments()
        looks = self._looks()
        self.typesetter.prepare(None)
        self._shown = Shown("", None, adopt_first(self, looks), self.typesetter.typeset, looks)
        set_page_top(self._shown.document, looks)
        #: Keeps the steps of Qt's lazy layout of the shown document short.
        self.stepped_layout = SteppedLayout(self)
        self.stepped_layout.follow(self._shown.document)
        self._layers = ViewLayers()
        self._batch = 0
        self._overlays: list[OverlayPainter] = []
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # Text ---------------------------------------------------------------------------------
    def set_text(self, text: str, heading: tuple[int, int] | None = None) -> None:
        """Replace the displayed text, keeping typography; layers are cleared. ``heading``:
        the view span of the title, set as a heading. The text comes in a new document, or in
        the one it was shown in a moment ago, laid out (:mod:`~reader.ui.common.view.text_documents`)."""
        # Before the text goes: the scroll back to the top would apply the old spans to the
        # new text. Qt keeps the old selections until the new ones are given (in one call at
        # the end of a batch): those at the same place with the same format cost nothing
        # then, where clearing first made Qt find the rectangle of every old one and new one.
        if self._layers.held_would_cross(text):  # else kept: the same ones cost nothing
            self._release_selections()
        self._layers.clear()
        shown = self._kept.take(text, heading)
        previous = self._shown
        let_go = shown is None and not self._kept.keeps(previous.document)
        if let_go:  # never kept: deleted before the new document is made, not after
            previous = self._let_go(previous)
        if shown is None:
            shown = self._first_text(text, heading) or self._new_document(text, heading)
        else:
            self.typesetter.resume(shown.typeset)
        if shown.document is not previous.document:
            self.setDocument(shown.document)
        self._shown = restyle(shown, self._looks())  # kept: the font may have changed since
        set_page_top(shown.document, self._shown.looks)
        # Paragraphs formatted before their view lays them out: without this (a few ms) Qt's
        # lazy layout takes the typesetter's first formats for its end, and stops there.
        shown.document.markContentsDirty(0, shown.document.characterCount())
        if shown.document is not previous.document and let_go:
            previous.document.deleteLater()  # the empty one shown meanwhile
        elif shown.document is not previous.document:
            self._kept.keep(previous)
        self._update_margins()
        self.stepped_layout.follow(shown.document)
        if self._batch == 0:
            self._apply_layers()  # no layers: the old document's selections go
        self.textReplaced.emit()

    def _let_go(self, previous: Shown) -> Shown:
        """The view on an empty document, and ``previous``'s deleted at once: its memory
        goes to the next document's instead of adding to it."""
        self._release_selections()  # their cursors are in it
        self._layers.forget(previous.document)
        blank = new_document(self, "", previous.looks)
        self.setDocument(blank)
        delete_now(previous.document)
        self._shown = Shown("", None, blank, self.typesetter.typeset, previous.looks)
        return self._shown

    def _release_selections(self) -> None:
        """Qt's selections dropped while their document is still shown."""
        self.setExtraSelections([])
        self._layers.released()

    def _first_text(self, text: str, heading: tuple[int, int] | None) -> Shown | None:
        """The view's first text, in its first document (empty): laid out by the view's show,
        or now as far as the view shows it (the rest in steps)."""
        looks = self._looks()
        document = self._shown.document
        relayout = fill_empty(document, text, looks)
        if relayout is None:
            return None
        # the view's cursor went to the end with the text inserted at it: back to the start,
        # as a new document's is
        self.setTextCursor(QTextCursor(document))
        if relayout:
            self.setDocument(document)
        self.typesetter.prepare(heading)
        return Shown(text, heading, document, self.typesetter.typeset, looks)

    def _new_document(self, text: str, heading: tuple[int, int] | None) -> Shown:
        looks = self._looks()
        document = new_document(self, text, looks)  # the view's child: Qt leaves it alone
        self.typesetter.prepare(heading)
        return Shown(text, heading, document, self.typesetter.typeset, looks)

    def _looks(self) -> Looks:
        return Looks(self._effective_font(), self.fontMetrics().height(), self._line_height,
                     self._top_gap)

    def text(self) -> str:
        return self.document().toPlainText()

    # Typography ---------------------------------------------------------------------------
    def set_base_font(self, font: QFont) -> None:
        self._base_font = QFont(font)
        self._refresh_font()

    def base_font(self) -> QFont:
        return QFont(self._base_font)

    def line_height(self) -> int:
        """Line height in percent of the font's height."""
        return self._line_height

    def set_line_height(self, percent: int) -> None:
        self._line_height = percent
        self._shown = restyle(self._shown, self._looks())

    def set_top_gap(self, pixels: int) -> None:
        """Space kept above every line (ruby readings are drawn there)."""
        if pixels != self._top_gap:
            self._top_gap = pixels
            self._shown = restyle(self._shown, self._looks())

    def zoom_step(self) -> int:
        return self._zoom

    def set_zoom_step(self, step: int) -> None:
        step = max(-5, min(15, step))
        if step != self._zoom:
            self._zoom = step
            self._refresh_font()
            self.zoomChanged.emit(step)

    def _effective_font(self) -> QFont:
        font = QFont(self._base_font)
        size = self._base_font.pointSizeF() if self._base_font.pointSizeF() > 0 else 18.0
        font.setPointSizeF(round(size * ZOOM_STEP**self._zoom, 1))
        return font

    def _refresh_font(self) -> None:
        anchor = self.first_visible_position()
        self.setFont(self._effective_font())
        self._shown = restyle(self._shown, self._looks())
        self.typesetter.font_changed()
        self._update_margins()
        self.scroll_to_position(anchor)
        self.fontChanged.emit()

    def page_margin(self) -> int:
        """The page's smallest side margin in pixels (the document's margin included)."""
        em = max(1, self.fontMetrics().horizontalAdvance("中"))
        return int(MIN_MARGIN_EM * em)

    def _update_margins(self) -> None:
        """Side margins: at least :meth:`page_margin`, more when the window is wider than the
        measure; the same with or without ruby (cells widen, the measure stays)."""
        em = max(1, self.fontMetrics().horizontalAdvance("中"))
        inner = int(self.document().documentMargin())
        least = self.page_margin() - inner
        measure = MAX_MEASURE_EM * em + 2 * inner
        side = max(least, (self.width() - measure) // 2)
        if self.viewportMargins().left() != side:  # unchanged margins cost a resize event
            self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        self._update_margins()
        super().resizeEvent(event)

    # Layers and overlays ------------------------------------------------------------------
    @contextmanager
    def batched_layers(self) -> Iterator[None]:
        """Layers set inside are applied once, at the end (one ``setExtraSelections``)."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            if self._batch == 0:
                self._apply_layers()

    def set_layer(self, name: str, chosen: list[QTextEdit.ExtraSelection]) -> None:
        """Replace one named layer with Qt selections (their spans and formats are kept)."""
        spans = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in chosen]
        # copies: ``s.format`` lives inside the selection, which the caller may drop
        self.set_spans(name, spans, [QTextCharFormat(s.format) for s in chosen])

    def set_spans(
        self,
        name: str,
        spans: list[tuple[int, int]],
        formats: list[QTextCharFormat] | QTextCharFormat,
    ) -> None:
        """Replace one named layer: UTF-16 ``spans``, each with its format (or one for all);
        later-registered layers paint on top."""
        self._layers.set(name, spans, formats)
        if self._batch == 0:
            self._apply_layers()

    def _apply_layers(self) -> None:
        """Give Qt the spans of every layer near the view (all of them in a short text)."""
        length = self.document().characterCount()
        low, high = self._layers.window_for(self._first_for_layers(), length)
        self.setExtraSelections(
            self._layers.selections(self.document(), self._shown.text, low, high)
        )
        self._layers.applied(low, high)

    def _scrolled(self, _value: int) -> None:
        """Move the window of applied spans before the new part is painted."""
        if self._batch == 0 and not self._layers.covers(
            self._first_for_layers(), self.document().characterCount()
        ):
            self._apply_layers()

    def _first_for_layers(self) -> int:
        # At the top without a hit test: a text just set is not laid out, and a hit test on it
        # answers a position anywhere in the first screens' worth of unlaid blocks.
        return self.first_visible_position() if self.verticalScrollBar().value() else 0

    def applied_window(self) -> tuple[int, int] | None:
        """The UTF-16 range whose layer spans Qt paints now (None: none applied yet)."""
        return self._layers.window

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        """Every span of a layer as Qt selections (Qt itself is given those near the view)."""
        return selections(self.document(), self._layers.spans(name))

    def add_overlay(self, painter: OverlayPainter) -> None:
        self._overlays.append(painter)
        self.viewport().update()

    def remove_overlay(self, painter: OverlayPainter) -> None:
        if painter in self._overlays:
            self._overlays.remove(painter)
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        super().keyPressEvent(event)
        self._show_room_above_cursor()

    def ensureCursorVisible(self) -> None:  # noqa: N802 (Qt API)
        """Qt's, then the room above the cursor's line (its ruby) in view too (find, jumps)."""
        super().ensureCursorVisible()
        self._show_room_above_cursor()

    def _show_room_above_cursor(self) -> None:
        """Qt scrolls the cursor's line just into view; keep the room above it (its ruby)
        in view too, and the whole top of the page at the first character (Ctrl+Home)."""
        if not self._top_gap:
            return
        bar = self.verticalScrollBar()
        if self.textCursor().position() == 0:
            bar.setValue(0)
            return
        top = self.cursorRect().top()
        if 0 <= top < self._top_gap:
            bar.setValue(max(0, bar.value() - (self._top_gap - top)))

    def _visible_blocks(self) -> tuple[QTextBlock, int]:
        """The first visible block and the last visible position."""
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).block()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return first, last

    def typeset_visible(self) -> tuple[QTextBlock, int]:
        """Give the visible blocks their layout formats, keeping the top line in place when
        the block it belongs to changes above the viewport; returns the visible range."""
        first, last = self._visible_blocks()
        if not self.typesetter.pending(first, last):
            return first, last
        anchor = QTextCursor(self.document())
        anchor.setPosition(self.first_visible_position())
        y_before = self.cursorRect(anchor).top()
        self.typesetter.ensure(first, last)
        if first.position() < anchor.position():
            moved = self.cursorRect(anchor).top() - y_before
            if moved:
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + moved)
        first, last = self._visible_blocks()
        self.typesetter.ensure(first, last)  # what came into view now
        return first, last

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        first, last = self.typeset_visible()
        super().paintEvent(event)
        if self._overlays:
            painter = QPainter(self.viewport())
            try:
                for overlay in self._overlays:
                    overlay(self, painter, event.rect())
            finally:
                painter.end()
        if self.typesetter.settle(first, last):  # a break moved: paint the new lines
            self.viewport().update()
