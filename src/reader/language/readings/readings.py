"""Per-character readings of a whole document, computed in context.

The text (any script) is converted to a Simplified *shadow* (pypinyin's phrase data and the
g2pM model are Simplified), read there, and the readings are mapped back to the canonical text
through the conversion's :class:`~reader.language.scripts.offsets.OffsetMap`: characters outside
length-changing segments map one to one; a segment whose Simplified form has another length
(rare: 雲端計算 ↔ 云计算) is read on its own by :func:`word_readings`. The shadow is the
conversion the reader shows as Simplified (:mod:`reader.language.scripts.meaning`): a
Traditional 著 is already 着 there unless it is read zhù (隨著 → 随着, 著名 stays), so the
model reads 着 zhe / zháo / zhuó in context, and the character shown in every script agrees with
its reading.

A Traditional text's 著 is written 着 in the shadow where no word spelt with 著 holds it
(標志著 → 标志着; :func:`~reader.language.readings.function_words.particle_zhe`).

How a reading is chosen, for each Han character of the shadow:

* a polyphone the g2pM model knows: a function-word rule where one applies (得 de after a verb
  before its complement, 地 de after an adverbial, 的 de, 都 dōu after its subject, 长 cháng /
  重 zhòng after a degree adverb, lone 尽 jìn, modal 应 yīng, clause-final 将 jiàng:
  ``function_words``); else the
  candidate with the best score ``log P_model(reading) + PHRASE_BONUS·n(reading)``, where
  ``n`` counts the dictionary words around the character that read it so — pypinyin's phrases
  and CC-CEDICT's words, for every word of the segmentation covering it (``word_evidence``).
  A neutral-tone (particle) guess gives way outright to a full-tone reading of a settled word
  (了解: the model reads 了 le5 there). The model alone reads 97.36 % of the CPP dev split
  right; see ``benchmarks/notes_C.md`` for what each part adds;
* any other character: pypinyin's phrase reading by forward maximum matching (which carries
  neutral tones: 朋友 péngyou), else the character table's most common reading, else the
  model's dictionary.

Non-Han code points get ``None``.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Sequence

import numpy as np

from reader.language import freed_memory, long_lived
from reader.language.polyphone.model import PolyphoneGuess, PolyphoneModel
from reader.language.readings.cedict_words import cedict_words
from reader.language.readings.compact_readings import CompactReadings
from reader.language.readings.function_words import (
    RULED,
    function_word_reading,
    particle_zhe,
)
from reader.language.readings.known_readings import simplified_form
from reader.language.readings.phrase_readings import (
    char_reading,
    dictionary_readings,
    preload_tables,
)
from reader.language.readings.pinyin import HAN_RUN, NON_HAN_RUN
from reader.language.readings.word_evidence import (
    HanRuns,
    Segmenter,
    Span,
    SparseEvidence,
    WordEvidence,
    fill_word_evidence_at,
    han_mask,
    maximum_matching,
)
from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script, convert

__all__ = [
    "ReadingsCancelled", "compute_readings", "word_readings", "preload", "mask_spans",
    "is_traditional", "PHRASE_BONUS", "UNREADABLE",
]

#: Log-probability bonus of the reading a multi-character dictionary phrase gives: the phrase
#: wins unless the model finds its reading about e^7 ≈ 1100 times less likely than its own.
PHRASE_BONUS = 7.0
#: How Han runs are cut into words for the word evidence and the function-word rules: swap in a
#: better segmentation here (any :data:`~reader.language.readings.word_evidence.Segmenter`).
SEGMENTER: Segmenter = maximum_matching
#: Longest piece of text the model reads at once; longer sentences are cut at clause marks.
MAX_SENTENCE = 120
#: Sentences per model batch. The model's hidden states of a batch are ~32 KiB a sentence
#: (3M characters: 1024 a batch held ~26 MiB more at the readings' peak; as fast, the same
#: readings).
BATCH_SIZE = 256

_SENTENCE_END = re.compile(r"[。！？!?；;\n…]+[”」』）)]*")
_CLAUSE_END = re.compile(r"[，,、：:]")


class ReadingsCancelled(Exception):
    """Raised by :func:`compute_readings` when its ``cancel`` callback returned true."""


_MODEL_LOCK = threading.Lock()
_model_cache: PolyphoneModel | None = None


def _model() -> PolyphoneModel:
    global _model_cache
    with _MODEL_LOCK:
        if _model_cache is None:
            from reader.paths.cache import default_cache_dir

            _model_cache = PolyphoneModel(default_cache_dir())
            freed_memory.release()  # the pickles' bytes and the unconverted weights
            long_lived.settle()
        return _model_cache


def preload() -> None:
    """Load the polyphone model and the word tables now (otherwise done on first use)."""
    _model()
    preload_tables()
    cedict_words()


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` to read one at a time: sentences, cut further when too long."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.extend(_cut_long(text, start, m.end()))
        start = m.end()
    spans.extend(_cut_long(text, start, len(text)))
    return [(a, b) for a, b in spans if HAN_RUN.search(text, a, b)]


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE:
        return [(start, end)] if end > start else []
    out: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        cuts = [m.end() for m in _CLAUSE_END.finditer(window)]
        cut = start + (cuts[-1] if cuts and cuts[-1] > MAX_SENTENCE // 3 else MAX_SENTENCE)
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _choose(guess: PolyphoneGuess, words: WordEvidence | None) -> str:
    """The polyphone's reading: model log-probability plus a bonus per dictionary word."""
    if words is None or not words.readings:
        return guess.best
    readings = words.readings
    best = guess.best
    if all(r == best for r in readings):
        return best  # the words agree with the model's first reading: it keeps the best score
    if (
        words.settled
        and guess.best.endswith("5")
        and all(r == readings[0] for r in readings)
        and readings[0] in guess.readings
        and not readings[0].endswith("5")
    ):
        # A light particle reading (le5) does not fall inside a word both ways of segmenting
        # agree on and that the dictionaries read with a full tone (了解 liao3).
        return readings[0]
    best, best_score = guess.best, -math.inf
    for reading, p in zip(guess.readings, guess.probabilities, strict=True):
        score = math.log(max(p, 1e-300)) + PHRASE_BONUS * readings.count(reading)
        if score > best_score:
            best, best_score = reading, score
    return best


