"""Find in the displayed text: script-, case- and pinyin-insensitive, offsets in code points.

*Script folding* maps every Han character to its Simplified form **on its own** (OpenCC
``t2s`` applied to each distinct character, never to phrases), so the folded text has exactly
the length of the original and a span found in it is a span of the original: 发展 finds 發展
and 發展 finds 发展. *Case folding* lowercases a character only when that keeps it one
character long (``ß``, ``İ`` stay as they are) for the same reason.

*Pinyin matching* treats the query (``fazhan``, ``fa zhan``, ``fa1zhan3``, ``fāzhǎn``,
``lü``/``lv``) as the concatenation of the syllables of consecutive characters; every
reading pypinyin knows for a character counts (heteronyms), tones are checked only where the
query gives them. The query is split into syllable sequences once, and each sequence becomes a
regular expression of character classes over the text, so the scan runs in C.

:class:`SearchIndex` keeps the folded texts of one document; :func:`find_all` is the one-off
convenience.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

from reader.language.readings.pinyin import is_han
from reader.language.scripts.converters import convert_config

Span = tuple[int, int]

#: At most this many syllable segmentations of one pinyin query are tried.
MAX_SEGMENTATIONS = 64

_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_PINYIN_QUERY = re.compile(r"[a-zü:\u0300-\u030c0-5' \-]+")

_fold_lock = threading.Lock()
_t2s_cache: dict[str, str] = {}


# Script and case folding ------------------------------------------------------------------
def _simplified_forms(chars: set[str]) -> dict[str, str]:
    """Each Han character of ``chars`` → its one-character Simplified form (cached)."""
    with _fold_lock:
        missing = sorted(c for c in chars if c not in _t2s_cache and is_han(c))
        if missing:
            converted = convert_config("\n".join(missing), "t2s").split("\n")
            if len(converted) != len(missing):  # pragma: no cover - defensive
                converted = [convert_config(c, "t2s") for c in missing]
            for char, folded in zip(missing, converted, strict=True):
                _t2s_cache[char] = folded if len(folded) == 1 else char
        return {c: _t2s_cache.get(c, c) for c in chars}


def _fold_table(chars: set[str], *, script: bool, case: bool) -> dict[int, str]:
    """A ``str.translate`` table that folds ``chars`` one for one (length-preserving)."""
    simplified = _simplified_forms(chars) if script else {}
    table: dict[int, str] = {}
    for char in chars:
        folded = simplified.get(char, char)
        if case:
            lower = folded.lower()
            if len(lower) == 1:
                folded = lower
        if 0xFF01 <= ord(folded) <= 0xFF5E:  # full-width ASCII → ASCII (Ａ → A)
            folded = chr(ord(folded) - 0xFEE0)
            if case:
                folded = folded.lower()
        if folded != char:
            table[ord(char)] = folded
    return table


def fold(text: str, *, script_insensitive: bool = True, case_sensitive: bool = False) -> str:
    """``text`` folded for matching; always exactly as long as ``text``."""
    if not script_insensitive and case_sensitive:
        return text
    table = _fold_table(set(text), script=script_insensitive, case=not case_sensitive)
    return text.translate(table) if table else text


# Pinyin -----------------------------------------------------------------------------------
def _split_syllable(marked: str) -> tuple[str, int]:
    """``"lǜ"`` → ``("lv", 4)``; neutral tone is 5."""
    tone = 5
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", marked):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308":  # diaeresis: u + ¨ → v
            if letters and letters[-1] == "u":
                letters[-1] = "v"
        elif not unicodedata.combining(ch):
            letters.append(ch)
    return "".join(letters).lower(), tone


@cache
def _readings_table() -> dict[int, tuple[tuple[str, int], ...]]:
    from reader.language.readings.pinyin import character_table

    table: dict[int, tuple[tuple[str, int], ...]] = {}
    for code, readings in character_table().items():
        table[int(code)] = tuple(dict.fromkeys(_split_syllable(r) for r in readings.split(",")))
    return table


def readings(char: str) -> tuple[tuple[str, int], ...]:
    """Every (toneless syllable, tone) pypinyin knows for ``char``; ``()`` when none."""
    return _readings_table().get(ord(char), ()) if len(char) == 1 else ()


@dataclass(frozen=True)
class PinyinQuery:
    """A query parsed as pinyin: its letters and what it says about tones and boundaries."""

    letters: str
    #: letter index → tone, from a tone mark on that letter
    marks: dict[int, int]
    #: letter index → tone, from a digit written after the syllable ending there
    ends: dict[int, int]
    #: letter indexes where a syllable must end (spaces, apostrophes, digits)
    breaks: frozenset[int]


def parse_pinyin_query(query: str) -> PinyinQuery | None:
    """The query as pinyin, or None when it is not pinyin (Han characters, punctuation …)."""
    text = unicodedata.normalize("NFD", query.strip().lower()).replace("u\u0308", "v")
    text = text.replace("u:", "v").replace("ü", "v")
    if not text or not _PINYIN_QUERY.fullmatch(text):
        return None
    letters: list[str] = []
    marks: dict[int, int] = {}
    ends: dict[int, int] = {}
    breaks: set[int] = set()
    for ch in text:
        if "a" <= ch <= "z":
            letters.append(ch)
        elif ch in _TONE_MARKS:
            if not letters:
                return None
            marks[len(letters) - 1] = _TONE_MARKS[ch]
        elif ch.isdigit():
            if not letters or len(letters) in ends:
                return None
            ends[len(letters)] = 5 if ch == "0" else int(ch)
            breaks.add(len(letters))
        elif ch in " '-":
            breaks.add(len(letters))
        else:
            return None
    if not letters:
        return None
    breaks.discard(0)
    breaks.discard(len(letters))
    return PinyinQuery("".join(letters), marks, ends, frozenset(breaks))


@dataclass(frozen=True)
class _Piece:
    letters: str
    tone: int | None  # required tone, None for any
    partial: bool  # the last piece of a prefix search: a syllable starting with ``letters``


def _tone_of(query: PinyinQuery, start: int, end: int) -> tuple[bool, int | None]:
    """(consistent, required tone) for a syllable covering letters[start:end]."""
    tones = {t for i, t in query.marks.items() if start <= i < end}
    if end in query.ends:
        tones.add(query.ends[end])
    if len(tones) > 1:
        return False, None
    return True, (tones.pop() if tones else None)


def _segmentations(
    query: PinyinQuery, syllables: frozenset[str], prefixes: frozenset[str], prefix: bool
) -> list[list[_Piece]]:
    """Ways to cut the query's letters into syllables of ``syllables`` (at most
    :data:`MAX_SEGMENTATIONS`), shortest first; with ``prefix`` the last piece may be the
    start of a syllable."""
    letters, n = query.letters, len(query.letters)
    longest = max((len(s) for s in syllables), default=0)
    found: list[list[_Piece]] = []

    def extend(start: int, pieces: list[_Piece]) -> None:
        if len(found) >= MAX_SEGMENTATIONS:
            return
        for end in range(start + 1, min(n, start + longest) + 1):
            if any(start < b < end for b in query.breaks):
                break
            piece = letters[start:end]
            ok, tone = _tone_of(query, start, end)
            if not ok:
                continue
            if end == n:
                if piece in syllables:
                    found.append([*pieces, _Piece(piece, tone, False)])
                elif prefix and piece in prefixes and end not in query.ends:
                    found.append([*pieces, _Piece(piece, tone, True)])
            elif piece in syllables:
                extend(end, [*pieces, _Piece(piece, tone, False)])

    extend(0, [])
    found.sort(key=len)
    return found


class SearchIndex:
    """One text prepared for repeated searching; folds are computed on first use and kept."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: dict[tuple[bool, bool], str] = {}
        self._by_reading: dict[tuple[str, int], str] | None = None
        self._syllables: frozenset[str] = frozenset()
        self._prefixes: frozenset[str] = frozenset()
        self._pattern_cache: dict[tuple[str, bool], re.Pattern[str] | None] = {}
        self._class_cache: dict[_Piece, str] = {}

    def __len__(self) -> int:
        return len(self.text)

    def folded(self, *, script_insensitive: bool = True, case_sensitive: bool = False) -> str:
        key = (script_insensitive, case_sensitive)
        if key not in self._folded:
            self._folded[key] = fold(
                self.text, script_insensitive=script_insensitive, case_sensitive=case_sensitive
            )
        return self._folded[key]

    def find(
        self,
        query: str,
        *,
        script_insensitive: bool = True,
        pinyin: bool = False,
        case_sensitive: bool = False,
        pinyin_prefix: bool = False,
    ) -> list[Span]:
        """Non-overlapping spans (code points, start-sorted) of ``query`` in the text.

        With ``pinyin``, a query that reads as pinyin also matches Han characters by sound
        (``pinyin_prefix``: its last syllable may be incomplete, for search-as-you-type).
        """
        if not query:
            return []
        literal = self._find_literal(query, script_insensitive, case_sensitive)
        if not pinyin:
            return literal
        parsed = parse_pinyin_query(query)
        if parsed is None:
            return literal
        by_sound = self._find_pinyin(parsed, pinyin_prefix)
        return _merge(literal, by_sound) if literal else by_sound

    def _find_literal(self, query: str, script: bool, case_sensitive: bool) -> list[Span]:
        haystack = self.folded(script_insensitive=script, case_sensitive=case_sensitive)
        needle = fold(query, script_insensitive=script, case_sensitive=case_sensitive)
        spans: list[Span] = []
        size = len(needle)
        find = haystack.find
        pos = find(needle)
        while pos >= 0:
            spans.append((pos, pos + size))
            pos = find(needle, pos + size)
        return spans

    # Pinyin -------------------------------------------------------------------------------
    def _prepare_readings(self) -> dict[tuple[str, int], str]:
        if self._by_reading is None:
            groups: dict[tuple[str, int], list[str]] = {}
            for char in set(self.text):
                for reading in readings(char):
                    groups.setdefault(reading, []).append(char)
            self._by_reading = {k: "".join(sorted(v)) for k, v in groups.items()}
            self._syllables = frozenset(s for s, _ in groups)
            self._prefixes = frozenset(s[:i] for s in self._syllables for i in range(1, len(s)))
        return self._by_reading

    def _char_class(self, piece: _Piece) -> str:
        """A regex class of the text's characters that can read as ``piece`` ("" if none)."""
        if piece in self._class_cache:
            return self._class_cache[piece]
        by_reading = self._prepare_readings()
        if piece.partial:
            syllables = [s for s in self._syllables if s.startswith(piece.letters)]
        else:
            syllables = [piece.letters] if piece.letters in self._syllables else []
        tones = range(1, 6) if piece.tone is None else (piece.tone,)
        chars: set[str] = set()
        for syllable in syllables:
            for tone in tones:
                chars.update(by_reading.get((syllable, tone), ""))
        pattern = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" if chars else ""
        self._class_cache[piece] = pattern
        return pattern

    def pinyin_pattern(self, parsed: PinyinQuery, prefix: bool) -> re.Pattern[str] | None:
        """The regular expression a pinyin query becomes over this text (None: cannot match)."""
        key = (repr(parsed), prefix)
        if key not in self._pattern_cache:
            self._prepare_readings()
            alternatives: list[str] = []
            for pieces in _segmentations(parsed, self._syllables, self._prefixes, prefix):
                classes = [self._char_class(p) for p in pieces]
                if all(classes):
                    alternatives.append("".join(classes))
            unique = list(dict.fromkeys(alternatives))
            self._pattern_cache[key] = re.compile("|".join(unique)) if unique else None
        return self._pattern_cache[key]

    def _find_pinyin(self, parsed: PinyinQuery, prefix: bool) -> list[Span]:
        pattern = self.pinyin_pattern(parsed, prefix)
        if pattern is None:
            return []
        return [m.span() for m in pattern.finditer(self.text)]


def _merge(first: list[Span], second: list[Span]) -> list[Span]:
    """Both lists' spans, start-sorted, dropping any that overlap an earlier kept one."""
    merged: list[Span] = []
    end = -1
    for span in sorted(first + second, key=lambda s: (s[0], -s[1])):
        if span[0] >= end:
            merged.append(span)
            end = span[1]
    return merged


def find_all(
    text: str,
    query: str,
    *,
    script_insensitive: bool = True,
    pinyin: bool = False,
    case_sensitive: bool = False,
) -> list[Span]:
    """Non-overlapping code-point spans of ``query`` in ``text`` (see :class:`SearchIndex`)."""
    return SearchIndex(text).find(
        query, script_insensitive=script_insensitive, pinyin=pinyin, case_sensitive=case_sensitive
    )
