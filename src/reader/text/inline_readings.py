"""Flattened ruby: ``會(huì)`` — an inline reading printed after its character — taken out of the text.

A Han character immediately followed by one parenthesised lowercase pinyin syllable that is a
reading of that character is an inline reading. A reading counts when any source knows it
(pypinyin for the character or its Simplified form, CC-CEDICT:
:func:`reader.language.readings.known_readings.inline_reading_match`), so rare ones such as
``蹟(jì)``, ``沒(mò)`` or ``鬨(hōng)`` come out too; a syllable that is the character's only
with another tone (``會(hūi)``) is a slip of the page and is taken out as well, as printed —
the reading audit then lists it. Every other parenthetical stays: ``深度求索(DeepSeek)``,
``X(Twitter)``, ``(2019年)``, ``梁文鋒(Liang Wenfeng)``, ``中(de)``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from reader.language.readings.known_readings import inline_reading_match
from reader.language.readings.pinyin import to_numbered

_SYLLABLE = r"[a-zāáǎàēéěèêīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}"
INLINE_READING_RE = re.compile(
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af])"
    rf"[(（]\s?({_SYLLABLE})\s?[)）]"
)


@dataclass(frozen=True)
class CutText:
    """A text with some spans cut out, and how positions moved."""

    text: str
    #: (position in the old text where a cut starts, total code points cut up to and including it)
    _cuts: tuple[tuple[int, int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(start for start, _, _ in self._cuts))

    def new_position(self, old: int) -> int:
        """Where an old position lands in the new text (inside a cut: at the cut).

        A binary search over the cuts: O(log n) per position.
        """
        index = bisect_right(self._starts, old) - 1
        if index < 0:
            return old
        start, end, total = self._cuts[index]
        if old < end:
            return start - (total - (end - start))
        return old - total


class InlineReadings(Mapping[int, str]):
    """Readings by code-point offset, held compactly: the offsets in one array, each reading
    as an index into the distinct syllables. A flattened-ruby page has an inline reading
    every nine characters or so: as a dict of ints and strings that was ~78 bytes a reading
    (16.6 MiB for the 215,657 of the article repeated to 3M characters); here 6."""

    __slots__ = ("_offsets", "_ids", "_syllables")

    def __init__(self, items: Iterable[tuple[int, str]] = ()) -> None:
        """``items``: (offset, reading) pairs in any order; the last of an offset counts."""
        pairs = dict(items)
        syllables: dict[str, int] = {}
        self._offsets = array("q", sorted(pairs))
        self._ids = array("I", (syllables.setdefault(pairs[k], len(syllables)) for k in self._offsets))
        self._syllables = tuple(syllables)

    @classmethod
    def in_order(cls, items: Iterable[tuple[int, str]]) -> InlineReadings:
        """From pairs with strictly increasing offsets, without a dict in between."""
        made = cls()
        syllables: dict[str, int] = {}
        offsets, ids = made._offsets, made._ids
        for offset, reading in items:
            if offsets and offset <= offsets[-1]:
                raise ValueError("offsets must increase")
            offsets.append(offset)
            ids.append(syllables.setdefault(reading, len(syllables)))
        made._syllables = tuple(syllables)
        return made

    def __getitem__(self, offset: int) -> str:
        index = bisect_left(self._offsets, offset)
        if index == len(self._offsets) or self._offsets[index] != offset:
            raise KeyError(offset)
        return self._syllables[self._ids[index]]

    def __iter__(self) -> Iterator[int]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}: {v!r}" for k, v in list(self.items())[:5])
        more = ", …" if len(self) > 5 else ""
        return f"InlineReadings({{{shown}{more}}})"


def cut_spans(text: str, spans: list[tuple[int, int]]) -> CutText:
    """Remove non-overlapping, sorted ``spans`` from ``text``."""
    parts: list[str] = []
    cuts: list[tuple[int, int, int]] = []
    last = 0
    total = 0
    for start, end in spans:
        parts.append(text[last:start])
        total += end - start
        cuts.append((start, end, total))
        last = end
    parts.append(text[last:])
    return CutText("".join(parts), tuple(cuts))


def extract_inline_readings(text: str) -> tuple[CutText, InlineReadings]:
    """Take inline readings out of ``text``.

    Returns the cut text and the readings: offset of the character in the new text → numbered
    syllable (``hui4``).
    """
    spans: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for match in INLINE_READING_RE.finditer(text):
        char, syllable = match.group(1), match.group(2)
        if inline_reading_match(char, syllable) is not None:
            spans.append((match.end(1), match.end()))
            found.append((match.start(1), to_numbered(syllable)))
    cut = cut_spans(text, spans)
    # each found character stays in the text, in order: the new offsets increase
    return cut, InlineReadings.in_order((cut.new_position(pos), r) for pos, r in found)
