"""The find bar: search the displayed text as you type, highlight every match, step through.

Matching (script-, case- and pinyin-insensitive) is :mod:`reader.language.text_search`, in code
points; this widget converts spans to the view's UTF-16 positions with
:class:`reader.language.scripts.utf16.Utf16Index`. Matches are a ``"find"`` highlight layer of the view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from reader.language.scripts.utf16 import Utf16Index
from reader.ui.common.action_registry import ActionSpec
from reader.ui.common.style.theme import find_tint, palette_is_dark

if TYPE_CHECKING:  # the search index is built on the first search
    from reader.language.text_search import SearchIndex, Span

LAYER = "find"
#: Texts longer than this (code points) are searched after a pause in typing.
DEBOUNCE_FROM = 20_000
DEBOUNCE_MS = 120
#: At most this many matches around the current one are highlighted (painting cost).
MAX_HIGHLIGHTS = 4_000


class FindBar(QWidget):
    """A bar under (or over) the reading view; hidden until :meth:`open`."""

    #: Emitted with the number of matches after every search (0 when none or no query).
    matchesChanged = Signal(int)

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self._index: SearchIndex | None = None
        self._utf16: Utf16Index | None = None
        self._matches: list[Span] = []
        self._current = -1

        self.query_edit = QLineEdit(self)
        self.query_edit.setObjectName("findQuery")
        self.query_edit.setPlaceholderText("Find (characters or pinyin)")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.installEventFilter(self)
        self.previous_button = self._tool_button("▲", "Previous match (Shift+Enter, Shift+F3)")
        self.next_button = self._tool_button("▼", "Next match (Enter, F3)")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("findCount")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("8888 of 8888"))
        self.pinyin_check = QCheckBox("Match &pinyin", self)
        self.pinyin_check.setToolTip(
            "fazhan, fa1zhan3 or fāzhǎn also find 发展 / 發展 (untick for letters only)"
        )
        self.pinyin_check.setChecked(True)  # a learner types moxing for 模型
        self.case_check = QCheckBox("Match &case", self)
        self.close_button = self._tool_button("✕", "Close (Esc)")
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.query_edit, 1)
        for widget in (
            self.previous_button,
            self.next_button,
            self.count_label,
            self.pinyin_check,
            self.case_check,
            self.close_button,
        ):
            layout.addWidget(widget)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._search_now)
        self.query_edit.textChanged.connect(self._schedule)
        self.pinyin_check.toggled.connect(lambda _on: self._search_now())
        self.case_check.toggled.connect(lambda _on: self._search_now())
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        replaced = getattr(view, "textReplaced", None)
        if replaced is not None:
            replaced.connect(self.refresh)
        else:
            view.textChanged.connect(self.refresh)
        self._update_label()
        self.hide()

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        return button

    # Public API ---------------------------------------------------------------------------
    def open(self) -> None:
        """Show the bar and focus the query (seeded from a short selection in the view)."""
        selected = self._view.textCursor().selectedText()
        if selected and len(selected) <= 64 and "\u2029" not in selected:
            self.query_edit.setText(selected)
        self.show()
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()
        if self.query_edit.text():
            self._search_now()

    def close_bar(self) -> None:
        """Hide the bar, drop the highlights and give the focus back to the view."""
        self.hide()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def action_specs(self) -> list[ActionSpec]:
        """Specs for the window's Find, Find Next and Find Previous actions (menu "Edit")."""
        return [
            ActionSpec("edit.find", "&Find…", "Ctrl+F", self.open, "Edit", tip="Find in the text"),
            ActionSpec("edit.find_next", "Find &Next", "F3", self.find_next, "Edit"),
            ActionSpec("edit.find_previous", "Find &Previous", "Shift+F3", self.find_previous,
                       "Edit"),
        ]

    def set_query(self, text: str) -> None:
        """Set the query and search at once (no debounce)."""
        self.query_edit.setText(text)
        self._search_now()

    def query(self) -> str:
        return self.query_edit.text()

    def matches(self) -> list[Span]:
        """Spans of the current matches, code points of the displayed text."""
        return list(self._matches)

    def current_index(self) -> int:
        """Index of the current match in :meth:`matches`, -1 when none."""
        return self._current

    def utf16_span(self, index: int) -> tuple[int, int]:
        """The view's (UTF-16) positions of match ``index``."""
        start, end = self._matches[index]
        utf16 = self._positions()
        return utf16.cp_to_utf16(start), utf16.cp_to_utf16(end)

    def refresh(self) -> None:
        """The view's text changed: rebuild the index and search again (if the bar is open)."""
        self._index = None
        self._utf16 = None
        if self.isVisible() and self.query_edit.text():
            self._current = -1
            self._search_now()
        else:
            self._matches, self._current = [], -1
            self._update_label()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    # Searching ----------------------------------------------------------------------------
    def _text_index(self) -> SearchIndex:
        if self._index is None:
            from reader.language.text_search import SearchIndex

            self._index = SearchIndex(self._view.toPlainText())
        return self._index

    def _positions(self) -> Utf16Index:
        if self._utf16 is None:
            self._utf16 = Utf16Index(self._text_index().text)
        return self._utf16

    def _schedule(self) -> None:
        if len(self._text_index()) >= DEBOUNCE_FROM:
            self._timer.start(DEBOUNCE_MS)
        else:
            self._search_now()

    def _search_now(self) -> None:
        self._timer.stop()
        query = self.query_edit.text()
        anchor = self._anchor()
        self._matches = self._text_index().find(
            query,
            pinyin=self.pinyin_check.isChecked(),
            case_sensitive=self.case_check.isChecked(),
            pinyin_prefix=True,
        )
        self._current = -1
        if self._matches:
            self._current = next(
                (i for i, (start, _end) in enumerate(self._matches) if start >= anchor), 0
            )
        self._show_current()
        self.matchesChanged.emit(len(self._matches))

    def _anchor(self) -> int:
        """Code point where a new search looks first: the current match, else the view's top."""
        if 0 <= self._current < len(self._matches):
            return self._matches[self._current][0]
        first = getattr(self._view, "first_visible_position", None)
        if callable(first):
            position = first()
        else:
            position = self._view.cursorForPosition(QPoint(0, 0)).position()
        utf16 = self._positions()
        return utf16.utf16_to_cp(max(0, min(int(position), utf16.utf16_length)))

    def _step(self, delta: int) -> None:
        if not self.isVisible():
            self.open()
        if self._timer.isActive() or (self.query_edit.text() and not self._matches):
            self._search_now()
        if not self._matches:
            return
        if self._current < 0:
            self._current = 0
        else:
            self._current = (self._current + delta) % len(self._matches)
        self._show_current()

    def _show_current(self) -> None:
        self._highlight()
        self._update_label()
        if self._current >= 0:
            start, end = self.utf16_span(self._current)
            cursor = QTextCursor(self._view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self._view.setTextCursor(cursor)
            self._centre(cursor)
        elif self._view.textCursor().hasSelection():
            cursor = self._view.textCursor()  # no match: no stale selection beside "No matches"
            cursor.clearSelection()
            self._view.setTextCursor(cursor)

    def _centre(self, cursor: QTextCursor) -> None:
        """Scroll so the current match sits in the middle of the view, unless it is already
        in the view's middle band (stepping through matches on one screen does not jump)."""
        viewport = self._view.viewport().height()
        rect = self._view.cursorRect(cursor)
        if viewport <= 0 or (viewport * 0.2 <= rect.center().y() <= viewport * 0.8):
            self._view.ensureCursorVisible()
            return
        bar = self._view.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - viewport // 2)

    def _highlight(self) -> None:
        set_layer = getattr(self._view, "set_layer", None)
        if not self._matches:
            selections: list[QTextEdit.ExtraSelection] = []
        else:
            lo = max(0, self._current - MAX_HIGHLIGHTS // 2)
            hi = min(len(self._matches), lo + MAX_HIGHLIGHTS)
            selections = [self._selection(i) for i in range(lo, hi)]
        if callable(set_layer):
            set_layer(LAYER, selections)
        else:
            self._view.setExtraSelections(selections)

    def _selection(self, index: int) -> QTextEdit.ExtraSelection:
        start, end = self.utf16_span(index)
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[misc]
        fmt = QTextCharFormat()
        fmt.setBackground(find_tint(index == self._current, palette_is_dark(self._view.palette())))
        selection.format = fmt  # type: ignore[misc]
        return selection

    def _update_label(self) -> None:
        if not self.query_edit.text():
            self.count_label.setText("")
        elif not self._matches:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{self._current + 1} of {len(self._matches)}")
        self.count_label.setProperty("noMatches", bool(self.query_edit.text()) and not self._matches)

    # Keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """In the query: Enter / Shift+Enter, F3 / Shift+F3 step, Esc closes; these keys win
        over window shortcuts while the query has the focus."""
        if watched is self.query_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3, Qt.Key.Key_Escape):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.close_bar()
                elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        if event.spontaneous():  # the window was minimised: keep the highlights
            super().hideEvent(event)
            return
        self._timer.stop()
        set_layer = getattr(self._view, "set_layer", None)
        if callable(set_layer):
            set_layer(LAYER, [])
        else:
            self._view.setExtraSelections([])
        super().hideEvent(event)
