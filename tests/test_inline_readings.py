"""Inline readings of rare characters: every source's readings count (issue J, point 7)."""

from __future__ import annotations

import pytest

from reader.language.readings import known_readings as known
from reader.language.readings.known_readings import (
    cedict_readings,
    inline_reading_match,
    simplified_form,
)
from reader.language.readings.pinyin import readings_of, to_marks
from reader.language.readings.reading_audit import audit_inline_readings
from reader.language.readings.readings import compute_readings
from reader.text.importer import bundled_article, import_document

#: Readings web pages print that pypinyin's table for the character itself does not know.
RARE = [("蹟", "jì"), ("跡", "jì"), ("沒", "mò"), ("靚", "liàng"), ("鬨", "hōng"), ("閬", "láng")]


@pytest.mark.parametrize(("char", "syllable"), RARE)
def test_rare_readings_are_known(char: str, syllable: str) -> None:
    assert to_marks(syllable) not in {to_marks(r) for r in readings_of(char)}  # the old check
    assert inline_reading_match(char, syllable) == "known"


@pytest.mark.parametrize(("char", "syllable"), RARE)
def test_the_simplified_form_knows_each_rare_reading(char: str, syllable: str) -> None:
    from reader.language.readings.pinyin import to_numbered

    simplified = simplified_form(char)
    assert simplified != char
    assert to_numbered(syllable) in readings_of(simplified)


def test_cedict_knows_single_characters_in_both_scripts() -> None:
    assert {"mo4", "mei2"} <= cedict_readings("沒")
    assert "ji4" in cedict_readings("蹟")
    assert "mo4" in cedict_readings("没")
    assert cedict_readings("A") == frozenset()


def test_rare_inline_readings_are_taken_out_and_later_ones_stay_in_place() -> None:
    line = (
        "古蹟(jì)的遺跡(jì)已經沒(mò)入水中，這條裙好靚(liàng)，"
        "一陣鬨(hōng)笑，閬(láng)中古城會(huì)展。"
    )
    doc = import_document(line, "t.txt")
    assert doc.text == "古蹟的遺跡已經沒入水中，這條裙好靚，一陣鬨笑，閬中古城會展。"
    got = [(doc.text[offset], to_marks(r)) for offset, r in sorted(doc.readings.items())]
    assert got == [
        ("蹟", "jì"), ("跡", "jì"), ("沒", "mò"), ("靚", "liàng"), ("鬨", "hōng"),
        ("閬", "láng"), ("會", "huì"),
    ]
    assert doc.report.inline_readings == 7


def test_another_tone_is_taken_out_and_flagged_by_the_audit() -> None:
    assert inline_reading_match("會", "hūi") == "other tone"
    doc = import_document("我們會(hūi)議。", "t.txt")
    assert doc.text == "我們會議。"
    assert dict(doc.readings) == {2: "hui1"}
    found = audit_inline_readings(doc.text, doc.readings, compute_readings(doc.text))
    assert [(d.character, d.source, d.ours) for d in found] == [("會", "hui1", "hui4")]


@pytest.mark.parametrize(
    "text",
    ["中(de)國", "深度求索(DeepSeek)", "X(Twitter)", "梁文鋒(Liang Wenfeng)", "年(2019)", "會(abc)"],
)
def test_parentheticals_that_are_no_reading_stay(text: str) -> None:
    doc = import_document(text, "t.txt")
    assert doc.text == text and not doc.readings


def test_pypinyin_answers_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading pypinyin knows never needs the CC-CEDICT table (start-up cost)."""
    inline_reading_match.cache_clear()
    known.known_readings.cache_clear()
    monkeypatch.setattr(known, "_cedict_table", None)

    def refuse() -> dict[str, frozenset[str]]:
        raise AssertionError("the CC-CEDICT table was built")

    monkeypatch.setattr(known, "_build_cedict_table", refuse)
    try:
        assert len(bundled_article().readings) == 337
        assert inline_reading_match("鬨", "hōng") == "known"  # via 哄
    finally:
        inline_reading_match.cache_clear()
        known.known_readings.cache_clear()
