"""The runner's two lanes (``ui.common.worker``): short work (a store read, a dock's list) runs
while every thread of the long lane is held by long computations, and whatever waits for all
work still sees the long lane. Deterministic: the long jobs wait on an event, released at the
end; nothing is timed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from reader.storage.store import Store
from reader.ui.common.ops import Op, OpRunner
from reader.ui.common.worker import (
    LONG_THREADS,
    BackgroundRunner,
    Lane,
    busy,
    starts_held,
    wait_for_all,
)

TIMEOUT = 20_000


class LongLaneHeld:
    """Every thread of the long lane busy with a job that waits for :meth:`release` (and one
    more queued behind them), as the readings and the dictionary hold it after the start."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.runner = BackgroundRunner()
        self.gate = threading.Event()
        self.started = 0
        self.ended: list[int] = []
        self._lock = threading.Lock()

    def __enter__(self) -> LongLaneHeld:
        for n in range(LONG_THREADS + 1):
            self.runner.run(f"long {n}", self._job(n), self.ended.append, lane=Lane.LONG)
        self.qtbot.waitUntil(lambda: self.started == LONG_THREADS, timeout=TIMEOUT)
        return self

    def _job(self, n: int) -> Callable[[], int]:
        def work() -> int:
            with self._lock:
                self.started += 1
            assert self.gate.wait(60)
            return n

        return work

    def release(self) -> None:
        self.gate.set()

    def __exit__(self, *exc: object) -> None:
        self.gate.set()  # whatever happened, no thread stays held
        assert wait_for_all(TIMEOUT)
        QCoreApplication.processEvents()


@pytest.fixture
def held(qtbot: QtBot) -> Iterator[LongLaneHeld]:
    with LongLaneHeld(qtbot) as lane:
        yield lane


def test_a_short_job_runs_while_every_long_thread_is_held(
    qtbot: QtBot, held: LongLaneHeld
) -> None:
    runner = BackgroundRunner()
    results: list[str] = []
    runner.run("list", lambda: "rows", results.append, lane=Lane.SHORT)
    qtbot.waitUntil(lambda: results == ["rows"], timeout=TIMEOUT)
    assert held.started == LONG_THREADS and held.ended == []  # the long lane is still held
    assert busy()
    held.release()
    qtbot.waitUntil(lambda: len(held.ended) == LONG_THREADS + 1, timeout=TIMEOUT)
    assert sorted(held.ended) == list(range(LONG_THREADS + 1))


def test_waiting_for_all_work_sees_the_long_lane(qtbot: QtBot, held: LongLaneHeld) -> None:
    assert busy()
    assert not wait_for_all(0)  # the held jobs have not ended
    assert not held.runner.wait(0)
    held.release()
    assert wait_for_all(TIMEOUT)
    assert not busy()
    QCoreApplication.processEvents()  # the results, queued to this thread, arrive
    assert len(held.ended) == LONG_THREADS + 1
    assert not held.runner.pending()


def test_an_op_is_short_unless_it_says_long(qtbot: QtBot, held: LongLaneHeld) -> None:
    ops = OpRunner()
    long_started = threading.Event()
    done: list[str] = []

    def grade(_progress: object) -> str:
        long_started.set()
        return "graded"

    ops.run(Op("Grading documents", grade, done.append, progress=False, lane=Lane.LONG))
    ops.run(Op("Search notes", lambda _p: "found", done.append, progress=False))
    qtbot.waitUntil(lambda: done == ["found"], timeout=TIMEOUT)
    assert not long_started.is_set()  # queued behind the held long jobs
    held.release()
    qtbot.waitUntil(lambda: done == ["found", "graded"], timeout=TIMEOUT)


def test_the_saved_words_dock_fills_its_list_while_the_long_lane_is_held(
    qtbot: QtBot, store: Store, held: LongLaneHeld
) -> None:
    from reader.ui.vocab.vocab_dock import VocabDock

    store.operations.add_vocabulary("经济", reading="jing1 ji4", definition="economy")
    dock = VocabDock(store, QUndoStack())
    qtbot.addWidget(dock)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=TIMEOUT)  # read on a worker
    assert held.ended == []
    held.release()


def test_background_work_runs_after_long_work_queued_later(qtbot: QtBot) -> None:
    # every long thread held, each by a gate of its own; the grading queued before the
    # dictionary; one thread freed: it takes the dictionary first, then the grading
    runner = BackgroundRunner()
    gates = [threading.Event() for _ in range(LONG_THREADS)]
    started: list[int] = []
    order: list[str] = []

    def held(n: int) -> Callable[[], int]:
        def work() -> int:
            started.append(n)
            assert gates[n].wait(60)
            return n

        return work

    try:
        for n in range(LONG_THREADS):
            runner.run(f"held {n}", held(n), lambda _n: None, lane=Lane.LONG)
        qtbot.waitUntil(lambda: len(started) == LONG_THREADS, timeout=TIMEOUT)
        runner.run("grading", lambda: order.append("grading"), lambda _r: None,
                   lane=Lane.BACKGROUND)
        runner.run("dictionary", lambda: order.append("dictionary"), lambda _r: None,
                   lane=Lane.LONG)
        assert order == []
        gates[0].set()  # one thread free: it takes the queue in its order
        qtbot.waitUntil(lambda: len(order) == 2, timeout=TIMEOUT)
        assert order == ["dictionary", "grading"]
    finally:
        for gate in gates:
            gate.set()
        assert wait_for_all(TIMEOUT)
        QCoreApplication.processEvents()


def test_jobs_started_while_held_start_on_the_event_loops_next_turn(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    ran: list[str] = []
    done: list[str] = []
    with starts_held():
        runner.run("a", lambda: ran.append("a") or "a", done.append, lane=Lane.SHORT)
        with starts_held():  # nested: the outermost starts them
            runner.run("b", lambda: ran.append("b") or "b", done.append, lane=Lane.LONG)
        QCoreApplication.processEvents()  # inside the block: nothing starts
        assert ran == [] and runner.pending()
    assert ran == [] and busy() and runner.pending()  # held: counted as work to come
    qtbot.waitUntil(lambda: sorted(done) == ["a", "b"], timeout=TIMEOUT)
    assert not busy()


def test_waiting_for_all_work_starts_the_held_jobs(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    ran: list[str] = []
    with starts_held():
        runner.run("a", lambda: ran.append("a"), lambda _: None, lane=Lane.LONG)
        assert wait_for_all(TIMEOUT) and ran == ["a"]  # waited for inside: wanted now
        runner.run("b", lambda: ran.append("b"), lambda _: None, lane=Lane.LONG)
    assert wait_for_all(TIMEOUT) and ran == ["a", "b"]  # no event loop turned: waited for it
    QCoreApplication.processEvents()


def test_a_job_started_on_another_thread_during_a_hold_is_not_held(qtbot: QtBot) -> None:
    runner = BackgroundRunner()
    runner.run("first", lambda: None, lambda _: None, lane=Lane.SHORT)  # the relay made here
    ran = threading.Event()
    with starts_held():
        other = threading.Thread(
            target=lambda: runner.run("other", ran.set, lambda _: None, lane=Lane.SHORT)
        )
        other.start()
        other.join()
        assert ran.wait(TIMEOUT / 1000)  # started while the GUI thread still holds its own
    assert wait_for_all(TIMEOUT)
    QCoreApplication.processEvents()
