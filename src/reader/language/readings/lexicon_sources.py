"""The lexicon's tables made from their sources: pypinyin's phrase and character tables and
CC-CEDICT (about 1–2 s; :mod:`~reader.language.readings.lexicon` caches what this makes).

Every word of two characters or more of any list is a key of one ``marisa_trie.Trie``; per key
id a byte of :data:`kinds <WORD>` and where its readings begin in one array of syllable
indices (the phrase's readings first when it has them, then CC-CEDICT's), each reading one
syllable per character.
"""

from __future__ import annotations

import gzip
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import marisa_trie

from reader.language.readings.pinyin import is_han, to_numbered

#: A key's kinds (one byte per key id, and bits of the per-process shape table):
#: a word the word evidence matches (a pypinyin phrase, or a CC-CEDICT word with readings),
WORD = 1
#: a pypinyin phrase whose readings match its characters one to one,
PHRASE = 2
#: a CC-CEDICT word with numbered readings (``?`` where its entries disagree),
CEDICT = 4
#: a word the coverage counts: Han characters only, in any list.
LISTED = 8
#: What CC-CEDICT's reading is where its entries read a character differently.
UNSURE = "?"
#: How many of pypinyin's phrase characters count as common for the decoder's plausibility.
COMMON_CHARS = 4000
_SYLLABLE = re.compile(r"[a-zv]{1,6}[1-5]")


@dataclass(frozen=True)
class Tables:
    """What the lexicon stores (see the module docstring)."""

    trie: marisa_trie.Trie
    #: Per key id: its kinds; one more 0 at the end, the kinds of a missing key.
    kinds: bytes
    #: Per key id: where its readings begin in ``readings``.
    starts: array[int]
    #: Indices in ``syllables``, one per character of each reading.
    readings: array[int]
    syllables: tuple[str, ...]
    #: The characters of pypinyin's character table, sorted, one string.
    chars: str
    #: Per character of ``chars``: the index of its most common reading in ``syllables``.
    char_syllables: array[int]
    #: The characters most common in pypinyin's phrases, most common first.
    common_chars: str


def _numbered_cedict(pinyin: str, length: int) -> list[str] | None:
    """CEDICT's pinyin as numbered syllables, or None when it does not fit."""
    syllables = pinyin.lower().replace("u:", "v").split()
    if len(syllables) != length or not all(_SYLLABLE.fullmatch(s) for s in syllables):
        return None  # letters, a syllable without a tone, a count that does not fit
    return syllables


def _merged(known: list[str], other: list[str]) -> list[str]:
    """Two entries' readings of one word: :data:`UNSURE` where they differ."""
    return [a if a == b else UNSURE for a, b in zip(known, other, strict=True)]


def cedict_tables(data_file: Path) -> tuple[dict[str, list[str]], set[str]]:
    """CC-CEDICT's Simplified Han words (two characters or more): with their readings, and
    those without numbered readings."""
    words: dict[str, list[str]] = {}
    others: set[str] = set()
    try:
        with gzip.open(data_file, "rt", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                first = line.find(" ")
                second = line.find(" ", first + 1)
                if first <= 0 or second <= first:
                    continue
                word = line[first + 1 : second]
                if len(word) < 2 or not all(is_han(c) for c in word):
                    continue
                close = line.find("]", second)
                readings = _numbered_cedict(line[second + 2 : close], len(word))
                if readings is None:
                    others.add(word)
                    continue
                known = words.get(word)
                words[word] = readings if known is None else _merged(known, readings)
    except (OSError, EOFError):  # pragma: no cover - a broken install: pypinyin alone decides
        return {}, set()
    return words, others - words.keys()


def _phrase_readings(word: str, pys: list[list[str]]) -> list[str] | None:
    if len(word) < 2 or len(pys) != len(word):
        return None
    return [to_numbered(py[0]) for py in pys]


def _common_chars(phrases: Iterable[str]) -> str:
    counts: Counter[str] = Counter()
    for phrase in phrases:  # in pypinyin's order: ties keep it
        counts.update(phrase)
    return "".join(ch for ch, _ in counts.most_common(COMMON_CHARS))


def build_tables(data_file: Path | None = None) -> Tables:
    """The tables made from pypinyin's tables and CC-CEDICT now (no cache)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    from reader.language.words.dictionary import default_data_file

    phrases = {w: _phrase_readings(w, pys) for w, pys in PHRASES_DICT.items() if len(w) > 1}
    cedict, others = cedict_tables(data_file or default_data_file())
    kinds: dict[str, int] = {}
    for word, read in phrases.items():
        han = all(map(is_han, word))
        kinds[word] = WORD | (PHRASE if read else 0) | (LISTED if han else 0)
    for word in cedict:
        kinds[word] = kinds.get(word, 0) | WORD | CEDICT | LISTED
    for word in others:
        kinds[word] = kinds.get(word, 0) | LISTED
    trie = marisa_trie.Trie(kinds)
    chars_read: dict[str, str] = {}
    for code, raw in PINYIN_DICT.items():
        if raw:
            chars_read[chr(code)] = to_numbered(raw.split(",")[0])
    chars = "".join(sorted(chars_read))
    named = {s for r in phrases.values() if r for s in r} | {s for r in cedict.values() for s in r}
    syllables = tuple(sorted(named | set(chars_read.values())))
    index = {s: i for i, s in enumerate(syllables)}
    by_id = sorted(trie.iteritems(), key=lambda item: item[1])
    starts, readings = array("I"), array("H")
    for word, _ in by_id:
        starts.append(len(readings))
        readings.extend(index[s] for s in phrases.get(word) or ())
        readings.extend(index[s] for s in cedict.get(word, ()))
    return Tables(
        trie, bytes(kinds[w] for w, _ in by_id) + b"\0", starts, readings, syllables, chars,
        array("H", (index[chars_read[ch]] for ch in chars)), _common_chars(PHRASES_DICT),
    )
