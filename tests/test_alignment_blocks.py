"""A long text aligned a block at a time gives the display text and the offset map the whole
text aligned in one piece gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.scripts import alignment, alignment_blocks
from reader.language.scripts.converters import convert_chain
from reader.language.scripts.script import Script, convert, detect_script
from tests.test_alignment_bulk import PIECES, _case

ARTICLE = "resources/000_ebd123fbead4c496.txt"


def _small_blocks(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    # ``align`` reads the block size from alignment_blocks when it is called
    monkeypatch.setattr(alignment_blocks, "BLOCK", size)


def _whole(monkeypatch: pytest.MonkeyPatch) -> None:
    _small_blocks(monkeypatch, 1 << 40)


def _map(offsets: object) -> object:
    return (offsets.canonical_length, offsets.display_length, offsets.segments())  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", [Script.SIMPLIFIED, Script.TAIWAN, Script.HONGKONG, Script.TRADITIONAL])
def test_the_article_converts_the_same_in_blocks(
    monkeypatch: pytest.MonkeyPatch, target: Script
) -> None:
    with open(ARTICLE, encoding="utf-8") as f:
        text = f.read()
    # both scripts in one text, with words Taiwan's phrases lengthen (云计算 → 雲端計算)
    text = "云计算的软件。".join([text, convert(text, Script.SIMPLIFIED).text, "老挝人民"] * 2)
    source = detect_script(text)
    names = ("人工智能", "深度求索", "DeepSeek") if target is Script.TAIWAN else ()
    _whole(monkeypatch)
    whole = convert(text, target, source, names)
    for size in (500, 3000):
        _small_blocks(monkeypatch, size)
        blocks = convert(text, target, source, names)
        assert blocks.text == whole.text
        assert _map(blocks.offsets) == _map(whole.offsets)
    if target is Script.TAIWAN:
        assert whole.offsets.segments()  # the test saw length-changing segments


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, min_size=20, max_size=120).map("".join), st.integers(2, 25))
def test_random_texts_align_the_same_in_blocks(text: str, size: int) -> None:
    cuts, protected = _case(text)
    chain = ("s2twp",)
    plain = ("s2t",)
    with pytest.MonkeyPatch.context() as patch:
        _whole(patch)
        whole = alignment.align(
            text, lambda t: convert_chain(t, chain), cuts=cuts, protected=protected,
            plain=lambda t: convert_chain(t, plain),
        )
        _small_blocks(patch, size)
        blocks = alignment.align(
            text, lambda t: convert_chain(t, chain), cuts=cuts, protected=protected,
            plain=lambda t: convert_chain(t, plain),
        )
    assert blocks[0] == whole[0]
    assert _map(blocks[1]) == _map(whole[1])


def test_blocks_end_at_separators_outside_protected_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    _small_blocks(monkeypatch, 2)
    text = "一二三四五，六七 八九十。甲乙丙丁"
    protected = [(6, 11)]  # a name with a space: no block ends at 8
    ends = alignment_blocks.block_ends(text, re.compile(r"[^\w\-·〇]"), protected)
    assert ends == [5, 12, len(text)]
    assert all(not (a < e < b) for e in ends for a, b in protected)
