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
#: These are the light theme's: each colour keeps at least 4.5:1 (WCAG AA) against the light
#: page (#fffdf8) at ruby size; :data:`TONE_SCHEMES_DARK` holds the same hues lightened for
#: the dark page (#1a1b1e). ``pleco`` is Pleco's default order (red, green, blue, purple);
#: ``standard`` the red, orange, green, blue of MDBG and most textbooks.
TONE_SCHEMES: dict[str, dict[int, str]] = {
    "pleco": {1: "#d40000", 2: "#0a7f24", 3: "#1a3fe0", 4: "#8a1fc0", 5: "#6b6b6b"},
    "standard": {1: "#cc1f1f", 2: "#a85400", 3: "#1d7a30", 4: "#1f5ad0", 5: "#6b6b6b"},
    "none": {1: "", 2: "", 3: "", 4: "", 5: ""},
}
TONE_SCHEMES_DARK: dict[str, dict[int, str]] = {
    "pleco": {1: "#ff6b6b", 2: "#4fd16a", 3: "#7aa2ff", 4: "#cf8cff", 5: "#a3a3a3"},
    "standard": {1: "#ff6b6b", 2: "#ffa24d", 3: "#5fd47a", 4: "#74a9ff", 5: "#a3a3a3"},
    "none": {1: "", 2: "", 3: "", 4: "", 5: ""},
}
#: The colours each scheme paints tones 1-4 in, as the Preferences label names them.
TONE_COLOUR_NAMES: dict[str, tuple[str, ...]] = {
    "pleco": ("red", "green", "blue", "purple"),
    "standard": ("red", "orange", "green", "blue"),
    "none": (),
}


def tone_colours(scheme: str, dark: bool = False) -> dict[int, str]:
    """A scheme's colours for the light or the dark page (Pleco's when the name is unknown)."""
    table = TONE_SCHEMES_DARK if dark else TONE_SCHEMES
    return table.get(scheme, table["pleco"])


def tone_scheme_label(scheme: str) -> str:
    """``Pleco (red, green, blue, purple)``: the name and the colours it paints."""
    names = TONE_COLOUR_NAMES[scheme]
    title = {"pleco": "Pleco", "standard": "Standard", "none": "None"}[scheme]
    return f"{title} ({', '.join(names)})" if names else title


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
