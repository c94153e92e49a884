"""Script conversion: detection, chains, exact OpenCC output, offset maps, cache."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.scripts.alignment import align
from reader.language.scripts.converters import available_configs, convert_chain, convert_config
from reader.language.scripts.offsets import OffsetMap
from reader.language.scripts.script import (
    Conversion,
    ConversionCache,
    Script,
    configs_for,
    convert,
    detect_script,
    text_key,
)
from reader.language.words.glossary import bundled_protected_terms
from reader.text.importer import bundled_article

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


#: How the article differs from plain OpenCC in each script: (OpenCC's, ours) → count.
ARTICLE_CHANGES = {
    Script.ORIGINAL: {},
    Script.SIMPLIFIED: {("著", "着"): 1},  # 標志著: the particle zhe
    Script.TRADITIONAL: {
        ("布", "佈"): 14, ("併", "並"): 1, ("借", "藉"): 1, ("勛", "勳"): 1, ("志", "誌"): 1,
        ("盡", "儘"): 1, ("復", "複"): 3,
    },
    Script.TAIWAN: {
        ("布", "佈"): 14, ("併", "並"): 1, ("借", "藉"): 1, ("勛", "勳"): 1, ("志", "誌"): 1,
        ("盡", "儘"): 1, ("復", "複"): 3, ("訊", "消"): 2, ("繫結", "綁定"): 1, ("執", "運"): 1,
        ("程式", "代"): 2, ("慧", "能"): 1,
    },
    Script.HONGKONG: {
        ("布", "佈"): 14, ("併", "並"): 1, ("借", "藉"): 1, ("勛", "勳"): 1, ("志", "誌"): 1,
        ("盡", "儘"): 1, ("復", "複"): 3,
    },
}


@pytest.mark.parametrize("target", list(Script))
def test_article_in_every_script(target: Script) -> None:
    """The article as the app shows it (imported: inline readings out) differs from plain
    OpenCC exactly where conversion by meaning decides (tests/test_conversion_meaning.py)."""
    text = bundled_article().text
    conv = convert(text, target, names=bundled_protected_terms())
    plain = convert_chain(text, configs_for(Script.TRADITIONAL, target))
    matcher = difflib.SequenceMatcher(None, plain, conv.text, autojunk=False)
    changes = Counter(
        (plain[a0:a1], conv.text[b0:b1])
        for op, a0, a1, b0, b1 in matcher.get_opcodes()
        if op != "equal"
    )
    assert dict(changes) == ARTICLE_CHANGES[target]
    # The raw file, inline readings and all: maps whole, segments converted on their own.
    article = _article()
    conv = convert(article, target, names=bundled_protected_terms())
    assert conv.offsets.canonical_length == len(article)
    assert conv.offsets.display_length == len(conv.text)
    for c0, c1, d0, d1 in conv.offsets.segments():
        assert convert(article[c0:c1], target, Script.TRADITIONAL).text == conv.text[d0:d1]
    if target is Script.TAIWAN:
        assert len(conv.text) != len(article)
        assert not conv.offsets.is_identity
    # Inline readings like 會(huì) stay in place.
    at = article.index("(huì)")
    assert conv.text[conv.offsets.to_display(at) :].startswith("(huì)")


HAN = "云计算软件老挝人民民主共和国头发干里后面爱国發頭髮乾裡後麵愛國雲計體為裏着著"
PHRASES = ["云计算", "软件", "老挝人民民主共和国", "B超", "乙肝", "英伟达", "头发", "算法"]
#: Pieces the meaning pass acts on: cuts, 著, standard forms, protected words and names.
MEANING = [
    "并成功", "被发明", "了如何", "消息", "綁定", "代码", "源代碼", "小程序", "复杂", "復雜",
    "標志著", "睡著", "著名", "編著", "黃仁勛", "中國移動通信", "杭州深度求索人工智能",
]
PIECES = st.one_of(
    st.sampled_from(list(HAN)),
    st.sampled_from(PHRASES),
    st.sampled_from(MEANING),
    st.sampled_from(list("abcXYZ 123,.-·，。、！\n")),
    st.sampled_from(["😀", "𠀀", "𪚥", "ａ", "(huì)"]),
)
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _check_map(m: OffsetMap, text: str, display: str) -> None:
    assert (m.canonical_length, m.display_length) == (len(text), len(display))
    assert m.to_display(0) == 0 and m.to_canonical(0) == 0
    assert m.to_display(len(text)) == len(display)
    assert m.to_canonical(len(display)) == len(text)
    for c, d in m.boundaries():
        assert m.to_display(c) == d and m.to_canonical(d) == c
    for side in ("start", "end"):
        ds = [m.to_display(i, side) for i in range(len(text) + 1)]
        assert ds == sorted(ds)
        cs = [m.to_canonical(i, side) for i in range(len(display) + 1)]
        assert cs == sorted(cs)
    for c0, c1, d0, d1 in m.segments():
        # Inside a length-changing segment: start side -> its start, end side -> its end.
        for c in range(c0 + 1, c1):
            assert (m.to_display(c), m.to_display(c, "end")) == (d0, d1)
        for d in range(d0 + 1, d1):
            assert (m.to_canonical(d), m.to_canonical(d, "end")) == (c0, c1)


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.sampled_from(SOURCES), st.sampled_from(TARGETS))
def test_conversion_map_properties(text: str, source: Script, target: Script) -> None:
    # Plain OpenCC through the alignment: exactly the chain's output, mapped.
    configs = configs_for(source, target)
    display, m = align(text, lambda t: convert_chain(t, configs))
    assert display == convert_chain(text, configs)
    _check_map(m, text, display)
    for c0, c1, d0, d1 in m.segments():
        assert convert_chain(text[c0:c1], configs) == display[d0:d1]
    # By meaning (cuts, 著, standard forms, protected spans): the same invariants.
    conv = convert(text, target, source, names=("杭州深度求索人工智能",))
    _check_map(conv.offsets, text, conv.text)


@settings(max_examples=40, deadline=None)
@given(TEXTS, st.sampled_from(SOURCES))
def test_cuts_and_protected_spans_keep_the_map(text: str, source: Script) -> None:
    """Each segment is what its own converter makes of its canonical piece."""
    configs = configs_for(source, Script.TAIWAN)
    cuts = [i for i in range(1, len(text)) if text[i - 1] == "并"]
    protected = [(m.start(), m.end()) for m in re.finditer("消息|綁定|代码", text)]
    display, m = align(
        text,
        lambda t: convert_chain(t, configs),
        cuts=cuts,
        protected=protected,
        plain=lambda t: convert_config(t, "s2tw"),
    )
    _check_map(m, text, display)
    for a, b in protected:
        d0, d1 = m.display_span(a, b)
        assert display[d0:d1] == convert_config(text[a:b], "s2tw")
    for c0, c1, d0, d1 in m.segments():
        inside = any(a <= c0 and c1 <= b for a, b in protected)
        piece = text[c0:c1]
        want = convert_config(piece, "s2tw") if inside else convert_chain(piece, configs)
        assert want == display[d0:d1]


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


def test_a_long_text_goes_to_opencc_in_pieces_that_convert_as_the_whole(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.language.scripts import converters

    article = bundled_article().text
    whole = {config: converters.convert_config(article, config) for config in ("t2s", "s2twp", "s2hk")}
    calls: list[int] = []
    converter = converters._converter("t2s")
    monkeypatch.setattr(converters, "CONVERT_PIECE", 100)  # pieces of a line or so
    for config, expected in whole.items():
        assert converters.convert_config(article, config) == expected
    original = type(converter).convert
    monkeypatch.setattr(type(converter), "convert", lambda self, t: calls.append(len(t)) or original(self, t))
    converters.convert_config(article, "t2s")
    assert len(calls) > 5 and sum(calls) == len(article)  # in pieces, every character once
    calls.clear()
    assert converters.convert_chain(article, ("t2s",), whole=True) == whole["t2s"]
    assert calls == [len(article)]  # the command line's: one call
    assert converters.convert_config("無換行" * 100, "t2s") == "无换行" * 100  # no line end: whole
