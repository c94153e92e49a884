"""The window's dock panels — notes, and (when their modules are present) vocabulary, the
library and the glossary — created over the store and connected to the window.

A dock is made only when it is shown (issue O: each costs its modules and widgets, and the
library grades the documents in the background). After the first paint the launcher makes the
docks the last session left shown (:func:`start_panels_in_slices`: each module a dock needs,
leaf first, then the dock, a slice each; attached together in one more slice, one relayout of
the text), then starts the background work: the GUI thread is never busy for long. Any other
dock is made the first time it is asked for: its toggle in View › Panels or that toggle's
shortcut (registered from the start, checked as its dock will be), its accessor, the note
editor, Add Selection to Glossary, Export Notes. The places and visibility of every dock come
back from the last session before any dock exists: the window keeps a placeholder for each,
which :meth:`QMainWindow.restoreDockWidget` fills whenever the dock is made, and saves again
at close for a dock never made; the settings keep which docks were shown
(:attr:`~reader.ui.common.settings.Settings.shown_panels`).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from reader.ui.app.dock_list import DOCKS, TOGGLES
from reader.ui.common.action_registry import ActionSpec
from reader.ui.common.worker import Lane

if TYPE_CHECKING:
    from reader.ui.glossary.glossary_dock import GlossaryDock
    from reader.ui.library.library_dock import LibraryDock
    from reader.ui.notes.notes_panel import NotesPanel
    from reader.ui.vocab.vocab_dock import VocabDock
    from reader.ui.window.main_window import MainWindow

#: Between two slices: a timer, not a zero-time call (Qt runs the zero-time calls posted by
#: the previous batch together, without handling input, paint or timers between them).
SLICE_GAP_MS = 1


def start_panels(window: MainWindow) -> Panels:
    """The docks the last session left shown, now (in their places), then the window's
    background work; the others when asked for. Tests, the smoke test and the benchmarks use
    it."""
    panels = window.findChild(Panels)
    if panels is None:
        panels = Panels(window)
    panels.finish()
    window.start_background()
    return panels


def start_panels_in_slices(window: MainWindow) -> Panels:
    """What the launcher does after the first paint: the docks to show a slice each, then the
    window's background work in a slice of its own (see the module docstring)."""
    panels = window.findChild(Panels)
    if panels is None:
        panels = Panels(window)
    panels.build_in_slices(then=window.start_background)
    return panels


