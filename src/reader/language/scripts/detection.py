"""Which script a text is written in: Traditional when more of its characters only
Traditional writes than only Simplified writes (the tables of
:mod:`~reader.language.scripts.script_chars`).

Counting every character costs as much as converting the text, so the counts stop once the
comparison is settled. The start of the text is counted character by character; the class
that is rarer there is counted over the rest by a regular-expression search (one character
class: the search skips fast between its few matches), and the other one only until it
passes that count: a text mostly in one script is decided after a short stretch. Characters
outside the Basic Multilingual Plane are counted apart (a class holding them loses the fast
skip), and only when the text holds any.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import islice

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: How much of the text is counted character by character before the searches.
_HEAD = 4096
#: How far the count of the more frequent class goes character by character before it
#: switches to its own search.
_BY_CHARACTER = 65536


def is_traditional(text: str) -> bool:
    """True when ``text`` holds more Traditional-only than Simplified-only characters (a tie,
    or no Han at all, is not Traditional)."""
    # ahead: how many more Simplified-only than Traditional-only astral characters
    ahead = 0
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
        traditional_only, simplified_only = _astral_sets()
        for ch in _ASTRAL.findall(text):
            ahead += (ch in simplified_only) - (ch in traditional_only)
    head = min(len(text), _HEAD)
    t, s = _counts(text[:head])
    if head < len(text):
        if s <= t:  # Simplified-only characters look rarer: count them all
            s += _search_count(text, head, len(text), traditional=False)
            t += _count_up_to(
                text, head, s + ahead + 1 - t, traditional=True, density=t / head
            )
        else:
            t += _search_count(text, head, len(text), traditional=True)
            s += _count_up_to(
                text, head, t - ahead - s, traditional=False, density=s / head
            )
    return t > s + ahead


def _counts(text: str) -> tuple[int, int]:
    """Both classes' characters in ``text``, counted one by one."""
    traditional, simplified = _bmp_sets()
    counts = Counter(text)
    return (
        sum(n for ch, n in counts.items() if ch in traditional),
        sum(n for ch, n in counts.items() if ch in simplified),
    )


def _count(text: str, start: int, end: int, *, traditional: bool) -> int:
    """The class's characters in ``text[start:end]``, counted one by one."""
    chars = _bmp_sets()[0 if traditional else 1]
    return sum(n for ch, n in Counter(text[start:end]).items() if ch in chars)


def _search_count(text: str, start: int, end: int, *, traditional: bool) -> int:
    """The class's characters in ``text[start:end]``, found by its search."""
    pattern = _pattern(traditional)
    return sum(1 for _match in pattern.finditer(text, start, end))


def _count_up_to(
    text: str, start: int, wanted: int, *, traditional: bool, density: float
) -> int:
    """The class's characters in ``text[start:]``, counted until there are ``wanted`` (the
    exact count when there are fewer): in stretches sized by the ``density`` seen so far
    (a little more than they should need), then by its search."""
    got = 0
    pos = start
    while got < wanted and pos < len(text):
        if pos - start >= _BY_CHARACTER:
            pattern = _pattern(traditional)
            rest = islice(pattern.finditer(text, pos), wanted - got)
            return got + sum(1 for _match in rest)
        step = max(1024, int((wanted - got) / max(density, 0.01) * 1.25))
        end = min(len(text), pos + step)
        found = _count(text, pos, end, traditional=traditional)
        got += found
        density = max(found / (end - pos), 0.01)
        pos = end
    return got


@cache
def _bmp_sets() -> tuple[frozenset[str], frozenset[str]]:
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    return (
        frozenset(_ASTRAL.sub("", TRADITIONAL_ONLY)),
        frozenset(_ASTRAL.sub("", SIMPLIFIED_ONLY)),
    )


@cache
def _astral_sets() -> tuple[frozenset[str], frozenset[str]]:
    from reader.language.scripts.script_chars import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    return (
        frozenset(_ASTRAL.findall(TRADITIONAL_ONLY)),
        frozenset(_ASTRAL.findall(SIMPLIFIED_ONLY)),
    )


@cache
def _pattern(traditional: bool) -> re.Pattern[str]:
    """The class's search (compiled on first use: a few milliseconds)."""
    return re.compile(_bmp_class(_bmp_sets()[0 if traditional else 1]))


def _bmp_class(chars: frozenset[str]) -> str:
    """A character class of the Basic Multilingual Plane characters of ``chars``, consecutive
    code points written as ranges (fewer items to compile)."""
    points = sorted(ord(c) for c in chars if c < "\U00010000")
    if not points:
        return "[^\\s\\S]"
    items: list[str] = []
    first = last = points[0]
    for point in points[1:]:
        if point != last + 1:
            items.append(_class_item(first, last))
            first = point
        last = point
    items.append(_class_item(first, last))
    return "[" + "".join(items) + "]"


def _class_item(first: int, last: int) -> str:
    """``a`` or ``a-z`` in a character class (only ASCII needs escaping there)."""
    a = chr(first) if first >= 0x80 else re.escape(chr(first))
    if first == last:
        return a
    return f"{a}-{chr(last) if last >= 0x80 else re.escape(chr(last))}"
