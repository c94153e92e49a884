"""Run a function off the GUI thread and get its result back on the GUI thread.

``BackgroundRunner.run(key, fn, on_done, on_error, lane=...)`` queues ``fn`` on the threads of
its :class:`Lane`; the callbacks run in the GUI thread. A newer call with the same ``key``
supersedes an older one: the older result is dropped, so a quick sequence of requests
(toggling scripts fast) only ever applies the last one. :meth:`BackgroundRunner.start` is the
general form that :class:`reader.ui.common.ops.OpRunner` builds on: the work gets a
thread-safe ``progress(fraction)``, and a failure arrives as the exception itself.

Two lanes, each a thread pool of its own, so short work never queues behind long work: a
:attr:`Lane.LONG` job (the readings of a document, the dictionary's index, segmentation,
coverage: seconds of CPU the window starts on its own) runs on a pool of its own of
:data:`LONG_THREADS` threads (a core left to the GUI thread), and a :attr:`Lane.SHORT` one (what the learner waits for: a store
read or write, a dock's list, a search, an export, a script switch's conversion) on Qt's global
pool, which no long job ever holds. In one pool a dock opened in the
first seconds waited a median 0.7-2.2 s for a thread the readings and the coverage held; a priority
there only orders the queue, it frees no thread a running job holds. What waits for all work
(:meth:`BackgroundRunner.wait`, the process's end, tests, benchmarks) asks
:func:`wait_for_all` or :func:`busy`, which see both lanes.

Results travel through one relay per application, a QObject on the GUI thread that lives as
long as the application: a worker never signals an object that may be gone. A runner deleted
with its widget while its work runs simply gets nothing: its results are dropped.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

#: ``progress(fraction)``, 0 ≤ fraction ≤ 1: callable from the worker thread.
Progress = Callable[[float], None]

_PROGRESS_STEPS = 1000  # progress reaches the GUI thread at most this many times per job


class Lane(enum.Enum):
    """Which threads a job runs on (see the module docstring); every caller says which."""

    #: what the learner waits for: store reads and writes, a dock's list, a search, an export,
    #: a script switch's conversion
    SHORT = "short"
    #: computations of seconds the window starts on its own: readings, dictionary, word model,
    #: segmentation, coverage, glossary scans and suggestions, a book's whole text
    LONG = "long"
    #: work nobody waits for (grading the library's documents): the long lane's threads, after
    #: every long job queued (a lower priority in its queue): it cannot hold the dictionary back
    BACKGROUND = "background"


#: The long lane's threads: one core is left to the GUI thread (one thread on two cores). The
#: long jobs hold the GIL nearly all the time, so a second one adds little work done but a
#: second contender for the GIL each time the GUI thread wants it: the window's start had GUI
#: gaps of 43-78 ms with two (the issue's limit is 50), 25-45 with one
#: (``bench_startup.py --parts stall``); a dock made and filled in 0.28-0.44 s instead of
#: 0.57-0.83. The cost is on a busy machine only: the readings ended 18 % and the dictionary
#: 34 % later at load 6 on 2 cores, where two threads got two shares of the cores
#: (``benchmarks/bench_dock_open.py``).
LONG_THREADS = max(1, QThread.idealThreadCount() - 1)

_long_pool: QThreadPool | None = None


def _pool(lane: Lane) -> QThreadPool:
    """The pool of ``lane`` (the long lane's, the background work's too, made on first use, a
    child of the application: the application's end waits for its jobs, as for the global
    pool's)."""
    global _long_pool
    if lane is Lane.SHORT:
        return QThreadPool.globalInstance()
    if _long_pool is None or not shiboken6.isValid(_long_pool):
        _long_pool = QThreadPool(QCoreApplication.instance())
        _long_pool.setObjectName("longWork")
        _long_pool.setMaxThreadCount(LONG_THREADS)
    return _long_pool


def _pools() -> list[QThreadPool]:
    """The pools made so far, short lane first."""
    pools = [QThreadPool.globalInstance()]
    if _long_pool is not None and shiboken6.isValid(_long_pool):
        pools.append(_long_pool)
    return pools


#: Jobs started inside :func:`starts_held` (None: outside) on the thread that holds them, and
#: those held until the event loop's next turn.
_held: list[tuple[Lane, QRunnable]] | None = None
_holder: int | None = None
_waiting: list[tuple[Lane, QRunnable]] = []


@contextlib.contextmanager
def starts_held() -> Iterator[None]:
    """Jobs started inside start on the event loop's next turn, after the paints posted.

    A document shown starts its readings, its glossary scan and its re-import as it goes; on
    their threads they took Python's lock from the GUI thread every millisecond, and its own
    Python and every call into Qt waited for it back: showing 600k characters took twice its
    time. Their results come a few milliseconds later, the text sooner."""
    global _held, _holder
    if _held is not None:  # inside another: the outermost starts them
        yield
        return
    _held, _holder = [], threading.get_ident()
    try:
        yield
    finally:
        queued, _held, _holder = _held, None, None
        if queued:
            _waiting.extend(queued)
            QTimer.singleShot(0, _start_waiting)


def _start_waiting() -> None:
    queued = _waiting[:]
    _waiting.clear()
    if _held:  # waited for inside the block (its jobs are wanted now)
        queued += _held
        _held.clear()
    for lane, task in queued:
        _pool(lane).start(task, -1 if lane is Lane.BACKGROUND else 0)


def busy() -> bool:
    """Whether any job of any lane is running or queued."""
    return bool(_waiting) or any(pool.activeThreadCount() for pool in _pools())


def wait_for_all(msecs: int = -1) -> bool:
    """Wait until every job of every lane has ended (``msecs`` < 0: however long it takes);
    False if some still ran at the deadline. Their results arrive later, queued."""
    _start_waiting()  # held ones too: they are wanted now
    end = None if msecs < 0 else time.monotonic() + msecs / 1000
    for pool in _pools():
        left = -1 if end is None else max(0, round((end - time.monotonic()) * 1000))
        if not pool.waitForDone(left):
            return False
    return True


@dataclass
class _Job:
    runner: BackgroundRunner
    key: str
    on_done: Callable[[Any], object]
    on_failure: Callable[[Exception], object] | None
    on_progress: Callable[[float], object] | None


class _Relay(QObject):
    """Carries results from the workers to the GUI thread (queued: it lives there)."""

    done = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, float)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.jobs: dict[int, _Job] = {}
        self.last_ticket = 0
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)
        self.progress.connect(self._on_progress)

    def add(self, job: _Job) -> int:
        self.last_ticket += 1
        self.jobs[self.last_ticket] = job
        return self.last_ticket

    def _settled(self, ticket: int) -> _Job | None:
        """The job of ``ticket``, now finished, if its runner still wants the result."""
        job = self.jobs.pop(ticket, None)
        if job is None or not shiboken6.isValid(job.runner):
            return None  # the runner went with its widget: the result is dropped
        return job if job.runner._settle(job.key, ticket) else None

    @Slot(int, object)
    def _on_done(self, ticket: int, result: object) -> None:
        job = self._settled(ticket)
        if job is not None:
            job.on_done(result)

    @Slot(int, object)
    def _on_failed(self, ticket: int, exc: object) -> None:
        job = self._settled(ticket)
        if job is not None and job.on_failure is not None and isinstance(exc, Exception):
            job.on_failure(exc)

    @Slot(int, float)
    def _on_progress(self, ticket: int, fraction: float) -> None:
        job = self.jobs.get(ticket)
        if (
            job is not None
            and job.on_progress is not None
            and shiboken6.isValid(job.runner)
            and job.runner._latest.get(job.key) == ticket
        ):
            job.on_progress(fraction)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """The application's relay (made on first use, on the GUI thread)."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay(QCoreApplication.instance())
    return _relay


def _emit(signal: Any, *args: object) -> None:
    # RuntimeError: the application is gone (interpreter shutdown), nobody to tell
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)


class _Task(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay, ticket: int) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.ticket = ticket
        self._step = -1

    def _progress(self, fraction: float) -> None:
        step = round(max(0.0, min(1.0, float(fraction))) * _PROGRESS_STEPS)
        if step != self._step:
            self._step = step
            _emit(self.relay.progress, self.ticket, step / _PROGRESS_STEPS)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Exception as exc:  # handed to the GUI thread, which says it in a sentence
            _emit(self.relay.failed, self.ticket, exc)
            return
        _emit(self.relay.done, self.ticket, result)


def _detail(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


class BackgroundRunner(QObject):
    """Runs jobs on the lanes' threads; results come back through callbacks on this thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: dict[str, int] = {}

    def run(
        self,
        key: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object],
        on_error: Callable[[str], object] | None = None,
        *,
        lane: Lane,
    ) -> None:
        """Run ``fn()``; ``on_error`` gets ``"ExceptionType: message"`` when it raised."""
        failure = None if on_error is None else (lambda exc: on_error(_detail(exc)))
        self.start(key, lambda _progress: fn(), on_done, failure, lane=lane)

    def start(
        self,
        key: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], object],
        on_failure: Callable[[Exception], object] | None = None,
        on_progress: Callable[[float], object] | None = None,
        *,
        lane: Lane,
    ) -> None:
        """Run ``work(progress)`` on ``lane``; on this thread ``on_done(result)``, or
        ``on_failure(exc)`` when it raised, and ``on_progress(fraction)`` as it reports (newest
        job of ``key`` only)."""
        relay = _the_relay()
        ticket = relay.add(_Job(self, key, on_done, on_failure, on_progress))
        self._latest[key] = ticket
        task = _Task(work, relay, ticket)
        if _held is not None and threading.get_ident() == _holder:  # another thread's: now
            _held.append((lane, task))
        else:
            _pool(lane).start(task, -1 if lane is Lane.BACKGROUND else 0)

    def cancel(self, key: str) -> None:
        """Forget the pending job of ``key``: its result will be dropped."""
        self._latest.pop(key, None)

    def pending(self, key: str | None = None) -> bool:
        """True while a job (of ``key``, or any) has not delivered its result."""
        return bool(self._latest) if key is None else key in self._latest

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for every job of every lane to end (their results arrive later, queued)."""
        return wait_for_all(msecs)

    def _settle(self, key: str, ticket: int) -> bool:
        """Whether ``ticket`` is the newest job of ``key`` (it is then no longer pending)."""
        if self._latest.get(key) != ticket:
            return False
        del self._latest[key]
        return True
