"""Glossary terms found in a text: one match (:class:`TermMatch`), and a text's matches held in
arrays (:class:`TermMatches`, read like the list: a long text has a hundred thousand a script)."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from reader.language.words.glossary import GlossaryEntry


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found at ``text[start:end]`` (slots: a long text has a hundred
    thousand of them per script shown)."""

    start: int
    end: int
    entry: GlossaryEntry


class TermMatches(Sequence[TermMatch]):
    """Glossary matches of one text held in arrays, read like the list of :class:`TermMatch`
    (``len``, an index, a slice, iteration; each match made when asked for).

    A long text has a hundred thousand matches per script shown: as objects ~130 bytes each
    (the match, its two ints, the list's pointer: 12.6 MiB at 3,000,000 characters), here 12
    (two 4-byte positions and a 4-byte entry number). Read-only; ``starts`` is sorted.
    """

    __slots__ = ("starts", "ends", "_codes", "_entries")

    def __init__(self, matches: Iterable[TermMatch] = ()) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self._codes = array("I")
        self._entries: list[GlossaryEntry] = []
        numbers: dict[int, int] = {}  # id(entry) → its number
        for match in matches:
            self.add(match.start, match.end, match.entry, numbers)
        self._shrink()

    @classmethod
    def found(cls, pattern: re.Pattern[str], by_term: Mapping[str, GlossaryEntry],
              text: str) -> TermMatches:
        """The matches of ``pattern`` in ``text``, each term's entry from ``by_term``."""
        out = cls()
        numbers: dict[int, int] = {}
        for m in pattern.finditer(text):
            out.add(m.start(), m.end(), by_term[m.group()], numbers)
        out._shrink()
        return out

    def add(self, start: int, end: int, entry: GlossaryEntry, numbers: dict[int, int]) -> None:
        """Append a match (only while the matches are being made)."""
        code = numbers.get(id(entry))
        if code is None:
            code = numbers[id(entry)] = len(self._entries)
            self._entries.append(entry)
        self.starts.append(start)
        self.ends.append(end)
        self._codes.append(code)

    def _shrink(self) -> None:
        """Positions in 4 bytes where they fit (any text the importer takes)."""
        if not self.ends or self.ends[-1] < 2**31 - 1:
            self.starts, self.ends = array("i", self.starts), array("i", self.ends)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> TermMatch: ...

    @overload
    def __getitem__(self, i: slice) -> list[TermMatch]: ...

    def __getitem__(self, i: int | slice) -> TermMatch | list[TermMatch]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return TermMatch(self.starts[i], self.ends[i], self._entries[self._codes[i]])

    def __iter__(self) -> Iterator[TermMatch]:
        entries = self._entries
        for start, end, code in zip(self.starts, self.ends, self._codes, strict=True):
            yield TermMatch(start, end, entries[code])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + sum(
            a.__sizeof__() for a in (self.starts, self.ends, self._codes, self._entries)
        )

    def __repr__(self) -> str:
        return f"TermMatches({list(self)!r})"

    def between(self, low: int, high: int) -> list[TermMatch]:
        """The matches that start in ``[low, high)``, in order."""
        a = bisect.bisect_left(self.starts, low)
        b = bisect.bisect_left(self.starts, high, lo=a)
        return self[a:b]

    def at(self, pos: int) -> TermMatch | None:
        """The match covering ``pos``, if any."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.starts[i] <= pos < self.ends[i]:
            return self[i]
        return None
