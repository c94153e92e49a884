"""Aligning a document's old text with its edited version, to carry positions across the edit.

:func:`align` returns the stretches the two texts share, in order on both sides (a diff's
"equal" runs), without difflib and in roughly linear time:

1. the common prefix and suffix are cut off (slices compared in C, doubling then halving);
2. what is left on each side is cut into tokens — sentences, else clauses, else chunks cut
   after a content-chosen set of characters — and tokens that occur exactly once on each
   side become anchors; the longest run of anchors in the same order on both sides is kept
   (patience diff: a longest increasing subsequence);
3. the stretches between anchors are aligned the same way, from step 1.

A moved paragraph comes out as a deletion in one place and an insertion in another; the
re-anchoring search finds it there. Positions are code-point offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["SENTENCE", "Alignment", "Block", "align", "common_prefix", "common_suffix"]

#: ``(old_start, new_start, length)``: ``old[old_start:+length] == new[new_start:+length]``.
Block = tuple[int, int, int]

SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]+|[^。！？!?\n]+")
_CLAUSE = re.compile(
    r"[^。！？!?\n，、；：,;:\s]*[。！？!?\n，、；：,;:\s]+|[^。！？!?\n，、；：,;:\s]+"
)
_SENTENCE_ENDS = "。！？!?"
#: How far a pure insertion or deletion is slid at most (see :func:`_slide`).
_MAX_SLIDE = 256
#: Tokens shorter than this are never anchors (a lone "是。" is too likely to be a coincidence).
_MIN_TOKEN = 2
#: Content-defined chunks end after characters covering about 1/_CHUNK of the text.
_CHUNK = 8


def _find(blocks: list[Block], starts: list[int], side: int, position: int) -> Block | None:
    """The block of ``blocks`` (sorted by ``side``: 0 old, 1 new) holding ``position``."""
    i = bisect_right(starts, position) - 1
    if i >= 0 and position < blocks[i][side] + blocks[i][2]:
        return blocks[i]
    return None


@dataclass(frozen=True)
class Alignment:
    """The blocks two texts share, in order on both sides, plus stretches that moved
    (``moves``: not in order, see :mod:`reader.anchoring.moves`); lookups both ways."""

    blocks: list[Block]
    old_length: int
    new_length: int
    moves: list[Block] = field(default_factory=list)
    _starts: list[int] = field(init=False, repr=False, compare=False)
    _new_starts: list[int] = field(init=False, repr=False, compare=False)
    _moves_by_new: list[Block] = field(init=False, repr=False, compare=False)
    _move_starts: list[int] = field(init=False, repr=False, compare=False)
    _move_new_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        moves = sorted(self.moves)
        by_new = sorted(moves, key=lambda b: b[1])
        object.__setattr__(self, "moves", moves)
        object.__setattr__(self, "_starts", [b[0] for b in self.blocks])
        object.__setattr__(self, "_new_starts", [b[1] for b in self.blocks])
        object.__setattr__(self, "_moves_by_new", by_new)
        object.__setattr__(self, "_move_starts", [b[0] for b in moves])
        object.__setattr__(self, "_move_new_starts", [b[1] for b in by_new])

    def block_index(self, position: int) -> int | None:
        """The index of the block holding old character ``position``, None in a change."""
        i = bisect_right(self._starts, position) - 1
        if i >= 0 and position < self.blocks[i][0] + self.blocks[i][2]:
            return i
        return None

    def block_at(self, position: int) -> Block | None:
        """The block holding old character ``position``, None when it was changed."""
        i = self.block_index(position)
        return None if i is None else self.blocks[i]

    def _holding(self, position: int) -> Block | None:
        """The block or move holding old character ``position``."""
        return _find(self.blocks, self._starts, 0, position) or _find(
            self.moves, self._move_starts, 0, position
        )

    def span_in_one_block(self, start: int, end: int) -> int | None:
        """Where old ``[start, end)`` (not empty) now starts when it lies inside one block
        (or one moved stretch)."""
        block = self._holding(start)
        if block is None or end > block[0] + block[2]:
            return None
        return block[1] + start - block[0]

    def old_position(self, new_position: int) -> int | None:
        """The old offset of new character ``new_position``, None when it is new text."""
        block = _find(self.blocks, self._new_starts, 1, new_position) or _find(
            self._moves_by_new, self._move_new_starts, 1, new_position
        )
        return None if block is None else block[0] + new_position - block[1]

    def kept_run(self, new_start: int, new_end: int) -> int | None:
        """Where new ``[new_start, new_end)`` (not empty) was in the old text, when it lies
        inside one block or moved stretch; None otherwise."""
        block = _find(self.blocks, self._new_starts, 1, new_start) or _find(
            self._moves_by_new, self._move_new_starts, 1, new_start
        )
        if block is None or new_end > block[1] + block[2]:
            return None
        return block[0] + new_start - block[1]

    def old_origin(self, new_position: int) -> tuple[int, int] | None:
        """Where in the old text new character ``new_position`` came from: ``(old, old + 1)``
        when it was kept; the old stretch it replaced when it was typed over; None when it
        was inserted where nothing was taken out."""
        old = self.old_position(new_position)
        if old is not None:
            return old, old + 1
        i = bisect_right(self._new_starts, new_position) - 1
        gap_old = self.blocks[i][0] + self.blocks[i][2] if i >= 0 else 0
        next_old = self.blocks[i + 1][0] if i + 1 < len(self.blocks) else self.old_length
        return (gap_old, next_old) if next_old > gap_old else None

    def map_position(self, position: int) -> int:
        """Where old offset ``position`` (0…len(old)) is now: exact inside a block or a
        moved stretch; in a changed stretch, the same distance into its replacement
        (clamped)."""
        block = self._holding(position)
        if block is not None:
            return block[1] + position - block[0]
        i = bisect_right(self._starts, position) - 1
        if i >= 0:
            old_start, new_start, length = self.blocks[i]
            gap_old, gap_new = old_start + length, new_start + length
        else:
            gap_old = gap_new = 0
        next_new = self.blocks[i + 1][1] if i + 1 < len(self.blocks) else self.new_length
        return gap_new + min(position - gap_old, next_new - gap_new)


def common_prefix(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
    limit = min(a1 - a0, b1 - b0)
    done, step = 0, 32
    while done < limit:
        k = min(step, limit - done)
        if a[a0 + done : a0 + done + k] == b[b0 + done : b0 + done + k]:
            done += k
            step *= 2
            continue
        lo, hi = 0, k  # a prefix of length lo matches, of length hi does not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if a[a0 + done : a0 + done + mid] == b[b0 + done : b0 + done + mid]:
                lo = mid
            else:
                hi = mid
        return done + lo
    return done


def common_suffix(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
    limit = min(a1 - a0, b1 - b0)
    done, step = 0, 32
    while done < limit:
        k = min(step, limit - done)
        if a[a1 - done - k : a1 - done] == b[b1 - done - k : b1 - done]:
            done += k
            step *= 2
            continue
        lo, hi = 0, k
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if a[a1 - done - mid : a1 - done] == b[b1 - done - mid : b1 - done]:
                lo = mid
            else:
                hi = mid
        return done + lo
    return done


def _chunk_pattern(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> re.Pattern[str] | None:
    """Chunks ending after a set of characters chosen by content (the same on both sides)."""
    counts = Counter(a[a0:a1])
    counts.update(b[b0:b1])
    total = sum(counts.values())
    chosen: list[str] = []
    covered = 0
    for ch in sorted(counts, key=lambda c: (ord(c) * 2654435761) % 4294967296):
        if covered * _CHUNK >= total:
            break
        if counts[ch] * 2 > total:  # a character filling half the text cuts it to crumbs
            continue
        chosen.append(ch)
        covered += counts[ch]
    if not chosen:
        return None
    ends = "".join(re.escape(c) for c in chosen)
    return re.compile(f"[^{ends}]*[{ends}]+|[^{ends}]+")


def _unique_tokens(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> dict[str, int]:
    """Tokens of ``text[lo:hi]`` that occur once there, with their offsets."""
    seen: dict[str, int] = {}
    for match in pattern.finditer(text, lo, hi):
        token = match.group()
        if len(token) < _MIN_TOKEN:
            continue
        seen[token] = -1 if token in seen else match.start()
    return {token: pos for token, pos in seen.items() if pos >= 0}


def _longest_increasing(pairs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The longest run of ``pairs`` (sorted by old position) increasing in new position."""
    tails: list[int] = []  # new position of the last pair of each run length
    tail_index: list[int] = []
    previous: list[int] = []
    for i, (_, new_pos, _) in enumerate(pairs):
        k = bisect_left(tails, new_pos)
        if k == len(tails):
            tails.append(new_pos)
            tail_index.append(i)
        else:
            tails[k] = new_pos
            tail_index[k] = i
        previous.append(tail_index[k - 1] if k else -1)
    run: list[tuple[int, int, int]] = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        run.append(pairs[i])
        i = previous[i]
    run.reverse()
    return run


