"""Dictionary readings from pypinyin's data: phrases by forward maximum matching, else chars.

pypinyin's phrase table (``PHRASES_DICT``, ~47k Simplified words with their readings, neutral
tones included: 朋友 péngyou) and its character table (``PINYIN_DICT``, the most common reading
first) are the evidence used here. Text is expected in Simplified script.

:func:`dictionary_readings` gives, for every code point, the reading and the length of the
phrase it came from (1 for a lone character, 0 for no reading). The tables are read-only,
so the functions are safe from any thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from reader.language.readings.pinyin import is_han, to_numbered


@dataclass(frozen=True)
class DictionaryReading:
    """A character's reading from the dictionaries, and the phrase length it came from."""

    reading: str | None
    phrase_length: int


_NONE = DictionaryReading(None, 0)
_TABLES_LOCK = threading.Lock()
_Tables = tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str]]
_tables: _Tables | None = None


def phrase_table() -> _Tables:
    """Phrase → numbered readings, and the sets of proper phrase prefixes and suffixes."""
    global _tables
    with _TABLES_LOCK:
        if _tables is None:
            from pypinyin.constants import PHRASES_DICT

            phrases: dict[str, tuple[str, ...]] = {}
            prefixes: set[str] = set()
            suffixes: set[str] = set()
            for word, pys in PHRASES_DICT.items():
                if len(word) < 2 or len(pys) != len(word):
                    continue
                phrases[word] = tuple(to_numbered(py[0]) for py in pys)
                for k in range(2, len(word)):
                    prefixes.add(word[:k])
                    suffixes.add(word[-k:])
            _tables = (phrases, frozenset(prefixes), frozenset(suffixes))
        return _tables


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


def _match_run(run: str, out: list[DictionaryReading], start: int) -> None:
    """Forward maximum matching of one Han run; readings written to ``out[start:]``."""
    phrases, prefixes, _ = phrase_table()
    i, n = 0, len(run)
    while i < n:
        best_end = 0
        j = i + 2
        while j <= n:
            piece = run[i:j]
            if piece in phrases:
                best_end = j
            if piece not in prefixes:
                break
            j += 1
        if best_end:
            readings = phrases[run[i:best_end]]
            length = best_end - i
            for k, reading in enumerate(readings):
                out[start + i + k] = DictionaryReading(reading, length)
            i = best_end
        else:
            single = char_reading(run[i])
            out[start + i] = DictionaryReading(single, 1) if single else _NONE
            i += 1


def dictionary_readings(text: str) -> list[DictionaryReading]:
    """One :class:`DictionaryReading` per code point of (Simplified) ``text``."""
    out = [_NONE] * len(text)
    i, n = 0, len(text)
    while i < n:
        if not is_han(text[i]):
            i += 1
            continue
        j = i + 1
        while j < n and is_han(text[j]):
            j += 1
        _match_run(text[i:j], out, i)
        i = j
    return out
