"""Re-anchoring every highlight of a document on its edited text at once.

:func:`reanchor_all` aligns the old and the new text once (:func:`reader.anchoring.diff.align`)
and carries each anchor across the edit:

* an anchor whose quote *and* stored context lie inside one stretch the edit left intact
  lands where that stretch went — ``exact`` when it did not move, else ``context`` (its
  surroundings match character for character) — without searching;
* any other anchor (its context or quote touched by the edit, a moved paragraph, a quote
  stored from an older text) is searched for as :func:`reader.anchoring.anchors.reanchor`
  does, but with the place the alignment gives for its old start as its reference: the
  exact check, distance penalties and "nearest of tied occurrences" use where the text went
  rather than an offset that upstream insertions have shifted. Orphans keep that place.

All searches share one :class:`~reader.anchoring.search.TextSearch` of the new text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.anchoring.diff import Alignment
from reader.anchoring.moves import align_with_moves
from reader.anchoring.search import TextSearch
from reader.anchoring.types import Placement, TextAnchor

__all__ = ["reanchor_all"]


def _carried(old_text: str, alignment: Alignment, anchor: TextAnchor) -> int | None:
    """The new start of an anchor whose quote and context were left intact, else None."""
    lo = anchor.start - len(anchor.prefix)
    hi = anchor.end + len(anchor.suffix)
    if lo < 0 or hi > len(old_text) or not anchor.quote:
        return None
    if old_text[lo:hi] != anchor.prefix + anchor.quote + anchor.suffix:
        return None  # stored from another version of the text (an earlier orphan)
    new_lo = alignment.span_in_one_block(lo, hi)
    return None if new_lo is None else new_lo + len(anchor.prefix)


class _NotFromElsewhere:
    """Spans that may hold an anchor's text: its old characters where the edit put them,
    text typed over them, or text inserted where nothing was taken out — not text that came
    from another part of the old text, kept or typed over (a repeated phrase elsewhere is
    another occurrence, not this one moved). Checked at the span's two ends and just beside
    them, with one character of slack around the old span."""

    def __init__(self, alignment: Alignment, anchor: TextAnchor) -> None:
        self.alignment = alignment
        self.lo, self.hi = anchor.start - 1, anchor.end + 1

    def _elsewhere(self, position: int) -> bool:
        """Whether the new character at ``position`` came from other old text."""
        if not 0 <= position < self.alignment.new_length:
            return False
        origin = self.alignment.old_origin(position)
        return origin is not None and (origin[1] <= self.lo or origin[0] >= self.hi)

    def __call__(self, start: int, end: int) -> bool:
        if self._elsewhere(start) or self._elsewhere(max(start, end - 1)):
            return False
        return not (self._elsewhere(start - 1) and self._elsewhere(end))

    def could_hold(self, lo: int, hi: int) -> bool:
        """False when ``[lo, hi)`` lies inside text kept from elsewhere in one piece."""
        first = self.alignment.kept_run(lo, hi)
        return first is None or not (first + hi - lo <= self.lo or first >= self.hi)


def reanchor_all(
    old_text: str,
    new_text: str,
    anchors: Sequence[TextAnchor],
    alignment: Alignment | None = None,
) -> list[Placement]:
    """Each anchor's placement on ``new_text``, an edited version of ``old_text``."""
    if alignment is None:
        alignment = align_with_moves(old_text, new_text)
    search = TextSearch(new_text)
    placements: list[Placement] = []
    for anchor in anchors:
        length = len(anchor.quote)
        start = _carried(old_text, alignment, anchor)
        if start is not None:
            if start == anchor.start:
                placements.append(Placement("exact", start, start + length, 1.0))
            else:
                placements.append(Placement("context", start, start + length, 1.0))
            continue
        reference = alignment.map_position(min(anchor.start, len(old_text)))
        allowed = None
        if old_text[anchor.start : anchor.end] == anchor.quote:
            allowed = _NotFromElsewhere(alignment, anchor)
        placed = search.place(replace(anchor, start=reference, end=reference + length), allowed)
        if placed.method == "exact" and placed.start != anchor.start:
            placed = replace(placed, method="context")
        placements.append(placed)
    return placements
