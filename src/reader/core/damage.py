"""Damage left by a wrong decode: U+FFFD, ``?!?``-style runs, ``?`` glued into Chinese text.

Damage is only listed, never repaired: the reader cannot know what was lost.
"""

from __future__ import annotations

import re

from reader.core.document import Damage

_REPLACEMENT_RE = re.compile("\ufffd+")
# A run of ? and ! of two or more that holds a ?, glued to non-ASCII text on either side,
# or a single ? wedged directly between a CJK character and a letter or another CJK character.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_MOJIBAKE_RE = re.compile(
    rf"(?:(?<=[{_CJK}])[?!]*\?[?!]*(?:[a-zA-Z\u00c0-\u024f]+\)?)?)"
    rf"|(?:\?[?!]*!\?)"
)


def find_damage(text: str) -> list[Damage]:
    """Damaged spots of ``text``, sorted by position."""
    spots: list[Damage] = []
    for m in _REPLACEMENT_RE.finditer(text):
        spots.append(Damage(m.start(), m.end(), m.group(), "replacement-char"))
    for m in _MOJIBAKE_RE.finditer(text):
        snippet = m.group()
        after = text[m.end() : m.end() + 1]
        lone_question = snippet == "?"
        # "你好?" at a sentence end, before a space, a newline or closing punctuation is prose.
        if lone_question and (after == "" or after.isspace() or after in "」』）)”’\"'"):
            continue
        spots.append(Damage(m.start(), m.end(), snippet, "mojibake"))
    spots.sort(key=lambda d: d.start)
    merged: list[Damage] = []
    for spot in spots:
        if merged and spot.start <= merged[-1].end:
            last = merged.pop()
            end = max(last.end, spot.end)
            merged.append(Damage(last.start, end, text[last.start : end], last.kind))
        else:
            merged.append(spot)
    return merged
