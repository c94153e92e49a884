"""Position maps between a canonical text and a display text derived from it.

A conversion (Simplified → Taiwan, say) turns the canonical text into a display text made of
segments: pairs (canonical span, display span). Most segments keep their length and map
character by character; a few change length (云计算 → 雲端計算). An :class:`OffsetMap` stores only
the length-changing segments, as four sorted integer arrays searched with :mod:`bisect`, so a
map over 640k characters costs a few kilobytes and a lookup is O(log n).

Positions are code-point offsets (Python ``str`` indices). A position strictly inside a
length-changing segment maps to that segment's start (``side="start"``) or end
(``side="end"``), so a mapped span never cuts a segment in two, and
display → canonical → display is the identity on every segment boundary.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Literal

Side = Literal["start", "end"]

#: One segment as ``(canonical_start, canonical_end, display_start, display_end)``.
Segment = tuple[int, int, int, int]


class OffsetMap:
    """Maps positions between a canonical text and its display text, both ways.

    Built from the segments whose canonical and display lengths differ, in text order and not
    overlapping; everything between them maps one to one.
    """

    __slots__ = ("_c_start", "_c_end", "_d_start", "_d_end", "canonical_length", "display_length")

    def __init__(
        self, canonical_length: int, display_length: int, segments: Iterable[Segment] = ()
    ) -> None:
        self._c_start = array("q")
        self._c_end = array("q")
        self._d_start = array("q")
        self._d_end = array("q")
        self.canonical_length = canonical_length
        self.display_length = display_length
        last_c = last_d = 0
        for c0, c1, d0, d1 in segments:
            if c1 - c0 == d1 - d0:
                continue
            if c0 < last_c or d0 < last_d or c1 < c0 or d1 < d0 or c0 - last_c != d0 - last_d:
                raise ValueError(f"segment {(c0, c1, d0, d1)} is out of order or misaligned")
            self._c_start.append(c0)
            self._c_end.append(c1)
            self._d_start.append(d0)
            self._d_end.append(d1)
            last_c, last_d = c1, d1
        if canonical_length - last_c != display_length - last_d:
            raise ValueError(
                f"segments end at ({last_c}, {last_d}) but the texts are "
                f"{canonical_length} and {display_length} long"
            )

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text displayed unchanged in length."""
        return cls(length, length)

    @classmethod
    def coarse(cls, text: str, display: str) -> OffsetMap:
        """One segment from the first to the last differing character: always correct, coarse
        (the alignment's fallback)."""
        prefix = 0
        limit = min(len(text), len(display))
        while prefix < limit and text[prefix] == display[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and text[-1 - suffix] == display[-1 - suffix]:
            suffix += 1
        segment = (prefix, len(text) - suffix, prefix, len(display) - suffix)
        return cls(len(text), len(display), [segment])

    @property
    def is_identity(self) -> bool:
        """True when every position maps to itself (no segment changes length)."""
        return len(self._c_start) == 0

    def segments(self) -> list[Segment]:
        """The length-changing segments, ``(c_start, c_end, d_start, d_end)``, in text order."""
        return list(zip(self._c_start, self._c_end, self._d_start, self._d_end, strict=True))

    def __len__(self) -> int:
        return len(self._c_start)

    def __repr__(self) -> str:
        return (
            f"OffsetMap(canonical_length={self.canonical_length}, "
            f"display_length={self.display_length}, segments={len(self)})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OffsetMap):
            return NotImplemented
        return (
            self.canonical_length == other.canonical_length
            and self.display_length == other.display_length
            and self.segments() == other.segments()
        )

    __hash__ = None  # type: ignore[assignment]

    def to_display(self, pos: int, side: Side = "start") -> int:
        """The display position of canonical position ``pos`` (0 ≤ pos ≤ canonical length)."""
        _check(pos, self.canonical_length)
        return _map(pos, side, self._c_start, self._c_end, self._d_start, self._d_end)

    def to_canonical(self, pos: int, side: Side = "start") -> int:
        """The canonical position of display position ``pos`` (0 ≤ pos ≤ display length)."""
        _check(pos, self.display_length)
        return _map(pos, side, self._d_start, self._d_end, self._c_start, self._c_end)

    def display_span(self, start: int, end: int) -> tuple[int, int]:
        """The display span covering canonical ``[start, end)``, widened to whole segments."""
        first = self.to_display(start, "start")
        return first, max(first, self.to_display(end, "end"))

    def canonical_span(self, start: int, end: int) -> tuple[int, int]:
        """The canonical span covering display ``[start, end)``, widened to whole segments."""
        first = self.to_canonical(start, "start")
        return first, max(first, self.to_canonical(end, "end"))

    def boundaries(self) -> list[tuple[int, int]]:
        """Every length-changing segment's two ends as (canonical, display) pairs, plus both
        text ends: the positions where a round trip must come back exactly."""
        points = [(0, 0)]
        for c0, c1, d0, d1 in self.segments():
            points.extend([(c0, d0), (c1, d1)])
        points.append((self.canonical_length, self.display_length))
        return points


def _check(pos: int, length: int) -> None:
    if not 0 <= pos <= length:
        raise IndexError(f"position {pos} is outside 0..{length}")


def _map(
    pos: int,
    side: Side,
    from_start: Sequence[int],
    from_end: Sequence[int],
    to_start: Sequence[int],
    to_end: Sequence[int],
) -> int:
    """Map ``pos`` through the segments given as (from span, to span) arrays."""
    k = bisect_right(from_start, pos) - 1
    if k < 0:
        return pos
    start, end = from_start[k], from_end[k]
    if pos == start:
        if start == end and side == "end":
            return to_end[k]
        return to_start[k]
    if pos < end:
        return to_start[k] if side == "start" else to_end[k]
    return pos - end + to_end[k]
