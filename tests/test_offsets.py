"""OffsetMap: positions both ways, spans widened to whole segments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.language.scripts.offsets import OffsetMap


def test_identity_maps_every_position_to_itself() -> None:
    m = OffsetMap.identity(5)
    assert m.is_identity
    assert [m.to_display(i) for i in range(6)] == list(range(6))
    assert [m.to_canonical(i, "end") for i in range(6)] == list(range(6))


def test_lengthening_segment() -> None:
    # 云计算和 -> 雲端計算和: segment (0, 3) -> (0, 4)
    m = OffsetMap(4, 5, [(0, 3, 0, 4)])
    assert m.to_display(0) == 0
    assert m.to_display(1) == 0 and m.to_display(1, "end") == 4
    assert m.to_display(3) == 4 and m.to_display(4) == 5
    assert m.to_canonical(2) == 0 and m.to_canonical(2, "end") == 3
    assert m.to_canonical(4) == 3 and m.to_canonical(5) == 4
    assert m.display_span(1, 2) == (0, 4)
    assert m.canonical_span(4, 5) == (3, 4)
    assert m.canonical_span(1, 1) == (0, 3)


def test_shortening_segment_after_text() -> None:
    # ab老挝人民民主共和国 -> ab寮人民民主共和國 : (2, 11) -> (2, 10)
    m = OffsetMap(11, 10, [(2, 11, 2, 10)])
    assert m.to_display(1) == 1
    assert m.to_display(5) == 2 and m.to_display(5, "end") == 10
    assert m.to_canonical(10) == 11


def test_bad_segments_and_positions_are_refused() -> None:
    with pytest.raises(ValueError):
        OffsetMap(3, 3, [(0, 3, 0, 4)])
    with pytest.raises(ValueError):
        OffsetMap(6, 6, [(2, 3, 2, 4), (0, 2, 0, 1)])
    m = OffsetMap.identity(2)
    with pytest.raises(IndexError):
        m.to_display(3)
    with pytest.raises(IndexError):
        m.to_canonical(-1)


def test_equality_and_segments_round_trip() -> None:
    segs = [(0, 3, 0, 4), (5, 14, 6, 14)]
    m = OffsetMap(20, 20, segs)
    assert m.segments() == segs
    assert m == OffsetMap(20, 20, segs)
    assert m != OffsetMap.identity(20)
    assert len(m) == 2


@st.composite
def maps(draw: st.DrawFn) -> OffsetMap:
    segments = []
    c = d = 0
    for _ in range(draw(st.integers(0, 8))):
        gap = draw(st.integers(0, 5))
        c, d = c + gap, d + gap
        c_len = draw(st.integers(1, 6))
        d_len = draw(st.integers(1, 6).filter(lambda n, c_len=c_len: n != c_len))
        segments.append((c, c + c_len, d, d + d_len))
        c, d = c + c_len, d + d_len
    tail = draw(st.integers(0, 5))
    return OffsetMap(c + tail, d + tail, segments)


@given(maps())
def test_round_trip_on_boundaries_and_monotonic(m: OffsetMap) -> None:
    for c, d in m.boundaries():
        assert m.to_display(c) == d and m.to_canonical(d) == c
        assert m.to_canonical(m.to_display(c)) == c
    for side in ("start", "end"):
        ds = [m.to_display(i, side) for i in range(m.canonical_length + 1)]
        cs = [m.to_canonical(i, side) for i in range(m.display_length + 1)]
        assert ds == sorted(ds) and cs == sorted(cs)
        assert ds[0] == 0 and ds[-1] == m.display_length
        assert cs[0] == 0 and cs[-1] == m.canonical_length


@given(maps(), st.data())
def test_spans_never_cut_a_segment(m: OffsetMap, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, m.canonical_length))
    end = data.draw(st.integers(start, m.canonical_length))
    d0, d1 = m.display_span(start, end)
    assert 0 <= d0 <= d1 <= m.display_length
    for c0, c1, s0, s1 in m.segments():
        assert not (s0 < d0 < s1) and not (s0 < d1 < s1)
        if c0 < end and start < c1:  # the span touches the segment: it covers it all
            assert d0 <= s0 and s1 <= d1
