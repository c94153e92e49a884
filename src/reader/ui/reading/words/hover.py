"""Hover and the reading cursor: the word under the pointer (or the cursor) in the popup.

Resting the pointer on a word shows the popup after a short delay (50 ms); moving within
the same word changes nothing (no flicker); Esc hides it. With the popup set to "click", a
click on a word shows it instead. Alt+Left / Alt+Right move a reading cursor word by word,
Zhongwen-style, with the popup following it; with Shift, character by character.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPalette

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.language.words.word_info import WordInfo, describe_word

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.common.view.reading_view import ReadingView
    from reader.ui.reading.readings_controller import ReadingsController
    from reader.ui.reading.words.popup_content import Look
    from reader.ui.reading.words.word_popup import WordPopup
    from reader.ui.reading.words.word_segments import WordSegments
    from reader.ui.reading.words.word_sources import WordSources

HOVER_DELAY_MS = 50
HIDE_DELAY_MS = 250
#: The keys this controller handles itself (where, what, keys), for the shortcuts list.
FIXED_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Popup", "Save the word", "S"),
    ("Popup", "Mark the word known / new", "K"),
    ("Popup", "Copy the entry", "C"),
    ("Popup", "Hide the popup", "Esc"),
    ("Reading", "Next word / previous word (the popup follows)", "Alt+Right, Alt+Left"),
    ("Reading", "Next / previous character", "Alt+Shift+Right, Alt+Shift+Left"),
)


class HoverController(QObject):
    """Connects the reading view, the dictionaries and the readings to one WordPopup.

    The popup is made on first use (or by :meth:`prepare`, after the first paint: building it
    costs about as much as the rest of the window's reading aids); its Save / Known / Copy
    requests are this object's signals, so listeners need not make it.
    """

    saveRequested = Signal()
    knownRequested = Signal()
    copyRequested = Signal()

    def __init__(
        self,
        context: FeatureContext,
        sources: WordSources,
        segments: WordSegments,
        readings: ReadingsController,
        style: Callable[[], PinyinStyle],
        scheme: Callable[[], str],
        trigger: Callable[[], str],
        status_of: Callable[[str], str | None] | None = None,
        notes_for: Callable[[int, int], list[str]] | None = None,
    ) -> None:
        super().__init__(context.host)
        self.context = context
        self.sources = sources
        self.segments = segments
        self.readings = readings
        self.style = style
        self.scheme = scheme
        self.trigger = trigger
        self.status_of = status_of
        self.notes_for = notes_for
        self._popup: WordPopup | None = None
        self.current: WordInfo | None = None
        #: The word in the text while the popup shows a word reached through a link.
        self._origin: WordInfo | None = None
        #: Save/Known buttons are shown only when there is a store to save into.
        self.actions_enabled = True
        self._pending_point: QPoint | None = None
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(HOVER_DELAY_MS)
        self._show_timer.timeout.connect(self._show_pending)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self._hide_unless_inside)
        context.view.viewport().installEventFilter(self)
        context.view.installEventFilter(self)
        context.current.displayChanged.connect(self.hide)
        readings.readingsChanged.connect(self.refresh)
        sources.dictionaryReady.connect(self.refresh)
        segments.segmentsReady.connect(self.refresh)
        #: The view span of the word in the popup, painted while the popup is open.
        self._painted: tuple[int, int] | None = None
        self._anchor = QRect()
        context.view.add_overlay(self._paint_word)

    @property
    def popup(self) -> WordPopup:
        """The popup widget (made now if it was not yet)."""
        if self._popup is None:
            from reader.ui.reading.words.word_popup import WordPopup

            popup = WordPopup(self.context.host)
            popup.saveRequested.connect(self.saveRequested)
            popup.knownRequested.connect(self.knownRequested)
            popup.copyRequested.connect(self.copyRequested)
            popup.wordRequested.connect(self.show_word)
            popup.backRequested.connect(self._back)
            self._popup = popup
        return self._popup

    def prepare(self) -> None:
        """Make the popup now (after the first paint), not at the first hover."""
        _ = self.popup

    def _popup_visible(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    # Events -------------------------------------------------------------------------------
    def use_word_actions(self, enabled: bool, status_of: Callable[[str], str | None]) -> None:
        """Show Save/Known in the popup when ``enabled``, with ``status_of(word)``'s mark."""
        self.actions_enabled = enabled
        self.status_of = status_of

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        view = self.context.view
        kind = event.type()
        if obj is view.viewport():
            if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                if self.trigger() == "hover" and not event.buttons():
                    self._pointer_at(event.position().toPoint())
            elif kind == QEvent.Type.MouseButtonPress:
                self._show_timer.stop()
                self.hide()  # a click or a drag selecting text: no popup over it
            elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                if self.trigger() == "click" and not view.textCursor().hasSelection():
                    self._pending_point = event.position().toPoint()
                    self._show_pending()
            elif kind == QEvent.Type.Leave:
                self._show_timer.stop()
                self._hide_timer.start()
            elif kind == QEvent.Type.Wheel:
                self.hide()
        elif obj is view and kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape and self._popup_visible():
            self.hide()
            return True
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            by_character = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.step(1 if key == Qt.Key.Key_Right else -1, by_character)
            return True
        if self._popup_visible() and not mods & ~Qt.KeyboardModifier.ShiftModifier:
            if key == Qt.Key.Key_S:
                self.saveRequested.emit()
                return True
            if key == Qt.Key.Key_K:
                self.knownRequested.emit()
                return True
            if key == Qt.Key.Key_C and not mods:
                self.copyRequested.emit()
                return True
        return False

    def _pointer_at(self, point: QPoint) -> None:
        view_pos = self.context.view.position_at(point)
        shown = self.context.current.shown
        selection = self.context.view.textCursor()
        if (
            view_pos is not None
            and selection.hasSelection()
            and selection.selectionStart() <= view_pos < selection.selectionEnd()
        ):
            view_pos = None  # over the learner's own selection: it is theirs to act on
        if view_pos is None or shown is None:
            self._show_timer.stop()
            if self._popup_visible():
                self._hide_timer.start()
            return
        pos = shown.view_to_display(view_pos)
        if self.current is not None and self.current.start <= pos < self.current.end:
            self._hide_timer.stop()  # the same word: leave the popup alone
            return
        self._pending_point = point
        self._show_timer.start()

    def _show_pending(self) -> None:
        point = self._pending_point
        shown = self.context.current.shown
        if point is None or shown is None:
            return
        view_pos = self.context.view.position_at(point)
        if view_pos is None:
            self.hide()
            return
        self.show_at(shown.view_to_display(view_pos))

    # Showing ------------------------------------------------------------------------------
    def describe(self, pos: int) -> WordInfo | None:
        shown = self.context.current.shown
        if shown is None:
            return None
        word = self.segments.word_at(pos)
        return describe_word(
            shown.text,
            pos,
            dictionary=self.sources.dictionary,
            terms=self.sources.terms,
            readings=self.readings.readings,
            damaged=self.readings.damaged_spans(),
            word=(word.start, word.end) if word is not None else None,
            around=[(t.start, t.end) for t in self.segments.around(pos)] if word else (),
        )

    def show_at(self, pos: int) -> bool:
        """Show the popup for the word at display position ``pos``; False if none there."""
        info = self.describe(pos)
        if info is None:
            self.hide()
            return False
        self._show(info)
        return True

    def _show(self, info: WordInfo) -> None:
        shown = self.context.current.shown
        assert shown is not None
        view = self.context.view
        first = view.char_rect(shown.display_to_view(info.start))
        last = view.char_rect(shown.display_to_view(max(info.start, info.end - 1)))
        local = first.united(last) if first.top() == last.top() else first
        anchor = QRect(view.viewport().mapToGlobal(local.topLeft()), local.size())
        status = self.status_of(info.word) if self.status_of else None
        notes = self.notes_for(info.start, info.end) if self.notes_for else []
        self.current = info
        self._origin = None
        self._mark((shown.display_to_view(info.start), shown.display_to_view(info.end)))
        self._hide_timer.stop()
        self._anchor = anchor
        self.popup.show_info(info, anchor, self.look(), status, self.actions_enabled, notes)

    def look(self) -> Look:
        """The popup's look: the pinyin settings, the view's text size and theme."""
        from reader.ui.reading.words.popup_content import Look

        view = self.context.view
        size = view.font().pointSizeF()
        dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        return Look(self.style(), self.scheme(), size if size > 0 else 13.0, dark)

    def show_word(self, word: str) -> None:
        """Show ``word`` (from a link in the popup) in the popup, with a way back to the word
        in the text; its reading is the word's own (no context)."""
        origin = self._origin or self.current
        if origin is None or not word:
            return
        info = describe_word(
            word, 0, dictionary=self.sources.dictionary, word=(0, len(word))
        )
        if info is None:
            return
        self._hide_timer.stop()
        status = self.status_of(word) if self.status_of else None
        self.popup.show_info(
            info, self._anchor, self.look(), status, self.actions_enabled, back=origin.word
        )
        self.current = info
        self._origin = origin

    def _back(self) -> None:
        origin = self._origin
        if origin is not None:
            self.show_at(origin.start)

    @property
    def origin(self) -> WordInfo | None:
        """The word in the text while the popup shows a word reached through a link."""
        return self._origin

    def refresh(self) -> None:
        """Show the popup's word again (its status, readings or entries changed)."""
        if self._origin is not None and self.current is not None and self._popup_visible():
            self.show_word(self.current.word)  # a linked word: stay on it
        elif self.current is not None and self._popup_visible():
            self.show_at(self.current.start)

    def step(self, direction: int, by_character: bool = False) -> None:
        """Move the reading cursor to the next (1) or previous (-1) word — or, with
        ``by_character``, character (the popup then shows the word starting there)."""
        shown = self.context.current.shown
        if shown is None or not shown.text:
            return
        text = shown.text
        current = self._origin or self.current
        if current is not None and self._popup_visible():
            if by_character:
                pos = current.start + direction
            else:
                pos = current.end if direction > 0 else current.start - 1
        else:
            cursor_pos = shown.view_to_display(self.context.view.textCursor().position())
            pos = cursor_pos
        previous = current if self._popup_visible() else None
        while 0 <= pos < len(text):
            info = self.describe(pos)
            if info is not None and previous is not None and (info.start, info.end) == (
                previous.start, previous.end
            ):
                info = None  # inside the same glossary term: keep moving
            if info is not None:
                if direction < 0 and not by_character:  # the start of the word ending here
                    info = self._word_ending_at(pos) or info
                self.context.view.select_span(
                    shown.display_to_view(info.start), shown.display_to_view(info.end)
                )
                self.context.view.ensureCursorVisible()
                self._show(info)
                return
            pos += direction

    def _word_ending_at(self, pos: int) -> WordInfo | None:
        for start in range(max(0, pos - 7), pos + 1):
            info = self.describe(start)
            if info is not None and info.start <= pos < info.end:
                return info
        return None

    def detach(self) -> None:
        """Stop watching the view (the window is closing)."""
        self.hide()
        view = self.context.view
        view.viewport().removeEventFilter(self)
        view.removeEventFilter(self)
        view.remove_overlay(self._paint_word)

    def hide(self) -> None:
        self._show_timer.stop()
        self._hide_timer.stop()
        self.current = None
        self._origin = None
        self._mark(None)
        if self._popup is not None:
            self._popup.hide()

    # The word in the text ---------------------------------------------------------------
    def _mark(self, span: tuple[int, int] | None) -> None:
        """Paint ``span`` (view positions) as the word the popup shows; None clears it."""
        if span == self._painted:
            return
        self._painted = span
        self.context.view.viewport().update()

    def _paint_word(self, view: ReadingView, painter: QPainter, _rect: QRect) -> None:
        """An overlay of the view: the popup's word tinted and underlined (no relayout)."""
        if self._painted is None:
            return
        start, end = self._painted
        colour = view.palette().color(QPalette.ColorRole.Highlight)
        fill = QColor(colour)
        fill.setAlpha(48)
        for position in range(start, max(end, start + 1)):
            rect = view.char_rect(position)
            painter.fillRect(rect, fill)
            painter.fillRect(rect.left(), rect.bottom() - 1, rect.width(), 2, colour)

    def _hide_unless_inside(self) -> None:
        if self._popup is None or not self._popup.underMouse():
            self.hide()
