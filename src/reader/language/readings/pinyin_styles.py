"""How a reading is shown: tone marks, tone numbers or zhuyin (bopomofo), and tone colours.

Readings are kept as numbered syllables (``zhang3``, ``le5``, ``lv4``); this module turns them
into display strings. Zhuyin comes from pypinyin's BOPOMOFO style, with the neutral-tone dot
moved in front of the syllable as Taiwan's textbooks print it (``˙ㄌㄜ``).
"""

from __future__ import annotations

import enum
from functools import lru_cache

from reader.language.readings.pinyin import to_marks, tone_of


class PinyinStyle(enum.Enum):
    """A way to print a reading; values are the settings names."""

    MARKS = "marks"
    NUMBERS = "numbers"
    ZHUYIN = "zhuyin"


#: Tone colour schemes: tone (1-5, 5 = neutral) → colour; "" means "use the text colour".
TONE_SCHEMES: dict[str, dict[int, str]] = {
    "pleco": {1: "#e30000", 2: "#02b31c", 3: "#1510f0", 4: "#8900bf", 5: "#777777"},
    "standard": {1: "#e02020", 2: "#f08c00", 3: "#2a9d2a", 4: "#1f5fd6", 5: "#888888"},
    "none": {1: "", 2: "", 3: "", 4: "", 5: ""},
}

_NEUTRAL_DOT = "˙"


@lru_cache(maxsize=4096)
def _zhuyin(numbered: str) -> str:
    from pypinyin import Style
    from pypinyin.style import convert as convert_style

    marked = to_marks(numbered)
    out: str = convert_style(marked, Style.BOPOMOFO, strict=True)
    if out.endswith(_NEUTRAL_DOT):
        out = _NEUTRAL_DOT + out[: -len(_NEUTRAL_DOT)]
    elif tone_of(numbered) == 5 and not out.startswith(_NEUTRAL_DOT):
        out = _NEUTRAL_DOT + out
    return out


def format_syllable(numbered: str, style: PinyinStyle) -> str:
    """``zhang3`` → ``zhǎng`` (MARKS), ``zhang3`` (NUMBERS), ``ㄓㄤˇ`` (ZHUYIN)."""
    if not numbered:
        return ""
    if style is PinyinStyle.NUMBERS:
        return numbered
    if style is PinyinStyle.MARKS:
        return to_marks(numbered)
    return _zhuyin(numbered)


def format_word(numbered: list[str], style: PinyinStyle) -> str:
    """A word's readings as one string: ``zhǎngdà``, ``xī'ān``, ``zhang3 da4``, ``ㄓㄤˇ ㄉㄚˋ``.

    Tone marks are joined without spaces, with an apostrophe before a syllable that starts
    with a, o or e; numbers and zhuyin are joined with spaces.
    """
    parts = [format_syllable(s, style) for s in numbered if s]
    if style is not PinyinStyle.MARKS:
        return " ".join(parts)
    out = ""
    for part in parts:
        if out and part[:1].lower() in "aāáǎàoōóǒòeēéěèê":
            out += "'"
        out += part
    return out