def _fallback(ch: str, model: PolyphoneModel) -> str | None:
    """A Han character's reading when the dictionaries have none: the model's dictionary."""
    prons = model.cedict.get(ch)
    return prons[0] if prons and prons[0][-1:].isdigit() else None


def _read_simplified(
    text: str,
    progress: Callable[[float], None] | None,
    cancel: Callable[[], bool] | None,
) -> CompactReadings:
    """Readings of Simplified ``text``, one per code point."""
    model = _model()
    found = dictionary_readings(text)
    first, lengths = found.readings, found.lengths  # None (length 0) outside Han runs
    # The word evidence of a batch's sentences, made for the batch and dropped after it.
    words = SparseEvidence()
    han = han_mask(text)
    runs = HanRuns.from_mask(han)
    # the Han characters the dictionaries have no reading for, found in numpy
    unread = np.frombuffer(lengths, dtype=np.uint8) == 0
    for i in np.flatnonzero(unread & han).tolist():
        first[i] = _fallback(text[i], model)
    del found, lengths, han, unread  # a byte a character: not kept while the model reads
    # two bytes a character while the model runs, where the list holds a pointer (24 MiB at
    # 3,000,000 characters: the peak of a long text's readings)
    out = CompactReadings(first)
    del first
    spans = sorted(_sentences(text), key=lambda s: s[1] - s[0])
    polyphone = model.polyphones
    spans = [s for s in spans if polyphone.search(text, s[0], s[1])]
    total = max(1, sum(b - a for a, b in spans))
    done = 0
    # A sentence's Han runs are cut once: for its evidence and again by its function words.
    cuts: dict[str, Sequence[Sequence[Span]]] = {}

    def segment(run: str) -> Sequence[Sequence[Span]]:
        found = cuts.get(run)
        if found is None:
            found = cuts[run] = SEGMENTER(run)
        return found

    ruled = RULED
    for k in range(0, len(spans), BATCH_SIZE):
        if cancel is not None and cancel():
            raise ReadingsCancelled()
        batch = spans[k : k + BATCH_SIZE]
        guesses = model.predict([text[a:b] for a, b in batch])
        chosen_at: list[int] = []
        chosen: list[str] = []
        for (a, _end), sentence_guesses in zip(batch, guesses, strict=True):
            positions = [a + guess.position for guess in sentence_guesses]
            fill_word_evidence_at(text, positions, words, segment, runs)
            chosen_at += positions
            for pos, guess in zip(positions, sentence_guesses, strict=True):
                if text[pos] in ruled:
                    rule = function_word_reading(text, pos, words, segment)
                    if rule in guess.readings:
                        chosen.append(rule)
                        continue
                evidence = words.get(pos)  # None where none was written
                if evidence is None or not evidence.readings:
                    chosen.append(guess.readings[0])
                else:
                    chosen.append(_choose(guess, evidence))
            words.clear()  # the next sentence writes its runs' evidence afresh
            cuts.clear()
        out.write_at(chosen_at, chosen)
        done += sum(b - a for a, b in batch)
        if progress is not None:
            progress(0.05 + 0.9 * done / total)
    return out


