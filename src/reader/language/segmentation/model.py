"""The word model: a cost for every vocabulary word, and the best path through a run of Han text.

A word's cost is ``log(total) - log(count)``, its negative log-probability under a unigram
model (jieba's maximum-probability segmentation): the best segmentation of a run is the one
whose words' costs add up to the least, found by dynamic programming over the graph of every
vocabulary word in the run. Keys are folded (:mod:`.folding`), so Traditional text finds the
Simplified frequencies. A vocabulary word the frequency list lacks counts
:data:`DEFAULT_COUNT`; a Han character in no source counts :data:`UNKNOWN_COUNT`.

The words are one ``marisa_trie.Trie`` and their costs an ``array('d')`` by the trie's key id,
with indexes for the words of one and two characters (:mod:`.word_costs`, ~6.5 MiB in all for
147k words): one C call lists every word that starts at a position, made only where a word of
three characters or more may start.

Building reads CC-CEDICT, pypinyin's phrases and jieba's frequency list and computes the fold
map (2.3–4.4 s, benchmarks/README.md § J); the result is cached, fold map included, in the
caller's cache folder (``segmentation.bin``, 6.5 MiB), written atomically, with a fingerprint
of its sources and a checksum: :meth:`WordModel.load` reads it in a few milliseconds and
rebuilds it when either does not match. Glossary terms, bundled or the user's, are not cached:
:meth:`WordModel.with_terms` puts them in a small overlay beside the shared table. A model is
read-only once made, so it may be used from any thread.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from reader.language import freed_memory, long_lived
from reader.language.readings.lexicon import pypinyin_version
from reader.language.segmentation.folding import Folder, build_fold_map
from reader.language.segmentation.model_file import read_model_file, write_model_file
from reader.language.segmentation.sources import (
    SourceError,
    cedict_words,
    han_terms,
    jieba_dict_file,
    pypinyin_phrases,
    read_frequencies,
)
from reader.language.segmentation.word_costs import (
    ENTRY_SHIFT,
    PAIR_MAP,
    PAIR_MULT,
    SLOT_STEP,
    SLOTS,
    TRIPLE_BITS,
    WordCosts,
)
from reader.language.words.dictionary import default_data_file, fingerprint

#: Bump when the costs or the file layout change: old caches are then rebuilt.
FORMAT_VERSION = 2
CACHE_NAME = "segmentation.bin"
#: Count given to a vocabulary word that the frequency list lacks (jieba's rarest words
#: count 1–3; chosen on the gold sentences, see benchmarks/notes_J.md).
DEFAULT_COUNT = 2.0
#: Count of a Han character that is in no source at all.
UNKNOWN_COUNT = 1.0
#: How much more likely (log) a glossary term is made than its best split into other words.
TERM_MARGIN = math.log(2.0)


class ModelError(Exception):
    """The model could not be built (a source is missing) or written."""


def build_costs(
    vocabulary: Iterable[str],
    counts: Mapping[str, float],
    folder: Folder,
    *,
    default_count: float = DEFAULT_COUNT,
    total: float | None = None,
) -> tuple[dict[str, float], float]:
    """Folded word → cost for ``vocabulary`` weighed by ``counts``; and the total count.

    ``counts`` (word → count, any script) are folded and summed per folded word; every single
    character they list joins the vocabulary. ``total`` defaults to the sum of the counts.
    """
    folded_counts: dict[str, float] = {}
    keys = list(counts)
    for key, folded in zip(keys, folder.fold_many(keys), strict=True):
        folded_counts[folded] = folded_counts.get(folded, 0.0) + counts[key]
    total = float(total if total is not None else sum(folded_counts.values()))
    log_total = math.log(total)
    words = set(folder.fold_many(vocabulary))
    words.update(w for w in folded_counts if len(w) == 1)
    costs: dict[str, float] = {}
    for word in words:
        count = folded_counts.get(word, 0.0)
        costs[word] = log_total - math.log(max(count, default_count))
    return costs, total


def _sources_stamp(cedict: Path, frequencies: Path) -> str:
    import opencc

    return json.dumps(
        {
            "format": FORMAT_VERSION,
            "cedict": fingerprint(cedict),
            "frequencies": fingerprint(frequencies),
            "pypinyin": pypinyin_version(),
            "opencc": getattr(opencc, "__version__", "?"),
            "default_count": DEFAULT_COUNT,
            "unknown_count": UNKNOWN_COUNT,
        },
        sort_keys=True,
    )





_SHARED_LOCK = threading.Lock()
_shared: dict[Path, WordModel] = {}


class WordModel:
    """Word costs over folded text, and the segmentation of a run of Han characters."""

    def __init__(
        self,
        words: WordCosts,
        total: float,
        folder: Folder,
        *,
        rebuilt: bool = False,
        terms: WordCosts | None = None,
    ) -> None:
        """``words``: the vocabulary's costs; ``terms``: glossary terms' costs, which win over
        the vocabulary's for the same word (see :meth:`with_terms`)."""
        self._words = words
        self._terms = terms
        #: First characters of the terms: elsewhere only the vocabulary is asked.
        self._term_heads = frozenset(w[0] for w in terms.trie) if terms is not None else frozenset()
        self._term_head_codes = frozenset(map(ord, self._term_heads))
        self.total = total
        #: Folds text the way the vocabulary was folded (:mod:`.folding`).
        self.folder = folder
        self.fold = folder.fold
        #: True when this model was built from the sources rather than read from a cache.
        self.rebuilt = rebuilt
        #: Cost of a Han character that is in no source.
        self.unknown_cost = math.log(total) - math.log(UNKNOWN_COUNT)
        self._default_cost = math.log(total) - math.log(DEFAULT_COUNT)
        #: Length of the longest vocabulary word or term: no word reaches further.
        self.max_word_length = max(words.longest, terms.longest if terms is not None else 1)

    @classmethod
    def from_costs(
        cls, costs: Mapping[str, float], total: float, folder: Folder, *, rebuilt: bool = False
    ) -> WordModel:
        """A model of ``costs`` (folded word → cost, as :func:`build_costs` gives)."""
        unknown = math.log(total) - math.log(UNKNOWN_COUNT)
        return cls(WordCosts.from_dict(costs, unknown_cost=unknown), total, folder, rebuilt=rebuilt)

    @classmethod
    def build(
        cls,
        *,
        cedict_file: Path | None = None,
        frequency_file: Path | None = None,
        default_count: float = DEFAULT_COUNT,
    ) -> WordModel:
        """A model made from the sources now (no cache)."""
        frequencies = read_frequencies(frequency_file or jieba_dict_file())
        vocabulary = [*cedict_words(cedict_file), *pypinyin_phrases()]
        folder = Folder(build_fold_map())
        costs, total = build_costs(vocabulary, frequencies, folder, default_count=default_count)
        return cls.from_costs(costs, total, folder, rebuilt=True)

    @classmethod
    def load(
        cls,
        cache_dir: Path,
        *,
        cedict_file: Path | None = None,
        frequency_file: Path | None = None,
        on_build: Callable[[], None] | None = None,
    ) -> WordModel:
        """The model cached in ``cache_dir``, built and cached first when needed.

        Building takes seconds: call this off the GUI thread unless :meth:`is_cached` says
        otherwise; ``on_build`` is called when a build starts. Raises :class:`ModelError`
        when a source is missing.
        """
        try:
            cedict = cedict_file or default_data_file()
            frequencies = frequency_file or jieba_dict_file()
            stamp = _sources_stamp(cedict, frequencies)
        except (SourceError, OSError) as exc:
            raise ModelError(str(exc)) from exc
        path = Path(cache_dir) / CACHE_NAME
        cached = read_model_file(path, stamp)
        if cached is not None:
            return cls(*cached)
        if on_build is not None:
            on_build()
        try:
            model = cls.build(cedict_file=cedict, frequency_file=frequencies)
        except (SourceError, OSError) as exc:
            raise ModelError(str(exc)) from exc
        # A read-only cache folder: the model works, and the next run builds it again.
        with contextlib.suppress(OSError):
            write_model_file(path, stamp, model._words, model.total, model.folder)
        return model

    @staticmethod
    def is_cached(
        cache_dir: Path, *, cedict_file: Path | None = None, frequency_file: Path | None = None
    ) -> bool:
        """True when :meth:`load` will read the cache instead of building."""
        try:
            cedict = cedict_file or default_data_file()
            stamp = _sources_stamp(cedict, frequency_file or jieba_dict_file())
        except (SourceError, OSError):
            return False
        return read_model_file(Path(cache_dir) / CACHE_NAME, stamp) is not None

    @classmethod
    def shared(cls, cache_dir: Path) -> WordModel:
        """:meth:`load` once per cache folder and process: the hover words and the tone
        convention segment with the same model. Raises :class:`ModelError` like :meth:`load`
        (and tries again next call)."""
        key = Path(cache_dir)
        with _SHARED_LOCK:
            model = _shared.get(key)
            if model is None:
                model = _shared[key] = cls.load(key)
                freed_memory.release()  # the file's bytes, read whole and copied into the table
                long_lived.settle()
            return model

    def with_terms(self, terms: Iterable[str]) -> WordModel:
        """This model plus ``terms`` (glossary headwords and aliases; non-Han ones ignored).

        A term is made at least as likely as a dictionary word the frequency list lacks, and
        :data:`TERM_MARGIN` more likely than the best way of cutting it into other words
        (大模型 beats 大 + 模型): where a term stands in the text it is kept whole, while its
        neighbours still compete for the characters at its edges. The vocabulary's table is
        shared, not copied: the terms are a small table of their own beside it.
        """
        words = list(dict.fromkeys(self.folder.fold_many(han_terms(terms))))
        if not words:
            return self
        costs = dict(self._terms.items()) if self._terms is not None else {}
        for word in words:
            split = self.path_cost(word) - TERM_MARGIN if len(word) > 1 else math.inf
            known = self.cost(word)
            costs[word] = min(math.inf if known is None else known, self._default_cost, split)
        return WordModel(
            self._words,
            self.total,
            self.folder,
            rebuilt=self.rebuilt,
            terms=WordCosts.from_dict(costs),
        )

    def __len__(self) -> int:
        """Number of vocabulary words and terms."""
        extra = self._terms.trie if self._terms is not None else ()
        return len(self._words) + sum(1 for w in extra if w not in self._words)

    def cost(self, folded_word: str) -> float | None:
        """The cost of a folded vocabulary word or term, or None when it is neither."""
        if self._terms is not None:
            cost = self._terms.get(folded_word)
            if cost is not None:
                return cost
        return self._words.get(folded_word)

    def best_ends(self, run: str) -> list[int]:
        """For each start ``i`` of the folded Han ``run``: where the best path's word ends.

        Walk it with ``i = ends[i]`` from 0 to ``len(run)``. Ties go to the longer word.
        """
        return self._solve(run)[1]

    def path_cost(self, run: str) -> float:
        """The total cost of the best segmentation of the folded Han ``run``."""
        return self._solve(run)[0][0] if run else 0.0

    def _words_at(self, run: str, i: int) -> list[tuple[int, float]]:
        """``(end, cost)`` of every vocabulary word and term starting at ``i``, shortest
        first; a term's cost wins over the same word's in the vocabulary."""
        words = self._words
        found = {i + len(w): words.costs[k] for w, k in words.starting(run[i : i + words.longest])}
        terms = self._terms
        if terms is not None and run[i] in self._term_heads:
            piece = run[i : i + terms.longest]
            found.update((i + len(w), terms.costs[k]) for w, k in terms.starting(piece))
        return sorted(found.items())

    def _term_at(self, run: str, i: int) -> bool:
        """Whether a term starts at ``i`` of ``run``."""
        terms = self._terms
        if terms is None:
            return False
        return next(terms.starting(run[i : i + terms.longest]), None) is not None

    def _solve(self, run: str) -> tuple[list[float], list[int]]:
        """Best cost from each position to the end, and the end of the best first word.

        The vocabulary's indexes (:mod:`.word_costs`) answer for the words of one and two
        characters; its trie is asked only where a longer word may start (~3 % of the
        positions) and, with every term, where a glossary term may start.
        """
        n = len(run)
        words = self._words
        starting, costs, reach = words.starting, words.costs, words.longest
        singles, size, pairs = words.singles, len(words.singles), words.pairs
        table, triples = words.pair_table, words.triples
        heads = self._term_head_codes
        unknown = self.unknown_cost
        best = [0.0] * (n + 1)
        ends = [0] * n
        codes = array("I", run.encode("utf-32-le" if sys.byteorder == "little" else "utf-32-be"))
        # every position through the trie: no indexes, or a character past them
        general = not words.indexed or (n > 0 and max(codes) >= size)
        check = general or not heads.isdisjoint(codes)  # a term may start somewhere
        after = after2 = 0  # the code points at i + 1 and i + 2 (0 past the end)
        next1 = next2 = 0.0  # best[i + 1] and best[i + 2]
        # word_costs's pair_code, its maps' indexes and triple_bit are inlined: this loop
        # runs once per character
        for i in range(n - 1, -1, -1):
            here = codes[i]
            if check and (general or (here in heads and self._term_at(run, i))):
                # every word here, the terms' costs over the vocabulary's
                best_cost, best_end = unknown + next1, i + 1
                for j, cost in self._words_at(run, i):
                    total = cost + best[j]
                    if j == i + 1:
                        best_cost = total
                    elif total <= best_cost:
                        best_cost, best_end = total, j
            else:
                best_cost = singles[here] + next1
                best_end = i + 1
                code = here * PAIR_MULT + after
                if pairs[code % PAIR_MAP]:
                    slot = code % SLOTS
                    entry = table[slot]
                    while entry and entry >> ENTRY_SHIFT != code:
                        slot = (slot + SLOT_STEP) % SLOTS
                        entry = table[slot]
                    key = (entry >> 1 & 0x7FFFF) - 1
                    if key >= 0:
                        total = costs[key] + next2
                        if total <= best_cost:
                            best_cost, best_end = total, i + 2
                    if entry & 1:
                        bit = (code * PAIR_MULT + after2) % TRIPLE_BITS
                        if triples[bit >> 3] >> (bit & 7) & 1:
                            for word, key in starting(run[i : i + reach]):
                                j = i + len(word)
                                if j > i + 2:
                                    total = costs[key] + best[j]
                                    if total <= best_cost:
                                        best_cost, best_end = total, j
            best[i] = best_cost
            ends[i] = best_end
            next2, next1 = next1, best_cost
            after2, after = after, here
        return best, ends

    def words_in(self, run: str, start: int) -> list[int]:
        """Ends ``j`` of every vocabulary word or term ``run[start:j]`` (shortest first)."""
        if start >= len(run):
            return []
        return [end for end, _cost in self._words_at(run, start)]
