"""What the popup says about the word at a position: glossary entry, dictionary, reading.

Pure assembly over the glossary matches, the dictionary lookup and the readings of the
displayed text; positions are display code points.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.language.readings.pinyin import is_han
from reader.language.words.entry_order import order_entries

if TYPE_CHECKING:
    from reader.language.words.dictionary import Dictionary, Entry
    from reader.language.words.glossary import GlossaryEntry
    from reader.language.words.term_matches import TermMatch

#: Characters that never get a popup on their own.
_SILENT = set(" \t\n\u3000,.;:!?'\"()[]{}<>-—–…、，。；：！？「」『』（）《》〈〉【】“”‘’·・%/\\|")


@dataclass(frozen=True)
class WordInfo:
    """The word under the pointer and what is known about it."""

    start: int
    end: int
    word: str
    #: Context readings of the word's characters (numbered; None for non-Han).
    readings: tuple[str | None, ...] = ()
    glossary: GlossaryEntry | None = None
    entries: tuple[Entry, ...] = ()
    #: Other dictionary words here, with their entries: those that contain the position
    #: (with the text's words), else the shorter ones starting where this word starts.
    others: tuple[tuple[str, tuple[Entry, ...]], ...] = field(default_factory=tuple)
    #: The word is a damaged spot of the text (garbage of a wrong decode): no reading, no
    #: lookup.
    damaged: bool = False

    @property
    def is_empty(self) -> bool:
        return self.glossary is None and not self.entries and not any(self.readings)


class TermIndex:
    """Glossary matches of one displayed text, searchable by position (held in arrays:
    :class:`~reader.language.words.term_matches.TermMatches`)."""

    def __init__(self, matches: Sequence[TermMatch]) -> None:
        from reader.language.words.term_matches import TermMatches

        self.matches = matches if isinstance(matches, TermMatches) else TermMatches(matches)

    def at(self, pos: int) -> TermMatch | None:
        return self.matches.at(pos)

    def between(self, low: int, high: int) -> list[TermMatch]:
        """The matches that start in ``[low, high)``, in order."""
        return self.matches.between(low, high)


def _first(span: tuple[int, int]) -> int:
    return span[0]


def damaged_span_at(damaged: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of sorted, disjoint ``damaged`` that holds ``pos``, or None."""
    return _last_starting_before(damaged, pos + 1, pos)


def _last_starting_before(
    damaged: Sequence[tuple[int, int]], limit: int, start: int
) -> tuple[int, int] | None:
    """The last span that starts before ``limit``, if it ends after ``start``."""
    index = bisect_left(damaged, limit, key=_first) - 1
    if index >= 0 and damaged[index][1] > start:
        return damaged[index]
    return None


