"""Every action of the main window, registered once (id, title, shortcut, handler) and laid
out in the menus and toolbar. Shortcuts are customisable in Help › Keyboard Shortcuts.

The menu bar's menus are there from the start (:mod:`reader.ui.window.menu_bar`); the actions
are made and laid out with the window's features after its first paint (:func:`build`), or
when a menu is opened before that."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.language.scripts.script import Script
from reader.ui.common.action_registry import ActionRegistry, ActionSpec
from reader.ui.common.style.theme import THEMES

if TYPE_CHECKING:
    from reader.ui.window.main_window import MainWindow
    from reader.ui.window.menu_bar import TopMenus
    from reader.ui.window.window_features import WindowFeatures


def _spec(
    registry: ActionRegistry, id_: str, title: str, shortcut: str | list[str], handler: object,
    menu: str, tip: str = "", checkable: bool = False,
) -> QAction:
    return registry.register(ActionSpec(id_, title, shortcut, handler, menu, checkable, tip))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Menus:
    """The menu bar's menus, for the panels to add their actions to (built by :func:`build`)."""

    file: QMenu
    recent: QMenu
    export_anchor: QAction  # file-menu actions that export go before this separator
    edit: QMenu
    view: QMenu
    script: QMenu
    panels: QMenu
    annotate: QMenu
    help: QMenu


def build(
    window: MainWindow, features: WindowFeatures, top: TopMenus
) -> tuple[ActionRegistry, Menus]:
    """Create the registry, register every action, fill the menus and the toolbar; the
    registry and the menus (the window's features keep both)."""
    reg = ActionRegistry(window.settings, window)
    w, f = window, features
    # File
    _spec(reg, "file.open", "&Open…", QKeySequence(QKeySequence.StandardKey.Open).toString(),
          w.open_dialog, "File", "Open a .txt, .html, .md or .epub file")
    _spec(reg, "file.paste", "New Document from &Clipboard", "Ctrl+Shift+V",
          w.paste_document, "File", "Import the clipboard's text as a new document")
    _spec(reg, "file.bundled", "Open the &Bundled Article", "", w.open_bundled, "File")
    _spec(reg, "file.report", "Import &Report…", "Ctrl+I", w.show_report, "File")
    _spec(reg, "file.quit", "&Quit", QKeySequence(QKeySequence.StandardKey.Quit).toString(),
          w.close, "File")
    # Edit
    undo = w.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    reg.adopt("edit.undo", undo, "Edit", "Undo the last highlight change")
    redo = w.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    reg.adopt("edit.redo", redo, "Edit", "Redo")
    _spec(reg, "edit.copy", "&Copy", QKeySequence(QKeySequence.StandardKey.Copy).toString(),
          w.view.copy, "Edit")
    reg.register_all(f.find_bar.action_specs())
    _spec(reg, "edit.preferences", "&Preferences…", "Ctrl+,", w.open_preferences, "Edit")
    # View
    _spec(reg, "view.zoom_in", "Zoom &In", ["Ctrl+=", "Ctrl++"], lambda: w.zoom(1), "View")
    _spec(reg, "view.zoom_out", "Zoom &Out", "Ctrl+-", lambda: w.zoom(-1), "View")
    _spec(reg, "view.zoom_reset", "&Actual Size", "Ctrl+0", lambda: w.zoom(0, reset=True), "View")
    for script, action in w.script_toggle.actions_by_script.items():
        reg.adopt(f"view.script.{script.value}", action, "View", script.label)
    reg.adopt("view.ruby", f.aids.ruby_action, "View", "Pinyin above every character")
    reg.adopt("view.glossary_underline", f.aids.underline_action, "View")
    reg.adopt("view.colour_unknown", f.aids.unknown_action, "View")
    reg.adopt("view.colour_by_level", f.aids.level_action, "View")
    reg.adopt("view.legend", f.aids.legend_action, "View")
    reg.register_all(f.aids.chapters.action_specs())
    _spec(reg, "view.font", "&Font…", "", w.choose_font, "View")
    _spec(reg, "view.read_aloud", "&Read Aloud", "Ctrl+R", w.read_aloud, "View",
          "Read the selection, or the sentence at the cursor, with a system Chinese voice")
    _spec(reg, "view.stop_reading", "S&top Reading", "Ctrl+Shift+R", w.stop_reading, "View")
    # Annotate
    for index, action in enumerate(f.highlights.colour_actions):
        reg.adopt(f"annotate.highlight.{index + 1}", action, "Annotate")
    reg.adopt("annotate.note", f.highlights.note_action, "Annotate")
    reg.adopt("annotate.remove", f.highlights.remove_action, "Annotate")
    # Help
    _spec(reg, "help.shortcuts", "&Keyboard Shortcuts…", "Ctrl+/",
          lambda: _shortcuts(reg, w), "Help")
    _spec(reg, "help.about", "&About Reader", "", w.about, "Help")
    menus = _menus(window, reg, f, top)
    window.toolbar.addSeparator()
    window.toolbar.addAction(f.aids.ruby_action)
    return reg, menus


