"""Issue J.4: entries in the order of the context reading, CC-CEDICT markup as words and
readings, every glossary term with a reading — in the popup and in ``reader define``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.cli import main
from reader.language.readings.pinyin import is_han
from reader.language.readings.pinyin_styles import PinyinStyle
from reader.language.words.dictionary import Dictionary, Entry
from reader.language.words.entry_order import (
    agreement,
    only_points_elsewhere,
    order_entries,
    usual_readings,
)
from reader.language.words.glossary import Glossary, GlossaryError, parse_glossary_text
from reader.language.words.sense_markup import plain_sense, sense_pieces
from reader.language.words.term_pinyin import term_pinyin, term_pinyin_marks
from reader.language.words.word_info import describe_word
from reader.ui.reading.words.popup_content import Look, popup_html


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dictionary]:
    d = Dictionary.load(tmp_path_factory.mktemp("cedict-order"))
    yield d
    d.close()


def first_reading(entries: tuple[Entry, ...] | list[Entry]) -> str:
    return entries[0].pinyin


# --- ordering --------------------------------------------------------------------------------


def entry(pinyin: str, *senses: str, trad: str = "著") -> Entry:
    return Entry(trad, trad, pinyin, senses or ("sense",))


def test_agreement_levels() -> None:
    assert agreement(entry("xiao1 xi5"), ["xiao1", "xi5"]) == 0
    assert agreement(entry("xiao1 xi5"), ["xiao1", "xi1"]) == 1  # a neutral tone either side
    assert agreement(entry("ren4 wu5"), ["ren4", "wu4"]) == 1
    assert agreement(entry("chang2"), ["chang3"]) == 2  # same syllable, another tone
    assert agreement(entry("zhang3"), ["chang3"]) == 3
    assert agreement(entry("zhang3"), []) == 3  # no context reading
    assert agreement(entry("zhang3 da4"), ["zhang3"]) == 3  # another length
    assert agreement(entry("Guo2"), ["guo2"]) == 0  # a name's capital is no other reading


def test_order_by_context_then_names_then_pointers() -> None:
    surname = entry("Guo2", "surname Guo", trad="國")
    country = entry("guo2", "country", trad="國")
    assert order_entries([surname, country], "國", ["guo2"]) == (country, surname)
    variant = entry("zhe5", "variant of 著|着[zhe5]")
    particle = entry("zhe5", "aspect particle")
    move = entry("zhao1", "(chess) move")
    assert order_entries([move, variant, particle], "著", ["zhe5"]) == (particle, variant, move)
    assert only_points_elsewhere(variant) and not only_points_elsewhere(particle)


def test_spoken_tone_changes_still_pick_the_citation_entry() -> None:
    bu = Entry("不是", "不是", "bu4 shi4", ("is not",))
    other = Entry("不是", "不是", "bu2 shi5", ("fault",))
    # with the spoken tone changes the ruby says bú shì: the entry is still CEDICT's bu4 shi4
    assert order_entries([other, bu], "不是", ["bu2", "shi4"])[0] is bu


def test_usual_readings_most_common_first() -> None:
    assert usual_readings("长")[:2] == ("zhang3", "chang2")  # 增长, 部长, 成长 …
    assert usual_readings("還")[0] == "hai2" and usual_readings("着")[0] == "zhe5"
    assert usual_readings("長")  # a Traditional form: the table (or its Simplified form)
    assert usual_readings("A") == ()
    assert usual_readings("银行") == ("yin2 hang2",)


@pytest.mark.parametrize(
    ("text", "pos", "first"),
    [
        ("中國和美國", 1, "guo2"),  # not "surname Guo"
        ("市場競爭", 1, "chang3"),  # not "threshing floor"
        ("標志著", 2, "zhe5"),  # the aspect particle, not "(chess) move"
        ("他還在", 1, "hai2"),
        ("效率", 1, "lu:4"),
    ],
)
def test_popup_entries_start_with_the_context_reading(
    real: Dictionary, text: str, pos: int, first: str
) -> None:
    from reader.language.readings.readings import compute_readings

    readings = compute_readings(text)
    info = describe_word(text, pos, dictionary=real, readings=readings, word=(pos, pos + 1))
    assert info is not None and info.entries
    assert info.entries[0].pinyin == first, [e.pinyin for e in info.entries]


# --- CC-CEDICT markup ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sense", "simplified", "shown"),
    [
        ("variant of 卻|却[que4]", False, "variant of 卻 què"),
        ("variant of 卻|却[que4]", True, "variant of 却 què"),
        ("CL:個|个[ge4],條|条[tiao2]", False, "CL: 個 gè, 條 tiáo"),
        ("see 冷卻|冷却[leng3 que4]", True, "see 冷却 lěng què"),
        ("Taiwan pr. [zhuo2]", False, "Taiwan pr. zhuó"),
        ("abbr. for 北京[Bei3 jing1]", False, "abbr. for 北京 Běi jīng"),
        ("used in 著|着", True, "used in 着"),
        ("the particle 的 here", False, "the particle 的 here"),
        ("ratio 1:2,or 3,000", False, "ratio 1:2,or 3,000"),
    ],
)
def test_markup_is_shown_as_words_and_readings(sense: str, simplified: bool, shown: str) -> None:
    assert plain_sense(sense, simplified) == shown


@given(st.text(alphabet=st.characters(blacklist_characters="[]|")))
def test_text_without_markup_is_kept_exactly(sense: str) -> None:
    assert plain_sense(sense) == sense
    assert "".join(p.text for p in sense_pieces(sense)) == sense


def test_pieces_of_a_reference() -> None:
    pieces = sense_pieces("variant of 卻|却[que4] (old)")
    assert [p.reference for p in pieces] == [False, True, False]
    assert pieces[1].text == "卻" and pieces[1].syllables == ("que4",)


def test_real_dictionary_senses_render_without_markup(real: Dictionary) -> None:
    """Every sense of some of the article's words: no ``|`` or ``[x4]`` left."""
    for word in ("卻", "著", "個", "場", "還", "冷卻", "和"):
        for e in real.entries(word):
            for sense in e.senses:
                shown = plain_sense(sense)
                assert "|" not in shown and not any(
                    f"{d}]" in shown for d in "12345"
                ), (word, sense, shown)


