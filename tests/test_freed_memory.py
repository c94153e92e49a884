"""Freed memory goes back to the system (issue O): glibc's threshold for mapping a large
block on its own stays fixed once the language layer has released memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader

#: Run in a fresh interpreter: in a long process a free chunk of the arenas may serve the
#: block (reused, as it should be), which says nothing about the threshold.
_PROBE = r"""
import ctypes, ctypes.util, sys

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
try:
    libc.mallinfo2.restype = MallInfo2
except AttributeError:  # not glibc 2.33+
    print("skip"); sys.exit()
if sys.argv[1] == "release":
    from reader.language import freed_memory
    freed_memory.release()
    freed_memory.release()  # twice is fine
big = bytearray(24 << 20)  # mapped; freed: glibc raises its threshold to this size
del big
before = libc.mallinfo2().hblkhd
block = bytearray(12 << 20)
grew = libc.mallinfo2().hblkhd - before
del block
print(grew >= 12 << 20, libc.mallinfo2().hblkhd == before)
"""


def _probe(mode: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(Path(reader.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_a_large_block_is_mapped_on_its_own_even_after_a_larger_one_was_freed() -> None:
    released = _probe("release")
    if released == "skip":
        pytest.skip("no mallinfo2")
    assert released == "True True"  # its own mapping, unmapped when freed
    assert _probe("none") == "False True"  # glibc's own threshold had risen past it


def test_release_in_background_runs_on_a_thread_of_its_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from reader.language import freed_memory

    ran: list[str] = []
    done = threading.Event()

    def fake() -> None:
        ran.append(threading.current_thread().name)
        done.set()

    monkeypatch.setattr(freed_memory, "release", fake)
    freed_memory.release_in_background()
    if not sys.platform.startswith("linux"):
        assert ran == []
        return
    assert done.wait(5) and ran == ["freed-memory"]
