"""The reading of a glossary term: from its TOML ``pinyin`` when given, else computed.

Every entry with a Chinese spelling (:attr:`GlossaryEntry.chinese_name`: 多頭潛在注意力, or
混合專家 for MoE) has a reading, one numbered syllable per Han character. The computed one is
pypinyin's phrase reading of the term in citation tones (一 yī, 不 bù), as the popup's other
dictionary lines print them; where that is wrong for a name, the TOML's ``pinyin`` (tone marks
or numbers) overrides it. Latin-only terms (OpenAI, H800) have none.
"""

from __future__ import annotations

from functools import lru_cache

from reader.language.words.glossary import GlossaryEntry


@lru_cache(maxsize=4096)
def computed_pinyin(term: str) -> tuple[str, ...]:
    """Numbered syllables of the Han characters of ``term``, from pypinyin's phrases."""
    from reader.language.readings.pinyin import is_han
    from reader.language.readings.readings import word_readings
    from reader.language.readings.tone_convention import citation_tones

    readings = citation_tones(term, word_readings(term))
    return tuple(r for ch, r in zip(term, readings, strict=True) if is_han(ch) and r)


@lru_cache(maxsize=4096)
def _given(pinyin: str) -> tuple[str, ...]:
    from reader.language.readings.pinyin import to_numbered

    return tuple(to_numbered(s) for s in pinyin.split())


def term_pinyin(entry: GlossaryEntry) -> tuple[str, ...]:
    """The numbered reading of the entry's Chinese name; () when it has none."""
    if entry.pinyin:
        return _given(entry.pinyin)
    name = entry.chinese_name
    return computed_pinyin(name) if name else ()


def term_pinyin_marks(entry: GlossaryEntry) -> str:
    """:func:`term_pinyin` in tone marks, one space between syllables ("" when none)."""
    from reader.language.readings.pinyin import to_marks

    return " ".join(to_marks(s) for s in term_pinyin(entry))
