"""The polyphone model's weights as the reader computes them, kept in the cache folder and
mapped rather than read.

The model's input tables (every character's input projection: 2 × 5,398 × 128 float32, 5.3
MiB) were computed from g2pM's pickle at each start and held whole, while a text uses few of
their rows (the bundled article 425 of 5,398). Kept in ``polyphone.bin`` in the cache folder
(:func:`reader.paths.cache.default_cache_dir`) they are mapped
(:func:`reader.paths.cache_file.map_cache_file`): only the pages of the characters read come
into memory (the article's about 1 MiB), and the system can take them back, as they are the
file's. The file holds the very bits computed (the same readings, tested), each character's
two directions side by side (one row of 1 KiB: one page holds four characters), rows in g2pM's
order, its most frequent characters first. The file is rebuilt when g2pM's pickle, the format
or the byte order differ; a read-only or broken cache folder means computing at each start,
as before.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reader.paths.cache_file import map_cache_file, write_cache_file

__all__ = ["CACHE_NAME", "Weights", "cached_weights"]

FloatArray = npt.NDArray[np.float32]
#: The input tables [direction, character, 4h], the recurrent weights [direction, h, 4h], and
#: the two output layers (weight, bias) each.
Weights = tuple[FloatArray, FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]

#: Bump when what is stored changes: an older file is then rebuilt.
FORMAT_VERSION = 1
CACHE_NAME = "polyphone.bin"
_NAMES = ("tables", "w_hh", "fc0_w", "fc0_b", "fc1_w", "fc1_b")
_ALIGN = 64


def _stamp(source_digest: str) -> str:
    return json.dumps(
        {"format": FORMAT_VERSION, "np_ckpt": source_digest, "byteorder": sys.byteorder},
        sort_keys=True,
    )


def _arrays(weights: Weights) -> list[FloatArray]:
    """The arrays as stored: the tables with each character's two directions side by side."""
    tables, w_hh, (fc0_w, fc0_b), (fc1_w, fc1_b) = weights
    stored = np.ascontiguousarray(tables.transpose(1, 0, 2))
    return [np.ascontiguousarray(a, dtype=np.float32) for a in (stored, w_hh, fc0_w, fc0_b, fc1_w, fc1_b)]


def _write(path: Path, stamp: str, weights: Weights) -> None:
    arrays = _arrays(weights)
    header = {"stamp": stamp, "arrays": [[n, list(a.shape)] for n, a in zip(_NAMES, arrays, strict=True)]}
    write_cache_file(path, header, [a.tobytes() for a in arrays], prefix=".polyphone-", align=_ALIGN)


def _mapped(path: Path, stamp: str) -> Weights | None:
    found = map_cache_file(path, stamp)
    if found is None:
        return None
    header, payload = found
    try:
        listed = header["arrays"]
        if [name for name, _shape in listed] != list(_NAMES):
            return None
        shapes = [tuple(int(n) for n in shape) for _name, shape in listed]
        counts = [int(np.prod(shape)) for shape in shapes]
        if sum(counts) * 4 != len(payload):
            return None
        arrays, offset = [], 0
        for shape, count in zip(shapes, counts, strict=True):
            arrays.append(np.frombuffer(payload, np.float32, count, offset).reshape(shape))
            offset += 4 * count
    except (KeyError, TypeError, ValueError):
        return None
    stored, w_hh, fc0_w, fc0_b, fc1_w, fc1_b = arrays
    if stored.ndim != 3 or stored.shape[1] != 2 or w_hh.shape != (2, stored.shape[2] // 4, stored.shape[2]):
        return None
    return stored.transpose(1, 0, 2), w_hh, (fc0_w, fc0_b), (fc1_w, fc1_b)


def cached_weights(cache_dir: Path | None, source_digest: str, compute: Callable[[], Weights]) -> Weights:
    """The weights from ``cache_dir``'s file, mapped, when it was made from the pickle whose
    BLAKE2b is ``source_digest``; else ``compute()``, stored there and mapped (the computed
    ones when it cannot be written). ``cache_dir`` None: computed, nothing stored."""
    if cache_dir is None:
        return compute()
    path = Path(cache_dir) / CACHE_NAME
    stamp = _stamp(source_digest)
    found = _mapped(path, stamp)
    if found is not None:
        return found
    weights = compute()
    with contextlib.suppress(OSError):  # a read-only cache folder: computed again next time
        _write(path, stamp, weights)
        return _mapped(path, stamp) or weights
    return weights
