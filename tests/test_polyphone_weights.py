"""The polyphone model's weights kept in the cache folder: the same bits and readings, the
input tables' rows read as the characters come, rebuilt when stale or damaged, computed when
the folder cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from reader.language.polyphone.model import PolyphoneModel
from reader.language.polyphone.weights import CACHE_NAME, InputTables, cached_weights

SENTENCES = ["他还没有还钱。", "我们会一起去银行，行不行？", "這個長頭髮的人長大了。", "着火了，别着急"]


@pytest.fixture(scope="module")
def computed() -> PolyphoneModel:
    return PolyphoneModel()


def _same(x: np.ndarray, y: np.ndarray) -> bool:
    return x.shape == y.shape and x.dtype == y.dtype and x.tobytes() == y.tobytes()


def _same_weights(a: PolyphoneModel, b: PolyphoneModel) -> bool:
    count = a._tables.shape[1]
    tables = b._input.with_rows(np.arange(count, dtype=np.intp))
    small = zip((a._w_hh, *a._fc0, *a._fc1), (b._w_hh, *b._fc0, *b._fc1), strict=True)
    return _same(a._tables, tables) and all(_same(x, y) for x, y in small)


def test_the_cached_weights_are_the_computed_bits_and_read_the_same(
    tmp_path: Path, computed: PolyphoneModel
) -> None:
    first = PolyphoneModel(tmp_path)  # computes and stores them
    assert (tmp_path / CACHE_NAME).is_file()
    again = PolyphoneModel(tmp_path)  # reads what the first stored
    assert again.predict(SENTENCES) == computed.predict(SENTENCES)
    assert again.predict(SENTENCES[::-1]) == computed.predict(SENTENCES[::-1])
    for model in (first, again):
        assert _same_weights(computed, model)


def test_only_the_rows_of_the_characters_read_are_read(tmp_path: Path, computed: PolyphoneModel) -> None:
    PolyphoneModel(tmp_path)
    model = PolyphoneModel(tmp_path)
    assert not model._input._read.any() and not model._tables.any()  # nothing read yet
    model.predict(["他还没有还钱。"])
    read = np.flatnonzero(model._input._read)
    wanted = {computed.char2idx[ch] for ch in "他还没有还钱。"}
    assert set(read.tolist()) >= wanted and len(read) <= len(wanted) + 3  # <BOS>, <EOS>, <PAD>
    assert _same(model._tables[:, read], computed._tables[:, read])
    unread = np.flatnonzero(~model._input._read)
    assert not model._tables[:, unread].any()  # the others: still the system's zero pages


def _weights_counting(tmp_path: Path, computed: PolyphoneModel, calls: list[int], digest: str = "d1"):  # type: ignore[no-untyped-def]
    def compute():  # type: ignore[no-untyped-def]
        calls.append(1)
        return computed._tables, computed._w_hh, computed._fc0, computed._fc1

    found = cached_weights(tmp_path, digest, compute)
    return found[0].with_rows(np.arange(computed._tables.shape[1], dtype=np.intp))


def test_a_stale_damaged_or_torn_file_is_computed_again(tmp_path: Path, computed: PolyphoneModel) -> None:
    calls: list[int] = []
    _weights_counting(tmp_path, computed, calls)
    assert _same(_weights_counting(tmp_path, computed, calls), computed._tables)
    assert len(calls) == 1  # the second read the file
    _weights_counting(tmp_path, computed, calls, digest="d2")  # another pickle
    assert len(calls) == 2
    path = tmp_path / CACHE_NAME
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the payload
    assert _same(_weights_counting(tmp_path, computed, calls, digest="d2"), computed._tables)
    assert len(calls) == 3
    path.write_bytes(data[: len(data) // 2])  # torn
    _weights_counting(tmp_path, computed, calls, digest="d2")
    assert len(calls) == 4
    _weights_counting(tmp_path, computed, calls, digest="d2")
    assert len(calls) == 4  # written whole again


def test_computed_tables_have_every_row() -> None:
    tables = np.ones((2, 3, 8), dtype=np.float32)
    made = InputTables.computed(tables)
    assert made.with_rows(np.array([0, 2], dtype=np.intp)) is tables


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_computes_them(tmp_path: Path, computed: PolyphoneModel) -> None:
    tmp_path.chmod(0o500)
    try:
        model = PolyphoneModel(tmp_path)
        assert not (tmp_path / CACHE_NAME).exists()
        assert _same_weights(computed, model)
    finally:
        tmp_path.chmod(0o700)


def test_a_folder_where_the_file_goes_computes_them(tmp_path: Path, computed: PolyphoneModel) -> None:
    (tmp_path / CACHE_NAME).mkdir()
    model = PolyphoneModel(tmp_path)
    assert _same_weights(computed, model)
    assert model.predict(SENTENCES) == computed.predict(SENTENCES)


def test_reading_rows_does_not_import_numpy_ma(tmp_path: Path) -> None:
    """``np.unique`` imports numpy.ma (~1 MiB of a session's memory): the rows go without."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from reader.language.polyphone.model import PolyphoneModel\n"
        "PolyphoneModel(Path(sys.argv[1]))\n"
        "model = PolyphoneModel(Path(sys.argv[1]))\n"
        "assert model.predict(['他还没有还钱。'])[0]\n"
        "print('numpy.ma' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
