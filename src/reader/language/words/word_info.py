"""What the popup says about the word at a position: glossary entry, dictionary, reading.

Pure assembly over the glossary matches, the dictionary lookup and the readings of the
displayed text; positions are display code points.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.language.readings.pinyin import is_han

if TYPE_CHECKING:
    from reader.language.words.dictionary import Dictionary, Entry
    from reader.language.words.glossary import GlossaryEntry, TermMatch

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
    #: Shorter dictionary words starting at the same position, with their entries.
    shorter: tuple[tuple[str, tuple[Entry, ...]], ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return self.glossary is None and not self.entries and not any(self.readings)


class TermIndex:
    """Glossary matches of one displayed text, searchable by position."""

    def __init__(self, matches: Sequence[TermMatch]) -> None:
        self.matches = list(matches)
        self._starts = [m.start for m in self.matches]

    def at(self, pos: int) -> TermMatch | None:
        index = bisect_right(self._starts, pos) - 1
        if index >= 0 and self.matches[index].start <= pos < self.matches[index].end:
            return self.matches[index]
        return None


def describe_word(
    text: str,
    pos: int,
    *,
    dictionary: Dictionary | None = None,
    terms: TermIndex | None = None,
    readings: Sequence[str | None] | None = None,
) -> WordInfo | None:
    """The word at display position ``pos`` of ``text``, or None where no popup belongs.

    The glossary wins the span when a term covers ``pos`` (the learner points inside
    多頭潛在注意力 and sees the term); otherwise the longest dictionary word starting at
    ``pos``; without a dictionary (still loading) the single character.
    """
    if not 0 <= pos < len(text) or text[pos] in _SILENT:
        return None
    term = terms.at(pos) if terms is not None else None
    entries: tuple[Entry, ...] = ()
    shorter: tuple[tuple[str, tuple[Entry, ...]], ...] = ()
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
    word = text[start:end]
    if readings is not None and len(readings) == len(text):
        word_reading = tuple(readings[start:end])
    else:
        word_reading = _fallback_readings(word)
    return WordInfo(start, end, word, word_reading, term.entry if term else None, entries, shorter)


def _fallback_readings(word: str) -> tuple[str | None, ...]:
    """Word-level readings (pypinyin phrases) while the context readings are computing."""
    if not any(is_han(ch) for ch in word):
        return tuple(None for _ in word)
    from reader.language.readings.readings import word_readings

    out = word_readings(word)
    return tuple(r if is_han(ch) else None for ch, r in zip(word, out, strict=False))
