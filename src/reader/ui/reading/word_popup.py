"""The word popup: one small window with sections — glossary, reading, dictionary.

It never takes focus (a tool-tip-like window); the hover controller feeds it and handles its
keys (Esc hides, S saves the word, K marks it known).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QGuiApplication, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.language.readings.pinyin import tone_of
from reader.language.readings.pinyin_styles import TONE_SCHEMES, PinyinStyle, format_syllable
from reader.language.words.glossary import CATEGORY_COLOURS
from reader.language.words.word_info import WordInfo

MAX_ENTRIES = 6
MAX_SENSES = 6
#: What the popup says over a damaged spot of the text.
DAMAGED_NOTE = (
    "Damaged spot: these characters are garbage left by a wrong decode of the source (see "
    "the import report), not words — no reading, no dictionary entry."
)


def tone_html(
    syllables: Sequence[str | None], style: PinyinStyle, scheme: str, separator: str = " "
) -> str:
    """Numbered syllables as HTML, each coloured by its tone."""
    colours = TONE_SCHEMES.get(scheme, TONE_SCHEMES["pleco"])
    parts = []
    for syllable in syllables:
        if not syllable:
            continue
        text = html.escape(format_syllable(syllable, style))
        colour = colours.get(tone_of(syllable), "")
        parts.append(f'<span style="color:{colour}">{text}</span>' if colour else text)
    return separator.join(parts)


def popup_html(
    info: WordInfo, style: PinyinStyle, scheme: str, status: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The popup's content as rich text: glossary first, then the reading, then CC-CEDICT;
    for a damaged spot only what it is."""
    out: list[str] = []
    head = f'<span style="font-size:20pt">{html.escape(info.word)}</span>'
    if info.damaged:
        return (
            f"<div>{head}</div>"
            f'<div style="margin-top:6px;color:#b5651d">⚠ {html.escape(DAMAGED_NOTE)}</div>'
        )
    reading = tone_html(info.readings, style, scheme)
    if reading:
        head += f'&nbsp;&nbsp;<span style="font-size:14pt">{reading}</span>'
    if status and status != "new":
        head += f'&nbsp;&nbsp;<span style="color:#888">· {html.escape(status)}</span>'
    out.append(f"<div>{head}</div>")
    for note in notes:
        out.append(f'<div style="margin-top:4px;color:#b5651d">⚠ {html.escape(note)}</div>')
    if info.glossary is not None:
        g = info.glossary
        colour = CATEGORY_COLOURS.get(g.category, "#888888")
        out.append(
            f'<div style="margin-top:6px"><span style="background:{colour};color:white">'
            f"&nbsp;{html.escape(g.category)}&nbsp;</span> <b>{html.escape(g.headword)}</b>"
            f" — {html.escape(g.gloss)}</div>"
            f'<div style="margin-top:2px">{html.escape(g.explanation_en)}</div>'
            f'<div style="margin-top:2px;color:#666">{html.escape(g.explanation_zh)}</div>'
        )
    for entry in info.entries[:MAX_ENTRIES]:
        out.append(_entry_html(entry.traditional, entry.simplified, entry.pinyin, entry.senses,
                               style, scheme))
    if len(info.entries) > MAX_ENTRIES:
        out.append(f'<div style="color:#888">… {len(info.entries) - MAX_ENTRIES} more</div>')
    if info.others and not info.entries:  # the word is not in CC-CEDICT; its first other is
        word, entries = info.others[0]
        out.append(f'<div style="margin-top:6px;color:#888">CC-CEDICT: {html.escape(word)}</div>')
        for entry in entries[:MAX_ENTRIES]:
            out.append(_entry_html(entry.traditional, entry.simplified, entry.pinyin,
                                   entry.senses, style, scheme))
    elif info.others:
        words = " · ".join(html.escape(w) for w, _ in info.others)
        out.append(f'<div style="margin-top:6px;color:#888">Also here: {words}</div>')
    if not info.entries and info.glossary is None:
        out.append('<div style="margin-top:6px;color:#888">Not in CC-CEDICT.</div>')
    return "".join(out)


def _entry_html(
    traditional: str, simplified: str, pinyin: str, senses: Sequence[str],
    style: PinyinStyle, scheme: str,
) -> str:
    forms = html.escape(traditional if traditional == simplified else f"{traditional} {simplified}")
    from reader.language.words.word_lookup import cedict_syllables

    reading = tone_html(cedict_syllables(pinyin), style, scheme)
    shown = "; ".join(html.escape(s) for s in senses[:MAX_SENSES])
    more = " …" if len(senses) > MAX_SENSES else ""
    return (
        f'<div style="margin-top:6px"><b>{forms}</b>&nbsp;&nbsp;{reading}<br>'
        f"{shown}{more}</div>"
    )


class WordPopup(QFrame):
    """A frameless, non-focus popup window; ``show_info`` fills and places it."""

    saveRequested = Signal()
    knownRequested = Signal()
    copyRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("wordPopup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMaximumWidth(460)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.label = QLabel()
        self.label.setObjectName("wordPopupText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
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
        self.info: WordInfo | None = None

    def show_info(
        self, info: WordInfo, anchor: QRect, style: PinyinStyle, scheme: str,
        status: str | None = None, actions: bool = True, notes: Sequence[str] = (),
    ) -> None:
        """Show ``info`` below (or above) ``anchor``, a global rectangle of the word."""
        self.info = info
        self.label.setText(popup_html(info, style, scheme, status, notes))
        self.save_button.setVisible(actions)
        self.known_button.setVisible(actions)
        self.known_button.setText("Mark new (K)" if status == "known" else "Known (K)")
        self.adjustSize()
        self.move(self._place(anchor))
        self.show()  # a tool-tip window: always above its parent, no raise() needed

    def plain_text(self) -> str:
        """The popup's content as plain text (for the clipboard)."""
        return self.label.text() and QTextDocumentFragment.fromHtml(self.label.text()).toPlainText()

    def _place(self, anchor: QRect) -> QPoint:
        size = self.sizeHint()
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else QRect(0, 0, 4096, 4096)
        x = min(max(area.left(), anchor.left()), area.right() - size.width())
        y = anchor.bottom() + 6
        if y + size.height() > area.bottom():
            y = max(area.top(), anchor.top() - size.height() - 6)
        return QPoint(x, y)
