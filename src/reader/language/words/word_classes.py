"""Which words are verbs, adjectives or adverbs: the word classes of jieba's dictionary.

jieba's ``dict.txt`` (the frequency list the segmentation model weighs words with, see
:mod:`reader.language.segmentation.sources`) tags each Simplified word with a class of the
ICTCLAS set: ``v`` verb, ``vn`` verb used as a noun (投资), ``a`` adjective, ``ad`` adverbial
adjective, ``d`` adverb, ``n`` noun, ``nr`` personal name … Only the predicative classes are
kept here (about 41,000 words): they are what tells a phrase (显著 ``a`` + 提升 ``v``) from a
term (大 ``a`` + 模型 ``n``). Read once, on first use, on the caller's thread.
"""

from __future__ import annotations

from functools import lru_cache

from reader.language.segmentation.sources import SourceError, jieba_dict_file

#: The classes kept: verbs, adjectives and adverbs (not ``vn``: a verb used as a noun).
PREDICATIVE = frozenset({"v", "vd", "vi", "a", "ad", "d"})
_ENDINGS = tuple(" " + tag for tag in PREDICATIVE)


@lru_cache(maxsize=1)
def predicative_words() -> dict[str, str]:
    """Simplified word → its class, for the words jieba tags as verbs, adjectives or adverbs;
    empty when the list cannot be read (then nothing counts as a phrase)."""
    out: dict[str, str] = {}
    try:
        with jieba_dict_file().open(encoding="utf-8") as fh:
            for line in fh:
                if not line.rstrip().endswith(_ENDINGS):  # most lines: nouns, names …
                    continue
                parts = line.split()
                if len(parts) >= 3 and parts[2] in PREDICATIVE:
                    out.setdefault(parts[0], parts[2])
    except (OSError, SourceError):
        return {}
    return out


def word_class(simplified: str) -> str:
    """The class of a Simplified word when it is a verb, adjective or adverb, else ""."""
    return predicative_words().get(simplified, "")
