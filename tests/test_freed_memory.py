"""Freed memory goes back to the system (issue O): glibc's threshold for mapping a large
block on its own stays fixed once the language layer has released memory."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

import pytest

from reader.language import freed_memory


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()
        )
    ]


def _mapped_bytes() -> int:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    return int(libc.mallinfo2().hblkhd)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_a_large_block_is_mapped_on_its_own_even_after_a_larger_one_was_freed() -> None:
    try:
        _mapped_bytes()
    except AttributeError:  # not glibc 2.33+: nothing to check with
        pytest.skip("no mallinfo2")
    freed_memory.release()
    freed_memory.release()  # twice is fine
    big = bytearray(48 << 20)  # freed: glibc would raise its threshold to this size
    del big
    before = _mapped_bytes()
    block = bytearray(2 * freed_memory.LARGE_BLOCK)
    assert _mapped_bytes() - before >= len(block)  # its own mapping: unmapped when freed
    del block
    assert _mapped_bytes() == before
