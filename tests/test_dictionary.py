"""CC-CEDICT index (reader.language.words.dictionary) and word lookup (reader.language.words.word_lookup)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.language.words.dictionary import (
    CACHE_NAME,
    Dictionary,
    DictionaryError,
    Entry,
    default_data_file,
    parse_line,
)
from reader.language.words.word_lookup import cedict_pinyin_to_marks, cedict_syllables, lookup_at

FAKE_CEDICT = """\
# CC-CEDICT (test extract)
#! version=1
長 长 [chang2] /length/long/forever/
長 长 [zhang3] /chief/head/elder/to grow/
行 行 [hang2] /row/line/profession/
行 行 [xing2] /to walk/to go/capable/
人 人 [ren2] /person/people/
人工 人工 [ren2 gong1] /artificial/manpower/
人工智能 人工智能 [ren2 gong1 zhi4 neng2] /artificial intelligence (AI)/
全球 全球 [quan2 qiu2] /entire/whole world/
模型 模型 [mo2 xing2] /model/mold/
注意 注意 [zhu4 yi4] /to take note of/to pay attention to/
注意力 注意力 [zhu4 yi4 li4] /attention/
長度 长度 [chang2 du4] /length/
北京 北京 [Bei3 jing1] /Beijing/
綠 绿 [lu:4] /green/
3C 3C [san1 C] /computers, communications, and consumer electronics/
malformed line without brackets
"""


def write_fake(path: Path, text: str = FAKE_CEDICT) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fake(tmp_path: Path) -> Dictionary:
    data = write_fake(tmp_path / "cedict.txt")
    d = Dictionary.load(tmp_path / "cache", data)
    yield d
    d.close()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Dictionary:
    d = Dictionary.load(tmp_path_factory.mktemp("cedict-cache"))
    yield d
    d.close()


# --- parsing and the index ----------------------------------------------------------------


def test_parse_line_keeps_everything() -> None:
    e = parse_line("長 长 [zhang3] /chief/head/elder/\r\n")
    assert e == Entry("長", "长", "zhang3", ("chief", "head", "elder"))
    assert parse_line("# comment") is None
    assert parse_line("no brackets here") is None


def test_fake_homographs_and_both_scripts(fake: Dictionary) -> None:
    assert [e.pinyin for e in fake.entries("長")] == ["chang2", "zhang3"]
    assert fake.entries("长") == fake.entries("長")
    assert [e.pinyin for e in fake.entries("行")] == ["hang2", "xing2"]
    assert fake.entries("注意力")[0].senses == ("attention",)
    assert fake.entries("不存在") == []
    assert fake.entry_count == 15
    assert fake.max_headword_length == 4


def test_entries_many_and_prefix(fake: Dictionary) -> None:
    found = fake.entries_many(["人", "人工", "人工智", "长度"])
    assert set(found) == {"人", "人工", "长度"}
    assert found["长度"][0].traditional == "長度"
    assert fake.has_prefix("人工智")
    assert not fake.has_prefix("人工智x")


def test_real_dictionary_keeps_all_homographs(real: Dictionary) -> None:
    assert {"chang2", "zhang3"} <= {e.pinyin for e in real.entries("長")}
    assert {"hang2", "xing2"} <= {e.pinyin for e in real.entries("行")}
    assert real.entries("注意力")[0].pinyin == "zhu4 yi4 li4"
    assert real.entries("注意力")[0].senses == ("attention",)
    assert real.entry_count > 100_000
    assert default_data_file().is_file()


# --- caching ------------------------------------------------------------------------------


def test_cache_reused_then_rebuilt_when_data_changes(tmp_path: Path) -> None:
    data = write_fake(tmp_path / "cedict.txt")
    cache = tmp_path / "cache"
    assert not Dictionary.is_cached(cache, data)
    first = Dictionary.load(cache, data)
    assert first.rebuilt
    first.close()
    assert Dictionary.is_cached(cache, data)
    second = Dictionary.load(cache, data)
    assert not second.rebuilt
    second.close()

    write_fake(data, FAKE_CEDICT + "新詞 新词 [xin1 ci2] /new word/\n")
    assert not Dictionary.is_cached(cache, data)
    third = Dictionary.load(cache, data)
    assert third.rebuilt
    assert third.entries("新词")[0].pinyin == "xin1 ci2"
    third.close()


def test_same_size_same_mtime_content_change_is_detected(tmp_path: Path) -> None:
    data = write_fake(tmp_path / "cedict.txt")
    cache = tmp_path / "cache"
    Dictionary.load(cache, data).close()
    st = data.stat()
    write_fake(data, FAKE_CEDICT.replace("[ren2]", "[ren4]"))
    os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert data.stat().st_size == st.st_size
    d = Dictionary.load(cache, data)
    assert d.rebuilt
    assert d.entries("人")[0].pinyin == "ren4"
    d.close()


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty"])
def test_damaged_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    data = write_fake(tmp_path / "cedict.txt")
    cache = tmp_path / "cache"
    Dictionary.load(cache, data).close()
    db = cache / CACHE_NAME
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "truncate":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    else:
        db.write_bytes(b"")
    assert not Dictionary.is_cached(cache, data)
    d = Dictionary.load(cache, data)
    assert d.rebuilt
    assert len(d.entries("長")) == 2
    d.close()


def test_failed_build_leaves_old_cache_and_no_temp_files(tmp_path: Path) -> None:
    data = write_fake(tmp_path / "cedict.txt")
    cache = tmp_path / "cache"
    Dictionary.load(cache, data).close()
    before = (cache / CACHE_NAME).read_bytes()
    write_fake(data, "# nothing but comments\n")
    with pytest.raises(DictionaryError, match="no CC-CEDICT entries"):
        Dictionary.load(cache, data)
    assert (cache / CACHE_NAME).read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == [CACHE_NAME]


def test_stale_temp_files_from_a_crashed_build_are_removed(tmp_path: Path) -> None:
    data = write_fake(tmp_path / "cedict.txt")
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / ".cedict-crashed.tmp"
    fresh = cache / ".cedict-running.tmp"
    stale.write_bytes(b"half a database")
    fresh.write_bytes(b"another build in progress")
    os.utime(stale, (0, 0))
    Dictionary.load(cache, data).close()
    assert not stale.exists()
    assert fresh.exists()


def test_missing_data_file(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="not found"):
        Dictionary.load(tmp_path / "cache", tmp_path / "nope.txt")
    assert not Dictionary.is_cached(tmp_path / "cache", tmp_path / "nope.txt")


def test_gzipped_data_file(tmp_path: Path) -> None:
    import gzip

    data = tmp_path / "cedict.txt.gz"
    data.write_bytes(gzip.compress(FAKE_CEDICT.encode("utf-8")))
    d = Dictionary.load(tmp_path / "cache", data)
    assert [e.pinyin for e in d.entries("长")] == ["chang2", "zhang3"]
    d.close()


def test_lookups_from_several_threads(fake: Dictionary) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(300):
                assert len(fake.entries("長")) == 2
                assert lookup_at("全球人工智能模型", 2, fake) is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_load_on_worker_thread_while_other_thread_looks_up(
    tmp_path: Path, fake: Dictionary
) -> None:
    data = write_fake(tmp_path / "other.txt")
    result: list[Dictionary] = []
    worker = threading.Thread(target=lambda: result.append(Dictionary.load(tmp_path / "c2", data)))
    worker.start()
    while worker.is_alive():
        assert len(fake.entries("行")) == 2
    worker.join()
    assert result[0].entries("注意")[0].pinyin == "zhu4 yi4"  # used on another thread
    result[0].close()


# --- lookup_at ----------------------------------------------------------------------------


def test_longest_match_with_shorter_words(fake: Dictionary) -> None:
    r = lookup_at("全球人工智能模型", 2, fake)
    assert r is not None
    assert (r.start, r.end, r.word) == (2, 6, "人工智能")
    assert r.entries[0].pinyin == "ren2 gong1 zhi4 neng2"
    assert [w for w, _ in r.shorter] == ["人工", "人"]
    assert r.shorter[0][1][0].senses[0] == "artificial"


def test_lookup_in_traditional_and_simplified(fake: Dictionary) -> None:
    trad = lookup_at("長度", 0, fake)
    simp = lookup_at("长度", 0, fake)
    assert trad is not None and simp is not None
    assert (trad.word, simp.word) == ("長度", "长度")
    assert trad.entries == simp.entries
    assert [w for w, _ in trad.shorter] == ["長"]
    assert [e.pinyin for e in trad.shorter[0][1]] == ["chang2", "zhang3"]


def test_mixed_script_word_matches_through_t2s(fake: Dictionary) -> None:
    r = lookup_at("长度很長", 3, fake)
    assert r is not None and r.word == "長" and len(r.entries) == 2
    mixed = lookup_at("長度", 0, fake)
    assert mixed is not None and mixed.end == 2


def test_punctuation_space_and_range_give_none(fake: Dictionary) -> None:
    text = "人，人 。“人”"
    for pos in (1, 3, 4, 5, 7):
        assert lookup_at(text, pos, fake) is None, pos
    assert lookup_at(text, 99, fake) is None
    assert lookup_at(text, -1, fake) is None
    assert lookup_at("", 0, fake) is None


def test_latin_and_number_tokens(fake: Dictionary) -> None:
    text = "DeepSeek在2025年用H800，3C產品，價格557.6萬"
    r = lookup_at(text, 3, fake)
    assert r is not None and (r.start, r.end, r.word, r.entries) == (0, 8, "DeepSeek", [])
    r = lookup_at(text, 9, fake)
    assert r is not None and r.word == "2025" and r.entries == []
    r = lookup_at(text, text.index("H800") + 2, fake)
    assert r is not None and r.word == "H800"
    r = lookup_at(text, text.index("3C"), fake)
    assert r is not None and r.word == "3C" and r.entries[0].pinyin == "san1 C"
    r = lookup_at(text, text.index("557.6") + 4, fake)
    assert r is not None and r.word == "557.6"


def test_unknown_han_character_is_a_single_empty_result(fake: Dictionary) -> None:
    r = lookup_at("龘人", 0, fake)
    assert r is not None and (r.start, r.end, r.entries) == (0, 1, [])


def test_word_stops_at_punctuation(fake: Dictionary) -> None:
    r = lookup_at("人，工", 0, fake)
    assert r is not None and r.word == "人"


def test_real_dictionary_longest_match_in_both_scripts(real: Dictionary) -> None:
    from reader.language.scripts.script import Script, convert
    from reader.text.importer import bundled_article

    trad = bundled_article().text
    simp = convert(trad, Script.SIMPLIFIED).text
    for text in (trad, simp):
        pos = text.index("注意力")
        r = lookup_at(text, pos, real)
        assert r is not None and r.word == "注意力"
        assert "注意" in [w for w, _ in r.shorter]
    r = lookup_at("全球人工智能模型", 2, real)
    assert r is not None and r.word == "人工智能"
    assert [w for w, _ in r.shorter] == ["人工", "人"]
    r = lookup_at("新版上下文長度更長", 5, real)
    assert r is not None and r.word == "長度"
    assert {e.pinyin for e in dict(r.shorter)["長"]} >= {"chang2", "zhang3"}
    r = lookup_at("新版上下文长度更长", 2, real)
    assert r is not None and r.word == "上下文"


# --- pinyin display -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("zhu4 yi4 li4", "zhù yì lì"),
        ("Bei3 jing1", "Běi jīng"),
        ("lu:4", "lǜ"),
        ("nv3 ren2", "nǚ rén"),
        ("Lu:3 Xun4", "Lǚ Xùn"),
        ("le5", "le"),
        ("hao3 de5", "hǎo de"),
        ("san1 C", "sān C"),
        ("A A zhi4", "A A zhì"),
        ("Qiao2 shen1 · Huo4 li4", "Qiáo shēn · Huò lì"),
    ],
)
def test_cedict_pinyin_to_marks(numbered: str, marked: str) -> None:
    assert cedict_pinyin_to_marks(numbered) == marked


def test_cedict_syllables_align_with_tokens() -> None:
    assert cedict_syllables("zhu4 yi4 li4") == ["zhu4", "yi4", "li4"]
    assert cedict_syllables("Bei3 jing1") == ["bei3", "jing1"]
    assert cedict_syllables("lu:4 se4") == ["lv4", "se4"]
    assert cedict_syllables("san1 C") == ["san1", "C"]