def describe_word(
    text: str,
    pos: int,
    *,
    dictionary: Dictionary | None = None,
    terms: TermIndex | None = None,
    readings: Sequence[str | None] | None = None,
    damaged: Sequence[tuple[int, int]] = (),
    word: tuple[int, int] | None = None,
    around: Sequence[tuple[int, int]] = (),
) -> WordInfo | None:
    """The word at display position ``pos`` of ``text``, or None where no popup belongs.

    The glossary wins the span when a term covers ``pos`` (the learner points inside
    多頭潛在注意力 and sees the term); otherwise ``word``, the text's word that contains
    ``pos`` (its segmentation: the learner points at 卻 in 冷卻 and sees 冷卻), with ``around``
    (other words containing ``pos``) as the others; without the text's words (still
    computing) the longest dictionary word starting at ``pos``; without a dictionary the
    single character.

    ``damaged`` are the text's damaged spots (sorted, disjoint ``[start, end)``): anywhere
    inside one the whole spot is the word, marked ``damaged``, with no reading and nothing
    looked up. No
    word reaches into a spot from outside: each starts with ``?`` or U+FFFD, where a
    dictionary word or a Latin token ends; a glossary term that would is not used.
    """
    if not 0 <= pos < len(text):
        return None
    spot = damaged_span_at(damaged, pos)
    if spot is not None:  # its ? and ) too: the popup says what the spot is
        start, end = spot
        return WordInfo(start, end, text[start:end], (None,) * (end - start), damaged=True)
    if text[pos] in _SILENT:
        return None
    term = terms.at(pos) if terms is not None else None
    if term is not None and _last_starting_before(damaged, term.end, term.start) is not None:
        term = None  # a term that reaches into a damaged spot is no term there
    entries: tuple[Entry, ...] = ()
    shorter: tuple[tuple[str, tuple[Entry, ...]], ...] = ()
    if (
        term is None
        and word is not None
        and dictionary is not None
        and word[0] <= pos < word[1]
        and _last_starting_before(damaged, word[1], word[0]) is None
    ):
        contained = _contained(text, word, around, dictionary)
        if contained is not None:
            (start, end), entries, shorter = contained
            return _info(text, start, end, readings, None, entries, shorter)
    if term is not None:
        start, end = term.start, term.end
        if dictionary is not None:
            entries = tuple(dictionary.entries(text[start:end]))
            if not entries:  # 蒸餾技術 is a term; CC-CEDICT knows 蒸餾 and 技術
                from reader.language.words.word_lookup import lookup_at

                found = lookup_at(text, start, dictionary, max_len=end - start)
                if found is not None and found.entries:
                    shorter = ((found.word, tuple(found.entries)),) + tuple(
                        (w, tuple(e)) for w, e in found.shorter
                    )
    else:
        start, end = pos, pos + 1
        if dictionary is not None:
            from reader.language.words.word_lookup import lookup_at

            found = lookup_at(text, pos, dictionary)
            if found is None:
                return None
            start, end = found.start, found.end
            entries = tuple(found.entries)
            shorter = tuple((w, tuple(e)) for w, e in found.shorter)
        elif not is_han(text[pos]):
            return None
    return _info(text, start, end, readings, term.entry if term else None, entries, shorter)


def _info(
    text: str,
    start: int,
    end: int,
    readings: Sequence[str | None] | None,
    glossary: GlossaryEntry | None,
    entries: tuple[Entry, ...],
    others: tuple[tuple[str, tuple[Entry, ...]], ...],
) -> WordInfo:
    word = text[start:end]
    if readings is not None and len(readings) == len(text):
        word_reading = tuple(readings[start:end])
    else:
        word_reading = _fallback_readings(word)
    entries = order_entries(entries, word, word_reading)
    others = tuple((w, order_entries(e, w)) for w, e in others)
    return WordInfo(start, end, word, word_reading, glossary, entries, others)


def _contained(
    text: str,
    word: tuple[int, int],
    around: Sequence[tuple[int, int]],
    dictionary: Dictionary,
) -> tuple[tuple[int, int], tuple[Entry, ...], tuple[tuple[str, tuple[Entry, ...]], ...]] | None:
    """The text's word at a position with its entries, and the other dictionary words that
    contain the position; None for a word the dictionary lookup handles better (Latin)."""
    from reader.language.words.word_lookup import lookup_at

    start, end = word
    if not any(is_han(ch) for ch in text[start:end]):
        return None  # DeepSeek, H800: the lookup's token rules
    found = lookup_at(text, start, dictionary, max_len=end - start)
    entries = tuple(found.entries) if found is not None and found.end == end else ()
    others: list[tuple[str, tuple[Entry, ...]]] = []
    for a, b in around:
        if (a, b) == (start, end):
            continue
        other = lookup_at(text, a, dictionary, max_len=b - a)
        if other is not None and other.end == b and other.entries:
            others.append((other.word, tuple(other.entries)))
    return (start, end), entries, tuple(others)


def _fallback_readings(word: str) -> tuple[str | None, ...]:
    """Word-level readings (pypinyin phrases) while the context readings are computing."""
    if not any(is_han(ch) for ch in word):
        return tuple(None for _ in word)
    from reader.language.readings.readings import word_readings

    out = word_readings(word)
    return tuple(r if is_han(ch) else None for ch, r in zip(word, out, strict=False))
