"""Issue O: the docks are made after the first paint a slice of the event loop at a time
(``start_panels_in_slices``); a dock asked for before its slice is there at once, their places
and visibility come back from the last session, and a window closed before the last slice
loses nothing."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from reader.storage.store import Store
from reader.ui.app.dock_list import DOCKS
from reader.ui.app.panels import Panels
from reader.ui.common.settings import Settings
from reader.ui.window.main_window import FEATURE_MODULES, MainWindow


def _window(qtbot, settings: Settings, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    window.open_bundled()
    window.features()
    return window


def _toggles(window: MainWindow) -> list[str]:
    """The View › Panels menu: one toggle a dock attached to the window."""
    return [action.text() for action in window.menus.panels.actions()]


def _attached(window: MainWindow) -> dict[str, QDockWidget]:
    return {
        dock.objectName(): dock for dock in window.findChildren(QDockWidget)
        if window.dockWidgetArea(dock) != Qt.DockWidgetArea.NoDockWidgetArea
    }


PANEL_TITLES = ["&Notes and Highlights", "&Vocabulary", "&Library", "&Glossary"]


def test_the_modules_named_for_the_slices_exist() -> None:
    for module in (*FEATURE_MODULES, *(m for _name, modules in DOCKS for m in modules)):
        importlib.import_module(module)


def test_the_docks_come_a_slice_each_then_the_background_work(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    started: list[list[str]] = []
    panels = Panels(window)
    panels.build_in_slices(then=lambda: started.append(_toggles(window)))
    assert _toggles(window) == []  # nothing made in the caller's slice
    # the actions that do not show a dock are there from the start
    assert window.registry.action("annotate.search").isEnabled()
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    assert started == [PANEL_TITLES]  # the background work after the last dock
    assert len(_attached(window)) == 4
    assert not any(dock.isVisible() for dock in _attached(window).values())  # first session
    window.close()


def test_a_dock_asked_for_before_its_slice_is_made_at_once(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    started: list[bool] = []
    panels = Panels(window)
    panels.build_in_slices(then=lambda: started.append(True))
    library = panels.library
    assert library is not None
    assert window.dockWidgetArea(library) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert _toggles(window) == PANEL_TITLES
    window.registry.action("panel.library").trigger()
    assert library.isVisible()
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    assert started == [True]
    assert _toggles(window) == PANEL_TITLES  # no dock made twice
    assert library.isVisible()
    window.close()


def test_a_menu_opened_before_the_last_slice_lists_every_panel(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    Panels(window).build_in_slices(then=lambda: None)
    window.menus.view.aboutToShow.emit()
    assert _toggles(window) == PANEL_TITLES
    window.close()


def _last_session(qtbot, settings: Settings, store: Store) -> None:  # type: ignore[no-untyped-def]
    """A session that shows the notes and the library, and puts the glossary on the left."""
    window = _window(qtbot, settings, store)
    panels = Panels(window)
    panels.finish()
    notes, library, glossary = panels.notes, panels.library, panels.glossary
    assert notes is not None and library is not None
    notes.show()
    library.show()
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, glossary)
    glossary.show()
    qtbot.wait(20)
    window.close()
    assert settings.window_state is not None


def _as_last_session(window: MainWindow) -> None:
    docks = _attached(window)
    assert set(docks) == {"annotationsDock", "vocabDock", "libraryDock", "glossaryDock"}, set(docks)
    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(docks["annotationsDock"]) == right
    assert window.dockWidgetArea(docks["libraryDock"]) == left
    assert window.dockWidgetArea(docks["glossaryDock"]) == left
    assert docks["annotationsDock"].isVisible() and docks["libraryDock"].isVisible()
    assert docks["glossaryDock"].isVisible() and not docks["vocabDock"].isVisible()


def _slicing_after_last_session(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> tuple[MainWindow, list[bool]]:
    """A window over the last session's saved layout, its panels building in slices; the
    list gets True once the last slice has run."""
    _last_session(qtbot, settings, store)
    window = _window(qtbot, settings, store)
    started: list[bool] = []
    Panels(window).build_in_slices(then=lambda: started.append(True))
    return window, started


def test_places_and_visibility_come_back_through_the_slices(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window, started = _slicing_after_last_session(qtbot, settings, store)
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    _as_last_session(window)
    window.close()


def test_closing_before_the_slices_ran_loses_nothing(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window, started = _slicing_after_last_session(qtbot, settings, store)
    qtbot.wait(5)  # a slice or two may have run
    window.close()
    qtbot.wait(300)
    assert started == []  # nothing more once the window closed
    # the next session finds the docks where the last one left them
    again = _window(qtbot, settings, store)
    Panels(again).finish()
    _as_last_session(again)
    again.close()


def test_a_panels_shortcut_works_before_its_slice_and_after(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window
    started: list[bool] = []
    panels = Panels(window)
    panels.build_in_slices(then=lambda: started.append(True))
    assert _toggles(window) == []  # no dock attached yet (no slice runs before the key)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_W,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    vocab = panels.vocab
    assert vocab is not None and vocab.isVisible()  # every dock made, this one shown
    assert _toggles(window) == PANEL_TITLES
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    # the dock's own toggle has the key now: no ambiguous shortcut (a Qt warning fails)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_W,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not vocab.isVisible()
    window.close()


def test_the_learners_own_panel_shortcut_works_before_the_docks(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    settings.set_shortcut("panel.library", "Alt+Shift+Y")
    settings.set_shortcut("panel.glossary", "")  # no shortcut
    window = _window(qtbot, settings, store)
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window
    panels = Panels(window)
    panels.build_in_slices(then=lambda: None)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _toggles(window) == []  # the default key of a cleared shortcut does nothing
    qtbot.keyClick(window.view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    library = panels.library
    assert library is not None and library.isVisible()
    window.close()
