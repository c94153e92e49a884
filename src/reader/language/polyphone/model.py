"""The g2pM polyphone model (a one-layer BiLSTM in numpy), batched, with probabilities.

g2pM (Park & Lee, Interspeech 2020) reads each sentence with a BiLSTM and classifies every
polyphonic character into one of 876 readings. Its own ``__call__`` handles one sentence at a
time and returns only the argmax over *all* classes. This wrapper reuses the package's
weights and dictionaries but:

* runs many sentences per batch (input projections precomputed for all time steps at once),
  in float32, which makes a 640k-character text a matter of seconds;
* returns, for each polyphonic position, the softmax probabilities restricted to the readings
  the character actually has (g2pM's CC-CEDICT digest), so callers can weigh the model's
  confidence against other evidence; readings come in the project's numbered form (``lv4``,
  where CC-CEDICT and the model's classes write ``lu:4``);
* shows the model only the characters of its vocabulary (see :meth:`_model_positions`).

The model object is read-only after construction: one instance may serve several threads.
"""

from __future__ import annotations

import pickle
import re
import threading
from collections.abc import Sequence
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from reader.language.polyphone.weights import cached_weights
from reader.paths.digests import blake2b

_BOS = "시"
_EOS = "끝"
_UNK = "<UNK>"

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]


class PolyphoneGuess(NamedTuple):
    """The model's view of one polyphonic character: candidate readings, most likely first.
    (A named tuple: a long text makes one for every polyphone, and a frozen dataclass takes
    twice as long to make.)"""

    position: int
    readings: tuple[str, ...]
    probabilities: tuple[float, ...]

    @property
    def best(self) -> str:
        return self.readings[0]

    @property
    def confidence(self) -> float:
        return self.probabilities[0]

    def probability_of(self, reading: str) -> float:
        """The probability of ``reading`` (0.0 when it is not a candidate)."""
        for r, p in zip(self.readings, self.probabilities, strict=True):
            if r == reading:
                return p
        return 0.0


#: BLAKE2b (32 bytes) of g2pM 0.1.2.5's pickles (pyproject pins that release exactly; their
#: SHA-256 are in tests/test_polyphone_pickles.py). pickle runs code from the file it reads, so
#: only these bytes are ever unpickled: a changed or replaced file (another release installed
#: over the pin, a tampered site-packages) is refused. BLAKE2b: Python's own, where hashlib's
#: SHA-256 loads OpenSSL (:mod:`reader.paths.digests`).
PICKLE_BLAKE2B = {
    "char2idx.pkl": "a8200cece291583c2e5232fa1a33e5fab966c34a6d10fef964a6a3dc0f8f334d",
    "class2idx.pkl": "518b07098ee20525b3f9bf80617fd6c382e51a0b12d1dfadbbe703a2d5e349e4",
    "digest_cedict.pkl": "cefcb5140f80d765215eef92fd23d2824d5163c8214070f28ea808a42466e3ea",
    "np_ckpt.pkl": "602c987d39ded6efc373b6dc3929e154a532e02e3853e83544c715c5366b15df",
}


class ModelDataError(RuntimeError):
    """g2pM's data is not the reviewed release's: it is not unpickled."""


def _load(name: str) -> Any:
    data = files("g2pM").joinpath(name).read_bytes()
    digest = blake2b()
    digest.update(data)
    if digest.hexdigest() != PICKLE_BLAKE2B.get(name):
        raise ModelDataError(
            f"g2pM's {name} is not the one of the reviewed release 0.1.2.5; it is not loaded "
            "(reinstall with: pip install 'g2pM==0.1.2.5')"
        )
    return pickle.loads(data)  # noqa: S301 - checked against the reviewed release's hash


def _numbered(reading: str) -> str:
    """A CC-CEDICT syllable in the project's numbered form: ``lu:4`` → ``lv4``."""
    return reading.replace("u:", "v")


_BLAS_LOCK = threading.Lock()
_blas_limited = False


