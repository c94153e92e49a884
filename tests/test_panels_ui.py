"""Issue O: a dock is made only when it is shown. After the first paint the docks the last
session left shown are made a slice of the event loop at a time (``start_panels_in_slices``);
every other dock the first time it is asked for (its toggle in View › Panels, that toggle's
shortcut, its accessor, the note editor). The toggles are there, checked as their docks will
be, from the start; places and visibility come back from the last session, also for a dock
made late or not at all, and a window closed before the last slice loses nothing."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from reader.storage.store import Store
from reader.ui.app.dock_list import DOCKS
from reader.ui.app.panels import Panels, start_panels
from reader.ui.common.settings import Settings
from reader.ui.window.main_window import FEATURE_MODULES, MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT, RIGHT = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
PANEL_TITLES = ["&Notes and Highlights", "&Vocabulary", "&Library", "&Glossary"]
PANEL_IDS = ["panel.notes", "panel.vocabulary", "panel.library", "panel.glossary"]


def _window(qtbot, settings: Settings, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    window.open_bundled()
    window.features()
    return window


def _toggles(window: MainWindow) -> dict[str, bool]:
    """The View › Panels menu: each toggle's title and whether it is checked."""
    return {action.text(): action.isChecked() for action in window.menus.panels.actions()}


def _made(window: MainWindow) -> dict[str, QDockWidget]:
    """Every dock of the window (made), by object name."""
    return {dock.objectName(): dock for dock in window.findChildren(QDockWidget)}


def _in_slices(window: MainWindow) -> tuple[Panels, list[bool]]:
    started: list[bool] = []
    panels = Panels(window)
    panels.build_in_slices(then=lambda: started.append(True))
    return panels, started


def test_the_modules_named_for_the_slices_exist() -> None:
    for module in (*FEATURE_MODULES, *(m for _name, modules in DOCKS for m in modules)):
        importlib.import_module(module)


