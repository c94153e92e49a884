"""Words around each character of a Simplified text, and the readings dictionaries give them.

This is what the polyphone choice weighs against the model: the text's Han runs are cut into
words (a *segmentation*), and every multi-character word that covers a character contributes
the reading each dictionary that knows the word gives that character — pypinyin's phrase table
(``phrase_readings``) and CC-CEDICT's words (``cedict_words``), which pypinyin's table lacks
whenever a word reads with its characters' default readings (微调, 标志, 还是).

The segmentation is a parameter (:data:`Segmenter`): one or more *cuts* of a Han run into word
spans. The default, :func:`maximum_matching`, is bidirectional maximum matching over both word
lists: forward and backward matching, the one with fewer words (then fewer single characters)
kept, both kept when they tie — then both words speak (and may contradict each other). A word
every cut agrees on is *settled*. A better segmenter (frequencies, a model) can replace it by
returning its own cut, or its best few: nothing else here depends on how the cuts were found.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from reader.language.readings.lexicon import PREFIX, SHAPE_MASK, SUFFIX, WORD, Lexicon, lexicon
from reader.language.readings.phrase_readings import phrase_readings
from reader.language.readings.pinyin import HAN_RUN, is_han

Span = tuple[int, int]
#: A Han run → one or more cuts of it into word spans ``[start, end)``, each cut covering the
#: whole run in order (single characters are spans of length 1).
Segmenter = Callable[[str], Sequence[Sequence[Span]]]


class WordEvidence(NamedTuple):
    """What the words around one character say about its reading. (A named tuple: a long
    text makes one for most polyphones, and a frozen dataclass takes twice as long to make.)"""

    #: One reading for every (cut's word × dictionary knowing that word) covering the character.
    readings: tuple[str, ...] = ()
    #: The multi-character words of any cut that cover the character, in text offsets.
    words: tuple[Span, ...] = ()
    #: True when every cut puts the character in the same multi-character word.
    settled: bool = False


class EvidenceSlots(Protocol):
    """Where :func:`fill_word_evidence` writes a character's evidence: a list as long as the
    text, or a :class:`SparseEvidence` holding only the characters written."""

    def __getitem__(self, pos: int, /) -> WordEvidence | None: ...

    def __setitem__(self, pos: int, evidence: WordEvidence | None, /) -> None: ...


class SparseEvidence(dict[int, "WordEvidence | None"]):
    """Evidence by position, None where none was written: a long text's readings hold a
    few sentences' evidence at a time, not a pointer per character of the text."""

    def __missing__(self, pos: int) -> WordEvidence | None:
        return None


