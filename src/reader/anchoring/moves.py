"""Moved stretches: text an edit took out in one place and put back in another.

:func:`reader.anchoring.diff.align` keeps only what stayed in order, so a paragraph moved
down the document comes out as a deletion here and an insertion there. :func:`with_moves`
pairs them up: sentences (at least :data:`MIN_SENTENCE` characters) that occur exactly once
in all the deleted stretches and once in all the inserted ones are matched, and each pair is
grown character by character as far as both stretches agree. A highlight in a moved paragraph
then moves with it, and the text there counts as the old paragraph's (not as new text a
repeated phrase might be taken for).
"""

from __future__ import annotations

from bisect import bisect_right, insort

from reader.anchoring.diff import (
    SENTENCE,
    Alignment,
    Block,
    align,
    common_prefix,
    common_suffix,
)

__all__ = ["MIN_SENTENCE", "align_with_moves", "with_moves"]

#: Sentences shorter than this are not matched across places (too likely to recur).
MIN_SENTENCE = 8


def _gaps(blocks: list[Block], length: int, side: int) -> list[tuple[int, int]]:
    """The stretches of one side (0 old, 1 new) that no block covers."""
    gaps: list[tuple[int, int]] = []
    pos = 0
    for block in blocks:
        if block[side] > pos:
            gaps.append((pos, block[side]))
        pos = block[side] + block[2]
    if length > pos:
        gaps.append((pos, length))
    return gaps


def _sentences(text: str, gaps: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Sentences occurring once in all of ``gaps``: their offset and gap's index."""
    seen: dict[str, tuple[int, int]] = {}
    for index, (lo, hi) in enumerate(gaps):
        for match in SENTENCE.finditer(text, lo, hi):
            sentence = match.group()
            if len(sentence) >= MIN_SENTENCE:
                seen[sentence] = (-1, -1) if sentence in seen else (match.start(), index)
    return {s: where for s, where in seen.items() if where[0] >= 0}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted, disjoint ``spans``."""
    i = bisect_right(spans, (start, end))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def with_moves(old: str, new: str, alignment: Alignment) -> Alignment:
    """``alignment`` with the stretches that moved between its blocks (see the docstring)."""
    old_gaps = _gaps(alignment.blocks, len(old), 0)
    new_gaps = _gaps(alignment.blocks, len(new), 1)
    if not old_gaps or not new_gaps:
        return alignment
    taken = _sentences(old, old_gaps)
    put = _sentences(new, new_gaps)
    pairs = sorted(
        (o, put[s][0], len(s), gi, put[s][1]) for s, (o, gi) in taken.items() if s in put
    )
    moves: list[Block] = []
    old_spans: list[tuple[int, int]] = []
    new_spans: list[tuple[int, int]] = []
    for o, n, length, gi, gj in pairs:
        (og0, og1), (ng0, ng1) = old_gaps[gi], new_gaps[gj]
        left = common_suffix(old, og0, o, new, ng0, n)
        right = common_prefix(old, o + length, og1, new, n + length, ng1)
        move = (o - left, n - left, left + length + right)
        if _overlaps(old_spans, move[0], move[0] + move[2]) or _overlaps(
            new_spans, move[1], move[1] + move[2]
        ):
            continue
        moves.append(move)
        insort(old_spans, (move[0], move[0] + move[2]))
        insort(new_spans, (move[1], move[1] + move[2]))
    if not moves:
        return alignment
    return Alignment(alignment.blocks, alignment.old_length, alignment.new_length, moves)


def align_with_moves(old: str, new: str) -> Alignment:
    """:func:`~reader.anchoring.diff.align`, then :func:`with_moves`."""
    return with_moves(old, new, align(old, new))
