"""The inline-reading audit in the window: the source's own readings that disagree with the
context reading are listed in the import report and marked in the text (a subtle wavy
underline); the popup over such a character explains the disagreement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QTextCharFormat

from reader.language.readings.pinyin import to_marks
from reader.language.readings.reading_audit import Disagreement, audit_inline_readings

if TYPE_CHECKING:
    from reader.language.scripts.displayed_text import DisplayedText
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.reading.readings_controller import ReadingsController

LAYER = "audit"
SECTION = "Inline readings that disagree with the context"
MARK_COLOUR = "#d9822b"


class AuditMarks(QObject):
    """Keeps the audit of the shown document and its marks up to date."""

    def __init__(self, context: FeatureContext, readings: ReadingsController) -> None:
        super().__init__(context.host)
        self.context = context
        self.readings = readings
        self.disagreements: list[Disagreement] = []
        #: display position → disagreement, for the popup
        self.by_display: dict[int, Disagreement] = {}
        self._key: tuple[str, str, int] | None = None
        self._cache: dict[tuple[str, str, int], tuple[list[Disagreement], dict[int, Disagreement]]] = {}
        readings.readingsChanged.connect(self.update)
        context.current.documentChanged.connect(self._reset)

    def _reset(self) -> None:
        self.disagreements = []
        self.by_display = {}
        self._key = None
        self._cache.clear()

    def update(self) -> None:
        context = self.context
        shown, document, readings = context.current.shown, context.current.document, self.readings.readings
        if shown is None or document is None or readings is None or not document.readings:
            self._paint()
            return
        key = (document.sha256, shown.script.value, id(readings))
        if key == self._key:  # the same display: only the marks need painting again
            self._paint()
            return
        self._key = key
        cached = self._cache.get(key)
        if cached is None:
            cached = self._audit(document.text, dict(document.readings), shown, readings)
            self._cache[key] = cached
        self.disagreements, self.by_display = cached
        n = len(self.disagreements)
        context.report(
            (
                f"{SECTION} ({n})",
                [
                    (d.offset, f"{d.character}: source {to_marks(d.source)}, context "
                     f"{to_marks(d.ours) if d.ours else '—'}", d.context)
                    for d in self.disagreements
                ],
            ),
            f"{n} source reading{'s' if n != 1 else ''} disagree with the context" if n else "",
        )
        self._paint()

    @staticmethod
    def _audit(
        text: str, source: dict[int, str], shown: DisplayedText, readings: list[str | None]
    ) -> tuple[list[Disagreement], dict[int, Disagreement]]:
        offsets = shown.conversion.offsets
        canonical: list[str | None] = [None] * len(text)
        for pos in source:
            if 0 <= pos < len(canonical):
                display = offsets.to_display(pos)
                if display < len(readings):
                    canonical[pos] = readings[display]
        found: list[Disagreement] = []
        if any(canonical[p] for p in source if p < len(canonical)):
            found = audit_inline_readings(text, source, canonical)
        return found, {offsets.to_display(d.offset): d for d in found}

    def notes_for(self, start: int, end: int) -> list[str]:
        """Explanations for the flagged characters in display ``[start, end)``."""
        notes = []
        for pos in range(start, end):
            d = self.by_display.get(pos)
            if d is not None:
                ours = to_marks(d.ours) if d.ours else "something else"
                notes.append(
                    f"The source printed {d.character} as {to_marks(d.source)} here; "
                    f"in this context it reads {ours}."
                )
        return notes

    def _paint(self) -> None:
        context = self.context
        shown = context.current.shown
        spans: list[tuple[int, int]] = []
        if shown is not None:
            spans = [
                (shown.display_to_view(pos), shown.display_to_view(pos + 1))
                for pos in sorted(self.by_display)
                if pos < len(shown.text)
            ]
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(MARK_COLOUR))
        fmt.setToolTip("The source's inline reading disagrees with the context")
        context.view.set_layer(LAYER, context.view.selections(spans, fmt))
