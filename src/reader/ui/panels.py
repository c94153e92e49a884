"""The window's dock panels — notes, and (when their modules are present) vocabulary, the
library and the glossary — created over the store and connected to the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from reader.ui.action_registry import ActionSpec
from reader.ui.annotations_dock import AnnotationsDock
from reader.ui.notes_search import NotesSearchDialog
from reader.ui.vocab_dock import VocabDock
from reader.ui.vocab_export import export_with_dialog

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class Panels:
    """Creates the docks; keeps them in step with the shown document."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.docks: list[QDockWidget] = []
        self.annotations: AnnotationsDock | None = None
        self.vocab: VocabDock | None = None
        store = window.store
        if store is not None:
            self.annotations = AnnotationsDock(store, window.undo_stack, window)
            self.annotations.jumpRequested.connect(window.open_and_select)
            window.before_close.append(self.annotations.flush)
            self._add(self.annotations, "panel.notes", "&Notes and Highlights", "Ctrl+Shift+L")
            self.annotations.hide()
            window.registry.register(ActionSpec(
                "annotate.search", "&Search All Notes…", "Ctrl+Shift+F", self.search_notes,
                "Annotate", tip="Search the quotes and notes of every document",
            ))
            window.annotate_menu.addSeparator()
            window.annotate_menu.addAction(window.registry.action("annotate.search"))
            window.registry.register(ActionSpec(
                "file.export_notes", "Export &Notes…", "", self.annotations.export_with_dialog,
                "File", tip="Export highlights and notes as Markdown, CSV or JSON",
            ))
            window.file_menu.insertAction(
                window.file_menu_export_anchor, window.registry.action("file.export_notes")
            )
            self.vocab = VocabDock(store, window.undo_stack, window)
            self.vocab.jumpRequested.connect(self.open_sentence)
            self._add(self.vocab, "panel.vocabulary", "&Vocabulary", "Ctrl+Shift+W")
            self.vocab.hide()
            window.registry.register(ActionSpec(
                "file.export_vocabulary", "Export &Vocabulary…", "",
                lambda: export_with_dialog(window, store), "File",
                tip="Export saved words as an Anki deck, Pleco flashcards or TSV",
            ))
            window.file_menu.insertAction(
                window.file_menu_export_anchor, window.registry.action("file.export_vocabulary")
            )
            window.before_close.append(self.vocab.model.detach)
        window.documentChanged.connect(self.document_changed)

    def _add(self, dock: QDockWidget, action_id: str, title: str, shortcut: str) -> None:
        window = self.window
        dock.setWindowTitle(title.replace("&", ""))
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        toggle: QAction = dock.toggleViewAction()
        toggle.setText(title)
        toggle.setShortcut(shortcut)
        window.registry.adopt(action_id, toggle, "View")
        window.panels_menu.addAction(toggle)
        self.docks.append(dock)

    def document_changed(self) -> None:
        if self.annotations is not None:
            self.annotations.set_document(self.window.document_id)

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
