"""Per-character readings held in two bytes a character.

A document's readings are one per code point: as a list, a pointer a character (24 MiB at
3,000,000 characters, a list per script kept by the window). :class:`CompactReadings` keeps
them as an ``array('H')`` of indices into one table of the distinct readings (a text has a
few hundred: ``'zhang3'``, ``None``), and reads back like the list: ``len``, an index, a
slice (a list), iteration. Written to (an index, a slice of the same length) only while it
is being made.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import cast, overload

__all__ = ["CompactReadings"]


class CompactReadings(Sequence[str | None]):
    """Readings (``'zhang3'`` or ``None``), one per code point, two bytes each."""

    __slots__ = ("_codes", "_index", "_table")

    def __init__(self, readings: Iterable[str | None] = ()) -> None:
        if not isinstance(readings, Sequence):
            readings = list(readings)
        # the distinct readings first (a set made in C), then one index per character
        table: list[str | None] = [None, *sorted(r for r in set(readings) if r is not None)]
        index = {r: i for i, r in enumerate(table)}
        self._table = table
        self._index = index  # reading → its code
        self._codes = array("H", map(index.__getitem__, readings))

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def codes(self) -> memoryview:
        """The readings' codes, read-only, two bytes a character: 0 is ``None`` (for looking
        at a long text's readings in bulk: ``numpy.frombuffer(codes, numpy.uint16)``)."""
        return memoryview(self._codes).toreadonly()

    @overload
    def __getitem__(self, i: int) -> str | None: ...

    @overload
    def __getitem__(self, i: slice) -> list[str | None]: ...

    def __getitem__(self, i: int | slice) -> str | None | list[str | None]:
        if isinstance(i, slice):
            return list(map(self._table.__getitem__, self._codes[i]))
        return self._table[self._codes[i]]

    def __iter__(self) -> Iterator[str | None]:
        return map(self._table.__getitem__, self._codes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CompactReadings):
            return list(self) == list(other)
        if isinstance(other, list | tuple):
            return len(other) == len(self) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + self._codes.__sizeof__() + self._table.__sizeof__()

    def __repr__(self) -> str:
        return f"CompactReadings({list(self)!r})"

    @overload
    def __setitem__(self, i: int, reading: str | None) -> None: ...

    @overload
    def __setitem__(self, i: slice, reading: Iterable[str | None]) -> None: ...

    def __setitem__(self, i: int | slice, reading: object) -> None:
        """Like :meth:`write`: only while the form is being made (a slice keeps its length)."""
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            values = list(reading)  # type: ignore[call-overload]
            if step != 1 or len(values) != max(0, stop - start):
                raise ValueError("a slice of readings is written over with as many readings")
            if values and values.count(None) == len(values):  # a run without readings
                self._codes[start:stop] = array("H", [0]) * len(values)
            else:
                self.write(start, values)
        else:  # the model's guesses, one at a time: no call to write
            one = cast("str | None", reading)
            code = self._index.get(one)
            if code is None:
                if not -len(self) <= i < len(self):
                    raise IndexError("readings index out of range")
                code = self._index[one] = len(self._table)
                self._table.append(one)
            self._codes[i] = code  # IndexError out of range

    def write(self, start: int, readings: Sequence[str | None]) -> None:
        """Write ``readings`` over the ones from ``start`` on: only while the form is being
        made (the tone convention's settled words); a form handed out is not written to."""
        table, index, codes = self._table, self._index, self._codes
        for i, reading in enumerate(readings, start):
            code = index.get(reading)
            if code is None:
                code = index[reading] = len(table)
                table.append(reading)
            codes[i] = code

    def write_at(self, positions: Iterable[int], readings: Iterable[str | None]) -> None:
        """:meth:`write` for scattered positions, in two parallel sequences (a batch of the
        model's choices: one call, not one ``__setitem__`` a polyphone)."""
        table, index, codes = self._table, self._index, self._codes
        for i, reading in zip(positions, readings, strict=True):
            code = index.get(reading)
            if code is None:
                code = index[reading] = len(table)
                table.append(reading)
            codes[i] = code

    def with_changes(self, changes: Mapping[int, str]) -> CompactReadings:
        """A copy with ``changes`` (position → reading) written over it."""
        out = CompactReadings.__new__(CompactReadings)
        out._table, out._index = list(self._table), dict(self._index)
        out._codes = array("H", self._codes)
        out.write_changes(changes)
        return out

    def write_changes(self, changes: Mapping[int, str]) -> None:
        """:meth:`write` for scattered positions (position → reading)."""
        for i, reading in changes.items():
            self.write(i, (reading,))
