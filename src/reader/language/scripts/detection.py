"""Which script a text is written in: Traditional when more of its characters only
Traditional writes than only Simplified writes (the tables of
:mod:`~reader.language.scripts.script_chars`).

The two counts are taken by two regular-expression searches (one character class each) that
advance in turn, so a text mostly in one script costs a full search only for the rarer
class: the other stops as soon as its count settles the comparison. Characters outside the
Basic Multilingual Plane are counted apart (a class holding them loses the search's fast
skip), and only when the text holds any.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import islice

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def is_traditional(text: str) -> bool:
    """True when ``text`` holds more Traditional-only than Simplified-only characters (a tie,
    or no Han at all, is not Traditional)."""
    traditional_class, simplified_class, traditional_only, simplified_only = _tables()
    # ahead: how many more Simplified-only than Traditional-only astral characters
    ahead = 0
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
        for ch in _ASTRAL.findall(text):
            ahead += (ch in simplified_only) - (ch in traditional_only)
    t_matches = traditional_class.finditer(text)
    s_matches = simplified_class.finditer(text)
    t = s = 0
    step = 256
    while True:
        got = _take(t_matches, step)
        t += got
        if got < step:  # t is the whole count: the other only needs to reach it
            s += _take(s_matches, max(0, t - ahead - s))
            return t > s + ahead
        got = _take(s_matches, step)
        s += got
        if got < step:  # s is the whole count
            t += _take(t_matches, max(0, s + ahead + 1 - t))
            return t > s + ahead
        step *= 2


def _take(matches: Iterator[re.Match[str]], n: int) -> int:
    """How many of the next ``n`` matches there are."""
    return sum(1 for _match in islice(matches, n))


@cache
def _tables() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], frozenset[str]]:
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    return (
        re.compile(_bmp_class(TRADITIONAL_ONLY)),
        re.compile(_bmp_class(SIMPLIFIED_ONLY)),
        frozenset(TRADITIONAL_ONLY),
        frozenset(SIMPLIFIED_ONLY),
    )


def _bmp_class(chars: str) -> str:
    """A character class of the Basic Multilingual Plane characters of ``chars``, consecutive
    code points written as ranges (fewer items to compile)."""
    points = sorted({ord(c) for c in chars if ord(c) < 0x10000})
    if not points:
        return "[^\\s\\S]"
    items: list[str] = []
    first = last = points[0]
    for point in [*points[1:], -1]:
        if point == last + 1:
            last = point
            continue
        items.append(
            re.escape(chr(first))
            if first == last
            else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
        )
        first = last = point
    return "[" + "".join(items) + "]"
