"""A long text aligned a block at a time, with the same display text and map as in one piece.

:func:`~reader.language.scripts.alignment.align` holds, for the whole text at once, every
run and separator as a string, their positions as ints and per-character numpy arrays: at
3,000,000 characters ~300 MiB at its peak, the highest point of a long document's session.
Aligning it in blocks of :data:`BLOCK` characters bounds that to a block's share.

The blocks are cut at a separator (a character no run holds): every run lies inside one block
as it did in the whole text, and runs are converted and tested each on its own (a separator
joins them in the converter's calls and no phrase reaches across it), so each run's output and
segments are the same; a segment never reaches a separator, so none touches a neighbouring
block's. A cut never falls inside a protected span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.language.scripts.offsets import OffsetMap, Segment

__all__ = ["BLOCK", "align_in_blocks"]

#: Characters a block aligns (about: it ends at the next separator).
BLOCK = 1 << 18

#: One block's alignment: (text, cuts, protected) → (display, segments), or None when the
#: converter changed the number of lines (the caller then falls back on the whole text).
AlignBlock = Callable[
    [str, Sequence[int], Sequence[tuple[int, int]]], tuple[str, list[Segment]] | None
]


def block_ends(
    text: str, separator: re.Pattern[str], protected: Sequence[tuple[int, int]]
) -> list[int]:
    """Where each block ends: at a separator about every :data:`BLOCK` characters, outside
    the sorted, non-overlapping ``protected`` spans; the last one is ``len(text)``."""
    ends: list[int] = []
    k = 0  # the first protected span that may hold a cut
    at = BLOCK
    while at < len(text):
        found = separator.search(text, at)
        if found is None:
            break
        cut = found.start()
        while k < len(protected) and protected[k][1] <= cut:
            k += 1
        if k < len(protected) and protected[k][0] < cut:
            at = protected[k][1]  # inside a protected span: the next separator after it
            continue
        ends.append(cut)
        at = cut + BLOCK
    ends.append(len(text))
    return ends


def align_in_blocks(
    text: str,
    separator: re.Pattern[str],
    align_block: AlignBlock,
    cuts: Sequence[int],
    protected: Sequence[tuple[int, int]],
) -> tuple[str, OffsetMap] | None:
    """``text``'s display and map, aligned a block at a time by ``align_block``; None when a
    block's converter changed the number of lines."""
    displays: list[str] = []
    segments: list[Segment] = []
    start = d_start = 0
    ordered = sorted(cuts)
    c = p = 0
    for end in block_ends(text, separator, protected):
        block_cuts: list[int] = []
        while c < len(ordered) and ordered[c] < end:
            if ordered[c] >= start:
                block_cuts.append(ordered[c] - start)
            c += 1
        block_protected: list[tuple[int, int]] = []
        while p < len(protected) and protected[p][0] < end:
            a, b = protected[p]
            block_protected.append((a - start, b - start))
            p += 1
        aligned = align_block(text[start:end], block_cuts, block_protected)
        if aligned is None:
            return None
        display, block_segments = aligned
        segments += [(c0 + start, c1 + start, d0 + d_start, d1 + d_start)
                     for c0, c1, d0, d1 in block_segments]
        displays.append(display)
        start, d_start = end, d_start + len(display)
    display = "".join(displays)
    return display, OffsetMap(len(text), len(display), segments)
