"""Suggested glossary terms: recurring Han runs CC-CEDICT and the glossary do not cover."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from reader.language.words.dictionary import Dictionary
from reader.language.words.glossary import Glossary, GlossaryEntry
from reader.language.words.term_suggestions import Suggestion, suggest_terms
from reader.text.importer import bundled_article


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dictionary]:
    d = Dictionary.load(tmp_path_factory.mktemp("cedict-cache"))
    yield d
    d.close()


def _terms(suggestions: list[Suggestion]) -> list[str]:
    return [s.term for s in suggestions]


def test_article_without_glossary_suggests_its_names(dictionary: Dictionary) -> None:
    text = bundled_article().text
    result = suggest_terms(text, dictionary, Glossary([]))
    terms = _terms(result)
    # 深度求索 occurs twice literally; 螢火一號 only once (螢火二號 is another name, and
    # 螢火 alone is a CC-CEDICT word), so it cannot recur and is not suggested.
    for name in ("深度求索", "梁文鋒", "幻方量化", "大模型"):
        assert name in terms
    assert "螢火一號" not in terms and text.count("螢火一號") == 1
    by_term = {s.term: s for s in result}
    assert by_term["深度求索"].count == text.count("深度求索") == 2
    assert by_term["梁文鋒"].first_position == text.index("梁文鋒")
    # sorted by count, then length
    keys = [(-s.count, -len(s.term)) for s in result]
    assert keys == sorted(keys)
    # no dictionary words, no fragments of a recurring longer run
    assert "人工智能" not in terms and "人工智" not in terms
    assert not any(t in ("文鋒的", "深度求") for t in terms)


def test_glossary_terms_are_not_suggested(dictionary: Dictionary) -> None:
    text = bundled_article().text
    terms = _terms(suggest_terms(text, dictionary, Glossary.load_bundled()))
    for name in ("深度求索", "梁文鋒", "幻方量化", "大模型", "螢火一號"):
        assert name not in terms
    for term in terms:
        assert Glossary.load_bundled().entry_for(term) is None


def test_maximal_runs_only_and_min_count(dictionary: Dictionary) -> None:
    text = "他們買了螢火一號。螢火一號很好，我看螢火一號。"
    result = suggest_terms(text, dictionary, Glossary([]))
    assert [(s.term, s.count, s.first_position) for s in result] == [("螢火一號", 3, 4)]
    assert suggest_terms(text, dictionary, Glossary([]), min_count=4) == []
    entry = GlossaryEntry("x", "螢火一號", (), "hardware", "Fire-Flyer 1", "", "")
    assert suggest_terms(text, dictionary, Glossary([entry])) == []


def test_starts_inside_a_word_are_dropped(dictionary: Dictionary) -> None:
    # 國政府 recurs, but 美國 / 中國 straddle its start every time.
    text = "美國政府說，中國政府說，英國政府說。"
    assert "國政府" not in _terms(suggest_terms(text, dictionary, Glossary([])))


def test_speed(dictionary: Dictionary) -> None:
    text = bundled_article().text
    glossary = Glossary.load_bundled()
    suggest_terms(text, dictionary, glossary)
    start = time.thread_time()
    suggest_terms(text, dictionary, glossary)
    assert time.thread_time() - start < 0.1


def test_phrases_of_the_sentence_are_not_suggested(dictionary: Dictionary) -> None:
    # 顯著提升 (adverb + verb: "rise markedly") and 下載排名 (verb + verb) recur in the article
    # but are free phrases; the names and noun compounds stay.
    text = bundled_article().text
    assert text.count("顯著提升") >= 2 and text.count("下載排名") >= 2
    terms = _terms(suggest_terms(text, dictionary, Glossary([])))
    assert "顯著提升" not in terms and "下載排名" not in terms
    for term in ("大模型", "梁文鋒", "幻方量化", "深度求索", "量化投資"):
        assert term in terms
    # with the bundled glossary nothing phrase-like is left to suggest
    assert _terms(suggest_terms(text, dictionary, Glossary.load_bundled())) == []


def test_phrase_shapes() -> None:
    from reader.language.words.term_suggestions import _phrase_like

    for phrase in ("顯著提升", "下載排名", "整理好", "大幅增長"):
        assert _phrase_like(phrase), phrase
    for term in ("大模型", "量化投資", "深度求索", "梁文鋒", "開源模型"):
        assert not _phrase_like(term), term
