"""The word model's cache file (``segmentation.bin``): written atomically, read back in pieces.

One JSON header line (the sources' stamp, the sections' sizes, the word count, the total, the
payload's SHA-256), then the words joined by newlines, their costs as doubles and the fold map's
two strings. Reading checks the stamp and the checksum and returns None when either does not
match, so the caller rebuilds; a read runs on a worker while the window is up, so the words are
decoded and tabled a piece at a time (no single C call holds the GIL for long).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from pathlib import Path

from reader.language.segmentation.folding import Folder
from reader.paths.cache_file import read_cache_file, write_cache_file


def write_model_file(
    path: Path, stamp: str, costs: dict[str, float], total: float, folder: Folder
) -> None:
    words = list(costs)
    blob = "\n".join(words).encode("utf-8")
    numbers = array("d", (costs[w] for w in words)).tobytes()
    fold_from = "".join(folder.mapping).encode("utf-8")
    fold_to = "".join(folder.mapping.values()).encode("utf-8")
    header = {
        "stamp": stamp,
        "words_bytes": len(blob),
        "numbers_bytes": len(numbers),
        "fold_bytes": [len(fold_from), len(fold_to)],
        "count": len(words),
        "total": total,
    }
    write_cache_file(path, header, [blob, numbers, fold_from, fold_to], prefix=".segmentation-")


#: Read on a worker while the window runs: the cache is decoded and turned into the table in
#: pieces of this many words, so no single C call holds the GIL (and the GUI) for long.
_CHUNK = 20_000


def _split_lines(blob: bytes, same: Mapping[str, str] | None = None) -> list[str]:
    """``blob.decode().split("\\n")`` 128 KiB at a time (cut at a newline); a line found in
    ``same`` is replaced by that string at once (the copy is freed before the next piece)."""
    out: list[str] = []
    start = 0
    while start <= len(blob):
        cut = blob.find(b"\n", start + (1 << 17))
        cut = len(blob) if cut < 0 else cut
        piece = blob[start:cut].decode("utf-8").split("\n")
        out += piece if same is None else [same.get(w, w) for w in piece]
        start = cut + 1
    return out


def read_model_file(
    path: Path, stamp: str, same: Mapping[str, str] | None = None
) -> tuple[dict[str, float], float, Folder, int] | None:
    """The costs, total and fold map in the cache at ``path`` if it is intact and built from
    ``stamp``, and the length of the longest word. A word found in ``same`` is that string
    object (shared with another table); equal costs are one float object."""
    found = read_cache_file(path, stamp)
    if found is None:
        return None
    header, data, start = found
    try:
        payload = data[start:]
        a = int(header["words_bytes"])
        b = a + int(header["numbers_bytes"])
        c = b + int(header["fold_bytes"][0])
        words = _split_lines(payload[:a], same)
        numbers = array("d")
        numbers.frombytes(payload[a:b])
        fold_from, fold_to = payload[b:c].decode("utf-8"), payload[c:].decode("utf-8")
        if (
            len(words) != len(numbers)
            or len(words) != int(header["count"])
            or len(fold_from) != len(fold_to)
        ):
            return None
        folder = Folder(dict(zip(fold_from, fold_to, strict=True)))
        costs: dict[str, float] = {}
        floats: dict[float, float] = {}
        longest = 1
        for i in range(0, len(words), _CHUNK):  # in pieces: the GIL is let go between them
            values = [floats.setdefault(x, x) for x in numbers[i : i + _CHUNK]]
            costs.update(zip(words[i : i + _CHUNK], values, strict=True))
            longest = max(longest, max(map(len, words[i : i + _CHUNK])))
        return costs, float(header["total"]), folder, longest
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