def _anchors(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> list[Block]:
    """Unique tokens shared by both stretches, in order on both sides (finest level needed)."""
    patterns: list[re.Pattern[str] | None] = [SENTENCE, _CLAUSE]
    for level in range(3):
        pattern = patterns[level] if level < 2 else _chunk_pattern(a, a0, a1, b, b0, b1)
        if pattern is None:
            continue
        old_tokens = _unique_tokens(pattern, a, a0, a1)
        new_tokens = _unique_tokens(pattern, b, b0, b1)
        pairs = sorted(
            (pos, new_tokens[token], len(token))
            for token, pos in old_tokens.items()
            if token in new_tokens
        )
        # Non-overlapping on the new side too (tokens tile each side, so they are).
        if pairs:
            return _longest_increasing(pairs)
    return []


def align(old: str, new: str) -> Alignment:
    """The blocks ``old`` and ``new`` share, in order (see the module docstring)."""
    blocks: list[Block] = []
    stack = [(0, len(old), 0, len(new))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        head = common_prefix(old, a0, a1, new, b0, b1)
        if head:
            blocks.append((a0, b0, head))
            a0, b0 = a0 + head, b0 + head
        tail = common_suffix(old, a0, a1, new, b0, b1)
        if tail:
            blocks.append((a1 - tail, b1 - tail, tail))
            a1, b1 = a1 - tail, b1 - tail
        if a0 == a1 or b0 == b1:
            continue
        anchors = _anchors(old, a0, a1, new, b0, b1)
        for old_pos, new_pos, length in anchors:
            stack.append((a0, old_pos, b0, new_pos))
            blocks.append((old_pos, new_pos, length))
            a0, b0 = old_pos + length, new_pos + length
        if anchors:
            stack.append((a0, a1, b0, b1))
    blocks = _slide(_merged(sorted(blocks)), old, new)
    return Alignment(_merged(blocks), len(old), len(new))


def _merged(blocks: list[Block]) -> list[Block]:
    """Sorted blocks with touching ones joined and empty ones dropped."""
    merged: list[Block] = []
    for block in blocks:
        if not block[2]:
            continue
        if merged and merged[-1][0] + merged[-1][2] == block[0] and (
            merged[-1][1] + merged[-1][2] == block[1]
        ):
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + block[2])
        else:
            merged.append(block)
    return merged


def _break_score(text: str, pos: int) -> int:
    """How natural a place ``pos`` is for an inserted or deleted stretch to start: after a
    line break 2, after a sentence's end (or at the start) 1, elsewhere 0."""
    if pos <= 0:
        return 1
    ch = text[pos - 1]
    return 2 if ch == "\n" else 1 if ch in _SENTENCE_ENDS else 0


def _slide(blocks: list[Block], old: str, new: str) -> list[Block]:
    """Pure insertions and deletions moved, where the text around them allows (inserting
    ``X。\n`` after ``。\n`` is also inserting ``。\nX`` before it), to start after a line
    break or a sentence's end: where a writer puts them, so that the characters beside them
    keep their places."""
    blocks = list(blocks)
    for i in range(len(blocks) - 1):
        (ao, an, al), (bo, bn, bl) = blocks[i], blocks[i + 1]
        if ao + al == bo and an + al < bn:
            text, s, e = new, an + al, bn  # inserted: new[s:e]
        elif an + al == bn and ao + al < bo:
            text, s, e = old, ao + al, bo  # deleted: old[s:e]
        else:
            continue
        left = 0
        while left < min(al, _MAX_SLIDE) and text[s - 1 - left] == text[e - 1 - left]:
            left += 1
        right = 0
        while right < min(bl, _MAX_SLIDE) and e + right < len(text) and (
            text[s + right] == text[e + right]
        ):
            right += 1
        if not left and not right:
            continue
        best = max(range(-left, right + 1), key=lambda d: (_break_score(text, s + d), -abs(d)))
        if best:
            blocks[i] = (ao, an, al + best)
            blocks[i + 1] = (bo + best, bn + best, bl - best)
    return blocks
