"""The window's dock panels — notes, and (when their modules are present) vocabulary, the
library and the glossary — created over the store and connected to the window.

After the first paint the launcher builds them in event-loop slices
(:func:`start_panels_in_slices`: each module a dock needs, leaf first, then the dock, a slice
each), attaches them to the window together in one more slice (one relayout of the text for
the docks shown), then starts the background work: the GUI thread is never busy for long. A dock asked for before its
slice (its menu, its shortcut, its accessor, the note editor) makes every dock at once. Their places and
visibility from the last session are restored before the first dock exists (the window keeps
a placeholder for each, which :meth:`QMainWindow.restoreDockWidget` fills): a window closed
before the last slice saves the places it was given.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from reader.ui.app.dock_list import DOCKS, TOGGLES
from reader.ui.common.action_registry import ActionSpec

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
    """Every dock now (once; their places and visibility from the last session), then the
    window's background work. Tests, the smoke test and the benchmarks use it."""
    panels = window.findChild(Panels)
    if panels is None:
        panels = Panels(window)
    panels.finish()
    window.start_background()
    return panels


def start_panels_in_slices(window: MainWindow) -> Panels:
    """What the launcher does after the first paint: the docks a slice each, then the
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
        self._docks: list[QDockWidget] = []  # attached, in DOCKS order
        self._notes: NotesPanel | None = None
        self._vocab: VocabDock | None = None
        self._library: LibraryDock | None = None
        self._glossary: GlossaryDock | None = None
        self._attached = False
        self._closing = False
        self._glossary_stale = True
        self._early: list[QAction] = []  # the docks' shortcuts until they are attached
        # the places of the docks to come (placeholders) and the toolbar's, before any dock
        state = window.settings.window_state
        if state is not None:
            window.restoreState(state)
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
        # a menu opened before the last slice lists every panel
        for menu in (menus.file, menus.view, menus.annotate):
            menu.aboutToShow.connect(self.finish)
        window.current.documentChanged.connect(self.document_changed)
        window.current.storedChanged.connect(self.document_changed)
        self._early = [self._early_toggle(name) for name, _modules in self._wanted()]

    def _early_toggle(self, name: str) -> QAction:
        """A dock's shortcut before the dock is attached: it makes every dock at once, then
        toggles that one (the learner's own shortcut if they chose one)."""
        action_id, _title, default = TOGGLES[name]
        chosen = self.window.settings.shortcut(action_id)
        keys = [QKeySequence(default)] if chosen is None else QKeySequence.listFromString(
            chosen, QKeySequence.SequenceFormat.PortableText
        )
        early = QAction(self)
        early.setObjectName(f"early:{action_id}")
        early.setShortcuts([k for k in keys if not k.isEmpty()])
        early.triggered.connect(lambda _checked=False: self._toggle_now(action_id))
        self.window.addAction(early)
        return early

    def _toggle_now(self, action_id: str) -> None:
        self.finish()
        self.window.registry.action(action_id).trigger()

    # ------------------------------------------------------------------ the docks
    @property
    def docks(self) -> list[QDockWidget]:
        self.finish()
        return list(self._docks)

    @property
    def notes(self) -> NotesPanel | None:
        """The notes dock (None without a store), made now if its slice has not run."""
        self.finish()
        return self._notes

    @property
    def vocab(self) -> VocabDock | None:
        self.finish()
        return self._vocab

    @property
    def library(self) -> LibraryDock | None:
        self.finish()
        return self._library

    @property
    def glossary(self) -> GlossaryDock:
        self.finish()
        assert self._glossary is not None
        return self._glossary

    def build_in_slices(self, then: Callable[[], object]) -> None:
        """The steps of :data:`DOCKS` a slice each, the docks attached in the next, then
        ``then()`` in a slice of its own; nothing more once the window closes."""
        steps: list[Callable[[], object]] = []
        for name, modules in self._wanted():
            steps.extend(functools.partial(importlib.import_module, m) for m in modules)
            steps.append(functools.partial(self._build, name))
        steps.append(self.finish)  # a no-op if a dock was asked for before its slice

        def run(index: int) -> None:
            if self._closing:
                return
            if index == len(steps):
                then()
                return
            if not self._attached:
                steps[index]()
            QTimer.singleShot(SLICE_GAP_MS, self, lambda: run(index + 1))

        QTimer.singleShot(SLICE_GAP_MS, self, lambda: run(0))

    def finish(self) -> None:
        """Every dock not made yet, made; all of them attached to the window (once)."""
        if self._attached:
            return
        for name, _modules in self._wanted():
            self._build(name)
        self._attached = True
        for early in self._early:  # the docks' own toggles take their keys now
            self.window.removeAction(early)
            early.deleteLater()
        self._early = []
        for name, _modules in self._wanted():
            dock = getattr(self, f"_{name}")
            area = Qt.DockWidgetArea.RightDockWidgetArea
            if name == "library":
                area = Qt.DockWidgetArea.LeftDockWidgetArea
            self._attach(dock, *TOGGLES[name], area)
        self.document_changed()

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

    def _attach(
        self, dock: QDockWidget, action_id: str, title: str, shortcut: str,
        area: Qt.DockWidgetArea,
    ) -> None:
        """In the place (and visibility) it had last session, else hidden in ``area``."""
        window = self.window
        dock.setWindowTitle(title.replace("&", ""))
        if not window.restoreDockWidget(dock):
            window.addDockWidget(area, dock)
            dock.hide()
        toggle: QAction = dock.toggleViewAction()
        toggle.setText(title)
        toggle.setShortcut(shortcut)
        window.registry.adopt(action_id, toggle, "View")
        window.menus.panels.addAction(toggle)
        self._docks.append(dock)

    def _window_closing(self) -> None:
        """No more slices; the docks not attached keep their places (placeholders)."""
        self._closing = True

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
        if not self._attached:  # given to the docks as they are attached
            return
        if self._notes is not None:
            self._notes.set_document(self.window.document_id)
        if self._library is not None and self.window.document_id is not None:
            self._library.select_document(self.window.document_id)

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
            "suggestions",
            lambda: suggest_terms(text, dictionary, glossary, matches=matches),
            self.glossary.set_suggestions,
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