def single_threaded_blas() -> None:
    """BLAS on one thread from now on, for the whole process (threadpoolctl; done once).

    The model's products are tiny; OpenBLAS's thread pool gains nothing on them and, when
    another process holds a core, its threads wait for each other (11–42 s instead of 4.5 s
    for 600k characters). Set once and never restored: nothing else in the reader uses BLAS,
    and a limit set and restored around each batch by several worker threads at once would
    race (one thread's restore lifting another's limit in the middle of its products).
    """
    global _blas_limited
    with _BLAS_LOCK:
        if not _blas_limited:
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")
            _blas_limited = True


def _weights(
    state: dict[str, Any],
) -> tuple[FloatArray, FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]:
    """The BiLSTM's input tables and recurrent weights, [direction, …] each, and the output
    layers, from g2pM's state dict (emptied as it is read).

    Every character's input projection (embedding @ W_ih + bias), once, gates halved: the
    sigmoid gates' columns are halved exactly, σ(x) = (tanh(x/2) + 1) / 2 (the cell input
    keeps tanh). The tables (2 × 5,398 × 128 float32) are written in place, one direction at a
    time: no temporaries of their size, no stacked copy.
    """

    def weight(key: str) -> FloatArray:
        return np.ascontiguousarray(state.pop(key), dtype=np.float32)

    emb = weight("embedding.weight")
    size = state["lstm.weight_hh_l0"].shape[1]
    half = np.full(4 * size, 0.5, dtype=np.float32)
    half[2 * size : 3 * size] = 1.0
    tables = np.empty((2, emb.shape[0], 4 * size), dtype=np.float32)  # [direction, char, 4h]
    w_hh = np.empty((2, size, 4 * size), dtype=np.float32)  # [direction, h, 4h]
    for d, suffix in enumerate(("", "_reverse")):
        np.matmul(emb, weight(f"lstm.weight_ih_l0{suffix}").T, out=tables[d])
        tables[d] += weight(f"lstm.bias_ih_l0{suffix}") + weight(f"lstm.bias_hh_l0{suffix}")
        tables[d] *= half
        np.multiply(weight(f"lstm.weight_hh_l0{suffix}").T, half, out=w_hh[d])
    del emb
    fc0 = (weight("logit_layer.0.weight").T.copy(), weight("logit_layer.0.bias"))
    #: The output layer by class: [class, hidden] (a candidate's logit is one row's dot).
    fc1 = (weight("logit_layer.2.weight"), weight("logit_layer.2.bias"))
    return tables, w_hh, fc0, fc1


