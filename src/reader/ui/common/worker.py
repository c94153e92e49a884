"""Run a function off the GUI thread and get its result back on the GUI thread.

``BackgroundRunner.run(key, fn, on_done, on_error)`` queues ``fn`` on Qt's global thread
pool; the callbacks run in the GUI thread (a queued signal of a QObject living there). A newer call
with the same ``key`` supersedes an older one: the older result is dropped, so a quick
sequence of requests (toggling scripts fast) only ever applies the last one.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(object, int)
    failed = Signal(str, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, ticket: int) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.ticket = ticket

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, which shows a message
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.relay.failed.emit(detail, self.ticket)
            return
        self.relay.done.emit(result, self.ticket)


class BackgroundRunner(QObject):
    """Runs jobs on the thread pool; results come back through callbacks on this thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._tickets: dict[int, tuple[str, Callable[[Any], None], Callable[[str], None] | None]] = {}
        self._latest: dict[str, int] = {}
        self._next = 0
        self.pool = QThreadPool.globalInstance()

    def run(
        self,
        key: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self._next += 1
        ticket = self._next
        self._tickets[ticket] = (key, on_done, on_error)
        self._latest[key] = ticket
        self.pool.start(_Task(fn, self._relay, ticket))

    def cancel(self, key: str) -> None:
        """Forget the pending job of ``key``: its result will be dropped."""
        self._latest.pop(key, None)

    def wait(self, msecs: int = 30000) -> bool:
        return bool(self.pool.waitForDone(msecs))

    @Slot(object, int)
    def _on_done(self, result: object, ticket: int) -> None:
        key, on_done, _ = self._tickets.pop(ticket, ("", None, None))
        if on_done is not None and self._latest.get(key) == ticket:
            del self._latest[key]
            on_done(result)

    @Slot(str, int)
    def _on_failed(self, detail: str, ticket: int) -> None:
        key, _, on_error = self._tickets.pop(ticket, ("", None, None))
        if self._latest.get(key) == ticket:
            del self._latest[key]
            if on_error is not None:
                on_error(detail)
