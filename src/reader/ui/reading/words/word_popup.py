"""The word popup: a card floating over the text — the word, its reading, the glossary card,
the dictionary — with Save / Known / Copy that show what is already done.

It never takes focus (a tool-tip-like window); the hover controller feeds it and handles its
keys (Esc hides, S saves the word, K marks it known, C copies). Links in it ask for another
word (``wordRequested``) or the way back (``backRequested``). What it says is assembled in
:mod:`popup_content`.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextDocumentFragment
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.language.words.word_info import WordInfo
from reader.ui.reading.words.popup_content import Look, can_save, popup_html

#: Room around the card for its shadow (the window itself is transparent there).
SHADOW = 12
CARD_WIDTH = 440


class WordPopup(QWidget):
    """A frameless, non-focus popup window holding one card; ``show_info`` fills and places
    it."""

    saveRequested = Signal()
    knownRequested = Signal()
    copyRequested = Signal()
    #: A link to another word (a character inside the word, a word around it, a reference).
    wordRequested = Signal(str)
    #: The link back to the word in the text.
    backRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("wordPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SHADOW, SHADOW // 2, SHADOW, SHADOW + SHADOW // 2)
        self.card = QFrame(self)
        self.card.setObjectName("wordPopupCard")
        shadow = QGraphicsDropShadowEffect(self.card)
        shadow.setBlurRadius(2 * SHADOW)
        shadow.setOffset(0, 3)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.card.setGraphicsEffect(shadow)
        outer.addWidget(self.card)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(14, 10, 14, 10)
        self._card_layout = layout
        self.label = QLabel()
        self.label.setObjectName("wordPopupText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(self._link)
        layout.addWidget(self.label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save word (S)")
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.saveRequested)
        self.known_button = QPushButton("Known (K)")
        self.known_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.known_button.clicked.connect(self.knownRequested)
        self.copy_button = QPushButton("Copy (C)")
        self.copy_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.copy_button.clicked.connect(self.copyRequested)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.known_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._buttons = buttons
        self.info: WordInfo | None = None
        self._dark: bool | None = None

    def show_info(
        self, info: WordInfo, anchor: QRect, look: Look, status: str | None = None,
        actions: bool = True, notes: Sequence[str] = (), back: str | None = None,
    ) -> None:
        """Show ``info`` below (or above) ``anchor``, a global rectangle of the word.

        ``status`` is the learner's mark for the word (``learning`` once saved, ``known``):
        the buttons say it (Saved ✓, Known ✓). ``actions`` False, or a word Save does not
        apply to (H800, a damaged spot), hides them."""
        self.info = info
        self._style_card(look.dark)
        self.label.setText(popup_html(info, look, status, notes, back))
        applies = actions and can_save(info)
        self.save_button.setVisible(applies)
        self.known_button.setVisible(applies)
        saved = status in ("learning", "known")
        self.save_button.setText("Saved ✓" if saved else "Save word (S)")
        self.save_button.setEnabled(not saved)
        self.save_button.setToolTip("In your vocabulary" if saved else "Save to your vocabulary")
        known = status == "known"
        self.known_button.setText("Known ✓" if known else "Known (K)")
        self.known_button.setToolTip("Press K again to mark it new" if known else "Mark as known")
        self._fit_label()
        self.adjustSize()
        self.move(self._place(anchor))
        self.show()  # a tool-tip window: always above its parent, no raise() needed

    def _style_card(self, dark: bool) -> None:
        """The card's own surface, apart from the page: white on the cream page, a lifted
        grey on the dark one; a hairline border and rounded corners (the shadow lifts it)."""
        if dark == self._dark:
            return
        self._dark = dark
        surface, border, text = ("#2b2d32", "#4a4c52", "#ece9e2") if dark else (
            "#ffffff", "#d9d4c9", "#1f1f1f"
        )
        self.card.setStyleSheet(
            f"QFrame#wordPopupCard {{ background: {surface}; border: 1px solid {border};"
            f" border-radius: 8px; }} QLabel#wordPopupText {{ color: {text}; }}"
        )

    def _link(self, target: str) -> None:
        kind, _, rest = target.partition(":")
        if kind == "word" and rest:
            self.wordRequested.emit(unquote(rest))
        elif kind == "back":
            self.backRequested.emit()

    def _fit_label(self) -> None:
        """Size the label to its wrapped text: a top-level window's layout does not ask a
        word-wrapped label for its height at the width it gets, and would cut the last
        senses off."""
        margins = self._card_layout.contentsMargins()
        widest = CARD_WIDTH - margins.left() - margins.right()
        self.label.setMinimumSize(0, 0)
        self.label.setMaximumSize(16777215, 16777215)
        natural = self.label.sizeHint().width()
        width = max(min(natural, widest), self._buttons.sizeHint().width())
        self.label.setFixedWidth(width)
        self.label.setFixedHeight(self.label.heightForWidth(width))

    def plain_text(self) -> str:
        """The popup's content as plain text (for the clipboard)."""
        return self.label.text() and QTextDocumentFragment.fromHtml(self.label.text()).toPlainText()

    def _place(self, anchor: QRect) -> QPoint:
        size = self.sizeHint()
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else QRect(0, 0, 4096, 4096)
        x = min(max(area.left(), anchor.left() - SHADOW), area.right() - size.width())
        y = anchor.bottom() + 2  # the card's top margin (SHADOW // 2) keeps it off the word
        if y + size.height() > area.bottom():
            y = max(area.top(), anchor.top() - size.height() - 2)
        return QPoint(x, y)