class Panels(QObject):
    """Creates the docks; keeps them in step with the shown document (a child of the window,
    which knows nothing of it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("panels")
        self.window = window
        self._notes: NotesPanel | None = None
        self._vocab: VocabDock | None = None
        self._library: LibraryDock | None = None
        self._glossary: GlossaryDock | None = None
        self._placed: list[str] = []  # the docks attached to the window, in that order
        self._closing = False
        self._glossary_stale = True
        # the places of the docks to come (placeholders) and the toolbar's, before any dock
        settings = window.settings
        state = settings.window_state
        if state is not None:
            window.restoreState(state)
        shown = settings.shown_panels
        if shown is None:  # a window state saved before docks were made late: all of them
            shown = [name for name, _modules in self._wanted()] if state is not None else []
        #: the docks to make now (shown last session), in :data:`DOCKS` order
        self._to_show = [name for name, _modules in self._wanted() if name in shown]
        window.before_close.append(self._window_closing)
        store = window.store
        registry, menus = window.registry, window.menus
        if store is not None:
            window.highlights.set_note_editor(self.edit_note)
            registry.register(ActionSpec(
                "annotate.search", "&Search All Notes…", "Ctrl+Shift+F", self.search_notes,
                "Annotate", tip="Search the quotes and notes of every document",
            ))
            menus.annotate.addSeparator()
            menus.annotate.addAction(registry.action("annotate.search"))
            registry.register(ActionSpec(
                "file.export_notes", "Export &Notes…", "", self.export_notes,
                "File", tip="Export highlights and notes as Markdown, CSV or JSON",
            ))
            menus.file.insertAction(menus.export_anchor, registry.action("file.export_notes"))
            registry.register(ActionSpec(
                "file.export_vocabulary", "Export &Vocabulary…", "", self.export_vocabulary,
                "File", tip="Export saved words as an Anki deck, Pleco flashcards or TSV",
            ))
            menus.file.insertAction(
                menus.export_anchor, registry.action("file.export_vocabulary")
            )
        words = window.aids.sources
        words.termsChanged.connect(self.terms_changed)
        words.dictionaryReady.connect(lambda: self.terms_changed())
        registry.register(ActionSpec(
            "annotate.glossary_entry", "Add Selection to &Glossary…", "Ctrl+Shift+E",
            self.add_selection_to_glossary, "Annotate",
            tip="Start a glossary entry of your own from the selected text",
        ))
        menus.annotate.addAction(registry.action("annotate.glossary_entry"))
        window.current.documentChanged.connect(self.document_changed)
        window.current.storedChanged.connect(self.document_changed)
        #: each dock's toggle in View › Panels, the dock made or not (its shortcut with it)
        self._toggles: dict[str, QAction] = {}
        for name, _modules in self._wanted():
            action_id, title, shortcut = TOGGLES[name]
            toggle = registry.register(ActionSpec(
                action_id, title, shortcut, functools.partial(self._toggled, name), "View",
                checkable=True,
            ))
            toggle.setChecked(name in self._to_show)
            menus.panels.addAction(toggle)
            self._toggles[name] = toggle

    def _toggled(self, name: str) -> None:
        """A dock's toggle was triggered (it is checked as the learner wants the dock): the
        dock made if it is not, then shown or closed by its own toggle, as Qt does."""
        wanted = self._toggles[name].isChecked()
        dock = self._dock(name)
        own = dock.toggleViewAction()
        own.setChecked(not dock.isHidden())
        if own.isChecked() != wanted:
            own.trigger()
        self._toggles[name].setChecked(not dock.isHidden())

    # ------------------------------------------------------------------ the docks
    @property
    def docks(self) -> list[QDockWidget]:
        """The docks made so far (none is made here), in View › Panels order."""
        return [
            getattr(self, f"_{name}") for name, _modules in self._wanted()
            if name in self._placed
        ]

    @property
    def notes(self) -> NotesPanel | None:
        """The notes dock (None without a store), made now if it was not."""
        if self.window.store is None:
            return None
        self._dock("notes")
        return self._notes

    @property
    def vocab(self) -> VocabDock | None:
        if self.window.store is None:
            return None
        self._dock("vocab")
        return self._vocab

    @property
    def library(self) -> LibraryDock | None:
        if self.window.store is None:
            return None
        self._dock("library")
        return self._library

    @property
    def glossary(self) -> GlossaryDock:
        self._dock("glossary")
        assert self._glossary is not None
        return self._glossary

    def build_in_slices(self, then: Callable[[], object]) -> None:
        """The steps of :data:`DOCKS` for the docks to show a slice each, the docks attached
        in the next, then ``then()`` in a slice of its own; nothing more once the window
        closes."""
        steps: list[Callable[[], object]] = []
        for name, modules in self._wanted():
            if name in self._to_show:
                steps.extend(functools.partial(importlib.import_module, m) for m in modules)
                steps.append(functools.partial(self._build, name))
        if steps:
            steps.append(self.finish)  # a no-op if the docks were asked for before

        def run(index: int) -> None:
            if self._closing:
                return
            if index == len(steps):
                then()
                return
            steps[index]()
            QTimer.singleShot(SLICE_GAP_MS, self, lambda: run(index + 1))

        QTimer.singleShot(SLICE_GAP_MS, self, lambda: run(0))

    def finish(self) -> None:
        """The docks the last session left shown made, if they are not, and attached (once)."""
        for name in self._to_show:
            self._build(name)
        for name in self._to_show:
            if name not in self._placed:
                self._attach(name)
        self._to_show = []

    def _dock(self, name: str) -> QDockWidget:
        """The dock ``name``, made and attached to the window if it was not."""
        self._build(name)
        if name not in self._placed:
            self._attach(name)
        dock: QDockWidget = getattr(self, f"_{name}")
        return dock

    def _wanted(self) -> list[tuple[str, tuple[str, ...]]]:
        """The docks this window has: the glossary only without a store."""
        if self.window.store is None:
            return [step for step in DOCKS if step[0] == "glossary"]
        return list(DOCKS)

    def _build(self, name: str) -> None:
        """One dock, made hidden and connected, not yet attached to the window."""
        if getattr(self, f"_{name}") is not None:
            return
        window, store = self.window, self.window.store
        if name == "glossary":
            from reader.ui.glossary.glossary_dock import GlossaryDock

            glossary = GlossaryDock(store, window, settings=window.settings)
            glossary.hide()
            glossary.visibilityChanged.connect(self._glossary_shown)
            glossary.jumpRequested.connect(self.select_display_span)
            glossary.entryChanged.connect(window.aids.sources.reload_user_entries)
            self._glossary = glossary
            return
        assert store is not None
        if name == "notes":
            from reader.ui.notes.notes_panel import NotesPanel

            notes = NotesPanel(store, window.undo_stack, window, settings=window.settings)
            notes.hide()
            notes.jumpRequested.connect(window.open_and_select)
            window.before_close.append(notes.flush)
            self._notes = notes
        elif name == "vocab":
            from reader.ui.vocab.vocab_dock import VocabDock

            vocab = VocabDock(store, window.undo_stack, window, settings=window.settings)
            vocab.hide()
            vocab.jumpRequested.connect(self.open_sentence)
            window.before_close.append(vocab.model.detach)
            self._vocab = vocab
        elif name == "library":
            from reader.ui.library.library_dock import LibraryDock

            library = LibraryDock(store, window, settings=window.settings)
            library.hide()
            library.openRequested.connect(window.open_document_id)
            library.documentRemoved.connect(self.document_removed)
            window.before_close.append(library.commit_pending_removal)
            self._library = library

    def _attach(self, name: str) -> None:
        """In the place (and visibility) it had last session, else hidden (the library on the
        left, the others on the right); its toggle follows it, and it follows the document."""
        window = self.window
        dock: QDockWidget = getattr(self, f"_{name}")
        _action_id, title, _shortcut = TOGGLES[name]
        dock.setWindowTitle(title.replace("&", ""))
        if not window.restoreDockWidget(dock):
            area = Qt.DockWidgetArea.RightDockWidgetArea
            if name == "library":
                area = Qt.DockWidgetArea.LeftDockWidgetArea
            window.addDockWidget(area, dock)
            dock.hide()
        own = dock.toggleViewAction()  # the window's context menu lists it
        own.setText(title)
        toggle = self._toggles[name]
        own.toggled.connect(toggle.setChecked)
        toggle.setChecked(not dock.isHidden())
        self._placed.append(name)
        self._in_step(name)

    def _window_closing(self) -> None:
        """No more slices; the docks shown remembered (those not made keep their places as
        placeholders, and were not shown unless waiting for their slice)."""
        self._closing = True
        self.window.settings.shown_panels = [
            name for name, toggle in self._toggles.items() if toggle.isChecked()
        ]

    # ------------------------------------------------------------------ in step
    def edit_note(self, highlight_id: int) -> bool:
        dock = self.notes
        if dock is None:
            return False
        dock.show()
        dock.raise_()
        if not dock.select_highlight(highlight_id):
            return False
        dock.note_editor.edit.setFocus()
        return True

    def document_removed(self, document_id: int) -> None:
        """The shown document was removed from the library: show the bundled article."""
        self.window.document_removed(document_id)

    def document_changed(self) -> None:
        for name in self._placed:  # given to the others as they are attached
            self._in_step(name)

    def _in_step(self, name: str) -> None:
        document_id = self.window.document_id
        if name == "notes" and self._notes is not None:
            self._notes.set_document(document_id)
        elif name == "library" and self._library is not None and document_id is not None:
            self._library.select_document(document_id)

    def terms_changed(self) -> None:
        """Refresh the glossary panel (when it is shown: on a long text it lists thousands)."""
        glossary = self._glossary
        if glossary is None or not glossary.isVisible():
            self._glossary_stale = True
            return
        self._glossary_stale = False
        words = self.window.aids.sources
        glossary.set_matches(self.window.display_text(), words.terms.matches)
        self.suggest()

    def _glossary_shown(self, visible: bool) -> None:
        if visible and self._glossary_stale:
            self.terms_changed()

    def suggest(self) -> None:
        """Recurring runs CC-CEDICT does not know as words, computed on a worker thread."""
        from reader.language.words.term_suggestions import suggest_terms

        words = self.window.aids.sources
        dictionary, text = words.dictionary, self.window.display_text()
        if dictionary is None or not text:
            return
        glossary, matches = words.glossary, list(words.terms.matches)
        self.window.runner.run(
            "suggestions", lambda: suggest_terms(text, dictionary, glossary, matches=matches),
            self.glossary.set_suggestions, lane=Lane.LONG,
        )

    def select_display_span(self, start: int, end: int) -> None:
        shown = self.window.shown
        if shown is None:
            return
        self.window.view.select_span(shown.display_to_view(start), shown.display_to_view(end))
        self.window.view.ensureCursorVisible()

    def add_selection_to_glossary(self) -> None:
        text = self.window.view.textCursor().selectedText().strip()
        self.glossary.show()
        self.glossary.open_editor(prefill=text)

    def export_notes(self) -> None:
        if self.notes is not None:
            self.notes.export_with_dialog()

    def export_vocabulary(self) -> None:
        from reader.ui.vocab.vocab_export import export_with_dialog

        store = self.window.store
        if store is not None:
            export_with_dialog(self.window, store)

    def open_sentence(self, document_id: int, sentence: str) -> None:
        """Open the document a saved word came from, at its sentence."""
        window = self.window
        if not window.open_document_id(document_id) or window.shown is None:
            return
        start = window.shown.canonical.find(sentence) if sentence else -1
        if start >= 0:
            window.open_and_select(document_id, start, start + len(sentence))

    def search_notes(self) -> None:
        from reader.ui.notes.notes_search import NotesSearchDialog

        store = self.window.store
        if store is None:
            return
        dialog = NotesSearchDialog(store, self.window)
        dialog.jumpRequested.connect(self.window.open_and_select)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
