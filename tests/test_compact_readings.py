"""CompactReadings: per-character readings in two bytes a character, read like the list."""

from __future__ import annotations

import sys

import pytest

from reader.language.readings.compact_readings import CompactReadings

READINGS = [None, "zhong1", "guo2", None, "ren2", "zhong1", None]


def test_reads_back_like_the_list() -> None:
    compact = CompactReadings(READINGS)
    assert len(compact) == len(READINGS)
    assert [compact[i] for i in range(len(READINGS))] == READINGS
    assert compact[-1] is None and compact[-2] == "zhong1"
    assert list(compact) == READINGS
    for s in (slice(1, 3), slice(0, 100), slice(5, 2), slice(None, None, 2), slice(-3, None)):
        assert compact[s] == READINGS[s]
    assert compact == READINGS and compact == CompactReadings(READINGS)
    assert compact != READINGS[:-1] and compact != ["x"] * len(READINGS)
    assert compact.index("guo2") == 2 and compact.count("zhong1") == 2
    with pytest.raises(IndexError):
        compact[len(READINGS)]


def test_from_an_iterator_and_empty() -> None:
    assert list(CompactReadings(iter(READINGS))) == READINGS
    assert len(CompactReadings()) == 0 and list(CompactReadings([None, None])) == [None, None]


def test_with_changes_copies() -> None:
    compact = CompactReadings(READINGS)
    changed = compact.with_changes({1: "yi2", 4: "zhong1"})
    assert list(changed) == [None, "yi2", "guo2", None, "zhong1", "zhong1", None]
    assert list(compact) == READINGS


def test_two_bytes_a_character() -> None:
    long = ["zhong1", "guo2", None] * 100_000
    compact = CompactReadings(long)
    assert sys.getsizeof(compact) < 2.1 * len(long)
    assert sys.getsizeof(compact) < sys.getsizeof(long) / 3


def test_write_while_the_form_is_made() -> None:
    compact = CompactReadings(READINGS)
    compact.write(1, ["zhong4", "guo2"])
    compact.write(6, [None])
    compact.write_changes({0: "a1"})
    assert list(compact) == ["a1", "zhong4", "guo2", None, "ren2", "zhong1", None]


def test_written_by_index_and_slice_while_made() -> None:
    compact = CompactReadings(READINGS)
    compact[1] = "yi2"
    compact[-1] = "le5"  # a reading the table did not have
    compact[2:4] = ["guo3", "ren2"]
    assert list(compact) == [None, "yi2", "guo3", "ren2", "ren2", "zhong1", "le5"]
    compact[1:6] = [None] * 5  # a run without readings
    assert list(compact) == [None] * 6 + ["le5"]
    compact[3:3] = []
    with pytest.raises(ValueError):
        compact[0:2] = ["a"]
    with pytest.raises(ValueError):
        compact[::2] = [None] * 4
    with pytest.raises(IndexError):
        compact[7] = "a"
