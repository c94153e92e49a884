"""Closing the store while another thread reads: the read is interrupted and says so, the
process does not crash (SQLite's connection was freed under a running query: a segfault in
CI when the window closed while the library graded its documents)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.storage.records import StoreError
from reader.storage.store import Store

#: A query that runs for seconds unless interrupted.
SLOW = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000000) "
    "SELECT count(*) FROM n"
)


def test_close_interrupts_a_read_on_another_thread(store: Store) -> None:
    started = threading.Event()
    outcome: list[object] = []

    def read() -> None:
        started.set()
        try:
            outcome.append(store._rows(SLOW))
        except StoreError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    started.wait(5)
    threading.Event().wait(0.3)  # the query is running
    store.close()
    worker.join(20)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], StoreError)
    with pytest.raises(StoreError):
        store._rows("SELECT 1")


def test_reads_after_close_are_refused_on_every_thread(tmp_path: Path, store: Store) -> None:
    store.documents()
    store.close()
    errors: list[BaseException] = []

    def read() -> None:
        try:
            store.documents()
        except StoreError as exc:
            errors.append(exc)

    worker = threading.Thread(target=read)
    worker.start()
    worker.join(10)
    assert len(errors) == 1
