"""What a feature of the window is given by the composition root, instead of the window.

A feature (readings, ruby, hover, highlights …) receives one :class:`FeatureContext`: the
shown document, the reading view, settings, the store, the background runner, the status bar,
the widget that owns its actions and popups, and a way to add a section to the import report.
It never sees the window itself, so it can be built and tested with any frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStatusBar, QWidget

from reader.storage.store import Store
from reader.ui.common.settings import Settings
from reader.ui.common.shown_document import ShownDocument
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.worker import BackgroundRunner

#: A section features add to the import report: (title, rows of (position, what, detail)).
ReportSection = tuple[str, list[tuple[int, str, str]]]


def _no_report(_section: ReportSection, _status: str) -> None:
    """Without a window there is no import report to add to."""


@dataclass(frozen=True)
class FeatureContext:
    """The narrow interface between the frame and its features (see the module docstring)."""

    current: ShownDocument
    view: ReadingView
    settings: Settings
    store: Store | None
    runner: BackgroundRunner
    status_bar: QStatusBar
    #: Parent of the feature's QObjects, owner of its shortcuts (``addAction``) and popups.
    host: QWidget
    #: ``report(section, status)``: add or replace a section of the import report, with its
    #: part of the status-bar summary.
    report: Callable[[ReportSection, str], None] = _no_report
