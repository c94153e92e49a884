"""The polyphone model's arrays: derived to the same bits as before, cached, mapped back."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reader.language.readings import polyphone_arrays
from reader.language.readings.polyphone_model import PICKLE_SHA256, PolyphoneModel, _load

SHA = PICKLE_SHA256["np_ckpt.pkl"]


@pytest.fixture(scope="module")
def state() -> dict[str, Any]:
    loaded: dict[str, Any] = _load("np_ckpt.pkl")
    return loaded


def _expected(state: dict[str, Any]) -> dict[str, np.ndarray]:
    """The arrays as the model computed them before they were cached (copied expressions)."""

    def weight(key: str) -> np.ndarray:
        return np.ascontiguousarray(state[key], dtype=np.float32)

    emb = weight("embedding.weight")
    tables, recurrent = [], []
    for suffix in ("", "_reverse"):
        w_ih, w_hh = weight(f"lstm.weight_ih_l0{suffix}"), weight(f"lstm.weight_hh_l0{suffix}")
        bias = weight(f"lstm.bias_ih_l0{suffix}") + weight(f"lstm.bias_hh_l0{suffix}")
        size = w_hh.shape[1]
        half = np.full(4 * size, 0.5, dtype=np.float32)
        half[2 * size : 3 * size] = 1.0
        tables.append(np.ascontiguousarray((emb @ w_ih.T + bias) * half))
        recurrent.append(np.ascontiguousarray(w_hh.T * half))
    return {
        "tables": np.stack(tables),
        "w_hh": np.stack(recurrent),
        "fc0_w": weight("logit_layer.0.weight").T.copy(),
        "fc0_b": weight("logit_layer.0.bias"),
        "fc1_w": weight("logit_layer.2.weight"),
        "fc1_b": weight("logit_layer.2.bias"),
    }


def _whole(loaded: tuple[polyphone_arrays.TableRows, dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Every array, the tables with all their rows read."""
    rows, arrays = loaded
    rows.need(np.arange(rows.array.shape[1]))
    return {"tables": rows.array, **arrays}


def _same_bits(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return a.keys() == b.keys() and all(
        a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and a[k].tobytes() == b[k].tobytes()
        for k in a
    )


def test_derived_in_place_to_the_same_bits_as_the_expressions(state: dict[str, Any]) -> None:
    derived = polyphone_arrays.derive(state)
    assert list(derived) == list(polyphone_arrays.NAMES)
    assert derived["tables"].shape == (2, 5398, 128)
    assert _same_bits(derived, _expected(state))


def test_cached_then_read_back_identical(tmp_path: Path, state: dict[str, Any]) -> None:
    calls: list[int] = []

    def checkpoint() -> dict[str, Any]:
        calls.append(1)
        return state

    first = _whole(polyphone_arrays.load(tmp_path, SHA, checkpoint))
    second = _whole(polyphone_arrays.load(tmp_path, SHA, checkpoint))
    assert calls == [1]  # the second load read no checkpoint
    assert _same_bits(first, _expected(state)) and _same_bits(second, first)
    assert (tmp_path / polyphone_arrays.CACHE_NAME).is_file()


def test_the_tables_rows_are_read_when_needed_and_only_then(
    tmp_path: Path, state: dict[str, Any]
) -> None:
    polyphone_arrays.load(tmp_path, SHA, lambda: state)
    rows, _arrays = polyphone_arrays.load(tmp_path, SHA, lambda: state)
    expected = _expected(state)["tables"]
    assert not rows.array.any()  # nothing read yet
    ids = np.array([[2, 6, 6, 5397], [3, 0, 0, 0]], dtype=np.intp)
    rows.need(ids)
    read = [0, 2, 3, 6, 5397]
    assert rows.array[:, read].tobytes() == expected[:, read].tobytes()
    others = np.setdiff1d(np.arange(expected.shape[1]), read)
    assert not rows.array[:, others].any()
    rows.need(ids)  # again: nothing to read
    assert rows.array[:, read].tobytes() == expected[:, read].tobytes()
    source = rows._source
    assert source is not None and not source.closed
    del rows
    gc.collect()
    assert source.closed  # the file goes with the tables


def test_a_damaged_or_stale_file_is_derived_again(tmp_path: Path, state: dict[str, Any]) -> None:
    polyphone_arrays.load(tmp_path, SHA, lambda: state)
    path = tmp_path / polyphone_arrays.CACHE_NAME
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    assert polyphone_arrays.read(path, polyphone_arrays.stamp(SHA)) is None
    assert _same_bits(_whole(polyphone_arrays.load(tmp_path, SHA, lambda: state)), _expected(state))
    assert polyphone_arrays.read(path, polyphone_arrays.stamp(SHA)) is not None  # rewritten
    assert polyphone_arrays.read(path, polyphone_arrays.stamp("another checkpoint")) is None
    path.write_bytes(b"")
    assert polyphone_arrays.read(path, polyphone_arrays.stamp(SHA)) is None
    path.write_bytes(b"not json\n" + bytes(64))
    assert polyphone_arrays.read(path, polyphone_arrays.stamp(SHA)) is None
    good = _whole(polyphone_arrays.load(tmp_path, SHA, lambda: state))
    assert _same_bits(good, _expected(state))
    path.write_bytes(path.read_bytes()[:-4])  # cut short: its checksum no longer matches
    assert polyphone_arrays.read(path, polyphone_arrays.stamp(SHA)) is None


def test_a_cache_folder_that_cannot_be_written_gives_arrays_in_memory(
    tmp_path: Path, state: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(polyphone_arrays, "write", refused)
    arrays = _whole(polyphone_arrays.load(tmp_path, SHA, lambda: state))
    assert _same_bits(arrays, _expected(state))
    assert not (tmp_path / polyphone_arrays.CACHE_NAME).exists()


def test_the_model_reads_the_same_from_its_cache_as_when_it_derives(tmp_path: Path) -> None:
    sentences = ["我们行不行还要看他长得怎么样。", "银行的行长说了算", "重新开始，重要的事"]
    built = PolyphoneModel(tmp_path).predict(sentences)
    mapped = PolyphoneModel(tmp_path).predict(sentences)
    assert built == mapped
    assert [(g.position, g.best) for g in built[2][:2]] == [(0, "chong2"), (5, "zhong4")]
