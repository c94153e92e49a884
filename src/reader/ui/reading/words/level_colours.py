"""View › Colour by Level: each word of the text in the colour of its HSK 3.0 level.

The levels come from :mod:`reader.language.words.hsk` over the text's segmentation (the
words the popup shows); levels 1-6, the band 7-9 and "beyond" each have a colour, one palette
per theme, every colour at least 4.5:1 against its page. Words are graded on the runner when
the segmentation is ready; the reading view gives Qt only the spans near the view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from reader.language.readings.pinyin import is_han
from reader.language.words.hsk import word_level
from reader.ui.common.worker import Lane
from reader.ui.reading.words.word_sources import text_key_of

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.reading.words.word_segments import WordSegments

LAYER = "hsk-levels"
#: Level → colour: easy in green, through blue and purple, to red for 7-9; brown beyond.
PALETTES: dict[str, dict[int | None, str]] = {
    "light": {
        1: "#2e7d32", 2: "#4f7a1f", 3: "#00695c", 4: "#1565c0",
        5: "#4527a0", 6: "#8e24aa", 7: "#c62828", None: "#6d4c41",
    },
    "dark": {
        1: "#81c784", 2: "#aed581", 3: "#4db6ac", 4: "#64b5f6",
        5: "#b39ddb", 6: "#ce93d8", 7: "#ef9a9a", None: "#bcaaa4",
    },
}

#: (start, end, level) of each graded word, display positions.
Graded = list[tuple[int, int, int | None]]


def palette(dark: bool) -> dict[int | None, str]:
    return PALETTES["dark" if dark else "light"]


def grade(text: str, spans: list[tuple[int, int]]) -> Graded:
    """The level of each word span of ``text`` that has a Han character."""
    out: Graded = []
    for start, end in spans:
        word = text[start:end]
        if any(is_han(ch) for ch in word):
            out.append((start, end, word_level(word)))
    return out


class LevelColours(QObject):
    """Paints the words of the displayed text in their level's colour when the flag is on."""

    def __init__(self, context: FeatureContext, segments: WordSegments) -> None:
        super().__init__(context.host)
        self.context = context
        self.segments = segments
        self.graded: Graded = []
        self._key: tuple[str, str] | None = None
        segments.segmentsReady.connect(self.refresh)
        context.current.displayChanged.connect(self._display_changed)

    @property
    def enabled(self) -> bool:
        return self.context.settings.flag("colour_by_level")

    def set_enabled(self, enabled: bool) -> None:
        self.context.settings.set_flag("colour_by_level", enabled)
        self.refresh()

    def _display_changed(self) -> None:
        self.graded, self._key = [], None
        self.paint()

    def refresh(self) -> None:
        """Grade the shown text's words (on the runner) if the colours are on."""
        segmentation = self.segments.segmentation
        key = text_key_of(self.context.current)
        if not self.enabled or segmentation is None:
            self.paint()
            return
        if key == self._key and self.graded:
            self.paint()
            return
        text = segmentation.text
        spans = [(t.start, t.end) for t in segmentation]

        def done(graded: Graded) -> None:
            if text_key_of(self.context.current) == key:
                self.graded, self._key = graded, key
                self.paint()

        self.context.runner.run("hsk-levels", lambda: grade(text, spans), done, lane=Lane.LONG)

    def paint(self) -> None:
        context = self.context
        shown, view = context.current.shown, context.view
        spans: list[tuple[int, int]] = []
        formats: list[QTextCharFormat] = []
        if shown is not None and self.enabled and self.graded:
            dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
            colours = {level: _format(colour) for level, colour in palette(dark).items()}
            for start, end, level in self.graded:
                spans.append((shown.display_to_view(start), shown.display_to_view(end)))
                formats.append(colours[level])
        view.set_spans(LAYER, spans, formats)  # the view hands Qt those near it


def _format(colour: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    # A transparent background too: of touching extra selections that only set a foreground,
    # Qt paints every other one in the text's own colour (seen with Qt 6.11).
    fmt.setBackground(QColor(0, 0, 0, 0))
    return fmt

