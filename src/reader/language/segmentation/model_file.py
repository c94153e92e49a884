"""The word model's cache file (``segmentation.bin``): written atomically, read part by part.

One JSON header line (the sources' stamp, the sections' sizes, the word count, the longest
word, the total, the payload's BLAKE2b), then the words' table (:meth:`.word_costs.WordCosts.to_bytes`:
the trie in ``marisa_trie``'s own bytes, the costs as doubles by key id, the two indexes) and the
fold map's two strings. Each part is read from the file into its table (the arrays filled
in place, never the whole file besides them). Reading checks the stamp and
the checksum and returns None when either does not match, so the caller rebuilds. Nothing is
decoded word by word: the trie is loaded from its bytes in well under a millisecond, so a read
on a worker while the window is up holds the GIL only for short calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.language.segmentation.folding import Folder
from reader.language.segmentation.word_costs import WordCosts
from reader.paths.cache_file import Part, read_cache_parts, write_cache_file


def write_model_file(
    path: Path, stamp: str, words: WordCosts, total: float, folder: Folder
) -> None:
    parts = words.to_bytes()
    mapping = folder.mapping
    fold_from = "".join(mapping).encode("utf-8")
    fold_to = "".join(mapping.values()).encode("utf-8")
    header = {
        "stamp": stamp,
        "table_bytes": [len(part) for part in parts],
        "fold_bytes": [len(fold_from), len(fold_to)],
        "count": len(words),
        "longest": words.longest,
        "total": total,
    }
    write_cache_file(path, header, [*parts, fold_from, fold_to], prefix=".segmentation-")


#: The types the table's parts are read as (:meth:`.word_costs.WordCosts.to_bytes`'s order).
_TABLE_TYPES = ("", "d", "d", "", "q", "")


def _layout(header: dict[str, Any]) -> list[Part]:
    table = [int(size) for size in header["table_bytes"]]
    fold = [int(size) for size in header["fold_bytes"]]
    if len(table) != len(_TABLE_TYPES) or len(fold) != 2:
        raise ValueError("not the word model's parts")
    return [*zip(table, _TABLE_TYPES, strict=True), (fold[0], ""), (fold[1], "")]


def read_model_file(path: Path, stamp: str) -> tuple[WordCosts, float, Folder] | None:
    """The words and their costs, the total and the fold map in the cache at ``path`` if it
    is intact and built from ``stamp``. Each part is read into its table (no copy of the
    whole file)."""
    found = read_cache_parts(path, stamp, _layout)
    if found is None:
        return None
    header, parts = found
    try:
        fold_from, fold_to = (bytes(part).decode("utf-8") for part in parts[-2:])
        words = WordCosts.from_bytes(parts[:-2], int(header["longest"]))
        if len(words) != int(header["count"]) or len(fold_from) != len(fold_to):
            return None
        folder = Folder.from_strings(fold_from, fold_to)
        return words, float(header["total"]), folder
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
