"""A text cut into tokens: the token at a position, and word boundaries for moving by word.

Tokens cover the text with no gap and no overlap; offsets are code points (Python string
indices, not UTF-16 units: see :mod:`reader.language.scripts.utf16` for Qt positions). Every
query is a binary search over the token starts, O(log n).

A *word* token is one holding a letter, digit or Han character; whitespace and punctuation
tokens are skipped by :meth:`Segmentation.next_word_start` and
:meth:`Segmentation.previous_word_start` (Alt+→ / Alt+←, as Ctrl+→ moves in an editor).
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import NamedTuple


class Token(NamedTuple):
    """``text[start:end]`` of the segmented text."""

    start: int
    end: int


def position_code(length: int) -> str:
    """The ``array`` type code for positions in a text of ``length`` code points: 4 bytes
    each (any text the importer takes), 8 past 2**31."""
    return "i" if length < 2**31 - 1 else "q"


def _is_word(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


class Segmentation:
    """The tokens of one text, given by their start offsets."""

    def __init__(self, text: str, starts: Iterable[int]) -> None:
        """``starts``: strictly increasing, the first 0 (for a non-empty text), all < len(text)."""
        self.text = text
        code = position_code(len(text))
        # an array of the right type is taken as it is (the segmenter's: not copied)
        if isinstance(starts, array) and starts.typecode == code:
            self._starts: array[int] = starts
        else:
            self._starts = array(code, starts)
        self._check()
        # a byte a token (1: a word, the stops of Alt+←/→), from the pairs one at a time: a
        # long text's word starts as a list of ints cost ~40 bytes each, as an array 4
        self._is_word = bytearray(
            text[a].isalnum() or (b - a > 1 and _is_word(text[a + 1 : b]))
            for a, b in self.spans()
        )

    def _check(self) -> None:
        starts, n = self._starts, len(self.text)
        if (n == 0) != (len(starts) == 0) or (n and starts[0] != 0):
            raise ValueError("token starts must begin at 0 and cover the text")
        if any(b <= a for a, b in zip(starts, islice(starts, 1, None), strict=False)) or (
            starts and starts[-1] >= n
        ):
            raise ValueError("token starts must increase strictly and lie inside the text")

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[Token]:
        starts = self._starts
        last = len(starts) - 1
        for k, start in enumerate(starts):
            yield Token(start, starts[k + 1] if k < last else len(self.text))

    def __getitem__(self, index: int) -> Token:
        starts = self._starts
        if index < 0:
            index += len(starts)
        if not 0 <= index < len(starts):
            raise IndexError("token index out of range")
        end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
        return Token(starts[index], end)

    def spans(self) -> Iterator[tuple[int, int]]:
        """Every token's ``(start, end)``, in order, made one at a time."""
        starts = self._starts
        return zip(starts, chain(islice(starts, 1, None), (len(self.text),)), strict=False)

    def tokens(self) -> list[Token]:
        """Every token, in order."""
        return list(self)

    def words(self) -> list[str]:
        """The text of every token, in order."""
        return [self.text[t.start : t.end] for t in self]

    @property
    def starts(self) -> tuple[int, ...]:
        """The token start offsets."""
        return tuple(self._starts)

    def index_at(self, position: int) -> int | None:
        """Index of the token containing ``position``, None when it is outside the text."""
        if not 0 <= position < len(self.text):
            return None
        return bisect.bisect_right(self._starts, position) - 1

    def word_at(self, position: int) -> Token | None:
        """The token containing ``position`` (any kind), None when outside the text."""
        index = self.index_at(position)
        return None if index is None else self[index]

    def next_boundary(self, position: int) -> int:
        """The first token boundary after ``position`` (``len(text)`` at the end)."""
        k = bisect.bisect_right(self._starts, position)
        return self._starts[k] if k < len(self._starts) else len(self.text)

    def previous_boundary(self, position: int) -> int:
        """The last token boundary before ``position`` (0 at the start)."""
        if position > len(self.text):
            return len(self.text)
        k = bisect.bisect_left(self._starts, position) - 1
        return self._starts[k] if k >= 0 else 0

    def next_word_start(self, position: int) -> int:
        """Start of the first word token after ``position`` (``len(text)`` when none): Alt+→."""
        k = self._is_word.find(1, bisect.bisect_right(self._starts, position))
        return self._starts[k] if k >= 0 else len(self.text)

    def previous_word_start(self, position: int) -> int:
        """Start of the last word token before ``position`` (0 when none): Alt+←."""
        k = self._is_word.rfind(1, 0, bisect.bisect_left(self._starts, position))
        return self._starts[k] if k >= 0 else 0
