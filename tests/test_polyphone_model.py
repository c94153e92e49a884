"""The polyphone model's batched prediction: a batch reads each sentence as it is read alone,
the model is shown only its vocabulary's characters, and the recurrent loop computes the
LSTM's equations."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from reader.language.polyphone.model import PolyphoneGuess, PolyphoneModel
from reader.language.readings.readings import _model


@pytest.fixture(scope="module")
def model() -> PolyphoneModel:
    return _model()


def _outside_vocabulary(model: PolyphoneModel, count: int) -> str:
    """``count`` characters the model has no id for (nor chooses a reading for)."""
    found = [
        ch for ch in "QZxjÅ☃ДשאŁ" if ch not in model.char2idx and not model.is_polyphone(ch)
    ]
    assert len(found) >= count
    return "".join(found[:count])


def _same(a: list[PolyphoneGuess], b: list[PolyphoneGuess]) -> None:
    assert [(g.position, g.readings) for g in a] == [(g.position, g.readings) for g in b]
    for x, y in zip(a, b, strict=True):
        assert x.probabilities == pytest.approx(y.probabilities, abs=1e-6)


def test_a_batch_reads_each_sentence_as_alone(model: PolyphoneModel) -> None:
    unknown_polyphone = next(ch for ch in "㝵㲈䕭丌" if model.is_polyphone(ch))
    assert unknown_polyphone not in model.char2idx
    sentences = [
        "他在银行工作，行不行？",
        "",
        "我们今天",
        "我吃了饭。",
        "DeepSeek还在Huggingface上发布了模型",
        f"这{unknown_polyphone}字不在词表里，还是要读",
        "𠀀长大了\udc80还长",
        "长",
        "重要的是重新开始，看得很重",
    ]
    batch = model.predict(sentences)
    assert len(batch) == len(sentences)
    for sentence, guesses in zip(sentences, batch, strict=True):
        _same(guesses, model.predict([sentence])[0])
        assert [g.position for g in guesses] == [
            i for i, ch in enumerate(sentence) if model.is_polyphone(ch)
        ]
        for g in guesses:
            assert set(g.readings) == set(model.candidates(sentence[g.position]))
            assert list(g.probabilities) == sorted(g.probabilities, reverse=True)
            assert sum(g.probabilities) == pytest.approx(1.0)
    assert batch[1] == [] and batch[2] == []


def test_the_model_is_shown_only_its_vocabulary(model: PolyphoneModel) -> None:
    """Characters outside the vocabulary are left out, not read as <UNK>: the guesses of a
    sentence with them are those of the sentence without them (positions aside)."""
    strange = _outside_vocabulary(model, 3)
    plain = "还在上发布了新的模型，长得很快"
    mixed = strange + "还在" + strange[:2] + "上发布了" + strange + "新的模型，长得很快" + strange
    kept = model._model_positions(mixed)
    assert "".join(mixed[p] for p in kept) == plain
    ours, reference = model.predict([mixed, plain])
    assert [g.readings for g in ours] == [g.readings for g in reference]
    for x, y in zip(ours, reference, strict=True):
        assert x.probabilities == pytest.approx(y.probabilities, abs=1e-6)
        assert mixed[x.position] == plain[y.position]


def _reference_lstm(
    model: PolyphoneModel, ids: npt.NDArray[np.intp], rev_ids: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """The LSTM written as its equations, σ computed from the halved gates at each step."""
    tables, w_hh = model._tables, model._w_hh
    batch, width = ids.shape
    size = w_hh.shape[1]
    states = []
    for d, steps in enumerate((ids, rev_ids)):
        h = np.zeros((batch, size), dtype=np.float32)
        c = np.zeros((batch, size), dtype=np.float32)
        out = np.empty((width, batch, size), dtype=np.float32)
        for t in range(width):
            gates = tables[d][steps[:, t]] + h @ w_hh[d]
            squashed = np.tanh(gates)
            sig = (squashed + 1.0) * 0.5
            i, f, o = sig[:, :size], sig[:, size : 2 * size], sig[:, 3 * size :]
            c = f * c + i * squashed[:, 2 * size : 3 * size]
            h = o * np.tanh(c)
            out[t] = h
        states.append(out)
    return states[0], states[1]


def test_the_recurrent_loop_computes_the_equations(model: PolyphoneModel) -> None:
    rng = np.random.default_rng(7)
    ids = rng.integers(0, model._tables.shape[1], size=(37, 23)).astype(np.intp)
    rev_ids = rng.integers(0, model._tables.shape[1], size=(37, 23)).astype(np.intp)
    fw, bw = model._run_both(ids, rev_ids)
    ref_fw, ref_bw = _reference_lstm(model, ids, rev_ids)
    # the same operations up to exact halvings: the same bits
    np.testing.assert_array_equal(fw, ref_fw)
    np.testing.assert_array_equal(bw, ref_bw)
