"""The polyphone model's weights as the reader computes them, kept in the cache folder, the
input tables' rows read as the characters come.

The model's input tables (every character's input projection: 2 × 5,398 × 128 float32, 5.3
MiB) were computed from g2pM's pickle at each start and held whole, while a text uses few of
their rows (the bundled article 425 of 5,398). Kept in ``polyphone.bin`` in the cache folder
(:func:`reader.paths.cache.default_cache_dir`), checked whole when opened
(:func:`reader.paths.cache_file.open_cache_file`), their rows are read from the file into
memory that is the system's zero pages until written (an anonymous map): only the pages of
the characters read are the process's (the article's ~1.4 MiB; rows in g2pM's order, its most
frequent characters first). A mapped file did not do this: the kernel maps the cached pages
around each one touched (64 KiB), which made the whole file resident for the article.

The file holds the very bits computed (the same readings, tested), each direction's table
contiguous, as in memory. It is rebuilt when g2pM's pickle, the format or the byte order
differ; a read-only or broken cache folder means computing them at each start, as before.
"""

from __future__ import annotations

import contextlib
import io
import json
import mmap
import sys
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.paths.cache_file import open_cache_file, write_cache_file

__all__ = ["CACHE_NAME", "InputTables", "Weights", "cached_weights"]

FloatArray = npt.NDArray[np.float32]
#: The input tables [direction, character, 4h], the recurrent weights [direction, h, 4h], and
#: the two output layers (weight, bias) each.
Weights = tuple[FloatArray, FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]

#: Bump when what is stored changes: an older file is then rebuilt.
FORMAT_VERSION = 1
CACHE_NAME = "polyphone.bin"
_NAMES = ("tables", "w_hh", "fc0_w", "fc0_b", "fc1_w", "fc1_b")
_ALIGN = 64


class InputTables:
    """The input tables [direction, character, 4h]; :meth:`with_rows` makes sure the rows of
    some characters are there before they are read."""

    def __init__(self, tables: FloatArray, source: io.FileIO | None = None, start: int = 0) -> None:
        #: All of it (rows not yet read are zeros until :meth:`with_rows` reads them).
        self.array = tables
        self._source, self._start = source, start
        self._read = np.zeros(tables.shape[1], dtype=bool)
        self._lock = threading.Lock()
        if source is not None:  # closed with the tables (or at the process's end)
            weakref.finalize(self, source.close)

    @classmethod
    def computed(cls, tables: FloatArray) -> InputTables:
        made = cls(tables)
        made._read[:] = True
        return made

    def with_rows(self, ids: npt.NDArray[np.intp]) -> FloatArray:
        """:attr:`array`, with the rows of the characters ``ids`` in it."""
        if self._source is None or self._read[ids].all():
            return self.array
        with self._lock:
            asked = np.zeros_like(self._read)
            asked[ids] = True  # sorted and each once (np.unique imports numpy.ma: ~1 MiB)
            wanted = np.flatnonzero(asked & ~self._read)
            if wanted.size:
                self._read_rows(wanted)
                self._read[wanted] = True
        return self.array

    def _read_rows(self, wanted: npt.NDArray[np.intp]) -> None:
        """Read the rows ``wanted`` (sorted) of both directions, a run of neighbours at once."""
        assert self._source is not None
        directions, count, width = self.array.shape
        row = width * self.array.itemsize
        breaks = np.flatnonzero(np.diff(wanted) != 1) + 1
        runs = [(int(r[0]), int(r[-1]) + 1) for r in np.split(wanted, breaks)]
        with self.array.reshape(directions * count, width).data as rows:
            for d in range(directions):
                for a, b in runs:
                    self._source.seek(self._start + (d * count + a) * row)
                    with rows[d * count + a : d * count + b].cast("B") as into:
                        if self._source.readinto(into) != (b - a) * row:
                            raise OSError("the polyphone model's cache file was cut short")


def _stamp(source_digest: str) -> str:
    return json.dumps(
        {"format": FORMAT_VERSION, "np_ckpt": source_digest, "byteorder": sys.byteorder},
        sort_keys=True,
    )


def _write(path: Path, stamp: str, weights: Weights) -> None:
    tables, w_hh, (fc0_w, fc0_b), (fc1_w, fc1_b) = weights
    arrays = [np.ascontiguousarray(a, dtype=np.float32) for a in (tables, w_hh, fc0_w, fc0_b, fc1_w, fc1_b)]
    header = {"stamp": stamp, "arrays": [[n, list(a.shape)] for n, a in zip(_NAMES, arrays, strict=True)]}
    write_cache_file(path, header, [a.tobytes() for a in arrays], prefix=".polyphone-", align=_ALIGN)


def _opened(path: Path, stamp: str) -> tuple[InputTables, FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]] | None:
    found = open_cache_file(path, stamp)
    if found is None:
        return None
    header, source, start = found
    try:
        shapes = _shapes(header)
        if shapes is None:
            raise ValueError("not this format")
        counts = [int(np.prod(shape)) for shape in shapes]
        source.seek(0, 2)
        if start + 4 * sum(counts) != source.tell():
            raise ValueError("a size that is not its arrays'")
        small: list[FloatArray] = []
        offset = start + 4 * counts[0]
        for shape, count in zip(shapes[1:], counts[1:], strict=True):
            array = np.empty(shape, dtype=np.float32)
            source.seek(offset)
            with array.data.cast("B") as into:
                if source.readinto(into) != 4 * count:
                    raise ValueError("torn")
            small.append(array)
            offset += 4 * count
        # zero pages of the system's until a row is written into them
        memory = mmap.mmap(-1, 4 * counts[0])
        tables = np.frombuffer(memory, dtype=np.float32).reshape(shapes[0])
    except (OSError, ValueError, TypeError, IndexError):
        source.close()
        return None
    w_hh, fc0_w, fc0_b, fc1_w, fc1_b = small
    return InputTables(tables, source, start), w_hh, (fc0_w, fc0_b), (fc1_w, fc1_b)


def _shapes(header: dict[str, Any]) -> list[tuple[int, ...]] | None:
    listed = header.get("arrays")
    if not isinstance(listed, list) or [item[0] for item in listed] != list(_NAMES):
        return None
    shapes = [tuple(int(n) for n in item[1]) for item in listed]
    tables, w_hh = shapes[0], shapes[1]
    if len(tables) != 3 or tables[0] != 2 or w_hh != (2, tables[2] // 4, tables[2]):
        return None
    return shapes


def cached_weights(
    cache_dir: Path | None, source_digest: str, compute: Callable[[], Weights]
) -> tuple[InputTables, FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]:
    """The weights from ``cache_dir``'s file when it was made from the pickle whose BLAKE2b
    is ``source_digest``; else ``compute()``, stored there (for the next start) and used as
    computed. ``cache_dir`` None: computed, nothing stored."""
    if cache_dir is not None:
        path = Path(cache_dir) / CACHE_NAME
        stamp = _stamp(source_digest)
        found = _opened(path, stamp)
        if found is not None:
            return found
    tables, w_hh, fc0, fc1 = compute()
    if cache_dir is not None:
        with contextlib.suppress(OSError):  # a read-only cache folder: computed again next time
            _write(path, stamp, (tables, w_hh, fc0, fc1))
    return InputTables.computed(tables), w_hh, fc0, fc1
