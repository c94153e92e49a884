"""Dictionary readings from pypinyin's data: phrases by forward maximum matching, else chars.

pypinyin's phrase table (``PHRASES_DICT``, ~47k Simplified words with their readings, neutral
tones included: 朋友 péngyou) and its character table (``PINYIN_DICT``, the most common reading
first) are the evidence used here. Text is expected in Simplified script.

The tables are the process's :mod:`~reader.language.readings.lexicon` (read from a cache
file; pypinyin itself is not imported): a phrase's numbered readings are stored as syllable
indices and made strings when a text uses it (:func:`phrase_readings`, cached). :func:`dictionary_readings` gives, for every
code point, the reading and the length of the phrase it came from (1 for a lone character, 0
for no reading), as two flat sequences: a long text costs a pointer and a byte a character.
The tables are read-only, so the functions are safe from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reader.language.readings.lexicon import PHRASE, PREFIX, SHAPE_MASK, lexicon
from reader.language.readings.pinyin import HAN_RUN


@dataclass(frozen=True)
class DictionaryReadings:
    """Per code point of a text: its reading from the dictionaries (None: no reading, or not
    Han) and the length of the phrase it came from (1: a lone character, 0: no reading)."""

    readings: list[str | None]
    lengths: bytearray


@lru_cache(maxsize=16384)
def phrase_readings(word: str) -> tuple[str, ...] | None:
    """The numbered readings of a phrase of pypinyin's table, one per character, or None
    (not a phrase, or one whose readings do not match its characters one to one)."""
    return lexicon().phrase_readings(word)


def preload_tables() -> None:
    """Load the phrase tables now (they are otherwise loaded on first use)."""
    lexicon()


@lru_cache(maxsize=65536)
def char_reading(ch: str) -> str | None:
    """The most common reading of one character in pypinyin's table, numbered."""
    return lexicon().char_reading(ch)


def _match_run(run: str, out: DictionaryReadings, start: int) -> None:
    """Forward maximum matching of one Han run; readings written from ``start`` on."""
    lex = lexicon()
    shapes, kinds, get, absent, h = lex.shapes, lex.kinds, lex.trie.get, lex.absent, hash
    readings, lengths = out.readings, out.lengths
    i, n = 0, len(run)
    while i < n:
        best_end = 0
        j = i + 2
        while j <= n:
            piece = run[i:j]
            shape = shapes[h(piece) & SHAPE_MASK]  # the shapes first: the trie after a yes
            if shape & PHRASE and kinds[get(piece, absent)] & PHRASE:
                best_end = j
            if not shape & PREFIX:
                break
            j += 1
        if best_end:
            found = phrase_readings(run[i:best_end])
            assert found is not None
            length = best_end - i
            readings[start + i : start + best_end] = found
            lengths[start + i : start + best_end] = bytes((length,)) * length
            i = best_end
        else:
            single = char_reading(run[i])
            if single:
                readings[start + i] = single
                lengths[start + i] = 1
            i += 1


def dictionary_readings(text: str) -> DictionaryReadings:
    """The dictionaries' reading of every code point of (Simplified) ``text``."""
    out = DictionaryReadings([None] * len(text), bytearray(len(text)))
    for match in HAN_RUN.finditer(text):
        _match_run(match.group(), out, match.start())
    return out
