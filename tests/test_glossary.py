"""The curated glossary (reader.language.words.glossary and resources/glossary/*.toml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.language.readings.pinyin import is_han
from reader.language.scripts.converters import convert_config
from reader.language.scripts.script import Script, convert
from reader.language.words.glossary import (
    CATEGORIES,
    CATEGORY_COLOURS,
    Glossary,
    GlossaryEntry,
    GlossaryError,
    TermMatch,
)
from reader.text.importer import bundled_article

GOOD_ENTRY = """\
[[entry]]
id = "{id}"
headword = "{headword}"
aliases = [{aliases}]
category = "technique"
gloss = "a gloss"
explanation_en = "English."
explanation_zh = "中文。"
"""


def entry(id: str, headword: str, *aliases: str, user: bool = False) -> GlossaryEntry:
    return GlossaryEntry(id, headword, aliases, "concept", "g", "en", "zh", user)


@pytest.fixture(scope="module")
def bundled() -> Glossary:
    return Glossary.load_bundled()


def texts(g: Glossary, text: str) -> list[str]:
    return [text[m.start : m.end] for m in g.find_all(text)]


# --- schema -------------------------------------------------------------------------------


def write(tmp_path: Path, body: str, name: str = "glossary.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def good(id: str = "a", headword: str = "甲", aliases: str = "") -> str:
    return GOOD_ENTRY.format(id=id, headword=headword, aliases=aliases)


def test_valid_files_load(tmp_path: Path) -> None:
    g = Glossary.load_files([write(tmp_path, good() + good("b", "乙", '"B-term"'))])
    assert [e.id for e in g.entries] == ["a", "b"]
    assert g.entries[1].aliases == ("B-term",)
    assert g.entries[0].explanation_zh == "中文。"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (good().replace('gloss = "a gloss"\n', ""), "entry 2 (MoE): missing 'gloss'"),
        (good().replace('"technique"', '"gadget"'), "entry 2 (MoE): category 'gadget'"),
        (good().replace('gloss = "a gloss"', "gloss = 3"), "'gloss' must be a string"),
        (good().replace('gloss = "a gloss"', 'gloss = "  "'), "'gloss' is empty"),
        (good().replace("aliases = []", 'aliases = "x"'), "'aliases' must be a list"),
        (good().replace("aliases = []", "aliases = [1]"), "'aliases' must be a list"),
        (good() + 'colour = "red"\n', "unknown field(s) 'colour'"),
        (good().replace('id = "a"', 'id = "Bad Id"'), "entry 2 (Bad Id): 'id' 'Bad Id' must be"),
    ],
)
def test_schema_errors_name_file_and_entry(tmp_path: Path, body: str, message: str) -> None:
    body = good("first", "一") + body.replace('id = "a"', 'id = "MoE"')
    path = write(tmp_path, body)
    with pytest.raises(GlossaryError) as info:
        Glossary.load_files([path])
    assert str(info.value).startswith("glossary.toml, entry 2")
    assert message in str(info.value)


def test_entry_without_id_is_named_by_headword(tmp_path: Path) -> None:
    path = write(tmp_path, good().replace('id = "a"\n', "").replace("甲", "混合專家"))
    with pytest.raises(
        GlossaryError, match=re.escape("glossary.toml, entry 1 (混合專家): missing 'id'")
    ):
        Glossary.load_files([path])


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, good() + "[[entry]]\nid = 'b'\nheadword = oops\n", name="broken.toml")
    with pytest.raises(GlossaryError, match=r"broken\.toml: invalid TOML: .*line 11"):
        Glossary.load_files([path])


def test_duplicate_ids_and_terms_across_files(tmp_path: Path) -> None:
    one = write(tmp_path, good("a", "甲"), "one.toml")
    two = write(tmp_path, good("a", "乙"), "two.toml")
    with pytest.raises(
        GlossaryError, match=r"two\.toml, entry 1 \(a\): id 'a' already used in one\.toml"
    ):
        Glossary.load_files([one, two])
    three = write(tmp_path, good("c", "丙", '"甲"'), "three.toml")
    with pytest.raises(
        GlossaryError, match=r"three\.toml, entry 1 \(c\): alias '甲' already belongs"
    ):
        Glossary.load_files([one, three])


def test_top_level_shape(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="unexpected top-level key"):
        Glossary.load_files([write(tmp_path, 'title = "x"\n' + good())])
    with pytest.raises(GlossaryError, match="must be a table"):
        Glossary.load_files([write(tmp_path, "entry = [1]\n")])
    assert len(Glossary.load_files([write(tmp_path, "# empty\n")])) == 0


# --- bundled data -------------------------------------------------------------------------

REQUIRED_TERMS = [
    "MLA",
    "多頭潛在注意力",
    "MoE",
    "混合專家",
    "V3",
    "R1",
    "R1-0528",
    "R2",
    "H800",
    "A100",
    "GPU",
    "蒸餾",
    "推理模型",
    "開源",
    "MIT License",
    "LiveCodeBench",
    "Live CodeBench",
    "Chatbot Arena",
    "OpenRouter",
    "Poe",
    "Hugging Face",
    "Huggingface",
    "幻方量化",
    "螢火一號",
    "螢火二號",
    "深度求索",
    "梁文鋒",
    "黃仁勳",
    "黃仁勛",
    "楊立昆",
    "o1",
    "o3",
    "Claude",
    "Gemini",
    "斯普特尼克時刻",
    "出口管制",
    "量化投資",
    "飛輪效應",
]


def test_bundled_glossary_shape(bundled: Glossary) -> None:
    assert len(bundled.entries) >= 40
    assert len({e.id for e in bundled.entries}) == len(bundled.entries)
    for e in bundled.entries:
        assert e.category in CATEGORIES
        assert "\n" not in e.gloss and e.explanation_en and e.explanation_zh
        assert not e.user
    assert set(CATEGORY_COLOURS) == set(CATEGORIES)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in CATEGORY_COLOURS.values())


@pytest.mark.parametrize("term", REQUIRED_TERMS)
def test_required_terms_present(bundled: Glossary, term: str) -> None:
    assert bundled.entry_for(term) is not None, term


def test_key_facts(bundled: Glossary) -> None:
    v3 = bundled.by_id("deepseek-v3")
    r1 = bundled.by_id("deepseek-r1")
    assert v3 is not None and "671" in v3.explanation_en and "37" in v3.explanation_en
    assert r1 is not None and "MIT" in r1.explanation_en and "2025" in r1.explanation_en
    assert bundled.entry_for("MIT協議") is bundled.entry_for("MIT License")
    assert bundled.entry_for("深度求索") is bundled.entry_for("DeepSeek")


def test_bundled_terms_cover_both_scripts(bundled: Glossary) -> None:
    """Every CJK term's Simplified form is listed, and the headword in each display script."""
    for e in bundled.entries:
        terms = set(e.terms)
        simplified = convert_config(e.headword, "t2s")
        required = {simplified} | {convert_config(simplified, c) for c in ("s2t", "s2twp", "s2hk")}
        required |= {convert_config(t, "t2s") for t in e.terms}
        missing = {t for t in required if any(is_han(ch) for ch in t)} - terms
        assert not missing, (e.id, missing)