class HanRuns:
    """The Han runs of a text, ``[starts[r], ends[r])`` in order (a long text's: found once),
    four bytes a bound where an int object takes 28 (3M characters: ~370k runs)."""

    __slots__ = ("ends", "starts")

    def __init__(self, starts: array[int], ends: array[int]) -> None:
        self.starts, self.ends = starts, ends

    @classmethod
    def find(cls, text: str) -> HanRuns:
        """The Han runs of ``text`` (:data:`HAN_RUN`)."""
        starts, ends = array("I"), array("I")
        for match in HAN_RUN.finditer(text):
            starts.append(match.start())
            ends.append(match.end())
        return cls(starts, ends)

    @classmethod
    def from_mask(cls, han: npt.NDArray[np.bool_]) -> HanRuns:
        """The Han runs of a text, found in numpy from its :func:`han_mask` (the edges)."""
        edges = np.diff(han.view(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        return cls(
            array("I", starts.astype(np.uint32).tobytes()),
            array("I", ends.astype(np.uint32).tobytes()),
        )


_HAN_RANGES = ((0x3400, 0x4DBF), (0x20000, 0x323AF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def han_mask(text: str, block: int = 1 << 16) -> npt.NDArray[np.bool_]:
    """True for each code point of ``text`` that is Han (:data:`HAN_RUN`'s class), made a
    ``block`` at a time: a long text's UTF-32 copy and comparisons were ~15 MiB at once."""
    mask = np.empty(len(text), dtype=np.bool_)
    for at in range(0, len(text), block):
        piece = text[at : at + block].encode("utf-32-le", "surrogatepass")
        cps = np.frombuffer(piece, dtype=np.uint32)
        part = mask[at : at + len(cps)]
        np.logical_and(cps >= 0x4E00, cps <= 0x9FFF, out=part)
        for low, high in _HAN_RANGES:
            part |= (cps >= low) & (cps <= high)
        part |= cps == 0x3007
    return mask


def _lexicon() -> Lexicon:
    return lexicon()


def _longest_from(text: str, i: int, lex: Lexicon) -> int:
    """The end of the longest dictionary word starting at ``text[i]`` (``i + 1`` if none)."""
    end = i + 1
    j = i + 2
    while j <= len(text) and is_han(text[j - 1]):
        piece = text[i:j]
        if lex.has(piece, WORD):
            end = j
        if not lex.shapes[hash(piece) & SHAPE_MASK] & PREFIX:
            break
        j += 1
    return end


def _longest_to(text: str, j: int, lex: Lexicon) -> int:
    """The start of the longest dictionary word ending just before ``text[j]`` (``j - 1`` if
    none)."""
    start = j - 1
    i = j - 2
    while i >= 0 and is_han(text[i]):
        piece = text[i:j]
        if lex.has(piece, WORD):
            start = i
        if not lex.shapes[hash(piece) & SHAPE_MASK] & SUFFIX:
            break
        i -= 1
    return start


def _forward(run: str, lex: Lexicon) -> list[Span]:
    """Forward maximum matching of a Han run (what :func:`_longest_from` does at each step,
    with the lookups inlined: this runs over every Han run of a long text). The shapes first
    (a piece's hash: as fast as a set), the trie only after a yes."""
    shapes, kinds, get, absent, h = lex.shapes, lex.kinds, lex.trie.get, lex.absent, hash
    spans: list[Span] = []
    i, n = 0, len(run)
    while i < n:
        end = i + 1
        j = i + 2
        while j <= n:
            piece = run[i:j]
            shape = shapes[h(piece) & SHAPE_MASK]
            if shape & WORD and kinds[get(piece, absent)] & WORD:
                end = j
            if not shape & PREFIX:
                break
            j += 1
        spans.append((i, end))
        i = end
    return spans


def _backward(run: str, lex: Lexicon) -> list[Span]:
    """Backward maximum matching of a Han run (:func:`_longest_to` at each step, inlined)."""
    shapes, kinds, get, absent, h = lex.shapes, lex.kinds, lex.trie.get, lex.absent, hash
    spans: list[Span] = []
    j = len(run)
    while j > 0:
        start = j - 1
        i = j - 2
        while i >= 0:
            piece = run[i:j]
            shape = shapes[h(piece) & SHAPE_MASK]
            if shape & WORD and kinds[get(piece, absent)] & WORD:
                start = i
            if not shape & SUFFIX:
                break
            i -= 1
        spans.append((start, j))
        j = start
    spans.reverse()
    return spans


def cut_cost(cut: Sequence[Span]) -> tuple[int, int]:
    """How good a cut is, lower better: its number of words, then of single characters."""
    return len(cut), sum(1 for a, b in cut if b - a == 1)


def maximum_matching(run: str) -> list[list[Span]]:
    """Forward and backward maximum matching over pypinyin's phrases and CC-CEDICT's words;
    the better of the two by :func:`cut_cost` when one is better, else both."""
    lex = _lexicon()
    forward, backward = _forward(run, lex), _backward(run, lex)
    if forward == backward:
        return [forward]
    costs = cut_cost(forward), cut_cost(backward)
    if costs[0] != costs[1]:
        return [forward] if costs[0] < costs[1] else [backward]
    return [forward, backward]


@lru_cache(maxsize=16384)
def _word_readings(word: str) -> tuple[tuple[str, ...] | None, tuple[str | None, ...] | None]:
    """What pypinyin's phrases and CC-CEDICT say of ``word`` (cached: the lexicon's trie is
    asked once for a word a text repeats)."""
    return phrase_readings(word), lexicon().cedict_readings(word)


#: The evidence of a character no multi-character word of any cut holds.
_NO_WORD = WordEvidence()


def _word_evidence_readings(word: str, k: int) -> tuple[str, ...]:
    """The readings the dictionaries give the ``k``-th character of ``word`` (pypinyin's
    phrases, then CC-CEDICT)."""
    py, ced = _word_readings(word)
    readings: list[str] = []
    if py is not None:
        readings.append(py[k])
    if ced is not None and (reading := ced[k]) is not None:
        readings.append(reading)
    return tuple(readings)


def _run_evidence(
    run: str,
    start: int,
    cuts: Sequence[Sequence[Span]],
    ks: Sequence[int],
    out: EvidenceSlots,
) -> None:
    """The evidence of the characters ``run[k]`` for ``k`` in ``ks``, written at ``start + k``.
    Each cut's span holding ``k`` is found by bisection (a cut's spans are in order)."""
    if len(cuts) == 1:  # one cut (forward and backward matching agree, or one won)
        cut = cuts[0]
        ends = [b for _, b in cut]
        for k in ks:
            j = bisect_right(ends, k)
            if j < len(cut) and (span := cut[j])[0] <= k and span[1] - span[0] >= 2:
                a, b = span
                out[start + k] = WordEvidence(
                    _word_evidence_readings(run[a:b], k - a), ((start + a, start + b),), True
                )
            else:
                out[start + k] = _NO_WORD
        return
    ends_of = [[b for _, b in cut] for cut in cuts]
    for k in ks:
        spans: list[Span] = []
        for cut, ends in zip(cuts, ends_of, strict=True):
            j = bisect_right(ends, k)
            if j < len(cut) and cut[j][0] <= k:
                spans.append(cut[j])
        first = spans[0] if spans else (k, k + 1)
        if all(span == first for span in spans):  # one span, or every cut agrees
            a, b = first
            out[start + k] = (
                WordEvidence(
                    _word_evidence_readings(run[a:b], k - a), ((start + a, start + b),), True
                )
                if b - a >= 2
                else _NO_WORD
            )
            continue
        words = [(a, b) for a, b in dict.fromkeys(spans) if b - a >= 2]
        if not words:
            out[start + k] = _NO_WORD
            continue
        readings: tuple[str, ...] = ()
        for a, b in words:
            readings += _word_evidence_readings(run[a:b], k - a)
        out[start + k] = WordEvidence(
            readings, tuple((start + a, start + b) for a, b in words), False
        )


def word_before(text: str, pos: int) -> int:
    """The length of the longest dictionary word ending just before ``text[pos]`` (1 for a
    lone Han character, 0 for none)."""
    if pos == 0 or not is_han(text[pos - 1]):
        return 0
    return pos - _longest_to(text, pos, _lexicon())


def can_stand_alone(
    text: str,
    pos: int,
    evidence: WordEvidence,
    segmenter: Segmenter = maximum_matching,
    *,
    pair_after: bool = True,
) -> bool:
    """True when ``text[pos]`` may be a word of its own: a cut of its Han run that leaves it
    alone (backward matching before it, forward after) is as good, by :func:`cut_cost`, as
    the best cut that takes it into a word (认真|地|学习 as good as 认真|地学|习, 小心|地 as
    小|心地; 石炭井|地区|划归 better than 石炭井|地|区划|归). With ``pair_after=False`` a word
    of the character and the next one does not count (都会 does not hold 都 in 他们|都|会来;
    都会区 still does)."""
    def counts(a: int, b: int, k: int) -> bool:
        return pair_after or (a, b) != (k, k + 2)

    if not any(counts(a, b, pos) for a, b in evidence.words):
        return True
    start, end = pos, pos + 1
    while start > 0 and is_han(text[start - 1]):
        start -= 1
    while end < len(text) and is_han(text[end]):
        end += 1
    run, k = text[start:end], pos - start
    held = [
        cut_cost(cut)
        for cut in segmenter(run)
        if any(b - a >= 2 and a <= k < b and counts(a, b, k) for a, b in cut)
    ]
    lex = _lexicon()
    after = [(a + k + 1, b + k + 1) for a, b in _forward(run[k + 1 :], lex)]
    alone = [*_backward(run[:k], lex), (k, k + 1), *after]
    return not held or cut_cost(alone) <= min(held)


def word_evidence(
    text: str,
    segmenter: Segmenter = maximum_matching,
    wanted: Callable[[str], bool] | None = None,
) -> list[WordEvidence | None]:
    """One :class:`WordEvidence` per code point of Simplified ``text``: None for non-Han, and
    for characters ``wanted`` (when given) says no to — the polyphones are what needs it."""
    out: list[WordEvidence | None] = [None] * len(text)
    fill_word_evidence(text, 0, len(text), out, segmenter, wanted)
    return out


def fill_word_evidence(
    text: str,
    start: int,
    end: int,
    out: EvidenceSlots,
    segmenter: Segmenter = maximum_matching,
    wanted: Callable[[str], bool] | None = None,
) -> None:
    """:func:`word_evidence` for the Han runs of ``text`` that meet ``[start, end)`` (whole
    runs), written into ``out``: a long text's evidence can be made a sentence at a time and
    dropped after use."""
    if start < end and is_han(text[start]):
        while start > 0 and is_han(text[start - 1]):
            start -= 1
    if start < end and is_han(text[end - 1]) and (after := HAN_RUN.match(text, end)):
        end = after.end()
    for match in HAN_RUN.finditer(text, start, end):
        run = match.group()
        ks = [k for k, ch in enumerate(run) if wanted is None or wanted(ch)]
        if ks:
            _run_evidence(run, match.start(), segmenter(run), ks, out)


def fill_word_evidence_at(
    text: str,
    positions: Sequence[int],
    out: EvidenceSlots,
    segmenter: Segmenter = maximum_matching,
    runs: HanRuns | None = None,
) -> None:
    """:func:`word_evidence` for the characters at ``positions`` only (in increasing order;
    a non-Han one gets none): each Han run holding one is cut whole, the others not at all.
    ``runs``: the Han runs of ``text``, when the caller has them (found by bisection)."""
    at, count = 0, len(positions)
    while at < count:
        pos = positions[at]
        if runs is None:
            found = HAN_RUN.match(text, pos)
            if found is None:
                at += 1
                continue
            run_start, run_end = pos, found.end()
            while run_start > 0 and is_han(text[run_start - 1]):
                run_start -= 1
        else:
            r = bisect_right(runs.starts, pos) - 1
            if r < 0 or pos >= runs.ends[r]:
                at += 1
                continue
            run_start, run_end = runs.starts[r], runs.ends[r]
        first = at
        while at < count and positions[at] < run_end:
            at += 1
        run = text[run_start:run_end]
        ks = [p - run_start for p in positions[first:at]]
        _run_evidence(run, run_start, segmenter(run), ks, out)
