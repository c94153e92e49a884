"""The polyphone model's load: the same weights as g2pM's formula, in less memory."""

from __future__ import annotations

import tracemalloc

import numpy as np

from reader.language.polyphone import model as polyphone_model
from reader.language.polyphone.model import PolyphoneModel, _numbered


def _reference_tables() -> tuple[np.ndarray, np.ndarray]:
    """The input tables and recurrent weights as they were first computed (per direction,
    then stacked): the model's must be the same bits, so its readings are the same."""
    state = polyphone_model._load("np_ckpt.pkl")
    emb = state["embedding.weight"].astype(np.float32)
    tables, recurrent = [], []
    for suffix in ("", "_reverse"):
        w_ih = state[f"lstm.weight_ih_l0{suffix}"].astype(np.float32)
        w_hh = state[f"lstm.weight_hh_l0{suffix}"].astype(np.float32)
        bias = state[f"lstm.bias_ih_l0{suffix}"] + state[f"lstm.bias_hh_l0{suffix}"]
        size = w_hh.shape[1]
        half = np.full(4 * size, 0.5, dtype=np.float32)
        half[2 * size : 3 * size] = 1.0
        tables.append((emb @ w_ih.T + bias) * half)
        recurrent.append(w_hh.T * half)
    return np.stack(tables), np.stack(recurrent)


def test_the_tables_written_in_place_are_the_formula_s_bits() -> None:
    model = PolyphoneModel()
    tables, recurrent = _reference_tables()
    assert model._tables.flags.c_contiguous and model._w_hh.flags.c_contiguous
    assert model._tables.dtype == np.float32 and model._w_hh.dtype == np.float32
    assert model._tables.tobytes() == tables.tobytes()
    assert model._w_hh.tobytes() == recurrent.tobytes()


def test_the_digest_is_held_once_with_one_string_per_syllable() -> None:
    model = PolyphoneModel()
    digest = polyphone_model._load("digest_cedict.pkl")
    assert model.cedict == {ch: tuple(map(_numbered, prons)) for ch, prons in digest.items()}
    readings = [r for prons in model.cedict.values() for r in prons]
    assert len({id(r) for r in readings}) == len(set(readings))  # 1,337 strings, not 11,637
    assert model.candidates("率") == ("lv4", "shuai4")
    assert model.candidates("率") is model.cedict["率"]
    assert model.char2idx == polyphone_model._load("char2idx.pkl")


def test_loading_the_model_peaks_near_what_it_keeps() -> None:
    PolyphoneModel()  # imports and BLAS set-up out of the way
    tracemalloc.start()
    try:
        model = PolyphoneModel()
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert model.is_polyphone("行")
    mib = 1 << 20
    # 2 × 5,398 × 128 float32 input tables (5.3 MiB) and the dictionaries: ~7.7 MiB kept,
    # ~9.5 at the peak (before: 9.6 kept, 17.6 at the peak: temporaries, a stacked copy,
    # two copies of the digest)
    assert kept < 8.5 * mib
    assert peak < 11 * mib