def test_a_first_start_makes_no_dock_but_lists_every_toggle(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    panels, started = _in_slices(window)
    # the toggles, unchecked, with their shortcuts, from the start
    assert _toggles(window) == dict.fromkeys(PANEL_TITLES, False)
    for action_id, action in zip(PANEL_IDS, window.menus.panels.actions(), strict=True):
        assert window.registry.action(action_id) is action and action.isCheckable()
    assert window.registry.action("panel.vocabulary").shortcut().toString() == "Ctrl+Shift+W"
    assert window.registry.action("annotate.search").isEnabled()
    qtbot.waitUntil(lambda: bool(started), timeout=20000)  # the background work, at once
    qtbot.wait(50)
    assert _made(window) == {}
    assert panels.docks == []
    window.close()
    assert settings.shown_panels == []


def test_a_toggle_makes_and_shows_its_dock_and_follows_it(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    panels, _started = _in_slices(window)
    window.registry.action("panel.library").trigger()
    docks = _made(window)
    assert set(docks) == {"libraryDock"}  # only the one asked for
    library = docks["libraryDock"]
    assert library.isVisible() and window.dockWidgetArea(library) == LEFT
    assert _toggles(window)["&Library"] is True
    library.close()  # its own close button: the toggle follows
    assert _toggles(window)["&Library"] is False
    window.registry.action("panel.library").trigger()
    assert library.isVisible() and set(_made(window)) == {"libraryDock"}
    window.registry.action("panel.library").trigger()
    assert not library.isVisible()
    assert panels.library is library
    window.close()


def test_a_dock_made_late_is_in_step_with_the_document(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    panels = start_panels(window)
    assert _made(window) == {}
    notes, library = panels.notes, panels.library
    assert notes is not None and library is not None
    assert window.document_id is not None and notes.document_id == window.document_id
    qtbot.waitUntil(lambda: library.tree.topLevelItemCount() > 0, timeout=60000)
    assert window.document_id in library.document_ids()
    window.close()


def test_the_note_editor_makes_the_notes_dock(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    panels, _started = _in_slices(window)
    assert window.document_id is not None
    highlight = store.operations.add_highlight(window.document_id, 0, 8, "yellow", "a note")
    window.highlights.reload()
    assert panels.edit_note(highlight)
    notes = _made(window)["annotationsDock"]
    assert notes.isVisible() and _toggles(window)["&Notes and Highlights"] is True
    window.close()


def test_add_selection_to_glossary_makes_the_glossary(
    qtbot, settings: Settings, store: Store, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from reader.ui.glossary.glossary_dock import GlossaryDock

    editors: list[object] = []  # the editor is modal: not run here
    monkeypatch.setattr(GlossaryDock, "run_editor", lambda _dock, dialog: editors.append(dialog))
    window = _window(qtbot, settings, store)
    _in_slices(window)
    window.view.select_span(0, 8)
    window.registry.action("annotate.glossary_entry").trigger()
    assert len(editors) == 1
    glossary = _made(window)["glossaryDock"]
    assert glossary.isVisible() and _toggles(window)["&Glossary"] is True
    window.close()


def _last_session(qtbot, settings: Settings, store: Store) -> None:  # type: ignore[no-untyped-def]
    """A session that shows the notes and the library, and the glossary on the left."""
    window = _window(qtbot, settings, store)
    panels = Panels(window)
    notes, library, glossary = panels.notes, panels.library, panels.glossary
    assert notes is not None and library is not None
    notes.show()
    library.show()
    window.addDockWidget(LEFT, glossary)
    glossary.show()
    qtbot.wait(20)
    window.close()
    assert settings.window_state is not None
    assert settings.shown_panels == ["notes", "library", "glossary"]


def _as_last_session(window: MainWindow) -> None:
    docks = _made(window)
    assert set(docks) == {"annotationsDock", "libraryDock", "glossaryDock"}, set(docks)
    assert window.dockWidgetArea(docks["annotationsDock"]) == RIGHT
    assert window.dockWidgetArea(docks["libraryDock"]) == LEFT
    assert window.dockWidgetArea(docks["glossaryDock"]) == LEFT
    assert all(dock.isVisible() for dock in docks.values())
    assert _toggles(window) == {
        "&Notes and Highlights": True, "&Vocabulary": False, "&Library": True, "&Glossary": True,
    }


def test_the_docks_shown_last_session_come_back_in_their_places(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    _last_session(qtbot, settings, store)
    window = _window(qtbot, settings, store)
    _panels, started = _in_slices(window)
    # checked from the start, before their docks are made
    assert _toggles(window)["&Library"] is True and _toggles(window)["&Vocabulary"] is False
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    _as_last_session(window)
    window.close()


def test_closing_before_the_slices_ran_loses_nothing(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    _last_session(qtbot, settings, store)
    window = _window(qtbot, settings, store)
    _panels, started = _in_slices(window)
    qtbot.wait(5)  # a slice or two may have run
    window.close()
    qtbot.wait(300)
    assert started == []  # nothing more once the window closed
    # the next session finds the docks where the last one left them
    again = _window(qtbot, settings, store)
    start_panels(again)
    _as_last_session(again)
    again.close()


def test_a_dock_never_made_keeps_its_place_through_a_session(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    # a session puts the glossary on the left, below the library, then hides it
    window = _window(qtbot, settings, store)
    panels = Panels(window)
    library, glossary = panels.library, panels.glossary
    assert library is not None
    library.show()
    window.splitDockWidget(library, glossary, Qt.Orientation.Vertical)
    glossary.show()
    qtbot.wait(20)
    glossary.close()
    window.close()
    assert settings.shown_panels == ["library"]
    # a session that never makes the glossary, and moves the library to the right
    window = _window(qtbot, settings, store)
    panels = start_panels(window)
    assert set(_made(window)) == {"libraryDock"}
    library = panels.library
    assert library is not None
    window.addDockWidget(RIGHT, library)
    qtbot.wait(20)
    window.close()
    # the next one shows the glossary where the first left it
    window = _window(qtbot, settings, store)
    start_panels(window)
    assert set(_made(window)) == {"libraryDock"}
    window.registry.action("panel.glossary").trigger()
    docks = _made(window)
    assert window.dockWidgetArea(docks["glossaryDock"]) == LEFT
    assert window.dockWidgetArea(docks["libraryDock"]) == RIGHT
    assert docks["glossaryDock"].isVisible()
    window.close()


def test_a_last_session_that_did_not_list_its_docks_makes_them_all(
    qtbot, settings: Settings, store: Store, tmp_path  # type: ignore[no-untyped-def]
) -> None:
    """Settings from before the docks were made late: the window state only."""
    _last_session(qtbot, settings, store)
    settings.qsettings.remove("window/panels")
    settings.sync()
    older = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert older.shown_panels is None and older.window_state is not None
    window = _window(qtbot, older, store)
    start_panels(window)
    docks = _made(window)
    assert len(docks) == 4 and not docks["vocabDock"].isVisible()
    assert docks["libraryDock"].isVisible() and window.dockWidgetArea(docks["libraryDock"]) == LEFT
    window.close()
    assert older.shown_panels == ["notes", "library", "glossary"]


def test_a_panels_shortcut_works_before_its_dock_is_made(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window
    panels, started = _in_slices(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_W, CTRL_SHIFT)
    assert set(_made(window)) == {"vocabDock"}
    vocab = panels.vocab
    assert vocab is not None and vocab.isVisible()
    qtbot.waitUntil(lambda: bool(started), timeout=20000)
    # one action has the key: no ambiguous shortcut (a Qt warning fails)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_W, CTRL_SHIFT)
    assert not vocab.isVisible() and _toggles(window)["&Vocabulary"] is False
    window.close()


def test_the_learners_own_panel_shortcut_works_before_the_docks(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    settings.set_shortcut("panel.library", "Alt+Shift+Y")
    settings.set_shortcut("panel.glossary", "")  # no shortcut
    window = _window(qtbot, settings, store)
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the active window
    panels, _started = _in_slices(window)
    assert window.registry.action("panel.library").shortcut().toString() == "Alt+Shift+Y"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL_SHIFT)
    assert _made(window) == {}  # the default key of a cleared shortcut does nothing
    qtbot.keyClick(window.view, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert set(_made(window)) == {"libraryDock"}
    library = panels.library
    assert library is not None and library.isVisible()
    window.close()


def test_the_toolbar_s_context_menu_lists_every_panel_made_or_not(
    qtbot, settings: Settings, store: Store  # type: ignore[no-untyped-def]
) -> None:
    window = _window(qtbot, settings, store)
    start_panels(window)
    assert _made(window) == {}  # no dock made yet
    menu = window.createPopupMenu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[: len(PANEL_TITLES)] == PANEL_TITLES
    assert len(texts) > len(PANEL_TITLES)  # and the toolbar's own toggle
    menu.actions()[1].trigger()  # the vocabulary's toggle: the dock is made and shown
    qtbot.waitUntil(lambda: "vocabularyDock" in _made(window) or len(_made(window)) == 1, timeout=20000)
    made = window.createPopupMenu()
    assert [a.text() for a in made.actions() if not a.isSeparator()] == texts  # no duplicate
    assert made.actions()[1].isChecked()
    window.close()
