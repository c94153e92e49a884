"""Terms worth adding to the glossary: recurring Han runs that CC-CEDICT does not know.

:func:`suggest_terms` looks for runs of 3 to ``max_len`` Han characters that occur at least
``min_count`` times in a document, and keeps those that

* are *maximal*: a run is dropped when a one-character-longer run containing it occurs as
  often (螢火一 and 火一號 give way to 螢火一號; 人工智 to 人工智能, even when 人工智能 itself
  is then dropped as a dictionary word);
* are not a CC-CEDICT headword (either script; a mixed-script run is also tried in its
  Simplified form) and do not overlap a glossary term (glossary matches cut the runs);
* look like a term, not a piece of a sentence: no particle inside (的, 了, 嗎 …), no function
  character at either end (是, 在, 和, 這 …; locatives such as 中, 上 at the end), and not
  starting or ending inside a dictionary word in most of its occurrences (美國政府 does not
  suggest 國政府: 美國 straddles its start);
* are not a phrase of the sentence made of two words: a verb after an adverb, an adjective
  or another verb (顯著提升 "rise markedly", 下載排名 "download ranking": 下載 and 排名 are
  both verbs), or a verb with a result complement (完成好); the word classes are jieba's
  (:mod:`reader.language.words.word_classes`). A noun head keeps a term (大模型, 量化投資:
  投資 is a verb used as a noun), and so does a name the dictionary cannot split (梁文鋒).

Counting is level by level (apriori): a run of n+1 characters is only counted where both of
its n-character halves recur, so the work stays close to one pass over the text per length.
Results are sorted by count, then length (both descending), then first position.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from reader.language.scripts.converters import convert_config
from reader.language.words.dictionary import Dictionary
from reader.language.words.glossary import Glossary
from reader.language.words.term_matches import TermMatch
from reader.language.words.word_classes import word_class

__all__ = ["Suggestion", "suggest_terms"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af\U0002f800-\U0002fa1f"
_MIN_LEN = 3
_SEP = "\x00"
_NON_HAN = re.compile(f"[^{_HAN}]")
#: Characters that (almost) never occur inside a term: particles.
_INNER_STOP = frozenset("的了嗎吗呢吧啊呀嘛着")
#: Function characters a term does not start or end with.
_EDGE_STOP = frozenset(
    "是在和與与也都就不有這这那個个我你他她它們们過过被把從从對对而及或但又再很還还要會会"
    "能可將将已為为于於之其以等並并即則则所此該该各每如若因由向到給给讓让使並且其及"
)
#: Locatives and the like that end phrases (排名中, 平台上) rather than terms.
_END_STOP = frozenset("中上下裡里內内後后前時时間间")
_LOOKUP_BATCH = 500
#: Word classes that modify a following verb into a phrase (adverbs, adjectives, verbs).
_VERB_MODIFIERS = frozenset({"a", "ad", "d", "v", "vd", "vi"})
#: Result complements: a verb followed by one of these is a phrase (做完, 看見, 寫好).
_COMPLEMENTS = frozenset("完好成出起掉住見见懂清光遍")


@dataclass(frozen=True)
class Suggestion:
    """A candidate term: how often it occurs and where it first does (code points)."""

    term: str
    count: int
    first_position: int


def _han_only(text: str, glossary: Glossary, matches: list[TermMatch] | None) -> str:
    """``text`` with every non-Han character and every glossary match replaced by NUL."""
    pieces: list[str] = []
    last = 0
    for match in glossary.find_all(text) if matches is None else matches:
        pieces.append(text[last : match.start])
        pieces.append(_SEP * (match.end - match.start))
        last = match.end
    pieces.append(text[last:])
    return _NON_HAN.sub(_SEP, "".join(pieces))


def _recurring(
    han: str, min_count: int, max_len: int
) -> tuple[dict[str, int], dict[int, list[int]]]:
    """Every n-gram (3 ≤ n ≤ max_len) of Han characters occurring at least ``min_count``
    times, with its count; and, by length, the positions of those n-grams."""
    grams = [han[i : i + _MIN_LEN] for i in range(len(han) - _MIN_LEN + 1)]
    alive = {s: c for s, c in Counter(grams).items() if c >= min_count and _SEP not in s}
    counts = dict(alive)
    positions = {_MIN_LEN: [i for i, g in enumerate(grams) if g in alive]}
    n = _MIN_LEN
    while n < max_len and positions[n]:
        here = set(positions[n])
        starts = [p for p in positions[n] if p + 1 in here]
        longer = Counter(han[p : p + n + 1] for p in starts)
        alive = {s: c for s, c in longer.items() if c >= min_count}
        counts.update(alive)
        n += 1
        positions[n] = [p for p in starts if han[p : p + n] in alive]
    return counts, positions


def _maximal(counts: dict[str, int]) -> list[str]:
    """The runs no one-character-longer run absorbs (occurring exactly as often)."""
    absorbed: set[str] = set()
    for s, c in counts.items():
        if len(s) > _MIN_LEN:
            if counts.get(s[:-1]) == c:
                absorbed.add(s[:-1])
            if counts.get(s[1:]) == c:
                absorbed.add(s[1:])
    return [s for s in counts if s not in absorbed]


def _looks_like_term(s: str) -> bool:
    if s[0] in _EDGE_STOP or s[-1] in _EDGE_STOP or s[-1] in _END_STOP:
        return False
    return not any(ch in _INNER_STOP for ch in s)


def _phrase_like(term: str) -> bool:
    """True when ``term`` splits into a modifier (adverb, adjective, verb) and a verb, or a
    verb and a result complement: a phrase of the sentence, not a term."""
    simplified = convert_config(term, "t2s")
    for cut in range(1, len(simplified)):
        left, right = word_class(simplified[:cut]), simplified[cut:]
        if left in _VERB_MODIFIERS and word_class(right) in ("v", "vd", "vi"):
            return True
        if left.startswith("v") and right in _COMPLEMENTS:
            return True
    return False


def _known_words(words: Iterable[str], dictionary: Dictionary) -> set[str]:
    """Those of ``words`` that are CC-CEDICT headwords as written or in Simplified form."""
    unique = list(dict.fromkeys(words))
    if not unique:
        return set()
    joined = convert_config("\n".join(unique), "t2s").split("\n")
    folded = joined if len(joined) == len(unique) else [convert_config(w, "t2s") for w in unique]
    found: set[str] = set()
    for k in range(0, len(unique), _LOOKUP_BATCH):
        batch = unique[k : k + _LOOKUP_BATCH]
        fold = folded[k : k + _LOOKUP_BATCH]
        hits = dictionary.entries_many([*batch, *fold])
        found.update(w for w, f in zip(batch, fold, strict=True) if w in hits or f in hits)
    return found


def _occurrences(
    han: str, terms: set[str], positions: dict[int, list[int]]
) -> dict[str, list[int]]:
    """term → the text positions of its occurrences (overlapping ones included)."""
    out: dict[str, list[int]] = {t: [] for t in terms}
    for n in sorted({len(t) for t in terms}):
        for p in positions.get(n, []):
            places = out.get(han[p : p + n])
            if places is not None:
                places.append(p)
    return out


def _straddled(han: str, occurrences: dict[str, list[int]], dictionary: Dictionary) -> set[str]:
    """Terms that start or end inside a two-character dictionary word in most occurrences."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    for term, places in occurrences.items():
        n = len(term)
        pairs[term] = [(han[max(0, p - 1) : p + 1], han[p + n - 1 : p + n + 1]) for p in places]
    words = {w for items in pairs.values() for pair in items for w in pair if _SEP not in w}
    known = _known_words((w for w in words if len(w) == 2), dictionary)
    out: set[str] = set()
    for term, items in pairs.items():
        inside = sum(1 for left, right in items if left in known or right in known)
        if items and inside * 2 > len(items):
            out.add(term)
    return out


def suggest_terms(
    text: str,
    dictionary: Dictionary,
    glossary: Glossary,
    min_count: int = 2,
    max_len: int = 8,
    *,
    matches: list[TermMatch] | None = None,
) -> list[Suggestion]:
    """Recurring Han runs CC-CEDICT and the glossary do not cover (see the module docstring).

    ``matches`` are ``glossary.find_all(text)`` when the caller already has them.
    """
    min_count = max(1, min_count)
    max_len = max(_MIN_LEN, max_len)
    han = _han_only(text, glossary, matches)
    counts, positions = _recurring(han, min_count, max_len)
    candidates = [s for s in _maximal(counts) if _looks_like_term(s)]
    known = _known_words(candidates, dictionary)
    terms = {s for s in candidates if s not in known and glossary.entry_for(s) is None}
    occurrences = _occurrences(han, terms, positions)
    terms -= _straddled(han, occurrences, dictionary)
    terms = {t for t in terms if not _phrase_like(t)}
    result = [Suggestion(t, counts[t], occurrences[t][0]) for t in terms if occurrences[t]]
    result.sort(key=lambda s: (-s.count, -len(s.term), s.first_position))
    return result
