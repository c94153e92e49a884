"""Script conversion: detection, chains, exact OpenCC output, offset maps, cache."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.scripts.alignment import align
from reader.language.scripts.script import (
    Conversion,
    ConversionCache,
    Script,
    available_configs,
    configs_for,
    convert,
    convert_chain,
    convert_config,
    detect_script,
    text_key,
)

TARGETS = [s for s in Script if s is not Script.ORIGINAL]
SOURCES = [Script.SIMPLIFIED, Script.TRADITIONAL]


def _article() -> str:
    return files("reader.resources").joinpath("000_ebd123fbead4c496.txt").read_text("utf-8")


def test_script_names_labels_and_badges() -> None:
    assert [s.value for s in Script] == [
        "original",
        "simplified",
        "traditional",
        "taiwan",
        "hongkong",
    ]
    assert Script.TAIWAN.label == "Traditional — Taiwan"
    assert [s.short for s in Script] == ["原", "简", "繁", "台", "港"]


def test_convert_config_accepts_names_with_and_without_json() -> None:
    assert convert_config("软件", "s2twp") == "軟體"
    assert convert_config("软件", "s2twp.json") == "軟體"
    assert "s2twp" in available_configs() and "tw2sp" in available_configs()


def test_unknown_config_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="unknown OpenCC configuration 'x2y'.*s2twp"):
        convert_config("软件", "x2y")


def test_detect_script() -> None:
    assert detect_script("我们的软件很好用，头发很长。") is Script.SIMPLIFIED
    assert detect_script("我們的軟體很好用，頭髮很長。") is Script.TRADITIONAL
    assert detect_script("hello world 123") is Script.SIMPLIFIED
    assert detect_script(_article()) is Script.TRADITIONAL


def test_configs_for_every_pair() -> None:
    assert configs_for(Script.SIMPLIFIED, Script.TAIWAN) == ("s2twp",)
    assert configs_for(Script.TRADITIONAL, Script.TAIWAN) == ("s2twp",)
    assert configs_for(Script.TRADITIONAL, Script.SIMPLIFIED) == ("t2s",)
    assert configs_for(Script.TRADITIONAL, Script.ORIGINAL) == ()
    for source in SOURCES:
        for target in TARGETS:
            assert set(configs_for(source, target)) <= set(available_configs())
    with pytest.raises(ValueError):
        configs_for(Script.TAIWAN, Script.SIMPLIFIED)


def test_taiwan_phrases_change_length_and_the_map_follows() -> None:
    text = "用云计算和软件，去老挝人民民主共和国。"
    conv = convert(text, Script.TAIWAN, Script.SIMPLIFIED)
    assert conv.text == "用雲端計算和軟體，去寮人民民主共和國。"
    assert conv.offsets.segments() == [(1, 4, 1, 5), (9, 18, 10, 18)]
    # 软件 -> 軟體 keeps its length: one to one.
    assert conv.offsets.to_display(6) == 7
    assert conv.text[conv.offsets.to_display(text.index("软")) :].startswith("軟體")
    assert conv.offsets.display_span(2, 3) == (1, 5)
    assert conv.offsets.canonical_span(11, 12) == (9, 18)


def test_traditional_source_to_taiwan_keeps_source_distinctions() -> None:
    conv = convert("他憑藉著軟件", Script.TAIWAN, Script.TRADITIONAL)
    assert conv.text == "他憑藉著軟體"


def test_original_is_identity() -> None:
    conv = convert("云计算", Script.ORIGINAL)
    assert conv == Conversion(Script.ORIGINAL, "云计算", conv.offsets)
    assert conv.offsets.is_identity


@pytest.mark.parametrize("target", list(Script))
def test_article_in_every_script(target: Script) -> None:
    article = _article()
    conv = convert(article, target)
    configs = configs_for(Script.TRADITIONAL, target)
    assert conv.text == convert_chain(article, configs)
    assert conv.offsets.canonical_length == len(article)
    assert conv.offsets.display_length == len(conv.text)
    for c0, c1, d0, d1 in conv.offsets.segments():
        assert convert_chain(article[c0:c1], configs) == conv.text[d0:d1]
    if target is Script.TAIWAN:
        assert len(conv.text) != len(article)
        assert not conv.offsets.is_identity
    # Inline readings like 會(huì) stay in place.
    at = article.index("(huì)")
    assert conv.text[conv.offsets.to_display(at) :].startswith("(huì)")


HAN = "云计算软件老挝人民民主共和国头发干里后面爱国發頭髮乾裡後麵愛國雲計體為裏着著"
PHRASES = ["云计算", "软件", "老挝人民民主共和国", "B超", "乙肝", "英伟达", "头发", "算法"]
PIECES = st.one_of(
    st.sampled_from(list(HAN)),
    st.sampled_from(PHRASES),
    st.sampled_from(list("abcXYZ 123,.-·，。、！\n")),
    st.sampled_from(["😀", "𠀀", "𪚥", "ａ", "(huì)"]),
)
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.sampled_from(SOURCES), st.sampled_from(TARGETS))
def test_conversion_map_properties(text: str, source: Script, target: Script) -> None:
    configs = configs_for(source, target)
    conv = convert(text, target, source)
    assert conv.text == convert_chain(text, configs)
    m = conv.offsets
    assert m.to_display(0) == 0 and m.to_canonical(0) == 0
    assert m.to_display(len(text)) == len(conv.text)
    assert m.to_canonical(len(conv.text)) == len(text)
    for c, d in m.boundaries():
        assert m.to_display(c) == d and m.to_canonical(d) == c
    for side in ("start", "end"):
        ds = [m.to_display(i, side) for i in range(len(text) + 1)]
        assert ds == sorted(ds)
        cs = [m.to_canonical(i, side) for i in range(len(conv.text) + 1)]
        assert cs == sorted(cs)
    for c0, c1, d0, d1 in m.segments():
        # Inside a length-changing segment: start side -> its start, end side -> its end.
        for c in range(c0 + 1, c1):
            assert (m.to_display(c), m.to_display(c, "end")) == (d0, d1)
        for d in range(d0 + 1, d1):
            assert (m.to_canonical(d), m.to_canonical(d, "end")) == (c0, c1)
        assert convert_chain(text[c0:c1], configs) == conv.text[d0:d1]


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_align_with_verify_agrees(text: str) -> None:
    def to_taiwan(t: str) -> str:
        return convert_config(t, "s2twp")

    assert align(text, to_taiwan, verify=True) == align(text, to_taiwan)


def test_cache_returns_the_same_conversion_and_evicts() -> None:
    cache = ConversionCache(max_entries=2)
    text = "云计算和软件"
    key = text_key(text)
    first = cache.get(key, text, Script.TAIWAN)
    assert cache.get(key, text, Script.TAIWAN) is first
    assert cache.source_of(key, text) is Script.SIMPLIFIED
    cache.get(key, text, Script.TRADITIONAL)
    cache.get(key, text, Script.HONGKONG)
    assert len(cache) == 2
    assert cache.get(key, text, Script.TAIWAN) is not first
    cache.forget(key)
    assert len(cache) == 0


DEV_SENT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "cpp-dev" / "dev.sent"


@pytest.mark.skipif(not DEV_SENT.is_file(), reason="../shared/data/cpp-dev/dev.sent is absent")
@pytest.mark.parametrize("target", TARGETS)
def test_wikipedia_sentences_match_whole_text_opencc(target: Script) -> None:
    text = DEV_SENT.read_text(encoding="utf-8").replace("\u2581", "")
    configs = configs_for(Script.SIMPLIFIED, target)
    display, offsets = align(text, lambda t: convert_chain(t, configs), verify=True)
    assert display == convert_chain(text, configs)
    for c0, c1, d0, d1 in offsets.segments():
        assert convert_chain(text[c0:c1], configs) == display[d0:d1]
    # Not the coarse fallback: segments are phrase-sized.
    assert all(c1 - c0 <= 40 for c0, c1, _d0, _d1 in offsets.segments())
