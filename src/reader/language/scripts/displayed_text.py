"""A document as shown: the display text in one script, and every position map it needs.

Three coordinate systems meet in the reader: canonical code points (what the store keeps),
display code points (the converted text, see :mod:`reader.language.scripts.script`), and the view's UTF-16
units (what Qt reports). :class:`DisplayedText` converts between canonical positions and view
positions in one step, both ways, for single positions and spans.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.language.scripts.script import Conversion, Script
from reader.language.scripts.utf16 import Utf16Index


class DisplayedText:
    """One conversion of a canonical text, with its UTF-16 index."""

    __slots__ = ("canonical", "conversion", "_utf16")

    def __init__(self, canonical: str, conversion: Conversion) -> None:
        self.canonical = canonical
        self.conversion = conversion
        self._utf16 = Utf16Index(conversion.text)

    @property
    def text(self) -> str:
        """The display text (code points)."""
        return self.conversion.text

    @property
    def script(self) -> Script:
        return self.conversion.script

    @property
    def view_length(self) -> int:
        """Length of the display text in UTF-16 units."""
        return self._utf16.utf16_length

    # Display code points <-> view UTF-16 ---------------------------------------------------
    def display_to_view(self, pos: int) -> int:
        return self._utf16.cp_to_utf16(pos)

    def view_to_display(self, pos: int) -> int:
        return self._utf16.utf16_to_cp(max(0, min(pos, self._utf16.utf16_length)))

    # Canonical <-> view ----------------------------------------------------------------------
    def to_view(self, canonical_pos: int) -> int:
        """The view (UTF-16) position of a canonical position."""
        pos = max(0, min(canonical_pos, self.conversion.offsets.canonical_length))
        return self.display_to_view(self.conversion.offsets.to_display(pos))

    def to_canonical(self, view_pos: int) -> int:
        """The canonical position of a view (UTF-16) position."""
        return self.conversion.offsets.to_canonical(self.view_to_display(view_pos))

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        """The view span covering canonical ``[start, end)`` (widened to whole segments)."""
        length = self.conversion.offsets.canonical_length
        d0, d1 = self.conversion.offsets.display_span(
            max(0, min(start, length)), max(0, min(end, length))
        )
        return self.display_to_view(d0), self.display_to_view(d1)

    def canonical_span(self, view_start: int, view_end: int) -> tuple[int, int]:
        """The canonical span covering view ``[view_start, view_end)``."""
        d0, d1 = self.view_to_display(view_start), self.view_to_display(view_end)
        return self.conversion.offsets.canonical_span(min(d0, d1), max(d0, d1))

    def display_spans(self, canonical_spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Display code-point spans covering canonical ``[start, end)`` spans (each widened to
        whole segments), sorted, with spans that then touch or overlap joined."""
        offsets = self.conversion.offsets
        length = offsets.canonical_length
        spans = sorted(
            offsets.display_span(max(0, min(s, length)), max(0, min(e, length)))
            for s, e in canonical_spans
            if e > s
        )
        out: list[tuple[int, int]] = []
        for start, end in spans:
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        return out
