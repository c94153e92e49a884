"""Damaged spots get no reading and no lookup (issue J, point 8); no display needed."""

from __future__ import annotations

from typing import Any

import pytest

from reader.language.readings.readings import UNREADABLE, compute_readings, mask_spans
from reader.language.scripts.displayed_text import DisplayedText
from reader.language.scripts.script import Script, convert
from reader.language.words.glossary import GlossaryEntry
from reader.language.words.term_matches import TermMatch
from reader.language.words.word_info import TermIndex, damaged_span_at, describe_word
from reader.text.document import Document
from reader.text.importer import bundled_article

GARBAGE = "?zāi)P涂焖傩Q"


@pytest.fixture(scope="module")
def article() -> Document:
    return bundled_article()


def _spots(document: Document) -> list[tuple[int, int]]:
    return [(spot.start, spot.end) for spot in document.report.damage]


class NoLookups:
    """A dictionary that fails the test when asked anything."""

    max_headword_length = 12

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the dictionary was asked ({name})")


def test_mask_keeps_every_position() -> None:
    assert mask_spans("新艦?P涂Q食", [(2, 6)]) == "新艦" + UNREADABLE * 4 + "食"
    assert mask_spans("abc", []) == "abc"
    assert mask_spans("abcdef", [(4, 9), (0, 1), (3, 5)]) == UNREADABLE + "bc" + UNREADABLE * 3


def test_the_garbage_in_the_article_gets_no_reading(article: Document) -> None:
    start = article.text.index(GARBAGE)
    assert (start, start + len(GARBAGE)) in _spots(article)
    plain = compute_readings(article.text)
    readings = compute_readings(article.text, skip=_spots(article))
    garbage = range(article.text.index("涂焖傩"), article.text.index("涂焖傩") + 3)
    assert [plain[i] for i in garbage] == ["tu2", "men4", "nuo2"]  # read as if words
    assert [readings[i] for i in garbage] == [None, None, None]
    # the words around the spot keep theirs: 新旗艦 … 食舊模型
    after = article.text.index("食舊模型")
    assert readings[after : after + 4] == ["shi2", "jiu4", "mo2", "xing2"]
    before = article.text.index("新旗艦")
    assert readings[before : before + 3] == ["xin1", "qi2", "jian4"]
    # nothing else changes but the readings of a damaged spot's neighbourhood
    changed = [i for i, (a, b) in enumerate(zip(plain, readings, strict=True)) if a != b]
    assert all(any(s - 8 <= i < e for s, e in _spots(article)) for i in changed)


def test_inside_a_spot_the_popup_describes_the_spot_and_looks_nothing_up() -> None:
    text = "新旗艦?zāi)P涂焖傩Q食舊模型"
    spots = [(3, 3 + len(GARBAGE))]
    readings = compute_readings(text, skip=spots)
    dictionary: Any = NoLookups()
    for pos in range(3, 3 + len(GARBAGE)):
        info = describe_word(text, pos, dictionary=dictionary, readings=readings, damaged=spots)
        assert info is not None and info.damaged, pos
        assert (info.start, info.end, info.word) == (3, 3 + len(GARBAGE), GARBAGE)
        assert not any(info.readings) and not info.entries and info.glossary is None
    # next to the spot: an ordinary word again
    info = describe_word(text, 3 + len(GARBAGE), readings=readings, damaged=spots)
    assert info is not None and not info.damaged and info.word == "食"


def test_a_glossary_term_reaching_into_a_spot_is_not_used() -> None:
    text = "新旗艦?zāi)P涂焖傩Q食舊模型"
    spots = [(3, 3 + len(GARBAGE))]
    entry = GlossaryEntry("x", "艦?zāi", (), "concept", "gloss", "en", "zh")
    inside = GlossaryEntry("y", "舊模型", (), "concept", "model", "en", "zh")
    terms = TermIndex([TermMatch(2, 7, entry), TermMatch(14, 17, inside)])
    info = describe_word(text, 2, terms=terms, damaged=spots)
    assert info is not None and info.glossary is None and info.word == "艦"
    info = describe_word(text, 15, terms=terms, damaged=spots)
    assert info is not None and info.glossary is inside


def test_damaged_span_lookup() -> None:
    spans = [(2, 5), (8, 9)]
    assert [damaged_span_at(spans, i) for i in (1, 2, 4, 5, 8, 9)] == [
        None, (2, 5), (2, 5), None, (8, 9), None,
    ]
    assert damaged_span_at([], 0) is None


@pytest.mark.parametrize("script", list(Script))
def test_spots_in_every_script(article: Document, script: Script) -> None:
    shown = DisplayedText(article.text, convert(article.text, script))
    spans = shown.display_spans(_spots(article))
    assert len(spans) == len(article.report.damage)
    garbled = [shown.text[s:e] for s, e in spans]
    assert garbled[0] == "?!?" and garbled[1].startswith("?zāi)P") and garbled[1].endswith("Q")
    readings = compute_readings(shown.text, skip=spans)
    start, end = spans[1]
    assert readings[start:end] == [None] * (end - start)


def test_display_spans_join_and_clamp() -> None:
    shown = DisplayedText("abcdef", convert("abcdef", Script.ORIGINAL))
    assert shown.display_spans([(4, 9), (0, 1), (1, 2), (3, 3)]) == [(0, 2), (4, 6)]


def test_a_stored_document_lists_its_damage_again(tmp_path: Any) -> None:
    from reader.storage.files.opening import open_store
    from reader.ui.reading.documents import document_from_store

    store = open_store(tmp_path / "notes.sqlite3").store
    assert store is not None
    try:
        text = "新旗艦?zāi)P涂焖傩Q食舊模型。"
        document_id = store.operations.add_document(text, "t", str(tmp_path / "gone.txt"), {})
        document, path = document_from_store(store, document_id)
        assert path is None and document.report.encoding == "stored"
        assert [spot.snippet for spot in document.report.damage] == [GARBAGE]
    finally:
        store.close()
