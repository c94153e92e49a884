"""SHA-256 and BLAKE2b without loading OpenSSL for a few small hashes.

``import hashlib`` loads OpenSSL's libcrypto (3.4 MiB of a session's RSS, for hashes of a
few MB in all), while Python builds in SHA-256 (``_sha256``; ``_sha2`` from 3.12) and BLAKE2
(``_blake2``). So:

* :func:`blake2b` checks what only the reader reads back (the cache files, g2pM's pickles):
  ~2 ms a MB, the GIL let go as it hashes;
* :func:`sha256_hex` gives the SHA-256 that is stored (a document's identity, the dictionary's
  fingerprint): the built-in one below :data:`OPENSSL_FROM` bytes (~8 ms a MB, holding the GIL
  before Python 3.12), OpenSSL's from there on (~1 ms a MB), whose 3.4 MiB matter little
  beside a text that long. The digests are the same either way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol, cast

__all__ = ["Hash", "OPENSSL_FROM", "blake2b", "sha1_digest", "sha256_hex"]

#: From this many bytes on, :func:`sha256_hex` hashes with OpenSSL (hashlib).
OPENSSL_FROM = 1 << 20


class Hash(Protocol):
    """What the reader asks of a hash object."""

    def update(self, data: Any, /) -> None: ...

    def hexdigest(self) -> str: ...


def blake2b() -> Hash:
    """A BLAKE2b hash of 32 bytes (64 hex digits, as long as SHA-256's)."""
    from _blake2 import blake2b as make

    return make(digest_size=32)


def _builtin_sha256() -> Callable[[bytes], Hash]:
    for name in ("_sha2", "_sha256"):  # 3.12 on, 3.11
        try:
            return cast(Callable[[bytes], Hash], importlib.import_module(name).sha256)
        except (ImportError, AttributeError):
            continue
    import hashlib  # a Python built without its own hashes

    return hashlib.sha256


def sha1_digest(data: bytes) -> bytes:
    """The SHA-1 of ``data`` (for name-based UUIDs), Python's own."""
    try:
        make = importlib.import_module("_sha1").sha1
    except (ImportError, AttributeError):  # a Python built without its own hashes
        import hashlib

        make = hashlib.sha1
    return cast(bytes, make(data).digest())


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex (see the module docstring for which implementation)."""
    if len(data) >= OPENSSL_FROM:
        import hashlib

        return hashlib.sha256(data).hexdigest()
    return _builtin_sha256()(data).hexdigest()
