"""A built table's file in the cache folder: one JSON header line, then the payload.

The header names the sources the payload was built from (``stamp``) and carries the payload's
SHA-256; a file that is torn, stale or damaged reads as None and the caller builds it again. It
is written to a temporary file beside its place, flushed to the disk and renamed over it, so a
reader sees the old file or the new one, never half of one. The lexicon
(:mod:`reader.language.readings.lexicon`) and the word model
(:mod:`reader.language.segmentation.model_file`) keep their tables this way.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["read_cache_file", "write_cache_file"]


def write_cache_file(
    path: Path, header: Mapping[str, Any], payload: Iterable[bytes], prefix: str
) -> None:
    """Write ``header`` (with the payload's ``sha256`` added) and ``payload``'s pieces to
    ``path`` atomically; ``prefix`` names the temporary file (``.lexicon-…tmp``)."""
    pieces = list(payload)
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    line = json.dumps({**header, "sha256": digest.hexdigest()}).encode("utf-8") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(line)
            for piece in pieces:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_cache_file(path: Path, stamp: str) -> tuple[dict[str, Any], bytes, int] | None:
    """The header, the whole file's bytes and where the payload starts in them, when the file
    at ``path`` was made from ``stamp`` and its payload is intact; else None (also when it
    cannot be read). The payload is not copied out: read it from the offset."""
    try:
        data = path.read_bytes()
        end = data.index(b"\n")
        header = json.loads(data[:end])
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or header.get("stamp") != stamp:
        return None
    with memoryview(data) as view:
        if hashlib.sha256(view[end + 1 :]).hexdigest() != header.get("sha256"):
            return None
    return header, data, end + 1
