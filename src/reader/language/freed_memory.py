"""Hand the memory freed after a big load back to the system (glibc's ``malloc_trim``).

Loading a table (the lexicon, the word model, the polyphone model) makes and drops large
transient buffers on a worker thread. glibc keeps freed memory in that thread's arena, where
another thread's later allocations do not reuse it, so each load left its transient peak in
the process's RSS (~12 MiB of a session's peak). Trimming after each load returns it.

A long document's work (its readings, segmentation, conversions) makes lists of millions of
pointers, megabytes each. glibc maps a block that big on its own and unmaps it when freed, but
after the first such free it raises that threshold to the block's size (up to 32 MiB), so the
next ones come from the arenas and stay there once freed: at 3M characters a script's
transient buffers stayed in the RSS under the next script's. The first :func:`release` fixes
the threshold at :data:`LARGE_BLOCK` (glibc's ``mallopt``: a list of a pointer a character
from about a million characters on), so that a freed large block always
goes back. No-op where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
from collections.abc import Callable

#: Blocks of this size or more are mapped on their own and returned when freed. At 1 MiB the
#: polyphone model's batch arrays were mapped and unmapped batch after batch: the readings of
#: 600k characters took 10-30 % more CPU (page faults); at 8 MiB as much as without.
LARGE_BLOCK = 8 << 20
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h

_LOCK = threading.Lock()
_trim: list[Callable[[int], int] | None] = []


def _libc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim, mallopt = libc.malloc_trim, libc.mallopt
    except (OSError, AttributeError):  # musl and others: nothing to trim with
        return None
    mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)
    return trim


def release() -> None:
    """Return the memory freed so far to the system, where the C library allows it."""
    if not sys.platform.startswith("linux"):
        return
    with _LOCK:
        if not _trim:
            _trim.append(_libc_trim())
        trim = _trim[0]
    if trim is not None:
        trim(0)


def release_in_background() -> None:
    """:func:`release` on a thread of its own: trimming a large heap takes tens of
    milliseconds, which the caller (the GUI thread) does not wait for."""
    if sys.platform.startswith("linux"):
        threading.Thread(target=release, name="freed-memory", daemon=True).start()
