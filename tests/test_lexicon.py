"""The language layer's one lexicon: what the cache gives back is what the sources say."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language.readings import lexicon as lexicon_module
from reader.language.readings.lexicon import (
    CACHE_NAME,
    CEDICT,
    LISTED,
    PHRASE,
    PREFIX,
    SUFFIX,
    WORD,
    Lexicon,
    OfShape,
    build,
    load,
)
from reader.language.readings.pinyin import to_numbered


@pytest.fixture(scope="module")
def built() -> Lexicon:
    return build()


def _same(a: Lexicon, b: Lexicon) -> bool:
    x, y = a.tables, b.tables
    return (
        list(x.trie.iteritems()) == list(y.trie.iteritems())
        and x.kinds == y.kinds
        and x.starts == y.starts
        and x.readings == y.readings
        and x.syllables == y.syllables
        and x.chars == y.chars
        and x.char_syllables == y.char_syllables
        and x.common_chars == y.common_chars
        and a.longest_listed == b.longest_listed
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


def test_a_read_only_cache_folder_builds_in_memory(tmp_path: Path, built: Lexicon) -> None:
    folder = tmp_path / "not a folder"
    folder.write_text("a file where the cache folder should be", encoding="utf-8")
    assert _same(load(folder), built)


def test_phrases_and_characters_are_pypinyins(built: Lexicon) -> None:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    from reader.language.readings.lexicon_sources import cedict_tables
    from reader.language.words.dictionary import default_data_file

    # the words the word evidence matches: the phrases (two characters or more) and
    # CC-CEDICT's words with readings
    phrases = {w for w in PHRASES_DICT if len(w) > 1}
    matched = {w for w, key in built.trie.iteritems() if built.kinds[key] & WORD}
    assert matched == phrases | cedict_tables(default_data_file())[0].keys()
    assert all(built.has(w, WORD) for w in phrases)
    for word, pys in PHRASES_DICT.items():
        expected = tuple(to_numbered(py[0]) for py in pys) if len(pys) == len(word) > 1 else None
        assert built.phrase_readings(word) == expected, word
        assert bool(built.kind(word) & PHRASE) == (expected is not None)
    for code, raw in PINYIN_DICT.items():
        assert built.char_reading(chr(code)) == (to_numbered(raw.split(",")[0]) if raw else None)
    assert built.char_reading("a") is None and built.char_reading("\U0010ffff") is None
    assert built.phrase_readings("一不小心") == ("yi2", "bu4", "xiao3", "xin1")
    assert built.phrase_readings("没有的词") is None and built.kind("没有的词") == 0


def test_cedict_words_and_affixes(built: Lexicon) -> None:
    from reader.language.readings.lexicon_sources import cedict_tables
    from reader.language.words.dictionary import default_data_file

    cedict, others = cedict_tables(default_data_file())
    assert built.cedict_readings("微调") == ("wei1", "tiao2")
    assert built.cedict_readings("东西") == ("dong1", None)
    for word, readings in cedict.items():
        assert built.cedict_readings(word) == tuple(None if r == "?" else r for r in readings)
        assert built.has(word, WORD | CEDICT | LISTED)
    assert all(built.has(w, LISTED) and not built.kind(w) & CEDICT for w in others)
    assert built.has("中华人民共和国", CEDICT) and built.has("中华人民共和国", PHRASE)
    starts, ends = OfShape(built, PREFIX), OfShape(built, SUFFIX)
    assert all(p in starts for p in ("中华", "中华人民", "中华人民共和"))
    assert all(p in ends for p in ("共和国", "人民共和国"))
    # the shapes only ever say too much: few pieces that start no word look like one
    pieces = [chr(a) + chr(b) for a in range(0x4E00, 0x4E00 + 300) for b in range(0x5000, 0x5100)]
    real = {w[:k] for w, _ in built.trie.iteritems() for k in range(2, len(w))}
    assert sum(p in starts and p not in real for p in pieces) < 0.05 * len(pieces)


def test_the_process_lexicon_is_shared() -> None:
    from reader.language.readings.cedict_words import cedict_words
    from reader.services.vocabulary import default_word_list

    one = lexicon_module.lexicon()
    assert lexicon_module.lexicon() is one
    assert cedict_words().lexicon is one and "微调" in cedict_words()
    words = default_word_list()
    assert "全球" in words.words and "竞争" in words.words and "竞" not in words.words
    assert "中华人民" in words.prefixes and words.longest == one.longest_listed >= 10


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

    from reader.paths.cache import default_cache_dir

    load(default_cache_dir())  # the cache a session reads (this process's may come from elsewhere)
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
