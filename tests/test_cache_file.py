"""A built table's cache file: read back as written, None when torn, stale or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.paths import cache_file
from reader.paths.cache_file import read_cache_file, write_cache_file


def test_round_trip_and_atomic_place(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "table.bin"
    write_cache_file(path, {"stamp": "v1", "count": 2}, [b"ab", b"", b"cd\n"], ".table-")
    found = read_cache_file(path, "v1")
    assert found is not None
    header, data, start = found
    assert header["count"] == 2 and data[start:] == b"abcd\n"
    assert [p.name for p in path.parent.iterdir()] == ["table.bin"]  # no temporary left


def test_stale_torn_damaged_or_missing_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    assert read_cache_file(path, "v1") is None  # missing
    write_cache_file(path, {"stamp": "v1"}, [b"payload"], ".table-")
    assert read_cache_file(path, "v2") is None  # built from other sources
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"P")  # one byte of the payload changed
    assert read_cache_file(path, "v1") is None
    path.write_bytes(data[: len(data) // 2])  # torn inside the payload
    assert read_cache_file(path, "v1") is None
    path.write_bytes(b'{"stamp": "v1"')  # no header line end
    assert read_cache_file(path, "v1") is None
    path.write_bytes(b"\xff\xfe\n")
    assert read_cache_file(path, "v1") is None
    assert read_cache_file(tmp_path, "v1") is None  # a folder


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.bin"
    write_cache_file(path, {"stamp": "v1"}, [b"old"], ".table-")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_file.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_cache_file(path, {"stamp": "v1"}, [b"new"], ".table-")
    found = read_cache_file(path, "v1")
    assert found is not None and found[1][found[2] :] == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.bin"]  # the temporary is gone
