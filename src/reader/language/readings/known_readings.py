"""Which readings a character is known to have, from every source the reader ships.

Used to tell an inline reading (``蹟(jì)``) from a parenthetical that only looks like one.
A reading is *known* for a character when any of these has it:

* pypinyin's character table for the character itself. Its data is pinyin-data's merge of
  Unihan (kHanyuPinyin, kXHC1983, kMandarin, kHanyuPinlu, kTGHZ2013) with corrections, so
  it stands for Unihan here: no separate Unihan table is shipped;
* pypinyin's table for the character's Simplified form (OpenCC ``t2s``): Unihan often gives a
  Traditional character only its Taiwan reading (蹟/跡 jī, 靚 jìng/liáng, 閬 làng) while the
  Simplified one has the mainland reading too (迹 jì, 靓 liàng, 阆 láng; 沒 méi but 没 mò);
* CC-CEDICT's single-character entries under either headword (沒 mo4, 蹟 ji4).

The CC-CEDICT table is built on first need (about a quarter of a second) and only when
pypinyin does not know the reading: importing the bundled article never builds it.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from reader.language.readings.pinyin import (
    SYLLABLE_RE,
    is_han,
    readings_of,
    to_numbered,
)

_NUMBERED_RE = re.compile(r"[a-zv]{1,6}[1-5]")
_CEDICT_LOCK = threading.Lock()
_cedict_table: dict[str, frozenset[str]] | None = None


def _build_cedict_table() -> dict[str, frozenset[str]]:
    """Character → numbered readings of CC-CEDICT's one-character entries."""
    from reader.language.words.dictionary import default_data_file, single_character_entries

    table: dict[str, set[str]] = {}
    try:
        for entry in single_character_entries(default_data_file()):
            numbered = entry.pinyin.lower().replace("u:", "v")
            if not _NUMBERED_RE.fullmatch(numbered):
                continue  # a letter (A), a surname written with two syllables…
            for word in {entry.traditional, entry.simplified}:
                if len(word) == 1 and is_han(word):
                    table.setdefault(word, set()).update({numbered, numbered[:-1] + "5"})
    except OSError:  # pragma: no cover - a broken install: pypinyin alone decides
        return {}
    return {ch: frozenset(readings) for ch, readings in table.items()}


def cedict_readings(ch: str) -> frozenset[str]:
    """The numbered readings CC-CEDICT gives ``ch`` as a word of its own (either script)."""
    global _cedict_table
    with _CEDICT_LOCK:
        if _cedict_table is None:
            _cedict_table = _build_cedict_table()
        return _cedict_table.get(ch, frozenset())


@lru_cache(maxsize=8192)
def simplified_form(ch: str) -> str:
    """``ch`` in Simplified script (OpenCC ``t2s``), or ``ch`` when it has no other form."""
    from reader.language.scripts.converters import convert_config

    simplified = convert_config(ch, "t2s")
    return simplified if len(simplified) == 1 else ch


def _pypinyin_knows(ch: str, numbered: str) -> bool:
    if numbered in readings_of(ch):
        return True
    simplified = simplified_form(ch)
    return simplified != ch and numbered in readings_of(simplified)


@lru_cache(maxsize=8192)
def known_readings(ch: str) -> frozenset[str]:
    """Every numbered reading any source knows for ``ch`` (with neutral-tone forms)."""
    simplified = simplified_form(ch)
    out = set(readings_of(ch)) | readings_of(simplified)
    out |= cedict_readings(ch) | cedict_readings(simplified)
    return frozenset(out)


@lru_cache(maxsize=65536)
def inline_reading_match(ch: str, syllable: str) -> str | None:
    """How ``syllable`` (marks or numbers) fits the Han character ``ch``.

    ``"known"`` when a source knows it as it is printed; ``"other tone"`` when the syllable
    is one of the character's readings only with another tone (a page's slip: 會(hūi));
    None when it is no reading of ``ch`` at all (or ``ch`` is not Han).
    """
    lowered = syllable.lower()
    if not is_han(ch) or not (SYLLABLE_RE.fullmatch(lowered) or _NUMBERED_RE.fullmatch(lowered)):
        return None
    numbered = to_numbered(syllable)
    if not _NUMBERED_RE.fullmatch(numbered):
        return None
    if _pypinyin_knows(ch, numbered):
        return "known"  # the common case: no CC-CEDICT table needed
    known = known_readings(ch)
    if numbered in known:
        return "known"
    if numbered[:-1] in {reading[:-1] for reading in known}:
        return "other tone"
    return None
