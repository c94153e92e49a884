"""Which script a text is written in: Traditional when more of its characters only
Traditional writes than only Simplified writes (the tables of
:mod:`~reader.language.scripts.script_chars`).

Counting every character costs as much as converting the text, so the counts stop once the
comparison is settled. The start of the text is counted character by character; the class
that is rarer there is counted over the rest by a regular-expression search (one character
class: the search skips fast between its few matches); of the other, only its characters
most frequent at the start are counted (``str.count``), and only until they pass that count:
a text mostly in one script is decided without a second search. Characters outside the
Basic Multilingual Plane are counted apart (a class holding them loses the fast skip), and
only when the text holds any.
"""

from __future__ import annotations

import re
from _codecs import utf_16_le_encode  # str.encode's own, without looking the codec up
from collections import Counter
from functools import cache

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: How much of the text is counted character by character first.
_HEAD = 4096
#: How many of the frequent class's characters are counted one by one before its search.
_COMMON = 8


def is_traditional(text: str) -> bool:
    """True when ``text`` holds more Traditional-only than Simplified-only characters (a tie,
    or no Han at all, is not Traditional)."""
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    # ahead: how many more Simplified-only than Traditional-only astral characters
    ahead = 0
    if len(utf_16_le_encode(text, "surrogatepass")[0]) != 2 * len(text):
        traditional_only, simplified_only = _astral_sets()
        for ch in _ASTRAL.findall(text):
            ahead += (ch in simplified_only) - (ch in traditional_only)
    head = min(len(text), _HEAD)
    counts = Counter(text[:head])
    # the head's characters in each table: a pass over the table's characters (each looked up
    # in the head's few hundred), not a scan of the table for each of them
    bmp = {ch for ch in counts if ch < "\U00010000"}
    t_chars = sorted(((counts[ch], ch) for ch in bmp.intersection(TRADITIONAL_ONLY)), reverse=True)
    s_chars = sorted(((counts[ch], ch) for ch in bmp.intersection(SIMPLIFIED_ONLY)), reverse=True)
    t = sum(n for n, _ch in t_chars)
    s = sum(n for n, _ch in s_chars)
    if head < len(text):
        if s <= t:  # Simplified-only characters look rarer: count them all
            s += _search_count(text, head, traditional=False)
            t += _at_least(text, head, s + ahead + 1 - t, t_chars, traditional=True)
        else:
            t += _search_count(text, head, traditional=True)
            s += _at_least(text, head, t - ahead - s, s_chars, traditional=False)
    return t > s + ahead


def _search_count(text: str, start: int, *, traditional: bool) -> int:
    """The class's characters in ``text[start:]``, found by its search."""
    return len(_pattern(traditional).findall(text, start))


def _at_least(
    text: str, start: int, wanted: int, common: list[tuple[int, str]], *, traditional: bool
) -> int:
    """The class's characters in ``text[start:]``, or a part of them of at least ``wanted``:
    the ``common`` ones (most frequent first) counted one by one until they reach it, else
    all of them by the class's search."""
    if wanted <= 0:
        return 0
    got = 0
    for _n, ch in common[:_COMMON]:
        got += text.count(ch, start)
        if got >= wanted:
            return got
    return _search_count(text, start, traditional=traditional)


@cache
def _astral_sets() -> tuple[frozenset[str], frozenset[str]]:
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    return (
        frozenset(_ASTRAL.findall(TRADITIONAL_ONLY)),
        frozenset(_ASTRAL.findall(SIMPLIFIED_ONLY)),
    )


@cache
def _pattern(traditional: bool) -> re.Pattern[str]:
    """The class's search (compiled on first use: a few milliseconds; the class itself is
    written out with the tables)."""
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY_CLASS, TRADITIONAL_ONLY_CLASS

    return re.compile(TRADITIONAL_ONLY_CLASS if traditional else SIMPLIFIED_ONLY_CLASS)
