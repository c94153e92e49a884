"""The inline-reading audit in the window: the source's own readings that disagree with the
context reading are listed in the import report and marked in the text (a subtle wavy
underline); the popup over such a character explains the disagreement.

The audit compares each source reading with the context reading of the same source
character: the readings of the document's own text (:meth:`ReadingsController.source_readings`),
never those of a displayed script, whose substituted words (用戶 → 使用者 in Taiwan) would be
compared with readings of other characters. So the list is the same in every script; only the
marks are placed anew, through the displayed text's offset map.
"""

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
        #: (document hash, its disagreements): computed once per document shown
        self._audit: tuple[str, list[Disagreement]] | None = None
        #: (document hash, script) that ``by_display`` was placed for (None: nothing placed)
        self.placed: tuple[str, str] | None = None
        #: The marks' view spans for ``placed`` (made once per document and script)
        self._spans: list[tuple[int, int]] | None = None
        #: Placements and spans of this document's scripts shown so far (a switch back and
        #: forth on a long document places thousands of marks otherwise)
        self._placements: dict[
            tuple[str, str], tuple[dict[int, Disagreement], list[tuple[int, int]] | None]
        ] = {}
        readings.readingsChanged.connect(self.update)
        readings.sourceReadingsChanged.connect(self.update)
        context.current.displayChanged.connect(self.update)
        context.current.documentChanged.connect(self._reset)

    def _reset(self) -> None:
        """A document is shown (its import report was started afresh): audit it anew."""
        self._audit = None
        self.placed = None
        self.update()

    def update(self) -> None:
        context = self.context
        shown, document = context.current.shown, context.current.document
        if shown is None or document is None or not document.readings:
            self.disagreements, self.by_display, self.placed = [], {}, None
            self._paint()
            return
        if self._audit is None or self._audit[0] != document.sha256:
            source = self.readings.source_readings()
            if source is None or len(source) != len(document.text):
                if self.readings.readings is not None:  # after the displayed text's readings
                    self.readings.request_source_readings()
                self.disagreements, self.by_display, self.placed = [], {}, None
                self._paint()
                return
            found = audit_inline_readings(document.text, document.readings, source)
            self._audit = (document.sha256, found)
            self.placed = None
            self._placements.clear()
            self._report(found)
        self.disagreements = self._audit[1]
        key = (document.sha256, shown.script.value)
        if self.placed != key:
            if self.placed is not None:
                self._placements[self.placed] = (self.by_display, self._spans)
            kept = self._placements.pop(key, None)
            if kept is None:
                self.by_display, self._spans = self.place(self.disagreements, shown), None
            else:
                self.by_display, self._spans = kept
            self.placed = key
        self._paint()

    def _report(self, found: list[Disagreement]) -> None:
        n = len(found)
        self.context.report(
            (
                f"{SECTION} ({n})",
                [
                    (d.offset, f"{d.character}: source {to_marks(d.source)}, context "
                     f"{to_marks(d.ours) if d.ours else '—'}", d.context)
                    for d in found
                ],
            ),
            f"{n} source reading{'s' if n != 1 else ''} disagree with the context" if n else "",
        )

    @staticmethod
    def place(found: list[Disagreement], shown: DisplayedText) -> dict[int, Disagreement]:
        """Display position → disagreement: each flagged source character's span in the
        displayed text (a whole segment where the script rewrote a word around it)."""
        offsets = shown.conversion.offsets
        out: dict[int, Disagreement] = {}
        for d in found:
            if not 0 <= d.offset < offsets.canonical_length:
                continue
            start, end = offsets.display_span(d.offset, d.offset + 1)
            for pos in range(start, max(end, start + 1)):
                out.setdefault(pos, d)
        return out

    def notes_for(self, start: int, end: int) -> list[str]:
        """Explanations for the flagged characters in display ``[start, end)``."""
        notes: list[str] = []
        for pos in range(start, end):
            d = self.by_display.get(pos)
            if d is None:
                continue
            ours = to_marks(d.ours) if d.ours else "something else"
            note = (
                f"The source printed {d.character} as {to_marks(d.source)} here; "
                f"in this context it reads {ours}."
            )
            if note not in notes:
                notes.append(note)
        return notes

    def _paint(self) -> None:
        context = self.context
        shown = context.current.shown
        spans: list[tuple[int, int]] = []
        if shown is not None and self.placed is not None:
            if self._spans is None:
                self._spans = [
                    (shown.display_to_view(pos), shown.display_to_view(pos + 1))
                    for pos in sorted(self.by_display)
                    if pos < len(shown.text)
                ]
            spans = self._spans
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(MARK_COLOUR))
        fmt.setToolTip("The source's inline reading disagrees with the context")
        context.view.set_spans(LAYER, spans, fmt)
