"""The inline readings a text's import found, held compactly: a mapping that reads like the
dict it replaces, in offset order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.text.importer import import_document
from reader.text.inline_readings import InlineReadings, extract_inline_readings

pairs = st.lists(
    st.tuples(st.integers(0, 10**9), st.sampled_from(["hui4", "huai4", "de5", "zhe5", "hai2"]))
)


@given(pairs)
def test_it_reads_like_the_dict_of_its_pairs(items: list[tuple[int, str]]) -> None:
    expected = dict(items)
    readings = InlineReadings(items)
    assert readings == expected and expected == readings
    assert list(readings) == sorted(expected) and len(readings) == len(expected)
    for offset, reading in expected.items():
        assert readings[offset] == reading and offset in readings
    assert readings.get(-1) is None and -1 not in readings
    ordered = sorted(expected.items())
    assert InlineReadings.in_order(ordered) == expected


def test_in_order_refuses_offsets_that_do_not_increase() -> None:
    with pytest.raises(ValueError):
        InlineReadings.in_order([(3, "hui4"), (3, "huai4")])
    with pytest.raises(ValueError):
        InlineReadings.in_order([(5, "hui4"), (2, "hui4")])


def test_the_import_holds_them_compactly_at_the_moved_offsets() -> None:
    text = "我會(huì)說，她還(hái)在。深度求索(DeepSeek)" * 3
    cut, readings = extract_inline_readings(text)
    assert isinstance(readings, InlineReadings)
    assert cut.text == "我會說，她還在。深度求索(DeepSeek)" * 3
    assert {cut.text[k]: v for k, v in readings.items()} == {"會": "hui4", "還": "hai2"}
    assert len(readings) == 6
    document = import_document(text.encode("utf-8"), "a.txt")
    assert document.readings == readings
    assert [document.text[k] for k in document.readings] == ["會", "還"] * 3
