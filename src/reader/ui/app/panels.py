"""The window's dock panels — notes, and (when their modules are present) vocabulary, the
library and the glossary — created over the store and connected to the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from reader.language.words.term_suggestions import suggest_terms
from reader.ui.common.action_registry import ActionSpec
from reader.ui.glossary.glossary_dock import GlossaryDock
from reader.ui.library.library_dock import LibraryDock
from reader.ui.notes.notes_panel import NotesPanel
from reader.ui.notes.notes_search import NotesSearchDialog
from reader.ui.vocab.vocab_dock import VocabDock
from reader.ui.vocab.vocab_export import export_with_dialog

if TYPE_CHECKING:
    from reader.ui.window.main_window import MainWindow


def start_panels(window: MainWindow) -> Panels:
    """After the first paint: the docks (once; their places and visibility from the last
    session), then the window's background work."""
    panels = window.findChild(Panels)
    if panels is None:
        panels = Panels(window)
        panels.document_changed()
        state = window.settings.window_state
        if state is not None:
            window.restoreState(state)
    window.start_background()
    return panels


class Panels(QObject):
    """Creates the docks; keeps them in step with the shown document (a child of the window,
    which knows nothing of it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("panels")
        self.window = window
        self.docks: list[QDockWidget] = []
        self.notes: NotesPanel | None = None
        self.vocab: VocabDock | None = None
        self.library: LibraryDock | None = None
        store = window.store
        if store is not None:
            self.notes = NotesPanel(store, window.undo_stack, window, settings=window.settings)
            self.notes.jumpRequested.connect(window.open_and_select)
            window.before_close.append(self.notes.flush)
            self._add(self.notes, "panel.notes", "&Notes and Highlights", "Ctrl+Shift+L")
            self.notes.hide()
            window.highlights.set_note_editor(self.edit_note)
            window.registry.register(ActionSpec(
                "annotate.search", "&Search All Notes…", "Ctrl+Shift+F", self.search_notes,
                "Annotate", tip="Search the quotes and notes of every document",
            ))
            window.menus.annotate.addSeparator()
            window.menus.annotate.addAction(window.registry.action("annotate.search"))
            window.registry.register(ActionSpec(
                "file.export_notes", "Export &Notes…", "", self.notes.export_with_dialog,
                "File", tip="Export highlights and notes as Markdown, CSV or JSON",
            ))
            window.menus.file.insertAction(
                window.menus.export_anchor, window.registry.action("file.export_notes")
            )
            self.vocab = VocabDock(store, window.undo_stack, window, settings=window.settings)
            self.vocab.jumpRequested.connect(self.open_sentence)
            self._add(self.vocab, "panel.vocabulary", "&Vocabulary", "Ctrl+Shift+W")
            self.vocab.hide()
            window.registry.register(ActionSpec(
                "file.export_vocabulary", "Export &Vocabulary…", "",
                lambda: export_with_dialog(window, store), "File",
                tip="Export saved words as an Anki deck, Pleco flashcards or TSV",
            ))
            window.menus.file.insertAction(
                window.menus.export_anchor, window.registry.action("file.export_vocabulary")
            )
            window.before_close.append(self.vocab.model.detach)
            self.library = LibraryDock(store, window, settings=window.settings)
            self.library.openRequested.connect(window.open_document_id)
            self.library.documentRemoved.connect(self.document_removed)
            self._add(self.library, "panel.library", "&Library", "Ctrl+Shift+B",
                      Qt.DockWidgetArea.LeftDockWidgetArea)
            self.library.hide()
            window.before_close.append(self.library.commit_pending_removal)
        self.glossary = GlossaryDock(store, window, settings=window.settings)
        self._glossary_stale = True
        self.glossary.visibilityChanged.connect(self._glossary_shown)
        self.glossary.jumpRequested.connect(self.select_display_span)
        self.glossary.entryChanged.connect(window.aids.sources.reload_user_entries)
        self._add(self.glossary, "panel.glossary", "&Glossary", "Ctrl+Shift+G")
        self.glossary.hide()
        words = window.aids.sources
        words.termsChanged.connect(self.terms_changed)
        words.dictionaryReady.connect(lambda: self.terms_changed())
        window.registry.register(ActionSpec(
            "annotate.glossary_entry", "Add Selection to &Glossary…", "Ctrl+Shift+E",
            self.add_selection_to_glossary, "Annotate",
            tip="Start a glossary entry of your own from the selected text",
        ))
        window.menus.annotate.addAction(window.registry.action("annotate.glossary_entry"))
        window.current.documentChanged.connect(self.document_changed)
        window.current.storedChanged.connect(self.document_changed)

    def _add(
        self, dock: QDockWidget, action_id: str, title: str, shortcut: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> None:
        window = self.window
        dock.setWindowTitle(title.replace("&", ""))
        window.addDockWidget(area, dock)
        toggle: QAction = dock.toggleViewAction()
        toggle.setText(title)
        toggle.setShortcut(shortcut)
        window.registry.adopt(action_id, toggle, "View")
        window.menus.panels.addAction(toggle)
        self.docks.append(dock)

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
        if self.notes is not None:
            self.notes.set_document(self.window.document_id)
        if self.library is not None and self.window.document_id is not None:
            self.library.select_document(self.window.document_id)

    def terms_changed(self) -> None:
        """Refresh the glossary panel (when it is shown: on a long text it lists thousands)."""
        if not self.glossary.isVisible():
            self._glossary_stale = True
            return
        self._glossary_stale = False
        words = self.window.aids.sources
        self.glossary.set_matches(self.window.display_text(), words.terms.matches)
        self.suggest()

    def _glossary_shown(self, visible: bool) -> None:
        if visible and self._glossary_stale:
            self.terms_changed()

    def suggest(self) -> None:
        """Recurring runs CC-CEDICT does not know as words, computed on a worker thread."""
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

    def open_sentence(self, document_id: int, sentence: str) -> None:
        """Open the document a saved word came from, at its sentence."""
        window = self.window
        if not window.open_document_id(document_id) or window.shown is None:
            return
        start = window.shown.canonical.find(sentence) if sentence else -1
        if start >= 0:
            window.open_and_select(document_id, start, start + len(sentence))

    def search_notes(self) -> None:
        store = self.window.store
        if store is None:
            return
        dialog = NotesSearchDialog(store, self.window)
        dialog.jumpRequested.connect(self.window.open_and_select)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
