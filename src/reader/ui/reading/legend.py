"""View › Legend: what each mark in the text means, drawn with the very formats the text uses.

A small, non-modal window: glossary underlines (one dotted colour per category), the audit's
wavy underline, the five highlight colours, unknown words in colour, the word the popup
explains. The samples are typed into a read-only document with the marks' own
``QTextCharFormat``-s, so the legend cannot drift from what the reading view paints.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextEdit, QVBoxLayout, QWidget

from reader.language.words.glossary import CATEGORIES, CATEGORY_COLOURS
from reader.language.words.hsk import level_name
from reader.storage.schema import COLOURS
from reader.ui.common.style.highlight_colours import COLOUR_LABELS, highlight_format
from reader.ui.reading.audit_marks import MARK_COLOUR
from reader.ui.reading.words.known_words import UNKNOWN_DARK, UNKNOWN_LIGHT
from reader.ui.reading.words.level_colours import palette

#: The characters each kind of mark is shown on.
GLOSSARY_SAMPLE = "深度求索"
AUDIT_SAMPLE = "會"
UNKNOWN_SAMPLE = "推理模型"
#: A word of each HSK level (2025 syllabus), for the level colours.
LEVEL_SAMPLES: dict[int | None, str] = {
    1: "中國", 2: "已經", 3: "發展", 4: "市場", 5: "發布", 6: "模型", 7: "冷卻", None: "蒸餾",
}


class LegendDialog(QDialog):
    """The key to the marks under and on the text."""

    def __init__(self, parent: QWidget | None = None, dark: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("legendDialog")
        self.setWindowTitle("Legend")
        self.setWindowFlag(Qt.WindowType.Tool)
        self.resize(460, 520)
        layout = QVBoxLayout(self)
        self.text = QTextEdit(self)
        self.text.setObjectName("legendText")
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(dark)

    def _fill(self, dark: bool) -> None:
        cursor = QTextCursor(self.text.document())
        plain = QTextCharFormat()
        heading = QTextCharFormat()
        heading.setFontWeight(700)

        def line(sample: str, fmt: QTextCharFormat, meaning: str) -> None:
            cursor.insertText(sample, fmt)
            cursor.insertText(f"   {meaning}\n", plain)

        cursor.insertText("Glossary terms (View › Underline Glossary Terms)\n", heading)
        for category in CATEGORIES:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(CATEGORY_COLOURS[category]))
            line(GLOSSARY_SAMPLE, fmt, f"dotted underline: a {category} in the glossary")
        cursor.insertText("\nThe source's printed readings\n", heading)
        audit = QTextCharFormat()
        audit.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        audit.setUnderlineColor(QColor(MARK_COLOUR))
        line(AUDIT_SAMPLE, audit, "wavy underline: its reading in the source disagrees "
             "with the context (the popup says how)")
        cursor.insertText("\nYour highlights (Annotate › Highlight)\n", heading)
        for colour in COLOURS:
            line("重新加溫", highlight_format(colour, dark), COLOUR_LABELS.get(colour, colour))
        cursor.insertText("\nWords\n", heading)
        unknown = QTextCharFormat()
        unknown.setForeground(QColor(UNKNOWN_DARK if dark else UNKNOWN_LIGHT))
        line(UNKNOWN_SAMPLE, unknown, "in colour: a word you have not marked known "
             "(View › Colour Unknown Words)")
        popup = QTextCharFormat()
        tint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        tint.setAlpha(48)
        popup.setBackground(tint)
        popup.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        popup.setUnderlineColor(self.palette().color(QPalette.ColorRole.Highlight))
        line("冷卻", popup, "tinted and underlined: the word the popup explains")
        cursor.insertText("\nHSK 3.0 levels (View › Colour by Level)\n", heading)
        for level, colour in palette(dark).items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            line(LEVEL_SAMPLES[level], fmt, level_name(level))
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def samples(self) -> list[tuple[str, QTextCharFormat]]:
        """Every sample of the legend with its format (for tests)."""
        out: list[tuple[str, QTextCharFormat]] = []
        block = self.text.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid():
                    out.append((fragment.text(), fragment.charFormat()))
                iterator += 1
            block = block.next()
        return out
