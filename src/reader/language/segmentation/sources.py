"""What the segmentation model is made of: the vocabulary and the word frequencies.

Vocabulary: every CC-CEDICT headword (Traditional and Simplified), every phrase of pypinyin's
phrase table and every glossary term, as far as they are written in Han characters only (a
Latin letter or digit is never inside a segmented run: ``T恤`` is ``T`` + ``恤``). The
frequency list only gives the words their weight; its own words are not added to the
vocabulary (see ``benchmarks/notes_J.md``: jieba's list has many corpus artefacts such as
``的人`` or ``了一个`` that a learner would be shown as words).

Frequencies: the word counts of jieba's ``dict.txt`` (MIT licence, 349,046 Simplified words,
60 million counted tokens; its authors never documented the corpus, said to be the People's
Daily and other text). The file is read where the ``jieba`` distribution installed it, found
on ``sys.path`` without importing jieba (whose import loads its HMM tables); a frozen app
ships the file in the same place.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.language.readings.pinyin import is_han
from reader.language.words.dictionary import default_data_file, parse_cedict

#: Where jieba's frequency list lies inside a ``sys.path`` entry.
JIEBA_DICT = Path("jieba") / "dict.txt"


class SourceError(Exception):
    """A data file the model is built from is missing or unreadable."""


def is_han_word(word: str) -> bool:
    """True when ``word`` is non-empty and every character is a Han character."""
    return bool(word) and all(is_han(ch) for ch in word)


def jieba_dict_file() -> Path:
    """jieba's ``dict.txt``, found on ``sys.path`` (site-packages, or a frozen app's folder)."""
    for entry in sys.path:
        candidate = Path(entry or ".") / JIEBA_DICT
        if candidate.is_file():
            return candidate
    raise SourceError(
        "jieba's word frequency list (jieba/dict.txt) was not found; install the 'jieba' package"
    )


def read_frequencies(path: Path) -> dict[str, int]:
    """Word → count from a jieba-format list (``word count [tag]`` per line); Han words only.

    A word listed twice keeps the sum of its counts.
    """
    counts: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 2 or not is_han_word(parts[0]):
                    continue
                try:
                    count = int(parts[1])
                except ValueError:
                    continue
                if count > 0:
                    counts[parts[0]] = counts.get(parts[0], 0) + count
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the word frequency list {path}: {exc}") from exc
    if not counts:
        raise SourceError(f"{path}: no word frequencies found")
    return counts


def cedict_words(data_file: Path | None = None) -> Iterator[str]:
    """Every Han-only CC-CEDICT headword, both scripts (repeats possible)."""
    for entry in parse_cedict(data_file or default_data_file()):
        for word in (entry.traditional, entry.simplified):
            if is_han_word(word):
                yield word


def pypinyin_phrases() -> Iterator[str]:
    """Every Han-only phrase of pypinyin's phrase table (Simplified)."""
    from pypinyin.constants import PHRASES_DICT

    for word in PHRASES_DICT:
        if is_han_word(word):
            yield word


def han_terms(terms: Iterable[str]) -> list[str]:
    """The Han-only ones among ``terms`` (glossary headwords and aliases), without repeats."""
    return [t for t in dict.fromkeys(terms) if is_han_word(t)]
