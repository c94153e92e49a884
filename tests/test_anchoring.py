"""Anchors and re-anchoring; code-point ↔ UTF-16 positions with non-BMP characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.anchoring.anchors import (
    CONTEXT,
    Utf16Index,
    anchor_span,
    cp_to_utf16,
    reanchor,
    utf16_to_cp,
)

# BMP Han, ASCII, CJK Extension B (𠀀…), emoji, and a lone combining mark.
ALPHABET = st.sampled_from(list("發展a b\n，") + ["𠀀", "𠀁", "😀", "🇨", "\u0301"])
TEXTS = st.text(alphabet=ALPHABET, max_size=60)


def _qt_offsets(text: str) -> list[int]:
    """UTF-16 offset of every code-point boundary, the slow obvious way."""
    return [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]


@given(TEXTS)
def test_cp_to_utf16_matches_encoding(text: str) -> None:
    index = Utf16Index(text)
    assert [index.cp_to_utf16(i) for i in range(len(text) + 1)] == _qt_offsets(text)
    assert index.utf16_length == len(text.encode("utf-16-le")) // 2


@given(TEXTS)
def test_round_trip_and_surrogate_middles(text: str) -> None:
    index = Utf16Index(text)
    for cp in range(len(text) + 1):
        assert index.utf16_to_cp(index.cp_to_utf16(cp)) == cp
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:  # between the two halves of a surrogate pair
            assert index.utf16_to_cp(index.cp_to_utf16(cp) + 1) == cp


def test_one_off_helpers_and_range_checks() -> None:
    text = "a𠀀b😀c"
    assert cp_to_utf16(text, 2) == 3 and cp_to_utf16(text, 4) == 6
    assert utf16_to_cp(text, 3) == 2 and utf16_to_cp(text, 7) == 5
    with pytest.raises(ValueError):
        Utf16Index(text).cp_to_utf16(6)
    with pytest.raises(ValueError):
        Utf16Index(text).utf16_to_cp(-1)


@given(TEXTS, st.data())
def test_anchor_span_records_quote_and_context(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    anchor = anchor_span(text, start, end)
    assert anchor.prefix + anchor.quote + anchor.suffix in text
    assert text[start:end] == anchor.quote
    assert len(anchor.prefix) == min(CONTEXT, start)
    assert len(anchor.suffix) == min(CONTEXT, len(text) - end)


@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40), st.data())
def test_unchanged_text_is_exact(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    placed = reanchor(text, anchor_span(text, start, end))
    assert (placed.start, placed.end) == (start, end)
    assert placed.method in ("exact", "context")


OLD = "第一段講全球競爭。\n第二段說的是發展的問題，發展很快。\n第三段：模型的發展前景。"


def test_short_quote_follows_its_context_after_insertion() -> None:
    at = OLD.index("發展很快")
    anchor = anchor_span(OLD, at, at + 2)
    new = "新加的一段也談發展。\n" + OLD
    placed = reanchor(new, anchor)
    assert placed.method == "context"
    assert (placed.start, placed.end) == (at + 11, at + 13)


def test_same_offset_different_occurrence_is_not_exact() -> None:
    text = "我的書在桌上。他的筆在包裏。"
    anchor = anchor_span(text, 1, 2)  # the first 的
    moved = "你的" + text
    assert moved[1] == "的"
    placed = reanchor(moved, anchor)
    assert (placed.method, placed.start, placed.end) == ("context", 3, 4)


def test_typo_inside_quote_is_fuzzy() -> None:
    at = OLD.index("第二段說的是發展的問題")
    anchor = anchor_span(OLD, at, at + 11)
    new = OLD.replace("說的是發展", "說得是發展")
    placed = reanchor(new, anchor)
    assert placed.method == "fuzzy"
    assert (placed.start, placed.end) == (at, at + 11)


def test_replaced_single_character_between_intact_context_is_fuzzy() -> None:
    at = OLD.index("講")
    anchor = anchor_span(OLD, at, at + 1)
    placed = reanchor(OLD.replace("講", "讲"), anchor)
    assert (placed.method, placed.start, placed.end) == ("fuzzy", at, at + 1)


def test_deleted_quote_is_orphaned_not_dropped() -> None:
    at = OLD.index("第三段")
    anchor = anchor_span(OLD, at, len(OLD))
    new = OLD[: at - 1]
    placed = reanchor(new, anchor)
    assert placed.method == "orphan"
    assert 0 <= placed.start <= placed.end <= len(new)


def test_short_quote_without_context_support_is_orphaned() -> None:
    at = OLD.index("模型")
    anchor = anchor_span(OLD, at, at + 2)
    new = "完全不同的文章。模型。另一個模型。"
    assert reanchor(new, anchor).method == "orphan"


def test_long_quote_with_edits_is_found_far_away() -> None:
    paragraph = (
        "DeepSeek還在Huggingface上更新了DeepSeek-R1-0528版本，但這並不是從2月就開始宣傳的R2版本。"
        * 2
    )
    filler = "無關的內容。" * 400
    old = filler + paragraph + filler
    anchor = anchor_span(old, len(filler), len(filler) + len(paragraph))
    edited_paragraph = paragraph.replace("更新了", "更新").replace("宣傳", "宣佈")
    new = filler + filler + edited_paragraph + "。"
    placed = reanchor(new, anchor)
    assert placed.method == "fuzzy"
    assert abs(placed.start - 2 * len(filler)) <= 2
    assert abs(placed.end - (2 * len(filler) + len(edited_paragraph))) <= 2


def test_repeated_phrase_takes_the_nearest_copy_only_when_clearly_nearest() -> None:
    sentence = "模型的推理能力有了明顯提升，在數學、程式設計與一般邏輯等多個基準測評中表現優秀。"
    text = sentence * 30
    at = 10 * len(sentence) + 3  # the 推 of the eleventh copy
    anchor = anchor_span(text, at, at + 2)
    shifted = reanchor("插入五個字" + text, anchor)
    assert (shifted.method, shifted.start) == ("context", at + 5)
    far = reanchor("插" * 3000 + text, anchor)
    assert far.method == "orphan"
