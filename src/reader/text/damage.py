"""Damage left by a wrong decode: U+FFFD, ``?!?``-style runs, ``?`` glued into Chinese text.

Damage is only listed, never repaired: the reader cannot know what was lost. A ``?`` glued to
Chinese text takes the letters glued after it (``?zāi)``) and, after those, any Han
characters wedged between Latin letters with nothing between them (``P涂焖傩Q``): a
wrong decode's garbage (新旗艦?zāi)P涂焖傩Q食 in the bundled article), which no text writes.
"""

from __future__ import annotations

import re
from operator import itemgetter

from reader.text.document import Damage

_REPLACEMENT_RE = re.compile("\ufffd+")
# A run of ? and ! of two or more that holds a ?, glued to non-ASCII text on either side,
# or a single ? wedged directly between a CJK character and a letter or another CJK character.
# In one pattern (the reference in tests/test_importer.py) that reads
#   (?<=[CJK])[?!]*\?[?!]*(?:[a-zA-Z\u00c0-\u024f]+\)?(?:[A-Za-z]*(?:[Han]+[A-Za-z]+)+)?)?
#   |  \?[?!]*!\?
# but a regex engine tries the second branch from every ? of a run and scans the rest of the
# run each time: quadratic in the run's length. So each maximal run of ? and ! is found once
# and both branches are decided on it.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_CJK_CHAR_RE = re.compile(rf"[{_CJK}]")
_RUN_RE = re.compile(r"[?!]+")
_LETTERS_AFTER_RE = re.compile(r"[a-zA-Z\u00c0-\u024f]+\)?")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Han characters wedged between Latin letters, right after the letters: garbage (P涂焖傩Q).
_GARBLED_AFTER_RE = re.compile(rf"[A-Za-z]*(?:[{_HAN}]+[A-Za-z]+)+")


def _mojibake_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that the pattern above matches, found in linear time."""
    spans: list[tuple[int, int]] = []
    for run in _RUN_RE.finditer(text):
        start, end = run.span()
        body = run.group()
        if start and "?" in body and _CJK_CHAR_RE.match(text, start - 1):
            # First branch: the whole run (it holds a ?), the letters glued after it, and the
            # Han characters wedged between letters after those.
            letters = _LETTERS_AFTER_RE.match(text, end)
            if letters:
                end = letters.end()
                garbled = _GARBLED_AFTER_RE.match(text, end)
                end = garbled.end() if garbled else end
            spans.append((start, end))
            continue
        # Second branch: from the run's first ? to the end of its last "!?" after that ?.
        first = body.find("?")
        last = body.rfind("!?")
        if first != -1 and last > first:
            spans.append((start + first, start + last + 2))
    return spans


def find_damage(text: str) -> list[Damage]:
    """Damaged spots of ``text``, sorted by position; touching or overlapping spots are one.

    Spots are kept as plain tuples until merged: a badly decoded file can hold hundreds of
    thousands, and making each a Damage twice cost more than finding them.
    """
    spots = [(m.start(), m.end(), "replacement-char") for m in _REPLACEMENT_RE.finditer(text)]
    for start, end in _mojibake_spans(text):
        if end - start == 1 and text[start] == "?":
            # "你好?" at a sentence end, before a space, a newline or closing punctuation is prose.
            after = text[end : end + 1]
            if after == "" or after.isspace() or after in "」』）)”’\"'":
                continue
        spots.append((start, end, "mojibake"))
    spots.sort(key=itemgetter(0))  # two sorted runs: linear; equal starts keep their order
    starts: list[int] = []
    ends: list[int] = []
    kinds: list[str] = []
    for start, end, kind in spots:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
            kinds.append(kind)
    return [Damage(s, e, text[s:e], k) for s, e, k in zip(starts, ends, kinds, strict=True)]
