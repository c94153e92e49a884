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
    held = {w: w for w in one.cedict if w in one.prefixes}  # a word that is also a prefix
    assert held and all(p is held[p] for p in one.prefixes if p in held)  # one string
    words = default_word_list()
    assert words.prefixes is one.prefixes
    assert "全球" in words.words and "竞争" in words.words


def test_character_readings_without_importing_pypinyin() -> None:
    """The popup's entry order and the pinyin find read pypinyin's character table from its
    file: the same values as the package's ``pinyin_dict``."""
    from pypinyin.pinyin_dict import pinyin_dict

    from reader.language.readings.pinyin import character_readings, character_table

    table = character_table()
    assert table == pinyin_dict
    assert all(character_readings(chr(code)) == raw for code, raw in list(pinyin_dict.items())[::97])
    assert character_readings("a") == "" and character_readings("行人") == ""


def test_a_session_never_imports_pypinyin(tmp_path: Path) -> None:
    """Readings, the coverage's words, a character's usual readings and the pinyin find,
    in a fresh process: pypinyin's package (its phrase tables) is not imported."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from reader.language.readings.readings import compute_readings, word_readings\n"
        "from reader.language.words.entry_order import usual_readings\n"
        "from reader.language.text_search import readings\n"
        "from reader.services.vocabulary import segment_forms\n"
        "assert compute_readings('我们都会长大。')[3] == 'hui4'\n"
        "assert word_readings('长大') and usual_readings('行') and readings('行')\n"
        "assert segment_forms('全球竞争')\n"
        "print(sorted(m for m in sys.modules if m.startswith('pypinyin')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert out.stdout.strip() == "[]"