class PolyphoneModel:
    """g2pM's weights and dictionaries, with a batched prediction that returns probabilities."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        """``cache_dir``: where the computed weights are kept and read from
        (:mod:`~reader.language.polyphone.weights`); None computes them."""
        single_threaded_blas()
        # The weights first (their pickle gone before the dictionaries are read), written in place
        self._input, self._w_hh, self._fc0, self._fc1 = cached_weights(
            cache_dir, PICKLE_BLAKE2B["np_ckpt.pkl"], lambda: _weights(_load("np_ckpt.pkl"))
        )
        self._tables = self._input.array  # a cached file's rows read as characters come
        class2idx: dict[str, int] = _load("class2idx.pkl")
        digest: dict[str, list[str]] = _load("digest_cedict.pkl")
        # One string per syllable and one tuple per list of readings (the pickle has a string
        # for each of the 11,637 readings of its 10,752 characters).
        syllables: dict[str, str] = {}
        lists: dict[tuple[str, ...], tuple[str, ...]] = {}

        def shared(prons: Sequence[str]) -> tuple[str, ...]:
            numbered = tuple(syllables.setdefault(r, r) for r in map(_numbered, prons))
            return lists.setdefault(numbered, numbered)

        # Candidate class indices of every polyphonic character known to the classifier.
        self._candidates: dict[str, tuple[tuple[str, ...], npt.NDArray[np.intp]]] = {}
        # The model's classes are CC-CEDICT syllables (lu:4); the readings it returns are not.
        for ch, prons in digest.items():
            known = [p for p in prons if p in class2idx]
            if len(prons) > 1 and len(known) > 1:
                idx = np.array([class2idx[p] for p in known], dtype=np.intp)
                self._candidates[ch] = (shared(known), idx)
        #: Character → readings (g2pM's CC-CEDICT digest) in the project's form: ``lu:4`` → ``lv4``.
        self.cedict: dict[str, tuple[str, ...]] = {ch: shared(p) for ch, p in digest.items()}
        del digest, class2idx
        # the vocabulary's characters as the digest's string objects (5,152 of its 5,398)
        chars = {ch: ch for ch in self.cedict}
        self.char2idx: dict[str, int] = {
            chars.get(ch, ch): i for ch, i in _load("char2idx.pkl").items()
        }
        del chars
        self._unk = self.char2idx[_UNK]
        self._bos = self.char2idx[_BOS]
        self._eos = self.char2idx[_EOS]
        #: Any character the model disambiguates (a regex: a long text is searched in C).
        self.polyphones = re.compile("[" + "".join(map(re.escape, sorted(self._candidates))) + "]")

    def is_polyphone(self, ch: str) -> bool:
        """True when the model disambiguates ``ch`` (it has two or more readings)."""
        return ch in self._candidates

    def candidates(self, ch: str) -> tuple[str, ...]:
        """The readings the model chooses between for ``ch`` (empty when not polyphonic)."""
        entry = self._candidates.get(ch)
        return entry[0] if entry else ()

    def predict(self, sentences: Sequence[str]) -> list[list[PolyphoneGuess]]:
        """For each sentence, a guess for every polyphonic character in it, in text order.

        Sentences are processed together; pass them sorted by length for the least padding.
        BLAS runs on one thread (:func:`single_threaded_blas`, set when the model is loaded):
        the products are small (a batch × 32 by 32 × 128 per step), and OpenBLAS's pool only
        waits for busy cores. The batch's characters are looked up as one array of code points
        (:class:`_CodeTables`), not one by one.
        """
        results: list[list[PolyphoneGuess]] = [[] for _ in sentences]
        search = self.polyphones.search
        rows = [i for i, s in enumerate(sentences) if search(s)]
        if not rows:
            return results
        tables = self._code_tables
        # Every character of the batch's rows, one after the other, as code points.
        joined = "".join([sentences[i] for i in rows])
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        sizes = np.array([len(sentences[i]) for i in rows], dtype=np.intp)
        row_ends = np.cumsum(sizes)
        row_starts = row_ends - sizes
        char_ids = tables.vocabulary_ids(codes)
        candidate = tables.candidate_of(codes)  # the character's entry, -1 for none
        # What the model is shown (_model_positions): its vocabulary's characters and the
        # polyphones (an unknown one as <UNK>), each at step 1 + those shown before it.
        shown = (char_ids >= 0) | (candidate >= 0)
        char_ids[(char_ids < 0) & (candidate >= 0)] = self._unk
        counted = np.cumsum(shown)
        shown_before = counted[row_starts] - shown[row_starts]
        kept = counted[row_ends - 1] - shown_before
        row_of = np.repeat(np.arange(len(rows), dtype=np.intp), sizes)
        step = counted - shown_before[row_of]
        lengths = kept + 2
        width = int(lengths.max())
        ids = np.zeros((len(rows), width), dtype=np.intp)
        ids[:, 0] = self._bos
        at = np.flatnonzero(shown)
        ids[row_of[at], step[at]] = char_ids[at]
        ids[np.arange(len(rows)), kept + 1] = self._eos
        # Each row reversed within its own length; padding stays at the end.
        steps = np.arange(width)
        rev_index = lengths[:, None] - 1 - steps[None, :]
        valid = rev_index >= 0
        rev_ids = np.where(valid, np.take_along_axis(ids, np.maximum(rev_index, 0), 1), 0)

        # The targets: every polyphone, in text order (row, then position).
        at = np.flatnonzero(candidate >= 0)
        t_rows = row_of[at]
        t_steps = step[at]
        entries = candidate[at]
        # Softmax over each character's own candidates, all targets at once: the candidates'
        # logits only (a dot product each, not all 876 classes), in segments of one flat array.
        counts = tables.counts[entries]
        starts = np.zeros(len(at), dtype=np.intp)
        np.cumsum(counts[:-1], out=starts[1:])
        flat_rows = np.repeat(np.arange(len(at), dtype=np.intp), counts)
        flat_refs = tables.offsets[entries][flat_rows] + (
            np.arange(len(flat_rows), dtype=np.intp) - starts[flat_rows]
        )
        flat_cols = tables.classes[flat_refs]
        hidden_fw, hidden_bw = self._run_both(ids, rev_ids)
        fw_h = hidden_fw[t_steps, t_rows]
        bw_h = hidden_bw[lengths[t_rows] - 1 - t_steps, t_rows]
        hidden = np.concatenate([fw_h, bw_h], axis=1)
        h0 = np.maximum(hidden @ self._fc0[0] + self._fc0[1], 0.0)
        w_out, b_out = self._fc1
        logits = np.einsum("ij,ij->i", h0[flat_rows], w_out[flat_cols]) + b_out[flat_cols]
        values = logits.astype(np.float64)
        values = np.exp(values - np.maximum.reduceat(values, starts)[flat_rows])
        probabilities = values / np.add.reduceat(values, starts)[flat_rows]
        # Each target's candidates, most likely first (a stable sort, as argsort's).
        order = np.lexsort((-probabilities, flat_rows))
        readings = list(map(tables.readings.__getitem__, flat_refs[order].tolist()))
        ordered = probabilities[order].tolist()
        bounds = [*starts.tolist(), len(flat_rows)]
        sentence_of = [rows[r] for r in t_rows.tolist()]
        positions = (at - row_starts[t_rows]).tolist()
        for i, pos, a, b in zip(sentence_of, positions, bounds, bounds[1:]):  # noqa: B905
            results[i].append(PolyphoneGuess(pos, tuple(readings[a:b]), tuple(ordered[a:b])))
        return results

    @cached_property
    def _code_tables(self) -> _CodeTables:
        return _CodeTables(self.char2idx, self._candidates)

    def _model_positions(self, sentence: str) -> list[int]:
        """The positions of ``sentence`` the model is shown: characters of its vocabulary.

        CPP's sentences, which the model learnt from, carry no Latin letters (CPP removed them:
        ``（学名：）``); an unknown character would reach the model as an ``<UNK>`` it hardly
        saw (a run of them for every Latin word: DeepSeek還在Huggingface上 read 還 huán). The
        polyphones themselves are always shown. (:meth:`predict` does the same for a whole
        batch at once, on code points.)
        """
        vocabulary, candidates = self.char2idx, self._candidates
        return [
            pos for pos, ch in enumerate(sentence) if ch in vocabulary or ch in candidates
        ]

    def _run_both(self, ids: IntArray, rev_ids: IntArray) -> tuple[FloatArray, FloatArray]:
        """Both LSTM directions, stepped together: the forward one over ``ids``, the backward
        one over ``rev_ids`` [batch, time]; hidden states out, [time, batch, hidden] each.

        The input projections come from per-character tables (no product per step), and the
        two directions share each step's element-wise calls: one ``tanh`` over all gates (the
        sigmoid gates' columns were halved, exactly, at load: σ(x) = (tanh(x/2) + 1) / 2).
        Every call writes into arrays made once per batch, and the halving of σ is done on
        the cell and the hidden state (½·(a·c) = (½a)·c exactly in binary floating point):
        the same bits as computing σ first, with fewer and contiguous element-wise passes.
        """
        tables, w_hh = self._input.with_rows(ids), self._w_hh
        batch, width = ids.shape
        size = w_hh.shape[1]
        h: npt.NDArray[Any] = np.zeros((2, batch, size), dtype=np.float32)
        c: npt.NDArray[Any] = np.zeros((2, batch, size), dtype=np.float32)
        out = np.empty((width, 2, batch, size), dtype=np.float32)
        ids_t, rev_t = np.ascontiguousarray(ids.T), np.ascontiguousarray(rev_ids.T)
        gates = np.empty((2, batch, 4 * size), dtype=np.float32)
        squashed, product = np.empty_like(gates), np.empty_like(gates)
        tanh_c, both = np.empty_like(c), np.empty_like(c)
        # gates becomes tanh + 1 = 2σ for i, f, o; the cell input keeps its tanh (squashed)
        sig_i, sig_f, sig_o = (gates[:, :, k * size : (k + 1) * size] for k in (0, 1, 3))
        cell_in = squashed[:, :, 2 * size : 3 * size]
        take, matmul, tanh, multiply, add = np.take, np.matmul, np.tanh, np.multiply, np.add
        gates_fw, gates_bw, product_fw, product_bw = gates[0], gates[1], product[0], product[1]
        for t in range(width):
            # mode="clip": the ids are valid, and take's default mode buffers its output
            take(tables[0], ids_t[t], axis=0, out=gates_fw, mode="clip")
            take(tables[1], rev_t[t], axis=0, out=gates_bw, mode="clip")
            matmul(h[0], w_hh[0], out=product_fw)
            matmul(h[1], w_hh[1], out=product_bw)
            add(gates, product, out=gates)
            tanh(gates, out=squashed)
            add(squashed, 1.0, out=gates)
            multiply(c, sig_f, out=c)  # c := ½·(2σf·c + 2σi·g) = σf·c + σi·g
            multiply(sig_i, cell_in, out=both)
            add(c, both, out=c)
            multiply(c, 0.5, out=c)
            tanh(c, out=tanh_c)
            h = out[t]
            multiply(sig_o, tanh_c, out=h)  # h := ½·(2σo·tanh c)
            multiply(h, 0.5, out=h)
        return out[:, 0], out[:, 1]


class _CodeTables:
    """The model's dictionaries by code point, for looking up a whole batch in numpy: its
    vocabulary (character → id) and its polyphones (character → an entry of candidate classes
    and readings, laid out flat)."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        candidates: dict[str, tuple[tuple[str, ...], npt.NDArray[np.intp]]],
    ) -> None:
        chars = sorted(ch for ch in vocabulary if len(ch) == 1)
        self.vocabulary_codes = np.array([ord(ch) for ch in chars], dtype=np.uint32)
        self.vocabulary = np.array([vocabulary[ch] for ch in chars], dtype=np.intp)
        polyphones = sorted(candidates)
        self.candidate_codes = np.array([ord(ch) for ch in polyphones], dtype=np.uint32)
        entries = [candidates[ch] for ch in polyphones]
        #: Entry → how many candidates, and where they start in the flat arrays.
        self.counts = np.array([len(e[0]) for e in entries], dtype=np.intp)
        self.offsets = np.zeros(len(entries), dtype=np.intp)
        np.cumsum(self.counts[:-1], out=self.offsets[1:])
        self.classes = np.concatenate([e[1] for e in entries]).astype(np.intp)
        self.readings: list[str] = [r for e in entries for r in e[0]]
        # Both by code point in one array each (int16, ~360 KiB: the highest code is ~0x2C500);
        # its last slot (-1) stands for every code above.
        self._limit = int(max(self.vocabulary_codes.max(), self.candidate_codes.max())) + 1
        self._vocabulary_by_code = self._by_code(self.vocabulary_codes, self.vocabulary)
        self._candidate_by_code = self._by_code(
            self.candidate_codes, np.arange(len(entries), dtype=np.intp)
        )

    def _by_code(self, keys: npt.NDArray[np.uint32], values: IntArray) -> npt.NDArray[np.int16]:
        table = np.full(self._limit + 1, -1, dtype=np.int16)
        assert len(values) == 0 or int(values.max()) < np.iinfo(np.int16).max
        table[keys] = values
        return table

    def vocabulary_ids(self, codes: npt.NDArray[np.uint32]) -> IntArray:
        """The vocabulary id of each code point, -1 for a character outside it."""
        return self._vocabulary_by_code[np.minimum(codes, self._limit)].astype(np.intp)

    def candidate_of(self, codes: npt.NDArray[np.uint32]) -> IntArray:
        """Each code point's polyphone entry, -1 for a character the model does not choose for."""
        return self._candidate_by_code[np.minimum(codes, self._limit)].astype(np.intp)
