"""The Qt binding must not leak or drop references on void calls.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every C++ method returning
void; a reader that highlights a few thousand find matches then aborts with "deallocating
None". pyproject pins below 6.12 on Python < 3.12; this test fails if that bug comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    document = QTextDocument("測試 text")
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(500):
        cursor.setPosition(1)
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references in 500 void calls"
