"""Hand the memory freed after a big load back to the system (glibc's ``malloc_trim``).

Loading a table (the lexicon, the word model, the polyphone model) makes and drops large
transient buffers on a worker thread. glibc keeps freed memory in that thread's arena, where
another thread's later allocations do not reuse it, so each load left its transient peak in
the process's RSS (~12 MiB of a session's peak). Trimming after each load returns it. No-op
where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading

_LOCK = threading.Lock()
_trim: list[object] = []


def release() -> None:
    """Return the memory freed so far to the system, where the C library allows it."""
    if not sys.platform.startswith("linux"):
        return
    with _LOCK:
        if not _trim:
            try:
                _trim.append(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim)
            except (OSError, AttributeError):  # musl and others: nothing to trim with
                _trim.append(None)
        trim = _trim[0]
    if callable(trim):
        trim(0)