@pytest.mark.parametrize("script", list(Script))
def test_article_terms_found_in_every_script(bundled: Glossary, script: Script) -> None:
    text = convert(bundled_article().text, script).text
    ids = {m.entry.id for m in bundled.find_all(text)}
    assert len(ids) >= 30
    assert {
        "mla",
        "moe",
        "deepseek-r1-0528",
        "livecodebench",
        "hugging-face",
        "jensen-huang",
        "distillation",
        "sputnik-moment",
        "flywheel",
    } <= ids


def test_article_specific_spans(bundled: Glossary) -> None:
    text = bundled_article().text
    found = texts(bundled, text)
    assert "DeepSeek-R1-0528" in found and "R1 0528" in found
    assert "Live CodeBench" in found and "Huggingface" in found
    assert "多頭潛在注意力機制" in found and "黃仁勛" in found
    assert "OpenRouterAI" in found and "AI" in found
    simp = convert(text, Script.SIMPLIFIED).text
    assert "蒸馏技术" in texts(bundled, simp) and "黄仁勋" in texts(bundled, simp)


# --- matching rules -----------------------------------------------------------------------


@pytest.fixture
def small() -> Glossary:
    return Glossary.from_entries(
        [
            entry("moe", "混合專家", "混合专家", "MoE"),
            entry("r1", "R1"),
            entry("r1-0528", "R1-0528"),
            entry("v3", "V3"),
            entry("distil", "蒸餾", "蒸馏", "蒸餾技術"),
            entry("lcb", "LiveCodeBench", "Live CodeBench"),
        ]
    )