def _menus(w: MainWindow, reg: ActionRegistry, f: WindowFeatures, top: TopMenus) -> Menus:
    a = reg.action
    file_menu = top.file
    file_menu.addActions([a("file.open"), a("file.paste")])
    recent = QMenu("Open &Recent", w)
    recent.aboutToShow.connect(lambda: fill_recent_menu(w, recent))
    file_menu.addMenu(recent)
    file_menu.addAction(a("file.bundled"))
    file_menu.addSeparator()
    file_menu.addAction(a("file.report"))
    file_menu.addSeparator()
    export_anchor = file_menu.addSeparator()
    file_menu.addAction(a("file.quit"))

    edit = top.edit
    edit.addActions([a("edit.undo"), a("edit.redo")])
    edit.addSeparator()
    edit.addActions([a("edit.copy")])
    edit.addSeparator()
    edit.addActions([a("edit.find"), a("edit.find_next"), a("edit.find_previous")])
    edit.addSeparator()
    edit.addAction(a("edit.preferences"))

    view = top.view
    view.addActions([a("view.zoom_in"), a("view.zoom_out"), a("view.zoom_reset")])
    view.addSeparator()
    script = view.addMenu("&Script")
    script.addActions([a(f"view.script.{s.value}") for s in Script])
    view.addActions([a("view.ruby"), a("view.glossary_underline"), a("view.colour_unknown")])
    view.addActions([a("view.colour_by_level"), a("view.legend")])
    view.addActions([a("view.read_aloud"), a("view.stop_reading")])
    view.addSeparator()
    view.addMenu(f.aids.chapters.menu)
    view.addActions([a("view.next_chapter"), a("view.previous_chapter")])
    view.addSeparator()
    view.addAction(a("view.font"))
    theme_menu = view.addMenu("&Theme")
    group = QActionGroup(w)
    for theme in THEMES:
        action = QAction(theme.capitalize() if theme != "system" else "Follow the System", w)
        action.setCheckable(True)
        action.setChecked(theme == w.settings.theme)
        action.triggered.connect(lambda _c=False, t=theme: w.set_theme(t))
        group.addAction(action)
        theme_menu.addAction(action)
    view.addSeparator()
    panels = view.addMenu("&Panels")

    annotate = top.annotate
    annotate.addActions([a(f"annotate.highlight.{n}") for n in range(1, 6)])
    annotate.addSeparator()
    annotate.addActions([a("annotate.note"), a("annotate.remove")])
    help_menu = top.help
    help_menu.addActions([a("help.shortcuts"), a("help.about")])
    return Menus(file_menu, recent, export_anchor, edit, view, script, panels, annotate, help_menu)


def fill_recent_menu(w: MainWindow, menu: QMenu) -> None:
    menu.clear()
    recent = w.settings.recent_documents
    for path in recent:
        action = menu.addAction(Path(path).name)
        action.setToolTip(path)
        action.triggered.connect(lambda _c=False, p=path: w.open_path(p))
    if not recent:
        empty = menu.addAction("No recent documents")
        empty.setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear the List", w.settings.clear_recent_documents)


def _shortcuts(registry: ActionRegistry, window: QWidget) -> None:
    from reader.ui.reading.words.hover import FIXED_KEYS
    from reader.ui.window.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(registry, window, FIXED_KEYS).exec()
