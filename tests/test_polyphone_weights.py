"""The polyphone model's weights kept in the cache folder and mapped: the same bits, the same
readings, rebuilt when stale or damaged, computed when the folder cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from reader.language.readings import polyphone_weights
from reader.language.readings.polyphone_model import PolyphoneModel
from reader.language.readings.polyphone_weights import CACHE_NAME, cached_weights

SENTENCES = ["他还没有还钱。", "我们会一起去银行，行不行？", "這個長頭髮的人長大了。", "着火了，别着急"]


@pytest.fixture(scope="module")
def computed() -> PolyphoneModel:
    return PolyphoneModel()


def _same_weights(a: PolyphoneModel, b: PolyphoneModel) -> bool:
    pairs = [(a._tables, b._tables), (a._w_hh, b._w_hh), *zip(a._fc0 + a._fc1, b._fc0 + b._fc1, strict=True)]
    return all(x.shape == y.shape and np.ascontiguousarray(x).tobytes() == np.ascontiguousarray(y).tobytes()
               for x, y in pairs)


def test_the_mapped_weights_are_the_computed_bits_and_read_the_same(
    tmp_path: Path, computed: PolyphoneModel
) -> None:
    first = PolyphoneModel(tmp_path)  # computes, stores, maps
    assert (tmp_path / CACHE_NAME).is_file()
    again = PolyphoneModel(tmp_path)  # maps what the first stored
    for model in (first, again):
        assert not model._tables.flags.writeable  # the file's pages, read-only
        assert _same_weights(computed, model)
        assert model.predict(SENTENCES) == computed.predict(SENTENCES)


def _weights_counting(tmp_path: Path, computed: PolyphoneModel, calls: list[int], digest: str = "d1"):
    def compute():  # type: ignore[no-untyped-def]
        calls.append(1)
        return computed._tables, computed._w_hh, computed._fc0, computed._fc1

    return cached_weights(tmp_path, digest, compute)


def test_a_stale_damaged_or_torn_file_is_computed_again(tmp_path: Path, computed: PolyphoneModel) -> None:
    calls: list[int] = []
    _weights_counting(tmp_path, computed, calls)
    _weights_counting(tmp_path, computed, calls)
    assert len(calls) == 1  # the second mapped the file
    _weights_counting(tmp_path, computed, calls, digest="d2")  # another pickle
    assert len(calls) == 2
    path = tmp_path / CACHE_NAME
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the payload
    tables = _weights_counting(tmp_path, computed, calls, digest="d2")[0]
    assert len(calls) == 3 and np.array_equal(tables, computed._tables)
    path.write_bytes(data[: len(data) // 2])  # torn
    _weights_counting(tmp_path, computed, calls, digest="d2")
    assert len(calls) == 4
    _weights_counting(tmp_path, computed, calls, digest="d2")
    assert len(calls) == 4  # rewritten whole


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_computes_them(tmp_path: Path, computed: PolyphoneModel) -> None:
    tmp_path.chmod(0o500)
    try:
        model = PolyphoneModel(tmp_path)
        assert not (tmp_path / CACHE_NAME).exists()
        assert _same_weights(computed, model)
    finally:
        tmp_path.chmod(0o700)


def test_a_file_at_the_place_that_cannot_be_replaced_computes_them(
    tmp_path: Path, computed: PolyphoneModel
) -> None:
    (tmp_path / CACHE_NAME).mkdir()  # a folder where the file goes
    model = PolyphoneModel(tmp_path)
    assert _same_weights(computed, model)
    assert polyphone_weights._mapped(tmp_path / CACHE_NAME, "x") is None
