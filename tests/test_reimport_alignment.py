"""Aligning an old text with its edited version: blocks of equal text, in order on both sides."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchoring.diff import Alignment, align
from reader.anchoring.moves import align_with_moves
from reader.text.importer import bundled_article

ALPHABET = st.sampled_from(list("發展的問題，。\n模型ab 、") + ["𠀀", "😀"])


def _check_blocks(old: str, new: str, alignment: Alignment) -> None:
    last_old = last_new = 0
    for old_start, new_start, length in alignment.blocks:
        assert length > 0
        assert old_start >= last_old and new_start >= last_new
        assert old[old_start : old_start + length] == new[new_start : new_start + length]
        last_old, last_new = old_start + length, new_start + length
    assert last_old <= len(old) and last_new <= len(new)


def _edit(text: str, rng: random.Random, count: int) -> tuple[str, list[int | None]]:
    """``count`` random insertions, deletions and substitutions, with each old character's
    new offset (None when it was deleted or replaced)."""
    spots = sorted(rng.sample(range(len(text)), min(count, len(text))))
    out: list[str] = []
    mapping: list[int | None] = [None] * len(text)
    pos = new_pos = 0
    for at in spots:
        if at < pos:
            continue
        for i in range(pos, at):
            mapping[i] = new_pos + i - pos
        out.append(text[pos:at])
        new_pos += at - pos
        pos = at
        kind = rng.randrange(3)
        if kind == 0:
            out.append("插入的字")
            new_pos += 4
        elif kind == 1:
            pos += rng.randrange(1, 12)
        else:
            out.append("錯" if text[at] != "錯" else "誤")
            new_pos += 1
            pos += 1
    for i in range(pos, len(text)):
        mapping[i] = new_pos + i - pos
    out.append(text[pos:])
    return "".join(out), mapping


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=80), st.text(alphabet=ALPHABET, max_size=80))
def test_blocks_are_equal_text_in_order(old: str, new: str) -> None:
    _check_blocks(old, new, align(old, new))


@settings(max_examples=200)
@given(st.text(alphabet=ALPHABET, max_size=120), st.data())
def test_an_edit_keeps_everything_around_it(old: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(old)))
    deleted = data.draw(st.integers(0, len(old) - at))
    inserted = data.draw(st.text(alphabet=ALPHABET, max_size=10))
    new = old[:at] + inserted + old[at + deleted :]
    alignment = align(old, new)
    _check_blocks(old, new, alignment)
    # One edit: everything but the edited stretch is aligned (common prefix and suffix).
    matched = sum(length for _, _, length in alignment.blocks)
    assert matched >= len(old) - deleted


def test_identical_and_empty_texts() -> None:
    text = bundled_article().text
    assert align(text, text).blocks == [(0, 0, len(text))]
    assert align("", text).blocks == []
    assert align(text, "").blocks == []
    assert align("", "").blocks == []


def test_unrelated_texts_share_nothing_long() -> None:
    alignment = align("第一段講全球競爭。" * 3, "完全不同的文字，沒有重複。")
    assert all(length <= 2 for _, _, length in alignment.blocks)


def test_many_edits_in_a_long_text_map_characters_to_their_new_place() -> None:
    article = bundled_article().text
    old = "\n".join(f"第{i}章\n{article}" for i in range(40))  # repeated paragraphs
    rng = random.Random(3)
    new, mapping = _edit(old, rng, 300)
    alignment = align(old, new)
    _check_blocks(old, new, alignment)
    kept = [i for i, m in enumerate(mapping) if m is not None]
    right = sum(1 for i in kept if alignment.map_position(i) == mapping[i])
    assert right >= 0.995 * len(kept)


def test_a_moved_paragraph_is_deleted_in_one_place_and_inserted_in_another() -> None:
    paragraphs = [f"第{i}段：{bundled_article().text[i * 50 : i * 50 + 40]}。" for i in range(20)]
    old = "\n".join(paragraphs)
    moved = paragraphs[:3] + paragraphs[4:15] + [paragraphs[3]] + paragraphs[15:]
    new = "\n".join(moved)
    alignment = align(old, new)
    _check_blocks(old, new, alignment)
    at = old.index(paragraphs[3])
    # The moved paragraph's characters are not aligned with text it was not moved to.
    for i in range(at + 5, at + len(paragraphs[3]) - 5):
        block = alignment.block_at(i)
        assert block is None or new[alignment.map_position(i)] == old[i]
    assert alignment.map_position(old.index(paragraphs[10])) == new.index(paragraphs[10])


def test_map_position_inside_a_change_lands_in_its_replacement() -> None:
    old = "甲乙丙丁戊己庚辛壬癸" * 3
    new = old[:10] + "新的內容" + old[13:]
    alignment = align(old, new)
    assert alignment.map_position(5) == 5
    assert alignment.map_position(20) == 21
    assert 10 <= alignment.map_position(11) <= 14
    assert alignment.map_position(len(old)) == len(new)


def test_long_texts_without_punctuation_still_align() -> None:
    rng = random.Random(7)
    old = "".join(rng.choice("的一是在不了有和人這中大為上個國") for _ in range(20_000))
    new, mapping = _edit(old, rng, 40)
    alignment = align(old, new)
    _check_blocks(old, new, alignment)
    kept = [i for i, m in enumerate(mapping) if m is not None]
    right = sum(1 for i in kept if alignment.map_position(i) == mapping[i])
    assert right >= 0.99 * len(kept)


def test_an_inserted_paragraph_starts_after_the_line_break() -> None:
    old = "第一段的內容在這裏。\n第二段也有內容。\n"
    inserted = "插入的段落。\n"
    new = old[:11] + inserted + old[11:]
    alignment = align(old, new)
    # "。\n" before the insertion keeps its place; the next paragraph moves by its length.
    assert alignment.map_position(9) == 9 and alignment.map_position(10) == 10
    assert alignment.map_position(11) == 11 + len(inserted)
    # The same when the diff first meets it from the end (an edit earlier in the sentence).
    new = old[:2].replace("一", "壹") + old[2:11] + inserted + old[11:]
    alignment = align(old.replace("一", "壹"), new)
    assert alignment.map_position(9) == 9 and alignment.map_position(10) == 10


def test_a_deleted_sentence_is_the_one_after_the_sentence_end() -> None:
    old = "他說：好的。他說：好的。然後走了。"
    new = "他說：好的。然後走了。"
    alignment = align(old, new)
    assert alignment.block_at(0) is not None and alignment.map_position(0) == 0
    assert alignment.map_position(12) == 6


def test_moves_pair_a_paragraph_taken_out_with_where_it_went() -> None:
    article = bundled_article().text
    paragraphs = [p for p in article.split("\n") if p]
    old = "\n".join(paragraphs) + "\n"
    order = paragraphs[:2] + paragraphs[3:-1] + [paragraphs[2]] + paragraphs[-1:]
    new = "\n".join(order) + "\n"
    plain = align(old, new)
    moved = align_with_moves(old, new)
    assert plain.moves == [] and moved.moves
    at_old, at_new = old.index(paragraphs[2]), new.index(paragraphs[2])
    for i in range(at_old, at_old + len(paragraphs[2]), 7):
        assert moved.map_position(i) == at_new + i - at_old
        assert moved.old_position(at_new + i - at_old) == i
        assert plain.old_position(at_new + i - at_old) is None  # new text without moves
    assert moved.span_in_one_block(at_old, at_old + 40) == at_new
    for old_start, new_start, length in moved.moves:
        assert old[old_start : old_start + length] == new[new_start : new_start + length]


def test_where_new_text_came_from() -> None:
    old = "第一句話很普通。第二句話也很普通。第三句。"
    new = "第一句話很普通。第二句改寫了。插入的。第三句。"
    alignment = align(old, new)
    assert alignment.old_origin(0) == (0, 1)
    replaced = alignment.old_origin(new.index("改寫"))
    assert replaced is not None and replaced[0] <= old.index("也很") < replaced[1]
    assert alignment.old_origin(len(new) - 1) == (len(old) - 1, len(old))
