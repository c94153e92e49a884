"""A reading view shown on screen, as the view tests take it."""

from __future__ import annotations

from reader.ui.common.view.reading_view import ReadingView


def shown_view(qtbot) -> ReadingView:  # type: ignore[no-untyped-def]
    """A :class:`ReadingView` of 700 x 500 shown and exposed (closed with the test)."""
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return view
