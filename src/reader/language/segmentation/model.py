"""The word model: a cost for every vocabulary word, and the best path through a run of Han text.

A word's cost is ``log(total) - log(count)``, its negative log-probability under a unigram
model (jieba's maximum-probability segmentation): the best segmentation of a run is the one
whose words' costs add up to the least, found by dynamic programming over the graph of every
vocabulary word in the run. Keys are folded (:mod:`.folding`), so Traditional text finds the
Simplified frequencies. A vocabulary word the frequency list lacks counts
:data:`DEFAULT_COUNT`; a Han character in no source counts :data:`UNKNOWN_COUNT`.

The costs also hold every proper prefix of a word (cost ``inf``), so the scan from a position
stops as soon as no longer word can start there (as jieba's prefix dictionary does).

Building reads CC-CEDICT, pypinyin's phrases and jieba's frequency list and computes the fold
map (2.3–4.4 s, benchmarks/README.md § J); the result is cached, fold map included, in the
caller's cache folder (``segmentation.bin``, 3.6 MiB), written atomically, with a fingerprint
of its sources and a checksum: :meth:`WordModel.load` reads it in ~0.1–0.2 s and rebuilds it
when either does not match. Glossary terms, bundled or the user's, are not cached:
:meth:`WordModel.with_terms` adds them to a copy of the table (~70 ms, 7 MiB). A model is
read-only once made, so it may be used from any thread.
"""

from __future__ import annotations

import contextlib
import json
import math
import threading
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
from reader.language.words.dictionary import default_data_file, fingerprint

#: Bump when the costs or the file layout change: old caches are then rebuilt.
FORMAT_VERSION = 1
CACHE_NAME = "segmentation.bin"
#: Count given to a vocabulary word that the frequency list lacks (jieba's rarest words
#: count 1–3; chosen on the gold sentences, see benchmarks/notes_J.md).
DEFAULT_COUNT = 2.0
#: Count of a Han character that is in no source at all.
UNKNOWN_COUNT = 1.0
#: How much more likely (log) a glossary term is made than its best split into other words.
TERM_MARGIN = math.log(2.0)
_PREFIX = math.inf


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
    add_prefixes(costs)
    return costs, total


