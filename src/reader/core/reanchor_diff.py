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

__all__ = ["Alignment", "Block", "align"]

#: ``(old_start, new_start, length)``: ``old[old_start:+length] == new[new_start:+length]``.
Block = tuple[int, int, int]

_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?\n]+|[^。！？!?\n]+")
_CLAUSE = re.compile(
    r"[^。！？!?\n，、；：,;:\s]*[。！？!?\n，、；：,;:\s]+|[^。！？!?\n，、；：,;:\s]+"
)
#: Tokens shorter than this are never anchors (a lone "是。" is too likely to be a coincidence).
_MIN_TOKEN = 2
#: Content-defined chunks end after characters covering about 1/_CHUNK of the text.
_CHUNK = 8


@dataclass(frozen=True)
class Alignment:
    """The blocks two texts share, with lookups from an old position."""

    blocks: list[Block]
    old_length: int
    new_length: int
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [b[0] for b in self.blocks])

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

    def span_in_one_block(self, start: int, end: int) -> int | None:
        """Where old ``[start, end)`` (not empty) now starts when it lies inside one block."""
        i = self.block_index(start)
        if i is None:
            return None
        old_start, new_start, length = self.blocks[i]
        return new_start + start - old_start if end <= old_start + length else None

    def map_position(self, position: int) -> int:
        """Where old offset ``position`` (0…len(old)) is now: exact inside a block; in a
        changed stretch, the same distance into its replacement (clamped)."""
        i = bisect_right(self._starts, position) - 1
        if i >= 0:
            old_start, new_start, length = self.blocks[i]
            if position < old_start + length:
                return new_start + position - old_start
            gap_old, gap_new = old_start + length, new_start + length
        else:
            gap_old = gap_new = 0
        next_new = self.blocks[i + 1][1] if i + 1 < len(self.blocks) else self.new_length
        return gap_new + min(position - gap_old, next_new - gap_new)


def _common_prefix(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
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


def _common_suffix(a: str, a0: int, a1: int, b: str, b0: int, b1: int) -> int:
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
    patterns: list[re.Pattern[str] | None] = [_SENTENCE, _CLAUSE]
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
        head = _common_prefix(old, a0, a1, new, b0, b1)
        if head:
            blocks.append((a0, b0, head))
            a0, b0 = a0 + head, b0 + head
        tail = _common_suffix(old, a0, a1, new, b0, b1)
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
    blocks.sort()
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1][0] + merged[-1][2] == block[0] and (
            merged[-1][1] + merged[-1][2] == block[1]
        ):
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + block[2])
        else:
            merged.append(block)
    return Alignment(merged, len(old), len(new))