def test_latin_case_and_boundaries(small: Glossary) -> None:
    assert texts(small, "MoE架構") == ["MoE"]
    assert texts(small, "moe, Chloe, MOE, MoEs, xMoE") == []
    assert texts(small, "V3, V30, V3模型, AV3, (V3)") == ["V3", "V3", "V3"]
    assert texts(small, "R1-0528 R1 R10 R1x") == ["R1-0528", "R1"]
    assert texts(small, "DeepSeek-R1-0528版本") == ["R1-0528"]
    assert texts(small, "Live CodeBench and LiveCodeBench") == ["Live CodeBench", "LiveCodeBench"]


def test_cjk_matches_anywhere_in_both_scripts_longest_first(small: Glossary) -> None:
    matches = small.find_all("使用蒸餾技術與蒸馏，混合专家MoE")
    assert [(m.start, m.end, m.entry.id) for m in matches] == [
        (2, 6, "distil"),
        (7, 9, "distil"),
        (10, 14, "moe"),
        (14, 17, "moe"),
    ]


def test_matches_are_sorted_and_disjoint(bundled: Glossary) -> None:
    matches = bundled.find_all(bundled_article().text * 3)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


def test_match_at(small: Glossary) -> None:
    text = "用蒸餾和V3"
    matches = small.find_all(text)
    assert Glossary.match_at(matches, 0) is None
    hit = Glossary.match_at(matches, 2)
    assert isinstance(hit, TermMatch) and hit.entry.id == "distil"
    assert Glossary.match_at(matches, 3) is None
    v3 = Glossary.match_at(matches, 5)
    assert v3 is not None and v3.entry.id == "v3"
    assert Glossary.match_at(matches, 6) is None
    assert Glossary.match_at([], 0) is None


def test_user_entries_win_and_replace(small: Glossary) -> None:
    mine = entry("my-moe", "MoE", "專家混合")
    merged = small.with_user_entries([mine])
    hit = merged.find_all("MoE")[0].entry
    assert hit.id == "my-moe" and hit.user
    assert merged.find_all("混合專家")[0].entry.id == "moe"
    # Simplified form generated for the user's CJK term.
    assert merged.find_all("专家混合")[0].entry.id == "my-moe"
    replaced = small.with_user_entries([entry("v3", "V3", "DeepSeek-V3")])
    assert len(replaced) == len(small)
    assert replaced.by_id("v3") is not None and replaced.by_id("v3").user  # type: ignore[union-attr]
    assert texts(replaced, "DeepSeek-V3") == ["DeepSeek-V3"]
    assert not small.by_id("v3").user  # type: ignore[union-attr]


def test_empty_glossary_matches_nothing() -> None:
    assert Glossary.from_entries([]).find_all("MoE 蒸餾") == []


def test_find_all_speed_on_large_text(bundled: Glossary) -> None:
    import time

    text = bundled_article().text * 217  # ~640k characters
    t0 = time.perf_counter()
    matches = bundled.find_all(text)
    elapsed = time.perf_counter() - t0
    assert len(text) > 600_000 and len(matches) > 10_000
    assert elapsed < 2.0


def test_compact_matches_read_as_the_list(bundled: Glossary) -> None:
    import sys

    from reader.language.words.term_matches import TermMatches
    from reader.language.words.word_info import TermIndex

    text = bundled_article().text * 20
    listed = bundled.find_all(text)
    compact = bundled.find_compact(text)
    assert isinstance(compact, TermMatches) and len(compact) == len(listed) > 1000
    assert list(compact) == listed and compact == listed
    assert compact[0] == listed[0] and compact[-1] == listed[-1]
    assert compact[10:20] == listed[10:20] and compact[5] == listed[5]
    assert TermMatches(listed) == compact
    # two positions and an entry number each, where the list holds objects
    objects = sys.getsizeof(listed) + sum(sys.getsizeof(m) for m in listed)
    assert sys.getsizeof(compact) * 5 < objects
    index = TermIndex(compact)
    assert index.matches is compact
    middle = listed[len(listed) // 2]
    for pos in range(middle.start - 3, middle.end + 3):
        expected = Glossary.match_at(listed, pos)
        assert index.at(pos) == expected, pos
    low, high = middle.start - 500, middle.start + 2000
    assert index.between(low, high) == [m for m in listed if low <= m.start < high]
    assert index.between(-10, 0) == [] and index.between(len(text), len(text) + 9) == []
    assert TermIndex([]).at(0) is None and TermIndex([]).between(0, 10) == []
    assert Glossary.from_entries([]).find_compact("MoE") == []
