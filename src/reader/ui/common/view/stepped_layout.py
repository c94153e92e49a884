"""The reading view's documents laid out to their end in short steps, instead of Qt's lazy
steps that double up to 200,000 characters (100–160 ms each on a 640k text: the GUI stalled
after every script switch, resize or change of font).

Qt's ``QTextDocumentLayout`` lays a document out as far as the view needs, then the rest from
a timer of its own (every 10 ms), each step twice the last (from 1,000 characters after any
change of the document), up to 200,000. Its steps run in C++ without Python's lock, so the
workers' threads go on meanwhile; they are kept here, only bounded: an event filter on the
layout sees each of its timer's events, and when the step Qt is about to make would take more
than :data:`STEP_S` (its length counted since the last change, or guessed from how far the
layout went; its cost per character measured), it swallows the event and marks the rest of
the document changed a step further on (as long as the bound allows: Qt lays the document out
up to there at once, holding Python's lock; nothing laid out before is lost), so Qt's steps
start again from 1,000 characters.
The layout's other timer (0 ms: the document's size for the scroll bars) always passes.

Only the shown document is laid out so: a kept one (not in the view) whose layout had not
ended has its timer's events swallowed, and is laid out again from the top when shown. Once
the last block is laid out Qt stops its timer and nothing more comes here.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QTimerEvent
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit

#: The time one step of Qt's layout may take, seconds.
STEP_S = 0.012
#: Qt's step after a change of the document, and its bound, UTF-16 units.
FIRST_STEP = 1_000
LAST_STEP = 200_000
#: What a step lays out beyond its length (to the next of Qt's check points, 2,000 px on).
OVERSHOOT = 2_500
#: The cost of laying out one UTF-16 unit before one is measured, seconds, and its bounds.
FIRST_COST = 1.0e-6
COST_BOUNDS = (0.2e-6, 20e-6)


def laid_out(document: QTextDocument) -> bool:
    """Whether ``document``'s layout reached its end (its last block has lines), or is not
    to be made (no page size yet: its view was never shown)."""
    return document.pageSize().isNull() or document.lastBlock().layout().lineCount() > 0


def first_unlaid(document: QTextDocument) -> int:
    """The position of the first block without lines (Qt lays a document out from the top:
    the blocks before it have theirs), the document's length when all have."""
    low, high = 0, document.blockCount()  # blocks [0, low) have lines, [high, …) have not
    while low < high:
        middle = (low + high) // 2
        if document.findBlockByNumber(middle).layout().lineCount() > 0:
            low = middle + 1
        else:
            high = middle
    block = document.findBlockByNumber(low)
    return block.position() if block.isValid() else document.characterCount()


class SteppedLayout(QObject):
    """Bounds the steps of the layout of the document ``view`` shows; see the module."""

    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self._view = view
        self._step = FIRST_STEP  # the length of Qt's next step (doubled after each)
        self._cost = FIRST_COST  # seconds per UTF-16 unit laid out
        self._at = 0  # the first position not laid out at the last event
        self._passed = 0  # the length of the step let through at the last event
        #: Qt's steps let through and restarts made since the view was made (tests, benchmarks).
        self.steps = 0
        self.restarts = 0

    def follow(self, document: QTextDocument) -> None:
        """``document`` is (or is about to be) shown: its layout's steps are bounded (Qt's
        step after the change is its first)."""
        document.documentLayout().installEventFilter(self)  # once however often asked
        self._step = FIRST_STEP
        self._at = self._passed = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.Timer or not isinstance(event, QTimerEvent):
            return False
        if _interval(watched, event.timerId()) == 0:
            return False  # the size reported to the scroll bars
        document = self._view.document()
        if watched is not document.documentLayout():
            return True  # a kept document's: laid out again when it is shown
        if laid_out(document):
            return False
        at = first_unlaid(document)
        if at - self._at > self._passed + 2 * OVERSHOOT:  # steps not counted (a paint's)
            self._step = max(self._step, 2 * (at - self._at))
        self._at = at
        if (self._step + OVERSHOOT) * self._cost <= STEP_S:
            self.steps += 1
            self._passed = self._step
            self._step = min(LAST_STEP, 2 * self._step)
            return False  # Qt's step
        self._at = self._restart(document)
        self._passed = 0
        return True

    def _restart(self, document: QTextDocument) -> int:
        """Qt's steps from their first length again, after a step of ours as long as the
        bound allows (Qt lays the document out up to a change, then a little beyond it); the
        first position not laid out after."""
        start = first_unlaid(document)
        ahead = max(0, int(STEP_S / self._cost) - 2 * OVERSHOOT)
        at = document.findBlock(min(start + ahead, document.characterCount() - 1)).position()
        began = time.thread_time()  # the work's own time (a busy machine's waits aside)
        document.markContentsDirty(at, document.characterCount() - at)
        took = time.thread_time() - began
        end = first_unlaid(document)
        done = end - start
        if done > 2 * OVERSHOOT and took > 0.001:  # long enough to measure
            low, high = COST_BOUNDS
            self._cost = min(high, max(low, (self._cost + took / done) / 2))
        self._step = FIRST_STEP
        self.restarts += 1
        return end


def _interval(layout: QObject, timer_id: int) -> int | None:
    """The interval of one of ``layout``'s timers, milliseconds (None: not registered)."""
    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None:
        return None
    for info in dispatcher.registeredTimers(layout):
        if info.timerId == timer_id:
            return int(info.interval)
    return None
