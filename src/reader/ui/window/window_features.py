"""What the window frames besides the text: the find bar, the reading aids and the highlights,
with every action of the window laid out in its menus and toolbar.

Made after the window's first paint, or at first use (a menu opened before then, a feature
asked for by the composition root or a test): the text is on screen before these ~40 modules
are imported and their objects built. Made over a document already shown, they catch up with
it as if it had been shown after them (:meth:`WindowFeatures.catch_up`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.notes.highlights_controller import HighlightsController
from reader.ui.reading.find_bar import FindBar
from reader.ui.reading.reading_aids import ReadingAids
from reader.ui.window import window_actions

if TYPE_CHECKING:
    from PySide6.QtWidgets import QBoxLayout

    from reader.ui.window.main_window import MainWindow
    from reader.ui.window.menu_bar import TopMenus


class WindowFeatures:
    """The window's features, actions and menus (see the module docstring); one per window."""

    def __init__(
        self, window: MainWindow, layout: QBoxLayout, top: TopMenus
    ) -> None:
        """``layout``: the window's column under the view (the find bar goes there);
        ``top``: the menu bar's menus, filled here."""
        context = window.context
        self.find_bar = FindBar(context.view, layout.parentWidget())
        layout.addWidget(self.find_bar)
        self.aids = ReadingAids(context)
        self.highlights = HighlightsController(context, window.undo_stack)
        self.registry, self.menus = window_actions.build(window, self, top)

    def catch_up(self, window: MainWindow) -> None:
        """The document shown before the features were made, given to them as
        ``show_document`` gives a new one: every feature's layer in one go, then the
        highlights, then the news of a new document."""
        current = window.current
        if current.shown is None:
            return
        with window.view.batched_layers():
            current.displayChanged.emit()
        self.highlights.set_document(current.document_id)
        current.documentChanged.emit()

    def close(self) -> None:
        """The window closes: background work stops, the store is let go of."""
        self.aids.close()
        self.highlights.detach()
        self.find_bar.query_edit.removeEventFilter(self.find_bar)
