"""Saved words, known words, sentence bounds, segmentation and coverage (issue F)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.readings.pinyin import is_han
from reader.language.scripts.offsets import OffsetMap
from reader.language.scripts.script import Conversion, Script
from reader.services.vocabulary import (
    WordList,
    build_saved_word,
    coverage,
    numbered_reading,
    segment,
    segment_forms,
    sentence_around,
)
from reader.storage.changes import Change, Changed
from reader.storage.files.opening import open_store
from reader.storage.records import SavedWord, StoreError
from reader.storage.schema import SCHEMA_VERSION, schema_version
from reader.storage.store import Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schemas"
ARTICLE = "他說：「DeepSeek會在全球AI競爭中沉淪嗎？」大家都在問。\n新版R1在性能和體驗上都有提升。"
WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)



def _span_of(text: str, word: str) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


# ------------------------------------------------------------------ sentences
@pytest.mark.parametrize(
    ("word", "sentence"),
    [
        ("競爭", "他說：「DeepSeek會在全球AI競爭中沉淪嗎？」"),
        ("大家", "大家都在問。"),
        ("性能", "新版R1在性能和體驗上都有提升。"),
        ("他說", "他說：「DeepSeek會在全球AI競爭中沉淪嗎？」"),
    ],
)
def test_sentence_around_the_article(word: str, sentence: str) -> None:
    s, e = sentence_around(ARTICLE, *_span_of(ARTICLE, word))
    assert ARTICLE[s:e] == sentence


def test_sentence_keeps_closing_quotes_and_repeated_marks() -> None:
    text = "她問：『真的嗎？！』他笑了……然後走了。"
    s, e = sentence_around(text, *_span_of(text, "真的"))
    assert text[s:e] == "她問：『真的嗎？！』"
    s, e = sentence_around(text, *_span_of(text, "然後"))
    assert text[s:e] == "然後走了。"


def test_sentence_ascii_marks_and_semicolons() -> None:
    text = "First part; 第二部分很好! 第三"
    s, e = sentence_around(text, *_span_of(text, "很好"))
    assert text[s:e] == "第二部分很好!"
    s, e = sentence_around(text, *_span_of(text, "第三"))
    assert text[s:e] == "第三"


def test_sentence_without_marks_is_cut_at_a_clause_within_the_window() -> None:
    text = "甲" * 300 + "，乙乙乙词语丙丙丙，" + "丁" * 300
    s, e = sentence_around(text, *_span_of(text, "词语"), max_side=50)
    assert text[s:e] == "乙乙乙词语丙丙丙，"


def test_sentence_span_outside_text_raises() -> None:
    with pytest.raises(IndexError):
        sentence_around("短", 0, 5)


# ---------------------------------------------------------------- saved words
def test_build_saved_word_from_traditional_document() -> None:
    word = build_saved_word(
        "競爭",
        reading="jìng zhēng",
        senses=["competition", " to compete ", ""],
        sentence="他說：「DeepSeek會在全球AI競爭中沉淪嗎？」",
        glossary_headword="DeepSeek",
        glossary_gloss="Chinese AI company",
        document_id=3,
        source_title="文章",
    )
    assert (word.simplified, word.traditional) == ("竞争", "競爭")
    assert word.reading == "jing4 zheng1"
    assert word.definition == "competition; to compete"
    assert word.glossary == "DeepSeek — Chinese AI company"
    assert word.sentence_other == "他说：「DeepSeek会在全球AI竞争中沉沦吗？」"
    assert word.document_id == 3 and word.source_title == "文章"


def test_build_saved_word_from_simplified_document_and_explicit_forms() -> None:
    word = build_saved_word(
        "头发", reading=["tou2", "fa5"], sentence="她的头发很长。", script=Script.SIMPLIFIED
    )
    assert (word.simplified, word.traditional) == ("头发", "頭髮")
    assert word.sentence_other == "她的頭髮很長。"
    assert word.reading == "tou2 fa5" and word.glossary == ""
    forced = build_saved_word("干", simplified="干", traditional="乾", script=Script.SIMPLIFIED)
    assert forced.traditional == "乾"
    with pytest.raises(ValueError):
        build_saved_word("  ")


def test_numbered_reading_accepts_marks_numbers_and_other_tokens() -> None:
    assert numbered_reading("Zhǎng dà") == "zhang3 da4"
    assert numbered_reading(["zhang3", "da4"]) == "zhang3 da4"
    assert numbered_reading("AI jìng") == "AI jing4"
    assert numbered_reading("lǜ le") == "lv4 le5"


def test_save_word_is_one_durable_transaction_with_notifications(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(ARTICLE, "DeepSeek 文章")
    seen: list[Change] = []
    ops.add_listener(seen.append)
    word = build_saved_word(
        "競爭",
        reading="jing4 zheng1",
        senses=["competition"],
        sentence="DeepSeek會在全球AI競爭中沉淪嗎？",
        document_id=doc,
        source_title="DeepSeek 文章",
    )
    item_id = ops.save_word(word, now=WHEN)
    assert seen == [Change(Changed.VOCABULARY | Changed.KNOWN_WORDS, (item_id,))]  # one per action
    assert not store.conn.in_transaction
    # Another connection sees the committed row (it is on disk, not only in this one).
    other = sqlite3.connect(store.path)
    row = other.execute(
        "SELECT simplified, traditional, reading, sentence_other, status, created_at, updated_at "
        "FROM vocabulary WHERE id = ?",
        (item_id,),
    ).fetchone()
    other.close()
    assert row == (
        "竞争",
        "競爭",
        "jing4 zheng1",
        "DeepSeek会在全球AI竞争中沉沦吗？",
        "learning",
        "2026-03-01T12:00:00.000Z",
        "2026-03-01T12:00:00.000Z",
    )
    item = store.vocabulary_item(item_id)
    assert item.source_title == "DeepSeek 文章" and item.document_id == doc


def test_saving_again_from_the_same_document_updates(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(ARTICLE, "文章")
    other_doc = ops.add_document("另一篇：競爭很激烈。", "另一篇")
    first = ops.save_word(
        SavedWord("竞争", "競爭", "jing4 zheng1", "competition", note="mine", document_id=doc),
        now=WHEN,
    )
    later = datetime(2026, 3, 2, tzinfo=UTC)
    again = ops.save_word(
        SavedWord("竞争", "競爭", "jing4 zheng1", "competition; rivalry", document_id=doc),
        now=later,
    )
    assert again == first
    (item,) = store.vocabulary()
    assert item.definition == "competition; rivalry"
    assert item.note == "mine"  # kept: the second save gave none
    assert item.created_at.startswith("2026-03-01") and item.updated_at.startswith("2026-03-02")
    third = ops.save_word(SavedWord("竞争", "競爭", document_id=other_doc))
    assert third != first and len(store.vocabulary()) == 2


def test_save_word_checks_its_input(store: Store) -> None:
    with pytest.raises(StoreError):
        store.operations.save_word(SavedWord("", ""))
    with pytest.raises(StoreError):
        store.operations.save_word(SavedWord("词", "詞", document_id=99))
    with pytest.raises(StoreError):
        store.operations.save_word(SavedWord("词", "詞"), status="forgotten")
    assert store.vocabulary() == []


def test_known_words_hold_in_both_scripts_and_follow_saved_items(store: Store) -> None:
    ops = store.operations
    assert store.word_status("競爭") == "new"
    item_id = ops.save_word(SavedWord("竞争", "競爭"))
    assert store.word_status("競爭") == "learning" == store.word_status("竞争")
    seen: list[Change] = []
    ops.add_listener(seen.append)
    ops.set_word_status("竞争", "競爭", "known")
    assert seen == [Change(Changed.VOCABULARY | Changed.KNOWN_WORDS, (item_id,))]  # one per action
    assert store.vocabulary_item(item_id).status == "known"
    assert store.known_words() == {"竞争": "known", "競爭": "known"}
    # A Taiwan-only spelling falls back to its Simplified form.
    ops.set_word_status("软件", "軟件", "learning")
    assert store.word_status("軟件") == "learning"
    # Changing an item's status changes the mark.
    ops.update_vocabulary(item_id, status="new")
    assert store.word_status("競爭") == "new"
    # Saving a word already known keeps it known.
    ops.set_word_status("全球", "全球", "known")
    saved = ops.save_word(SavedWord("全球", "全球"))
    assert store.vocabulary_item(saved).status == "known"
    with pytest.raises(StoreError):
        ops.set_word_status("全球", "全球", "mastered")


def test_restore_vocabulary_brings_back_the_same_item(store: Store) -> None:
    ops = store.operations
    doc = ops.add_document(ARTICLE, "文章")
    item_id = ops.save_word(
        SavedWord("竞争", "競爭", "jing4 zheng1", "competition", "g", "s", "s2", doc, "文章", "n")
    )
    item = store.vocabulary_item(item_id)
    ops.delete_vocabulary(item_id)
    assert store.vocabulary() == []
    assert store.restore_vocabulary(item) == item_id
    assert store.vocabulary_item(item_id) == item
    # When the id was taken meanwhile, a new one; a removed document unlinks it.
    ops.delete_vocabulary(item_id)
    taken = ops.add_vocabulary("别的")
    ops.remove_document(doc)
    restored = ops.restore_vocabulary(item)
    assert restored not in (item_id, taken)
    assert store.vocabulary_item(restored).document_id is None


def test_upgrade_from_v1_adds_columns_and_seeds_known_words(tmp_path: Path) -> None:
    path = tmp_path / "reader.sqlite3"
    shutil.copyfile(FIXTURES / "v1.sqlite", path)
    store = open_store(path, backup_on_open=False).store
    assert store is not None
    assert schema_version(store.conn) == SCHEMA_VERSION >= 2
    (item,) = store.vocabulary()
    assert item.updated_at == item.created_at
    assert item.source_title == "DeepSeek會在全球AI競爭中沉淪嗎"
    assert store.word_status("競爭") == "learning"
    assert store.known_words() == {"竞争": "learning", "競爭": "learning"}
    store.close()


def test_concurrent_saves_from_threads(store: Store) -> None:
    ops = store.operations
    words = ["竞争", "全球", "发展", "提升", "性能", "体验", "质疑", "回应"]

    def save(w: str) -> None:
        ops.save_word(SavedWord(w, w))

    threads = [threading.Thread(target=save, args=(w,)) for w in words]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(i.simplified for i in store.vocabulary()) == sorted(words)
    assert len(store.known_words()) == len(words)


# ----------------------------------------------------------- segmentation, coverage
def test_segment_traditional_text_like_its_simplified_shadow() -> None:
    words = [ARTICLE[s:e] for s, e in segment(ARTICLE)]
    assert "全球" in words and "競爭" in words and "大家" in words and "性能" in words
    assert "DeepSeek" not in words and all(all(is_han(c) for c in w) for w in words)
    simplified = "他说：「DeepSeek会在全球AI竞争中沉沦吗？」大家都在问。"
    assert [simplified[s:e] for s, e in segment(simplified)][:6] == [
        "他",
        "说",
        "会",
        "在",
        "全球",
        "竞争",
    ]
    forms = {ARTICLE[s:e]: f for s, e, f in segment_forms(ARTICLE)}
    assert forms["競爭"] == "竞争"


def test_segment_with_a_custom_word_list_is_greedy_longest() -> None:
    words = WordList.of(["中华", "中华人民共和国", "人民", "共和国"])
    text = "中华人民共和国成立"
    assert [text[s:e] for s, e in segment(text, words)] == ["中华人民共和国", "成", "立"]
    text = "中华人民共和"  # the long word's prefix only: back off to the longest word found
    assert [text[s:e] for s, e in segment(text, words)] == ["中华", "人民", "共", "和"]


def test_coverage_counts_known_tokens_in_either_form() -> None:
    text = "全球競爭。全球"
    assert coverage(text, {}) == 0.0
    assert coverage(text, {"全球": "known"}) == pytest.approx(2 / 3)
    assert coverage(text, {"竞争": "known", "全球": "known"}) == 1.0
    assert coverage(text, {"竞争": "learning"}) == 0.0
    assert coverage("no Chinese here", {}) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="全球竞争競爭中的大家AI 。，「」发展發展头发頭髮", max_size=40))
def test_segment_spans_tile_the_han_characters(text: str) -> None:
    spans = segment(text)
    covered: list[int] = []
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert all(is_han(c) for c in text[s:e])
        covered.extend(range(s, e))
        last = e
    assert covered == [i for i, c in enumerate(text) if is_han(c)]


def test_spans_map_back_through_a_length_changing_shadow() -> None:
    text = "雲端計算很好"
    shadow = Conversion(Script.SIMPLIFIED, "云计算很好", OffsetMap(6, 5, [(0, 4, 0, 3)]))
    words = WordList.of(["云计算", "很好"])
    assert segment_forms(text, words, shadow) == [(0, 4, "云计算"), (4, 6, "很好")]
    assert coverage(text, {"云计算": "known"}, words, shadow) == 0.5
    assert coverage(text, {"很好": "known"}, words, shadow) == 0.5
    with pytest.raises(ValueError):
        segment(text + "。", words, shadow)
    with pytest.raises(ValueError):
        coverage(text + "。", {}, words, shadow)


def test_a_status_edit_names_the_edited_item_and_the_others_it_moved(store: Store) -> None:
    """Each change names every saved word it touched: the vocabulary table re-reads only
    those (an edit among thousands of words)."""
    ops = store.operations
    first = ops.add_vocabulary("经济", traditional="經濟", reading="jing1 ji4")
    second = ops.add_vocabulary("经济", traditional="經濟", reading="jing1 ji4", note="again")
    seen: list[Change] = []
    ops.add_listener(seen.append)
    ops.update_vocabulary(first, status="known")
    assert seen == [Change(Changed.VOCABULARY | Changed.KNOWN_WORDS, (first, second))]
    assert {item.status for item in store.vocabulary()} == {"known"}
    seen.clear()
    ops.update_vocabulary(second, status="known", note="same status")  # nothing else moved
    assert seen == [Change(Changed.VOCABULARY | Changed.KNOWN_WORDS, (second,))]


def test_saved_words_are_read_by_their_ids(store: Store) -> None:
    ops = store.operations
    ids = [ops.add_vocabulary(word) for word in ("软件", "经济", "发展")]
    assert [item.id for item in store.vocabulary_items([ids[0], ids[2], 999])] == [ids[2], ids[0]]
    assert store.vocabulary_items([]) == []
