"""A built table's cache file: read back as written, None when torn, stale or damaged."""

from __future__ import annotations

import os
import tracemalloc
from array import array
from pathlib import Path
from typing import Any

import pytest

from reader.paths import cache_file
from reader.paths.cache_file import Part, open_cache_file, read_cache_parts, write_cache_file


def _sizes(header: dict[str, Any]) -> list[Part]:
    return [(int(n), "") for n in header["sizes"]]


def _write(path: Path, stamp: str, parts: list[bytes]) -> None:
    write_cache_file(path, {"stamp": stamp, "sizes": [len(p) for p in parts]}, parts, ".table-")


def test_round_trip_and_atomic_place(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "table.bin"
    write_cache_file(
        path, {"stamp": "v1", "count": 2, "sizes": [2, 0, 3]}, [b"ab", b"", b"cd\n"], ".table-"
    )
    found = read_cache_parts(path, "v1", _sizes)
    assert found is not None
    header, parts = found
    assert header["count"] == 2 and parts == [b"ab", b"", b"cd\n"]
    assert [p.name for p in path.parent.iterdir()] == ["table.bin"]  # no temporary left


def test_parts_are_read_into_arrays_of_their_type(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    doubles, shorts = array("d", [0.5, -2.0, 1e300]), array("H", [7, 65535])
    _write(path, "v1", [doubles.tobytes(), b"\n", shorts.tobytes()])

    def layout(header: dict[str, Any]) -> list[Part]:
        return list(zip(header["sizes"], ("d", "", "H"), strict=True))

    found = read_cache_parts(path, "v1", layout)
    assert found is not None
    assert found[1] == [doubles, b"\n", shorts]
    assert [type(p) for p in found[1]] == [array, bytes, array]

    def odd(header: dict[str, Any]) -> list[Part]:  # 24 bytes are no whole number of "I"s + 1
        return [(header["sizes"][0] + 1, "I"), (header["sizes"][1] - 1, ""),
                (header["sizes"][2], "H")]

    assert read_cache_parts(path, "v1", odd) is None


def test_stale_torn_damaged_or_missing_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    assert read_cache_parts(path, "v1", _sizes) is None  # missing
    _write(path, "v1", [b"pay", b"load"])
    assert read_cache_parts(path, "v2", _sizes) is None  # built from other sources
    data = path.read_bytes()
    path.write_bytes(data[:-1] + b"D")  # one byte of the payload changed
    assert read_cache_parts(path, "v1", _sizes) is None
    path.write_bytes(data[: len(data) - 3])  # torn inside the payload
    assert read_cache_parts(path, "v1", _sizes) is None
    path.write_bytes(data + b"more")  # longer than its parts
    assert read_cache_parts(path, "v1", _sizes) is None
    path.write_bytes(b'{"stamp": "v1"')  # no header line end
    assert read_cache_parts(path, "v1", _sizes) is None
    path.write_bytes(b"\xff\xfe\n")
    assert read_cache_parts(path, "v1", _sizes) is None
    assert read_cache_parts(tmp_path, "v1", _sizes) is None  # a folder
    path.write_bytes(data)
    assert read_cache_parts(path, "v1", _sizes) is not None

    def broken(header: dict[str, Any]) -> list[Part]:
        return [(int(n), "") for n in header["no such key"]]

    assert read_cache_parts(path, "v1", broken) is None
    assert read_cache_parts(path, "v1", lambda header: [(-1, ""), (8, "")]) is None


def test_a_file_is_not_held_whole_besides_its_parts(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    numbers = array("q", range(1 << 18))  # 2 MiB
    _write(path, "v1", [numbers.tobytes()])
    tracemalloc.start()
    try:
        found = read_cache_parts(path, "v1", lambda header: [(header["sizes"][0], "q")])
        _kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found is not None and found[1] == [numbers]
    assert peak < 2.3 * (1 << 20)  # the array, not the file's bytes as well


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "table.bin"
    _write(path, "v1", [b"old"])

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_file.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        _write(path, "v1", [b"new"])
    found = read_cache_parts(path, "v1", _sizes)
    assert found is not None and found[1] == [b"old"]
    assert [p.name for p in tmp_path.iterdir()] == ["table.bin"]  # the temporary is gone


def _payload(found: tuple[dict[str, Any], Any, int] | None) -> bytes:
    assert found is not None
    _header, fh, start = found
    with fh:
        fh.seek(start)
        return bytes(fh.read())


def test_an_opened_file_is_checked_and_its_payload_starts_aligned(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    write_cache_file(path, {"stamp": "v1", "n": 1}, [b"abc", b"defg"], ".table-", align=64)
    found = open_cache_file(path, "v1")
    assert found is not None and found[0]["n"] == 1 and found[2] % 64 == 0
    assert _payload(found) == b"abcdefg"
    assert (path.read_bytes().index(b"\n") + 1) % 64 == 0  # the header line padded
    assert read_cache_parts(path, "v1", lambda h: [(7, "")]) is not None  # still read whole


def test_a_stale_damaged_torn_or_odd_file_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    assert open_cache_file(path, "v1") is None  # missing
    write_cache_file(path, {"stamp": "v1"}, [b"payload"], ".table-", align=16)
    data = path.read_bytes()
    assert open_cache_file(path, "v2") is None  # built from other sources
    path.write_bytes(data[:-1] + b"D")  # one byte of the payload changed
    assert open_cache_file(path, "v1") is None
    path.write_bytes(data[:-2])  # torn
    assert open_cache_file(path, "v1") is None
    path.write_bytes(data.split(b"\n")[0] + b"\n")  # no payload at all
    assert open_cache_file(path, "v1") is None
    path.write_bytes(b'{"stamp": "v1"')  # no header line end
    assert open_cache_file(path, "v1") is None
    path.write_bytes(b"\xff\xfe\n")
    assert open_cache_file(path, "v1") is None
    assert open_cache_file(tmp_path, "v1") is None  # a folder
    fifo = tmp_path / "fifo.bin"
    os.mkfifo(fifo)
    assert open_cache_file(fifo, "v1") is None  # not waited on
    path.write_bytes(data)
    assert _payload(open_cache_file(path, "v1")) == b"payload"


def test_an_open_file_keeps_the_bytes_it_checked_when_the_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "table.bin"
    write_cache_file(path, {"stamp": "v1"}, [b"old bytes"], ".table-")
    found = open_cache_file(path, "v1")
    write_cache_file(path, {"stamp": "v1"}, [b"new bytes"], ".table-")  # renamed over it
    assert _payload(found) == b"old bytes"
