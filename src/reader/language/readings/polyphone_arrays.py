"""The polyphone model's arrays: derived from g2pM's checkpoint once, then mapped from the cache.

The model (:mod:`reader.language.readings.polyphone_model`) runs on arrays derived from g2pM's
weights: for each LSTM direction a table of every character's input projection (embedding @
W_ih + both biases, the gates' columns halved), the recurrent weights (halved), and the two
output layers. Deriving them means unpickling the checkpoint and a product over the 5,398
characters' embeddings; done in place (no temporary copy of a table), then written to
``polyphone.bin`` in the cache folder (:mod:`reader.paths.cache_file`'s format: a header line
naming the sources and the payload's SHA-256, the payload, written atomically).

Later loads read that file instead: no pickle is read, nothing is computed. The input tables
(5.3 MiB, nearly all of it) are read a row at a time, the first time a text holds the row's
character (:class:`TableRows`), into memory that is resident only where written: the article's
648 characters make 1.8 MiB of it. (Mapping the file was tried: the kernel maps a file's cached
pages around each one touched, so one row brought in the whole table.) The arrays are the bytes
this process would compute (the stamp names the checkpoint's hash and numpy's version), so
readings are the same either way. A damaged, stale or unreadable file is rebuilt; a read-only
cache folder gives arrays in memory.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import threading
import weakref
from collections.abc import Callable
from io import BufferedReader
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.paths.cache_file import write_cache_file

CACHE_NAME = "polyphone.bin"

#: Bump when the derivation changes (the arrays, their order or their layout).
FORMAT = 1

#: The payload starts at a multiple of this (the header line is padded): arrays aligned.
_ALIGN = 64

FloatArray = npt.NDArray[np.float32]

#: The arrays, in file order: name → its shape, from the checkpoint's sizes.
NAMES = ("tables", "w_hh", "fc0_w", "fc0_b", "fc1_w", "fc1_b")


def stamp(checkpoint_sha256: str) -> str:
    """What the cached arrays were derived from and by what (numpy's products)."""
    return f"g2pM checkpoint {checkpoint_sha256}; numpy {np.__version__}; format {FORMAT}"


def derive(state: dict[str, Any]) -> dict[str, FloatArray]:
    """The model's arrays from g2pM's checkpoint ``state`` (its ``np_ckpt.pkl``).

    Each table is computed in its place in the stacked array, in the same operations as the
    expression ``(emb @ w_ih.T + bias) * half`` and so to the same bits, with no temporary.
    """

    def weight(key: str) -> FloatArray:
        return np.ascontiguousarray(state[key], dtype=np.float32)

    emb = weight("embedding.weight")
    size = weight("lstm.weight_hh_l0").shape[1]
    half = np.full(4 * size, 0.5, dtype=np.float32)
    half[2 * size : 3 * size] = 1.0  # the cell input keeps tanh; i, f, o: σ via tanh
    tables = np.empty((2, emb.shape[0], 4 * size), dtype=np.float32)
    w_hh = np.empty((2, size, 4 * size), dtype=np.float32)
    for d, suffix in enumerate(("", "_reverse")):
        w_ih = weight(f"lstm.weight_ih_l0{suffix}")
        bias = weight(f"lstm.bias_ih_l0{suffix}") + weight(f"lstm.bias_hh_l0{suffix}")
        np.matmul(emb, w_ih.T, out=tables[d])
        tables[d] += bias
        tables[d] *= half
        np.multiply(weight(f"lstm.weight_hh_l0{suffix}").T, half, out=w_hh[d])
    return {
        "tables": tables,  # [direction, character, 4h]: every character's input projection
        "w_hh": w_hh,  # [direction, h, 4h]
        "fc0_w": weight("logit_layer.0.weight").T.copy(),
        "fc0_b": weight("logit_layer.0.bias"),
        #: The output layer by class: [class, hidden] (a candidate's logit is one row's dot).
        "fc1_w": weight("logit_layer.2.weight"),
        "fc1_b": weight("logit_layer.2.bias"),
    }


def write(path: Path, stamp_: str, arrays: dict[str, FloatArray]) -> None:
    """``arrays`` to ``path`` (atomically), the payload aligned to :data:`_ALIGN` bytes."""
    header: dict[str, Any] = {
        "stamp": stamp_,
        "shapes": [list(arrays[name].shape) for name in NAMES],
    }
    # write_cache_file adds the payload's sha256 (64 hex digits) and a newline: pad the line
    # so that the payload starts aligned.
    line = json.dumps({**header, "pad": "", "sha256": "0" * 64})
    header["pad"] = " " * (-(len(line.encode("utf-8")) + 1) % _ALIGN)
    pieces = [np.ascontiguousarray(arrays[name], dtype=np.float32).tobytes() for name in NAMES]
    write_cache_file(path, header, pieces, prefix=".polyphone-")


class TableRows:
    """The input tables [direction, character, 4h], whose rows are filled on demand.

    Over a file: the rows are read from ``source`` (the verified cache file, kept open) at
    ``offset`` into an anonymous map, which the system keeps resident only where written.
    Over an array (derived in this process): all rows are there already. :meth:`need` is
    called with a batch's character ids before the tables are read; one instance may serve
    several threads.
    """

    def __init__(
        self,
        array: FloatArray | None = None,
        *,
        source: BufferedReader | None = None,
        offset: int = 0,
        shape: tuple[int, ...] = (),
    ) -> None:
        self._source = source
        self._offset = offset
        self._lock = threading.Lock()
        if source is not None:  # closed with the tables (no unclosed file left to warn about)
            weakref.finalize(self, source.close)
        if array is not None:
            self.array: FloatArray = array
            self._missing = np.zeros(array.shape[1], dtype=bool)
            return
        memory = mmap.mmap(-1, 4 * int(np.prod(shape)))  # zero pages until written
        self.array = np.frombuffer(memory, dtype=np.float32).reshape(shape)
        self._missing = np.ones(shape[1], dtype=bool)

    def need(self, ids: npt.NDArray[np.intp]) -> None:
        """Make sure the rows of the characters ``ids`` are in the tables."""
        wanted = np.unique(ids)
        if not self._missing[wanted].any():
            return
        with self._lock:
            missing = wanted[self._missing[wanted]]
            if missing.size == 0 or self._source is None:
                return
            directions, characters, width = self.array.shape
            row = 4 * width
            source = self._source
            for d in range(directions):
                for i in missing.tolist():
                    source.seek(self._offset + (d * characters + i) * row)
                    if source.readinto(memoryview(self.array[d, i]).cast("B")) != row:
                        raise OSError("the polyphone model's cache file was cut short")
            self._missing[missing] = False


def read(path: Path, stamp_: str) -> tuple[TableRows, dict[str, FloatArray]] | None:
    """The tables (rows read on demand) and the other arrays from ``path`` if it was made from
    ``stamp_`` and is intact; else None. The checksum is computed through one small buffer;
    the file stays open for the tables' rows (a file that replaces it later is another one)."""
    fh: BufferedReader | None = None
    try:
        fh = open(path, "rb")  # noqa: SIM115 - kept open for the rows, or closed below
        first = fh.readline(1 << 16)
        header = json.loads(first)
        if not isinstance(header, dict) or header.get("stamp") != stamp_:
            return None
        start = len(first)
        digest = hashlib.sha256()
        buffer = bytearray(1 << 16)  # one small buffer, reused: no megabytes left behind
        with memoryview(buffer) as view:
            while count := fh.readinto(buffer):
                digest.update(view[:count])
        if digest.hexdigest() != header.get("sha256"):
            return None
        shapes = [tuple(int(n) for n in shape) for shape in header["shapes"]]
        sizes = [4 * int(np.prod(shape)) for shape in shapes]
        if start + sum(sizes) != fh.tell():
            return None
        arrays: dict[str, FloatArray] = {}
        offset = start + sizes[0]
        for name, shape, size in zip(NAMES[1:], shapes[1:], sizes[1:], strict=True):
            fh.seek(offset)
            arrays[name] = np.frombuffer(fh.read(size), dtype=np.float32).reshape(shape)
            offset += size
        tables = TableRows(source=fh, offset=start, shape=shapes[0])
        fh = None  # the tables own it now
        return tables, arrays
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    finally:
        if fh is not None:
            fh.close()


def load(
    cache_dir: Path, checkpoint_sha256: str, checkpoint: Callable[[], Any]
) -> tuple[TableRows, dict[str, FloatArray]]:
    """The model's input tables and its other arrays: from ``cache_dir``'s file when it holds
    them, else derived from ``checkpoint()`` (g2pM's state, read and checked only then) and
    cached."""
    path = Path(cache_dir) / CACHE_NAME
    made_from = stamp(checkpoint_sha256)
    cached = read(path, made_from)
    if cached is not None:
        return cached
    arrays = derive(checkpoint())
    try:
        write(path, made_from, arrays)
    except OSError:  # a read-only cache folder: derived again next time
        return TableRows(arrays.pop("tables")), arrays
    # read back: a first run holds what later ones do
    return read(path, made_from) or (TableRows(arrays.pop("tables")), arrays)