def add_prefixes(costs: dict[str, float], words: Iterable[str] | None = None) -> None:
    """Mark every proper prefix of ``words`` (default: all keys) that is not itself a word."""
    for word in list(costs if words is None else words):
        for k in range(len(word) - 1, 0, -1):
            prefix = word[:k]
            if prefix in costs:
                break  # its own prefixes are already there
            costs[prefix] = _PREFIX


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
        costs: dict[str, float],
        total: float,
        folder: Folder,
        *,
        rebuilt: bool = False,
        longest: int | None = None,
    ) -> None:
        self._costs = costs
        self.total = total
        #: Folds text the way the vocabulary was folded (:mod:`.folding`).
        self.folder = folder
        self.fold = folder.fold
        #: True when this model was built from the sources rather than read from a cache.
        self.rebuilt = rebuilt
        #: Cost of a Han character that is in no source.
        self.unknown_cost = math.log(total) - math.log(UNKNOWN_COUNT)
        self._default_cost = math.log(total) - math.log(DEFAULT_COUNT)
        #: Length of the longest vocabulary word: no word reaches further. ``longest`` when
        #: the caller knows it: walking 217k keys scattered in memory holds the GIL ~40 ms.
        self.max_word_length = longest or max(map(len, costs), default=1)

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
        return cls(costs, total, folder, rebuilt=True)

    @classmethod
    def load(
        cls,
        cache_dir: Path,
        *,
        cedict_file: Path | None = None,
        frequency_file: Path | None = None,
        on_build: Callable[[], None] | None = None,
        same: Mapping[str, str] | None = None,
    ) -> WordModel:
        """The model cached in ``cache_dir``, built and cached first when needed.

        ``same``: strings already held elsewhere (word → that very string): a cached word
        equal to one of them is kept as that object, not as a copy.

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
        cached = read_model_file(path, stamp, same)
        if cached is not None:
            costs, total, folder, longest = cached
            return cls(costs, total, folder, longest=longest)
        if on_build is not None:
            on_build()
        try:
            model = cls.build(cedict_file=cedict, frequency_file=frequencies)
        except (SourceError, OSError) as exc:
            raise ModelError(str(exc)) from exc
        # A read-only cache folder: the model works, and the next run builds it again.
        with contextlib.suppress(OSError):
            write_model_file(path, stamp, model._costs, model.total, model.folder)
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
        convention segment with the same model, and its table is held once. Raises
        :class:`ModelError` like :meth:`load` (and tries again next call)."""
        key = Path(cache_dir)
        with _SHARED_LOCK:
            model = _shared.get(key)
            if model is None:
                model = _shared[key] = cls.load(key)
                freed_memory.release()
                long_lived.settle()
            return model

    def with_terms(self, terms: Iterable[str]) -> WordModel:
        """This model plus ``terms`` (glossary headwords and aliases; non-Han ones ignored).

        A term is made at least as likely as a dictionary word the frequency list lacks, and
        :data:`TERM_MARGIN` more likely than the best way of cutting it into other words
        (大模型 beats 大 + 模型): where a term stands in the text it is kept whole, while its
        neighbours still compete for the characters at its edges.
        """
        words = list(dict.fromkeys(self.folder.fold_many(han_terms(terms))))
        if not words:
            return self
        costs = dict(self._costs)
        for word in words:
            split = self.path_cost(word) - TERM_MARGIN if len(word) > 1 else math.inf
            costs[word] = min(costs.get(word, math.inf), self._default_cost, split)
        add_prefixes(costs, words)
        longest = max(self.max_word_length, max(map(len, words)))
        return WordModel(costs, self.total, self.folder, rebuilt=self.rebuilt, longest=longest)

    def __len__(self) -> int:
        """Number of vocabulary words (prefixes not counted)."""
        return sum(1 for c in self._costs.values() if c != _PREFIX)

    def cost(self, folded_word: str) -> float | None:
        """The cost of a folded vocabulary word, or None when it is not one."""
        cost = self._costs.get(folded_word)
        return None if cost is None or cost == _PREFIX else cost

    def best_ends(self, run: str) -> list[int]:
        """For each start ``i`` of the folded Han ``run``: where the best path's word ends.

        Walk it with ``i = ends[i]`` from 0 to ``len(run)``. Ties go to the longer word.
        """
        return self._solve(run)[1]

    def path_cost(self, run: str) -> float:
        """The total cost of the best segmentation of the folded Han ``run``."""
        return self._solve(run)[0][0] if run else 0.0

    def _solve(self, run: str) -> tuple[list[float], list[int]]:
        """Best cost from each position to the end, and the end of the best first word."""
        n = len(run)
        get = self._costs.get
        unknown = self.unknown_cost
        prefix = _PREFIX
        best = [0.0] * (n + 1)
        ends = [0] * n
        for i in range(n - 1, -1, -1):
            cost = get(run[i])
            best_cost = (unknown if cost is None or cost == prefix else cost) + best[i + 1]
            best_end = i + 1
            if cost is not None:
                j = i + 2
                while j <= n:
                    cost = get(run[i:j])
                    if cost is None:
                        break
                    if cost != prefix:
                        total = cost + best[j]
                        if total <= best_cost:
                            best_cost, best_end = total, j
                    j += 1
            best[i] = best_cost
            ends[i] = best_end
        return best, ends

    def words_in(self, run: str, start: int) -> list[int]:
        """Ends ``j`` of every vocabulary word ``run[start:j]`` (shortest first)."""
        get = self._costs.get
        out: list[int] = []
        j = start + 1
        while j <= len(run):
            cost = get(run[start:j])
            if cost is None:
                break
            if cost != _PREFIX:
                out.append(j)
            j += 1
        return out
