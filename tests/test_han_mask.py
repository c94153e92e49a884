"""The Han mask the readings find their runs with agrees with HAN_RUN, block by block."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.readings.pinyin import HAN_RUN
from reader.language.readings.word_evidence import HanRuns, han_mask

EDGES = "\u3006\u3007\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00"
ASTRAL = "\U0001ffff\U00020000\U000323af\U000323b0\U0002f800\U0002fa1f"
chars = st.sampled_from(EDGES + ASTRAL + "中文ab ，。\n")


@settings(max_examples=200)
@given(st.text(chars, max_size=300), st.integers(1, 64))
def test_the_mask_and_its_runs_are_the_regex_runs(text: str, block: int) -> None:
    expected = [m.span() for m in HAN_RUN.finditer(text)]
    for mask in (han_mask(text), han_mask(text, block=block)):
        assert mask.tolist() == [any(a <= i < b for a, b in expected) for i in range(len(text))]
        runs = HanRuns.from_mask(mask)
        assert list(zip(runs.starts, runs.ends, strict=True)) == expected
        found = HanRuns.find(text)
        assert (list(found.starts), list(found.ends)) == (list(runs.starts), list(runs.ends))
