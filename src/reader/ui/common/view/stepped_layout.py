"""The reading view's documents laid out to their end in short slices between events, instead
of Qt's lazy layout in steps that double to 200,000 characters (100–160 ms each on a 640k
text: the GUI stalled after every script switch, resize or change of font).

Qt's ``QTextDocumentLayout`` lays a document out as far as the view needs, then the rest from
a timer of its own (10 ms), each step twice the last, up to 200,000 characters. Here its
timer's events are swallowed (an event filter on the layout; its other timer, 0 ms, reports
the document's size to the scroll bars and passes), and :class:`SteppedLayout` asks the layout
for the rectangle of a block further on (``blockBoundingRect`` lays the document out up to it,
as Qt's own steps do) about :data:`SLICE_S` at a time, a 0-ms timer between slices so input
and paints get in. The slice's length in characters follows the time the last ones took.

Only the shown document is laid out so: a kept one (not in the view) whose layout had not
ended has its timer swallowed too, and is laid out again from the top when it is shown.
Once the last block is laid out Qt stops its timer, and nothing is swallowed any more.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject, QTimer, QTimerEvent
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit

#: The time one slice of layout may take, seconds.
SLICE_S = 0.010
#: The first slice's length, and the bounds of any slice's, in UTF-16 units.
FIRST_UNITS = 8_000
LEAST_UNITS = 1_000
MOST_UNITS = 60_000


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
    """Lays the document ``view`` shows out in slices; see the module's description."""

    def __init__(self, view: QTextEdit) -> None:
        super().__init__(view)
        self._view = view
        self._units = FIRST_UNITS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        #: Slices run since the view was made (tests, benchmarks).
        self.slices = 0

    def follow(self, document: QTextDocument) -> None:
        """``document`` is (or is about to be) shown: its layout's timer is taken over (the
        slices start at its first event, 10 ms on: the view's paint comes first)."""
        document.documentLayout().installEventFilter(self)  # once however often asked

    def running(self) -> bool:
        """Whether slices are still to come."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.Timer or not isinstance(event, QTimerEvent):
            return False
        if _interval(watched, event.timerId()) == 0:
            return False  # the size reported to the scroll bars
        # Qt's next lazy step: ours instead (the shown document's; a kept one waits)
        if watched is self._view.document().documentLayout() and not self._timer.isActive():
            self._timer.start()
        return True

    def _slice(self) -> None:
        document = self._view.document()
        if laid_out(document):
            return
        started = time.perf_counter()
        end = document.characterCount() - 1
        block = document.findBlock(min(first_unlaid(document) + self._units, end))
        document.documentLayout().blockBoundingRect(block)  # lays out up to it
        took = time.perf_counter() - started
        self.slices += 1
        if took > SLICE_S / 8:  # else too short to measure
            wanted = self._units * SLICE_S / took
            self._units = int(max(LEAST_UNITS, min(MOST_UNITS, 2 * self._units, wanted)))
        if not laid_out(document):
            self._timer.start()


def _interval(layout: QObject, timer_id: int) -> int | None:
    """The interval of one of ``layout``'s timers, milliseconds (None: not registered)."""
    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None:
        return None
    for info in dispatcher.registeredTimers(layout):
        if info.timerId == timer_id:
            return int(info.interval)
    return None