def compute_readings(
    text: str,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    skip: Sequence[tuple[int, int]] = (),
    traditional_source: bool = False,
    compact: bool = False,
) -> list[str | None]:
    """The reading of every code point of ``text`` in context: ``'zhang3'``, or ``None``.

    ``progress`` is called with fractions from 0 to 1 (the last call is 1.0); when ``cancel``
    returns true the computation stops with :class:`ReadingsCancelled`. Safe to call from a
    worker thread. The spans ``skip`` (``[start, end)``: a damaged spot's garbage) are read
    as characters nobody can read: they get ``None``, and no word around them takes them in.
    ``traditional_source``: ``text`` is a plain OpenCC conversion of a Traditional document, so
    its 著 may be the particle 着 even where ``text`` itself looks Simplified (plain OpenCC keeps
    標志著 as 标志著). The window's views are converted by meaning and need no such flag.
    ``compact``: the readings may come as :class:`CompactReadings` (read like the list, two
    bytes a character: a long text's).
    """
    text = mask_spans(text, skip)
    if cancel is not None and cancel():
        raise ReadingsCancelled()
    if progress is not None:
        progress(0.0)
    if not HAN_RUN.search(text):
        if progress is not None:
            progress(1.0)
        return [None] * len(text)
    conversion = convert(text, Script.SIMPLIFIED)
    # a Simplified text's shadow is the text itself, not a copy held through the model's loop
    # (3.6 MiB at 1.9M characters); only the conversion's length-changing segments are kept
    shadow = text if conversion.text == text else conversion.text
    segments = conversion.offsets.segments()
    del conversion
    if traditional_source and not _is_traditional(text, shadow):
        # a plain OpenCC view of a Traditional text keeps 標志著 as 标志著: 著 → 着 (the same
        # length) where no word holds it. A Traditional text needs no rule: the conversion by
        # meaning writes 着 where 著 is no zhù, so readings agree with what each script shows.
        shadow = particle_zhe(shadow, SEGMENTER)
    shadow_readings = _read_simplified(shadow, progress, cancel)
    if cancel is not None and cancel():
        raise ReadingsCancelled()
    del shadow
    result = _map_back(text, shadow_readings, segments)
    if progress is not None:
        progress(1.0)
    if compact or isinstance(result, list):
        return result  # type: ignore[return-value]  # CompactReadings: asked for
    return list(result)


#: Share of Han characters the Simplified conversion changes above which a text counts as
#: Traditional (Traditional prose: 20–35 %; Simplified with a stray variant: well under 1 %).
TRADITIONAL_SHARE = 0.05


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in Traditional characters (see :data:`TRADITIONAL_SHARE`)."""
    return _is_traditional(text, "")


def _is_traditional(text: str, shadow: str) -> bool:
    """True when ``text`` is written in Traditional characters (its shadow differs enough)."""
    if len(shadow) != len(text):
        shadow = "".join(simplified_form(ch) for ch in text)
    han = sum(match.end() - match.start() for match in HAN_RUN.finditer(text))
    changed = sum(1 for a, b in zip(text, shadow, strict=True) if a != b)
    return han > 0 and changed >= TRADITIONAL_SHARE * han


#: What a skipped character is read as: not Han, not punctuation that ends a sentence.
UNREADABLE = "\ufffd"


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with every code point of ``spans`` replaced by :data:`UNREADABLE` (the same
    length, so every position stays where it was)."""
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if end <= start:
            continue
        pieces += [text[last:start], UNREADABLE * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _map_back(
    text: str,
    shadow_readings: CompactReadings,
    segments: list[tuple[int, int, int, int]],
) -> list[str | None] | CompactReadings:
    """Readings of the shadow carried over to the canonical ``text``."""
    if not segments and len(shadow_readings) == len(text):
        # one for one: no second list as long as the text; a reading where ``text`` has no
        # Han character (the shadow may have one there) is dropped, found in numpy
        read = np.frombuffer(shadow_readings.codes, dtype=np.uint16) != 0
        for pos in np.flatnonzero(read & ~han_mask(text)).tolist():
            shadow_readings[pos] = None
        return shadow_readings
    out: list[str | None] = [None] * len(text)
    c_pos = d_pos = 0
    for c0, c1, _d0, d1 in [*segments, (len(text), len(text), len(shadow_readings), 0)]:
        out[c_pos:c0] = shadow_readings[d_pos : d_pos + (c0 - c_pos)]
        if c0 == len(text):
            break
        piece = word_readings(text[c0:c1])
        out[c0:c1] = [r or None for r in piece]
        c_pos, d_pos = c1, d1
    for match in NON_HAN_RUN.finditer(text):
        out[match.start() : match.end()] = [None] * (match.end() - match.start())
    return out


def word_readings(word: str) -> list[str]:
    """Quick readings of one word (any script) from pypinyin's phrase data, one per char.

    For hovering before :func:`compute_readings` is done: no model, no context beyond the word.
    Characters without a reading (non-Han) get ``''``.
    """
    if not word:
        return []
    simplified = convert_config(word, "t2s")
    if len(simplified) != len(word):
        simplified = "".join(
            s if len(s := convert_config(ch, "t2s")) == 1 else ch for ch in word
        )
    readings = dictionary_readings(simplified).readings
    out: list[str] = []
    for ch, s, reading in zip(word, simplified, readings, strict=True):
        if not HAN_RUN.match(ch):
            out.append("")
        else:
            out.append(reading or char_reading(s) or char_reading(ch) or "")
    return out
