"""A built table's file in the cache folder: one JSON header line, then the payload.

The header names the sources the payload was built from (``stamp``) and carries the payload's
BLAKE2b (:func:`reader.paths.digests.blake2b`: no OpenSSL loaded; a file of earlier versions
carries a SHA-256, still checked, with hashlib, until the file is next built); a file that is
torn, stale or damaged reads as None and the caller builds it again. It is written to a temporary file beside its place, flushed to the disk and renamed over it, so a
reader sees the old file or the new one, never half of one. The lexicon
(:mod:`reader.language.readings.lexicon`) and the word model
(:mod:`reader.language.segmentation.model_file`) keep their tables this way.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tempfile
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from reader.paths.digests import Hash, blake2b

__all__ = ["Part", "open_cache_file", "read_cache_parts", "write_cache_file"]


def write_cache_file(
    path: Path, header: Mapping[str, Any], payload: Iterable[bytes], prefix: str,
    align: int = 1,
) -> None:
    """Write ``header`` (with the payload's ``blake2b`` added) and ``payload``'s pieces to
    ``path`` atomically; ``prefix`` names the temporary file (``.lexicon-…tmp``). The header
    line is padded with spaces so that the payload starts at a multiple of ``align`` bytes."""
    pieces = list(payload)
    digest = blake2b()
    for piece in pieces:
        digest.update(piece)
    line = json.dumps({**header, "blake2b": digest.hexdigest()}).encode("utf-8")
    line += b" " * (-(len(line) + 1) % align) + b"\n"
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


def _checksum(header: dict[str, Any]) -> tuple[Hash, object]:
    """The hash a file's header names, and the digest it gives."""
    if "blake2b" in header or "sha256" not in header:
        return blake2b(), header.get("blake2b")
    import hashlib  # a file written before the BLAKE2b: read as it is, not rewritten

    return hashlib.sha256(), header["sha256"]


#: A payload part: its size in bytes and its type: ``""`` read as ``bytes``, else the type
#: code of the ``array`` it is read into (``"d"``, ``"q"``, ``"I"``, ``"H"``…).
Part = tuple[int, str]


def read_cache_parts(
    path: Path, stamp: str, layout: Callable[[dict[str, Any]], Sequence[Part]]
) -> tuple[dict[str, Any], list[bytes | array[Any]]] | None:
    """The header and the payload's parts, when the file at ``path`` was made from ``stamp``
    and its payload is intact; else None (also when it cannot be read, or ``layout``, given
    the header, raises ``KeyError``, ``TypeError`` or ``ValueError``).

    ``layout`` names the parts the payload is cut into, in order; they must make the whole
    payload. Each is read from the file straight into the object it is returned as (an array
    is filled in place), and hashed as it comes: the file's bytes are never held whole
    besides the tables made of them (a 6.8 MB word model was held twice while loading).
    """
    try:
        with path.open("rb") as fh:
            header = json.loads(fh.readline())
            if not isinstance(header, dict) or header.get("stamp") != stamp:
                return None
            parts = list(layout(header))
            sizes = [int(size) for size, _code in parts]
            if min(sizes, default=0) < 0 or sum(sizes) != os.fstat(fh.fileno()).st_size - fh.tell():
                return None
            digest, expected = _checksum(header)
            pieces: list[bytes | array[Any]] = []
            for size, code in parts:
                if code:
                    numbers = array(code)
                    if size % numbers.itemsize:
                        return None
                    numbers = array(code, [0]) * (size // numbers.itemsize)
                    with memoryview(numbers) as view, view.cast("B") as raw:
                        if fh.readinto(raw) != size:
                            return None
                        digest.update(raw)
                    pieces.append(numbers)
                else:
                    piece = fh.read(size)
                    if len(piece) != size:
                        return None
                    digest.update(piece)
                    pieces.append(piece)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if digest.hexdigest() != expected:
        return None
    return header, pieces


def open_cache_file(path: Path, stamp: str) -> tuple[dict[str, Any], io.FileIO, int] | None:
    """The header of the file at ``path``, the file itself (open, unbuffered) and where its
    payload starts, when it was made from ``stamp`` and its payload is intact; else None
    (also for anything but a regular file: a FIFO is not waited on). The caller reads the
    payload's parts when it needs them (seek and ``readinto``) and closes the file.

    The payload is hashed from the file that is handed back, a chunk at a time. A cache
    file is only ever replaced (renamed over), never written in place, so the open file
    keeps the bytes checked.
    """
    try:
        fh = io.FileIO(path, "rb", opener=_nonblocking)
    except OSError:
        return None
    try:
        fd = fh.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("not a regular file")
        line = bytearray()
        while b"\n" not in line:
            got = fh.read(4096)
            if not got:
                raise ValueError("no header line")
            line += got
        end = line.index(b"\n") + 1
        header = json.loads(bytes(line[:end]))
        if not isinstance(header, dict) or header.get("stamp") != stamp:
            raise ValueError("stale")
        size = os.fstat(fd).st_size - end
        if size <= 0 or not isinstance(header.get("blake2b"), str):
            raise ValueError("no payload")
        digest = blake2b()
        fh.seek(end)
        with memoryview(bytearray(min(size, 1 << 20))) as chunk:
            done = 0
            while done < size:
                got = fh.readinto(chunk[: min(size - done, len(chunk))])
                if not got:
                    raise ValueError("torn")
                digest.update(chunk[:got])
                done += got
        if digest.hexdigest() != header["blake2b"]:
            raise ValueError("damaged")
    except (OSError, ValueError, TypeError, UnicodeDecodeError):
        fh.close()
        return None
    return header, fh, end


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