# --- the popup ---------------------------------------------------------------------------------


def test_popup_renders_markup_and_wraps_every_sense(real: Dictionary) -> None:
    text = "冷卻"
    info = describe_word(text, 1, dictionary=real, word=(1, 2))
    assert info is not None
    html = popup_html(info, Look(PinyinStyle.MARKS, "pleco"))
    assert "|" not in html and "[que4]" not in html
    assert "…" not in html  # no sense is cut: the label wraps
    longest = max(real.entries("卻"), key=lambda e: len(e.senses))
    for sense in longest.senses:
        assert plain_sense(sense).split(" ")[0].replace("&", "&amp;") in html


def test_popup_glossary_card_has_the_term_reading(real: Dictionary) -> None:
    from reader.language.words.word_info import TermIndex

    glossary = Glossary.load_bundled()
    text = "採用多頭潛在注意力機制"
    info = describe_word(text, 4, dictionary=real, terms=TermIndex(glossary.find_all(text)))
    assert info is not None and info.glossary is not None
    html = popup_html(info, Look(PinyinStyle.MARKS, "pleco"))
    for syllable in ("duō", "tóu", "qián", "zài", "zhù", "yì", "lì"):
        assert f">{syllable}<" in html
    moe = glossary.by_id("moe")
    assert moe is not None
    info = describe_word("MoE架構", 0, dictionary=real, terms=TermIndex(glossary.find_all("MoE架構")))
    assert info is not None and info.glossary == moe
    html = popup_html(info, Look(PinyinStyle.MARKS, "pleco"))
    assert "混合專家" in html and ">hùn<" in html


# --- glossary readings ---------------------------------------------------------------------------


def test_every_bundled_term_with_a_chinese_name_has_its_reading() -> None:
    glossary = Glossary.load_bundled()
    for e in glossary.entries:
        name = e.chinese_name
        syllables = term_pinyin(e)
        assert len(syllables) == sum(is_han(ch) for ch in name), e.id
        assert (not name) == (not syllables), e.id


def test_term_readings_agree_with_cc_cedict(real: Dictionary) -> None:
    """Where CC-CEDICT has the term, its reading is one of the term's entries (neutral tones
    aside): 微調 is wēi tiáo, as the TOML now says, not pypinyin's wēi diào."""
    glossary = Glossary.load_bundled()
    checked = 0
    for e in glossary.entries:
        entries = real.entries(e.chinese_name) if e.chinese_name else []
        if not entries:
            continue
        checked += 1
        ours = list(term_pinyin(e))
        assert any(agreement(x, ours) <= 1 for x in entries), (e.id, ours, entries)
    assert checked >= 15
    fine_tuning = glossary.by_id("fine-tuning")
    assert fine_tuning is not None and term_pinyin_marks(fine_tuning) == "wēi tiáo"


TOML = """
[[entry]]
id = "x"
headword = "微調"
category = "technique"
gloss = "g"
explanation_en = "e"
explanation_zh = "z"
{extra}
"""


def test_toml_pinyin_overrides_and_is_checked() -> None:
    (e,) = parse_glossary_text(TOML.format(extra='pinyin = "wei1 tiao2"'), "t.toml")
    assert term_pinyin(e) == ("wei1", "tiao2") and term_pinyin_marks(e) == "wēi tiáo"
    with pytest.raises(GlossaryError, match="1 syllable.*2 Han"):
        parse_glossary_text(TOML.format(extra='pinyin = "wei1"'), "t.toml")
    with pytest.raises(GlossaryError, match="'pinyin' must be a string"):
        parse_glossary_text(TOML.format(extra="pinyin = 3"), "t.toml")
    latin = TOML.replace("微調", "MoE").format(extra='pinyin = "a"')
    with pytest.raises(GlossaryError, match="no term has Han"):
        parse_glossary_text(latin, "t.toml")


# --- reader define -----------------------------------------------------------------------------


@pytest.fixture
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "define-cache"))


@pytest.mark.usefixtures("_cache")
def test_define_renders_markup_orders_and_reads_terms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["define", "國"]) == 0
    out = capsys.readouterr().out
    assert out.index("country") < out.index("surname Guo")
    assert "CL: 個 gè" in out and "個|个" not in out
    assert main(["define", "MLA"]) == 0
    out = capsys.readouterr().out
    assert "duō tóu qián zài zhù yì lì" in out
    assert main(["define", "--json", "混合专家"]) == 0
    data = json.loads(capsys.readouterr().out)
    (g,) = data["glossary"]
    assert g["pinyin"] == "hun4 he2 zhuan1 jia1" and g["pinyin_marks"] == "hùn hé zhuān jiā"
    assert main(["define", "--json", "却"]) == 0
    data = json.loads(capsys.readouterr().out)
    plain = [s for e in data["dictionary"] for s in e["senses_plain"]]
    assert "old variant of 却 què" in plain  # the Simplified query gets Simplified forms


def test_define_openai_has_no_reading(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    glossary = Glossary.load_bundled()
    openai = glossary.by_id("openai")
    assert openai is not None and term_pinyin(openai) == () and openai.chinese_name == ""
