"""The language layer's one lexicon: what the cache gives back is what the sources say."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.readings import lexicon as lexicon_module
from reader.language.readings.lexicon import CACHE_NAME, Lexicon, build, load
from reader.language.readings.pinyin import is_han, to_numbered


@pytest.fixture(scope="module")
def built() -> Lexicon:
    return build()


def _same(a: Lexicon, b: Lexicon) -> bool:
    return (
        a.phrases == b.phrases
        and a.cedict == b.cedict
        and a.other_words == b.other_words
        and a.prefixes == b.prefixes
        and a.suffixes == b.suffixes
        and a.chars == b.chars
        and list(a.char_syllables) == list(b.char_syllables)
        and a.syllables == b.syllables
    )


def test_cache_round_trip_and_damage(tmp_path: Path, built: Lexicon) -> None:
    first = load(tmp_path)
    path = tmp_path / CACHE_NAME
    assert path.is_file() and not list(tmp_path.glob("*.tmp"))
    assert _same(first, built)
    assert _same(load(tmp_path), built)  # read back from the file
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # a flipped byte: the checksum refuses it, and it is built again
    path.write_bytes(bytes(data))
    assert _same(load(tmp_path), built)
    assert path.read_bytes() != bytes(data)


def test_phrases_and_characters_are_pypinyins(built: Lexicon) -> None:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    assert built.phrases.keys() == PHRASES_DICT.keys()
    for word, pys in PHRASES_DICT.items():
        expected = [to_numbered(py[0]) for py in pys] if len(pys) == len(word) > 1 else []
        joined = built.phrases[word]
        assert (joined.split("\t") if joined else []) == expected, word
    for code, raw in PINYIN_DICT.items():
        assert built.char_reading(chr(code)) == (to_numbered(raw.split(",")[0]) if raw else None)
    assert built.char_reading("a") is None and built.char_reading("\U0010ffff") is None
    assert built.phrases["一不小心"] == "yi2\tbu4\txiao3\txin1"


def test_cedict_words_and_affixes(built: Lexicon) -> None:
    assert built.cedict["微调"] == "wei1 tiao2" and built.cedict["东西"] == "dong1 ?"
    assert all(len(w) > 1 and all(map(is_han, w)) for w in built.cedict)
    assert not built.other_words & built.cedict.keys()
    assert "中华人民共和国" in built.cedict and "中华人民共和国" in built.phrases
    assert {"中华", "中华人民", "中华人民共和"} <= built.prefixes
    assert {"共和国", "人民共和国"} <= built.suffixes
    assert "中" not in built.prefixes  # two characters or more


def test_the_process_lexicon_is_shared() -> None:
    from reader.language.readings.cedict_words import cedict_words
    from reader.language.readings.phrase_readings import phrase_table
    from reader.services.vocabulary import default_word_list

    one = lexicon_module.lexicon()
    assert lexicon_module.lexicon() is one
    phrases, prefixes, suffixes = phrase_table()
    table = cedict_words()
    assert phrases is one.phrases and table.words is one.cedict
    assert prefixes is table.prefixes is one.prefixes and suffixes is one.suffixes
    words = default_word_list()
    assert words.prefixes is one.prefixes
    assert "全球" in words.words and "竞争" in words.words
