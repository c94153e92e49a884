"""Dictionary readings from pypinyin's data: phrases by forward maximum matching, else chars.

pypinyin's phrase table (``PHRASES_DICT``, ~47k Simplified words with their readings, neutral
tones included: 朋友 péngyou) and its character table (``PINYIN_DICT``, the most common reading
first) are the evidence used here. Text is expected in Simplified script.

The phrase table is pypinyin's own dict, looked up as it is: only the proper prefixes and
suffixes of its words are built here (for matching), and a phrase's readings are numbered when
a text uses it (:func:`phrase_readings`, cached). :func:`dictionary_readings` gives, for every
code point, the reading and the length of the phrase it came from (1 for a lone character, 0
for no reading), as two flat sequences: a long text costs a pointer and a byte a character.
The tables are read-only, so the functions are safe from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from reader.language.readings.pinyin import HAN_RUN, to_numbered


@dataclass(frozen=True)
class DictionaryReadings:
    """Per code point of a text: its reading from the dictionaries (None: no reading, or not
    Han) and the length of the phrase it came from (1: a lone character, 0: no reading)."""

    readings: list[str | None]
    lengths: bytearray


_TABLES_LOCK = threading.Lock()
_Tables = tuple[Mapping[str, list[list[str]]], frozenset[str], frozenset[str]]
_tables: _Tables | None = None


def phrase_table() -> _Tables:
    """pypinyin's phrase → readings dict (marked syllables), and the sets of proper phrase
    prefixes and suffixes (two characters or more)."""
    global _tables
    with _TABLES_LOCK:
        if _tables is None:
            from pypinyin.constants import PHRASES_DICT

            prefixes: set[str] = set()
            suffixes: set[str] = set()
            for word in PHRASES_DICT:
                for k in range(2, len(word)):
                    prefixes.add(word[:k])
                    suffixes.add(word[-k:])
            _tables = (PHRASES_DICT, frozenset(prefixes), frozenset(suffixes))
        return _tables


@lru_cache(maxsize=16384)
def phrase_readings(word: str) -> tuple[str, ...] | None:
    """The numbered readings of a phrase of pypinyin's table, one per character, or None
    (not a phrase, or one whose readings do not match its characters one to one)."""
    pys = phrase_table()[0].get(word)
    if pys is None or len(word) < 2 or len(pys) != len(word):
        return None
    return tuple(to_numbered(py[0]) for py in pys)


def preload_tables() -> None:
    """Build the phrase tables now (they are otherwise built on first use)."""
    phrase_table()


@lru_cache(maxsize=65536)
def char_reading(ch: str) -> str | None:
    """The most common reading of one character in pypinyin's table, numbered."""
    from pypinyin.constants import PINYIN_DICT

    raw = PINYIN_DICT.get(ord(ch))
    if not raw:
        return None
    return to_numbered(raw.split(",")[0])


def _match_run(run: str, out: DictionaryReadings, start: int) -> None:
    """Forward maximum matching of one Han run; readings written from ``start`` on."""
    phrases, prefixes, _ = phrase_table()
    readings, lengths = out.readings, out.lengths
    i, n = 0, len(run)
    while i < n:
        best_end = 0
        j = i + 2
        while j <= n:
            piece = run[i:j]
            if piece in phrases and phrase_readings(piece) is not None:
                best_end = j
            if piece not in prefixes:
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
