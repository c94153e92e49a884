"""DisplayedText: canonical code points <-> view UTF-16 units through a script conversion."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.language.scripts.displayed_text import DisplayedText
from reader.language.scripts.script import Script, convert

CANONICAL = "𠀀软件😀云计算很好。"


def test_taiwan_phrases_and_astral_characters_map_both_ways() -> None:
    shown = DisplayedText(CANONICAL, convert(CANONICAL, Script.TAIWAN))
    assert shown.text.startswith("𠀀軟體😀雲端計算")
    # 云计算 (canonical 4..7) is 雲端計算 in the display: 4 code points, 5 UTF-16 units in.
    start, end = shown.view_span(4, 7)
    view = shown.text.encode("utf-16-le")
    assert view[start * 2 : end * 2].decode("utf-16-le") == "雲端計算"
    assert shown.canonical_span(start, end) == (4, 7)
    # 很 follows: one to one again
    hen = CANONICAL.index("很")
    v = shown.to_view(hen)
    assert view[v * 2 : v * 2 + 2].decode("utf-16-le") == "很"
    assert shown.to_canonical(v) == hen


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("云计算软件老挝人民发展的了𠀀😀ab ,。")), max_size=40),
    st.sampled_from(list(Script)),
)
def test_round_trip_on_every_character_start(text: str, script: Script) -> None:
    shown = DisplayedText(text, convert(text, script))
    assert shown.view_length == len(shown.text.encode("utf-16-le")) // 2
    for start, end in shown.conversion.offsets.boundaries():
        view = shown.to_view(start)
        assert shown.to_canonical(view) == start
        assert shown.view_to_display(view) == end
    for pos in range(len(text) + 1):
        view = shown.to_view(pos)
        assert 0 <= view <= shown.view_length
        # a view position never falls inside a surrogate pair
        assert shown.display_to_view(shown.view_to_display(view)) == view
