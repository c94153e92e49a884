"""Noting a widget's first paint: what can wait is built or started after it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject


class FirstPaint(QObject):
    """An event filter that notes the time of the first paint of the widget it watches and
    calls ``on_paint`` then (once)."""

    def __init__(
        self, on_paint: Callable[[], None] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.at: float | None = None
        self.on_paint = on_paint

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.perf_counter()
            if self.on_paint is not None:
                self.on_paint()
        return False
