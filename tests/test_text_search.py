"""Find in the displayed text: script, case and pinyin folding; spans in code points."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.text_search import (
    SearchIndex,
    find_all,
    fold,
    parse_pinyin_query,
    readings,
)

TEXT = "我們的發展很快，发展中国家。西安的先生說：綠色 Straße, CAFÉ 𠀀發展"


def _words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_simplified_query_finds_traditional_and_vice_versa() -> None:
    assert _words(TEXT, find_all(TEXT, "发展")) == ["發展", "发展", "發展"]
    assert _words(TEXT, find_all(TEXT, "發展")) == ["發展", "发展", "發展"]
    assert find_all(TEXT, "发展", script_insensitive=False) == [(8, 10)]


def test_offsets_are_code_points_after_a_non_bmp_character() -> None:
    start = TEXT.index("𠀀") + 1
    assert find_all(TEXT, "发展")[-1] == (start, start + 2)


def test_case_folding_keeps_length() -> None:
    assert _words(TEXT, find_all(TEXT, "café")) == ["CAFÉ"]
    assert find_all(TEXT, "café", case_sensitive=True) == []
    assert _words(TEXT, find_all(TEXT, "STRAßE")) == ["Straße"]
    assert len(fold("İß Straße")) == len("İß Straße")


def test_full_width_letters_match_ascii() -> None:
    assert find_all("ＡＢＣ abc", "abc") == [(0, 3), (4, 7)]


def test_empty_query_and_no_match() -> None:
    assert find_all(TEXT, "") == []
    assert find_all(TEXT, "不存在") == []


def test_matches_do_not_overlap() -> None:
    assert find_all("aaaa", "aa") == [(0, 2), (2, 4)]


def test_pinyin_forms_all_find_both_scripts() -> None:
    for query in ("fazhan", "fa zhan", "fa1zhan3", "fāzhǎn", "Fa'Zhan", "FA ZHAN"):
        assert _words(TEXT, find_all(TEXT, query, pinyin=True)) == ["發展", "发展", "發展"], query


def test_pinyin_tones_must_match_where_given() -> None:
    assert find_all(TEXT, "fa1zhan4", pinyin=True) == []
    assert _words(TEXT, find_all(TEXT, "lǜ se", pinyin=True)) == ["綠色"]
    assert _words(TEXT, find_all(TEXT, "lv4se4", pinyin=True)) == ["綠色"]
    assert _words(TEXT, find_all(TEXT, "lu:se", pinyin=True)) == ["綠色"]


def test_pinyin_segmentation_ambiguity_is_resolved_by_the_text() -> None:
    assert _words(TEXT, find_all(TEXT, "xian", pinyin=True)) == ["西安", "先"]
    assert _words(TEXT, find_all(TEXT, "xi'an", pinyin=True)) == ["西安"]


def test_pinyin_is_off_by_default_and_falls_back_for_non_pinyin_queries() -> None:
    assert find_all(TEXT, "fazhan") == []
    assert _words(TEXT, find_all(TEXT, "發展", pinyin=True)) == ["發展", "发展", "發展"]
    assert _words(TEXT, find_all(TEXT, "strasse", pinyin=True)) == []
    assert _words(TEXT, find_all(TEXT, "cafe", pinyin=True)) == []
    assert _words("cafe 咖啡", find_all("cafe 咖啡", "cafe", pinyin=True)) == ["cafe"]


def test_pinyin_prefix_for_search_as_you_type() -> None:
    index = SearchIndex(TEXT)
    assert index.find("fazh", pinyin=True) == []
    assert _words(TEXT, index.find("fazh", pinyin=True, pinyin_prefix=True)) == [
        "發展",
        "发展",
        "發展",
    ]


def test_parse_pinyin_query() -> None:
    parsed = parse_pinyin_query("fā zhan3")
    assert parsed is not None
    assert parsed.letters == "fazhan"
    assert parsed.marks == {1: 1}
    assert parsed.ends == {6: 3}
    assert parsed.breaks == frozenset({2})
    assert parse_pinyin_query("发展") is None
    assert parse_pinyin_query("1990") is None
    assert parse_pinyin_query("a.b") is None


def test_readings_cover_heteronyms() -> None:
    assert ("xing", 2) in readings("行") and ("hang", 2) in readings("行")
    assert readings("x") == ()


# Properties -------------------------------------------------------------------------------
ALPHABET = "发發展后後髮干乾幹西安先生行了的aAbBßİ 𠀀😀"
texts = st.text(alphabet=ALPHABET, max_size=60)
queries = st.text(alphabet=ALPHABET, min_size=1, max_size=4)


@given(texts, queries, st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_literal_spans_are_folded_matches(
    text: str, query: str, script: bool, case_sensitive: bool
) -> None:
    spans = find_all(text, query, script_insensitive=script, case_sensitive=case_sensitive)
    wanted = fold(query, script_insensitive=script, case_sensitive=case_sensitive)
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end
        previous_end = end
        assert fold(text[start:end], script_insensitive=script, case_sensitive=case_sensitive) == wanted
    folded = fold(text, script_insensitive=script, case_sensitive=case_sensitive)
    assert len(folded) == len(text)
    assert len(spans) == _count_greedy(folded, wanted)


def _count_greedy(haystack: str, needle: str) -> int:
    count, pos = 0, haystack.find(needle)
    while pos >= 0:
        count += 1
        pos = haystack.find(needle, pos + len(needle))
    return count


def _spells(chars: str, letters: str) -> bool:
    """Whether some reading of each character, concatenated, gives ``letters``."""
    if not chars:
        return not letters
    return any(
        letters.startswith(syllable) and _spells(chars[1:], letters[len(syllable):])
        for syllable, _tone in readings(chars[0])
    )


PINYIN_ALPHABET = "发發展西安先生行了的中国國家 a"


@given(
    st.text(alphabet=PINYIN_ALPHABET, max_size=60),
    st.sampled_from(["fazhan", "xian", "xi", "an", "zhongguo", "de", "le", "hang", "jia", "a"]),
)
@settings(max_examples=300, deadline=None)
def test_pinyin_spans_spell_the_query(text: str, query: str) -> None:
    spans = find_all(text, query, pinyin=True)
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end
        previous_end = end
        assert text[start:end] == query or _spells(text[start:end], query)
    # Every position where the query can be spelled starting there is covered by a match.
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if _spells(text[start:end], query):
                assert any(s <= start < e for s, e in spans), (text, start, end)
