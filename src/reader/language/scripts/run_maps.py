"""Which runs of an alignment map character for character, decided for all runs at once.

:func:`~reader.language.scripts.alignment.align` asks of each run whose output differs from it
whether it maps one to one: the same length, and at most two differences from the run's
*image* (each character converted on its own; see
:func:`~reader.language.scripts.alignment._shifted`). Asked run by run in Python, that was
most of a long text's alignment (640k characters: 50,000 runs, ~120 ms). Here the text and the
display are arrays of code points: each run character's image is looked up in a table and
compared with the display character at its place (the run's position shifted by the length
changes of the runs before it), and the differences are counted per run, in a few numpy calls.
The answer is the same as the run-by-run test's (``tests/test_alignment_bulk.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_Ints = npt.NDArray[np.int64]
_Codes = npt.NDArray[np.uint32]


def codes(text: str) -> _Codes:
    """The code points of ``text`` (lone surrogates included) as an array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(
        np.uint32, copy=False
    )


class Runs:
    """The runs of one text as arrays: where each starts and ends, and the index of every
    run character in the text, run after run."""

    __slots__ = ("ends", "first", "lengths", "positions", "starts")

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.starts: _Ints = np.array(starts, dtype=np.int64)
        self.ends: _Ints = np.array(ends, dtype=np.int64)
        self.lengths: _Ints = self.ends - self.starts
        #: where each run's characters begin in :attr:`positions`
        self.first: _Ints = np.cumsum(self.lengths) - self.lengths
        self.positions: _Ints = np.arange(int(self.lengths.sum()), dtype=np.int64) + np.repeat(
            self.starts - self.first, self.lengths
        )


def run_chars(text_codes: _Codes, runs: Runs, kinds: Sequence[int] | None, kind: int) -> str:
    """The distinct characters of the runs of ``kind`` (all runs when ``kinds`` is None), in
    code point order: ``sorted(set("".join(those runs)))`` joined."""
    positions = runs.positions
    if kinds is not None:
        mine = np.repeat(np.asarray(kinds, dtype=np.int8) == kind, runs.lengths)
        positions = positions[mine]
    if not len(positions):
        return ""
    found = text_codes[positions]
    seen = np.zeros(int(found.max()) + 1, dtype=bool)
    seen[found] = True
    return "".join(map(chr, np.flatnonzero(seen).tolist()))


def not_one_to_one(
    text_codes: _Codes,
    display: str,
    runs: Runs,
    out_lengths: Sequence[int],
    kinds: Sequence[int] | None,
    images: Sequence[dict[str, str]],
) -> list[tuple[int, int]] | None:
    """The runs that do not map one to one, each as (run index, display position minus
    canonical position at its start), in text order; None when an image is not one character
    (the caller then asks run by run).

    A run maps one to one when its output is the run itself, or has its length and differs
    from the run's image in at most two places. ``images[kind]`` maps a character to its
    image for the runs of that kind (0 for all when ``kinds`` is None)."""
    if any(len(image) != 1 for table in images for image in table.values()):
        return None
    n = len(out_lengths)
    out_len = np.fromiter(out_lengths, np.int64, n)
    growth = out_len - runs.lengths
    shifts = np.cumsum(growth) - growth  # display minus canonical at each run's start
    same = growth == 0
    # every character of the runs that keep their length, with its display place
    per_char_same = np.repeat(same, runs.lengths)
    positions = runs.positions[per_char_same]
    run_of = np.repeat(np.arange(n, dtype=np.int64), runs.lengths)[per_char_same]
    canon = text_codes[positions]
    shown = codes(display)[positions + shifts[run_of]]
    image = _images(canon, images[0])
    if kinds is not None and len(images) > 1 and images[1]:
        kind_of = np.asarray(kinds, dtype=np.int8)[run_of]
        image = np.where(kind_of == 1, _images(canon, images[1]), image)
    to_image = np.bincount(run_of, weights=image != shown, minlength=n)
    to_run = np.bincount(run_of, weights=canon != shown, minlength=n)
    bad = ~same | ((to_image > 2) & (to_run > 0))
    return [(i, int(shifts[i])) for i in np.flatnonzero(bad).tolist()]


def _images(canon: _Codes, table: dict[str, str]) -> _Codes:
    """Each code point's one-character image by ``table`` (itself when not in it)."""
    if not table or not len(canon):
        return canon
    keys = np.fromiter(map(ord, table), np.int64, len(table))
    values = np.fromiter((ord(v) for v in table.values()), np.int64, len(table))
    size = max(int(canon.max()), int(keys.max())) + 1
    lookup = np.arange(size, dtype=np.uint32)
    lookup[keys] = values
    result: _Codes = lookup[canon]
    return result
