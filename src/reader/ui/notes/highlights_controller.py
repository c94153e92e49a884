"""Highlights in the reading view: painted from the store, made from the selection.

Every store write goes through the undo stack's commands (one transaction each); the view
repaints from the store's one "changed" notification. Highlights are anchored to canonical
positions and shown in any script through the window's position maps. A highlight with a note
has a mark at its end (:mod:`reader.ui.notes.note_marks`). Highlighting the selection
collapses it to its end, so the new colour is seen at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu

from reader.storage.changes import Change, Changed
from reader.storage.records import Highlight, StoreError
from reader.storage.schema import COLOURS
from reader.ui.common.store_bridge import StoreChangeBridge
from reader.ui.common.style.highlight_colours import COLOUR_LABELS, colour_icon, highlight_format
from reader.ui.common.worker import Lane
from reader.ui.notes.highlight_commands import AddHighlightCommand, DeleteHighlightCommand
from reader.ui.notes.note_marks import NoteMarks

if TYPE_CHECKING:
    from reader.language.scripts.displayed_text import DisplayedText
    from reader.ui.common.feature_context import FeatureContext

LAYER = "highlights"


class HighlightsController(QObject):
    """Paints the current document's highlights and adds/removes them."""

    def __init__(self, context: FeatureContext, undo: QUndoStack) -> None:
        super().__init__(context.host)
        self.context = context
        store = self.store = context.store
        self.undo = undo
        self.document_id: int | None = None
        self.highlights: list[Highlight] = []
        self._painted_rows: list[Highlight] | None = None
        self._painted: dict[
            tuple[str, int, bool], tuple[list[tuple[int, int]], list[QTextCharFormat]]
        ] = {}
        #: One format per colour and theme, the same object at every paint: the view compares
        #: a layer given again with the last ones element by element, and the same object is
        #: equal at once, where two formats are compared in Qt (1,000 calls for 1,000 rows).
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        #: Opens the note editor of a highlight (see set_note_editor); False if it cannot.
        self._note_editor: Callable[[int], bool] | None = None
        self._bridge: StoreChangeBridge | None = None
        if store is not None:
            self._bridge = StoreChangeBridge(store, self)
            self._bridge.changed.connect(self._store_changed, Qt.ConnectionType.QueuedConnection)
        self.colour_actions: list[QAction] = []
        for index, colour in enumerate(COLOURS):
            action = QAction(colour_icon(colour), f"Highlight in {COLOUR_LABELS[colour]}", context.host)
            shortcuts = [QKeySequence(f"Alt+{index + 1}")]
            if index == 0:
                shortcuts.insert(0, QKeySequence("Ctrl+Shift+H"))
            action.setShortcuts(shortcuts)
            action.triggered.connect(lambda _c=False, c=colour: self.highlight_selection(c))
            context.host.addAction(action)
            self.colour_actions.append(action)
        self.note_action = QAction("Add or Edit &Note…", context.host)
        self.note_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.note_action.triggered.connect(self.edit_note_here)
        context.host.addAction(self.note_action)
        self.remove_action = QAction("&Remove Highlight", context.host)
        self.remove_action.triggered.connect(self.remove_here)
        context.host.addAction(self.remove_action)
        context.current.displayChanged.connect(self.paint)
        self.note_marks = NoteMarks(context.view, context.current, lambda: self.highlights)
        self.note_marks.clicked.connect(self._mark_clicked)
        context.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        context.view.customContextMenuRequested.connect(self.context_menu)
        self.set_enabled(store is not None and not store.read_only)

    @property
    def writable(self) -> bool:
        return self.store is not None and not self.store.read_only

    def set_enabled(self, enabled: bool) -> None:
        for action in [*self.colour_actions, self.note_action, self.remove_action]:
            action.setEnabled(enabled)
            if not enabled:
                action.setToolTip("Notes are unavailable: the database could not be written")

    # Document ---------------------------------------------------------------------------
    def set_document(self, document_id: int | None, background: bool = False) -> None:
        self.document_id = document_id
        self.reload(background)

    def reload(self, background: bool = False) -> None:
        """Read the document's highlights and paint them: now, or (``background``: after a
        worker's write, while other work may hold the interpreter) read on the runner."""
        store, document_id = self.store, self.document_id
        if store is None or document_id is None:
            self.context.runner.cancel("highlights")
            self.highlights = []
            self.paint()
        elif background:
            self.context.runner.run(
                "highlights",
                lambda: store.highlights(document_id),
                lambda rows: self._loaded(document_id, rows),
                lambda detail: self.context.status_bar.showMessage(
                    f"The highlights could not be read: {detail}", 8000
                ),
                lane=Lane.SHORT,
            )
        else:
            self.context.runner.cancel("highlights")
            self.highlights = store.highlights(document_id)
            self.paint()

    def _loaded(self, document_id: int, rows: list[Highlight]) -> None:
        if self.store is not None and document_id == self.document_id:
            self.highlights = rows
            self.paint()

    def set_note_editor(self, edit: Callable[[int], bool]) -> None:
        """Edit notes with ``edit(highlight_id)`` (the notes panel's editor) when it returns
        True; the built-in dialog otherwise."""
        self._note_editor = edit

    def detach(self) -> None:
        """Stop using the store (the window is closing; the store closes after it)."""
        if self._bridge is not None:
            self._bridge.detach()
        self.store = None
        self.highlights = []

    def _store_changed(self, change: Change) -> None:
        kinds = Changed.HIGHLIGHTS | Changed.NOTES | Changed.DOCUMENTS | Changed.TEXT
        if self.store is not None and change.touches(kinds):
            self.reload(background=True)

    def paint(self) -> None:
        shown = self.context.current.shown
        view = self.context.view
        spans: list[tuple[int, int]] = []
        formats: list[QTextCharFormat] = []
        if shown is not None:
            dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
            # the rows are replaced, never changed in place: their spans per script and theme
            # are kept until they are (a switch back and forth maps them once)
            if self._painted_rows is not self.highlights:
                self._painted_rows, self._painted = self.highlights, {}
            key = (shown.script.value, len(shown.canonical), dark)
            if key not in self._painted:
                self._painted[key] = self._spans(shown, dark)
            spans, formats = self._painted[key]
        view.set_spans(LAYER, spans, formats)
        view.viewport().update()  # the note marks

    def _spans(
        self, shown: DisplayedText, dark: bool
    ) -> tuple[list[tuple[int, int]], list[QTextCharFormat]]:
        spans: list[tuple[int, int]] = []
        formats: list[QTextCharFormat] = []
        length = len(shown.canonical)
        for h in self.highlights:
            if h.anchor_method == "orphan" or h.end > length:
                continue
            spans.append(shown.view_span(h.start, h.end))
            fmt = self._formats.get((h.colour, dark))
            if fmt is None:
                fmt = self._formats[h.colour, dark] = highlight_format(h.colour, dark)
            formats.append(fmt)
        return spans, formats

    # Actions ----------------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The canonical span of the view's selection, None when nothing is selected."""
        cursor = self.context.view.textCursor()
        shown = self.context.current.shown
        if shown is None or not cursor.hasSelection():
            return None
        start, end = shown.canonical_span(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if end > start else None

    def highlight_selection(self, colour: str = "yellow") -> int | None:
        """Highlight the selection in ``colour``; returns the new highlight's id."""
        span = self.selection_span()
        if span is None or not self.writable or self.document_id is None:
            self.context.status_bar.showMessage(
                "Select some text to highlight" if span is None else "Notes are unavailable", 3000
            )
            return None
        assert self.store is not None
        command = AddHighlightCommand(self.store, self.document_id, span[0], span[1], colour)
        self.undo.push(command)
        if command.error is not None:
            self.context.status_bar.showMessage(f"Highlight not saved — {command.error}", 15000)
            return None
        self.reload()  # shown at once (the store's notification arrives queued)
        cursor = self.context.view.textCursor()
        cursor.clearSelection()  # the selection's colour would hide the new highlight's
        self.context.view.setTextCursor(cursor)
        return command.ref.id if command.ref is not None else None

    def highlight_at_cursor(self, view_pos: int | None = None) -> Highlight | None:
        shown = self.context.current.shown
        if shown is None:
            return None
        if view_pos is None:
            view_pos = self.context.view.textCursor().position()
        pos = shown.to_canonical(view_pos)
        for h in self.highlights:
            if h.start <= pos < h.end and h.anchor_method != "orphan":
                return h
        return None

    def edit_note_here(self, highlight: Highlight | None = None) -> None:
        """Write the note of the highlight at the cursor (highlighting the selection first
        when there is none): in the Notes panel's editor, saved as you type."""
        highlight = highlight or self.highlight_at_cursor()
        if highlight is None:
            new_id = self.highlight_selection()
            if new_id is None or self.store is None:
                return
            highlight = self.store.highlight(new_id)
        assert self.store is not None
        if self._note_editor is not None and self._note_editor(highlight.id):
            return
        note, ok = QInputDialog.getMultiLineText(
            self.context.host, "Note", f"Note on “{highlight.quote[:40]}”:", highlight.note or ""
        )
        if ok:
            try:
                self.store.operations.set_note(highlight.id, note)
            except StoreError as exc:
                self.context.status_bar.showMessage(f"The note was not saved: {exc}", 8000)

    def _mark_clicked(self, highlight_id: int) -> None:
        found = [h for h in self.highlights if h.id == highlight_id]
        if found:
            self.edit_note_here(found[0])

    def remove_here(self, highlight: Highlight | None = None) -> None:
        highlight = highlight or self.highlight_at_cursor()
        if highlight is not None and self.store is not None:
            self.undo.push(DeleteHighlightCommand(self.store, highlight.id))

    def context_menu(self, point: QPoint) -> None:
        view = self.context.view
        menu = QMenu(view)
        copy = menu.addAction("&Copy", view.copy)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(view.textCursor().hasSelection())
        menu.addSeparator()
        has_selection = view.textCursor().hasSelection()
        for action in self.colour_actions:
            action.setEnabled(has_selection and self.writable)
            menu.addAction(action)
        hit = self.highlight_at_cursor(view.cursorForPosition(point).position())
        if hit is not None and self.writable:
            menu.addSeparator()
            menu.addAction("Edit &Note…", lambda: self.edit_note_here(hit))
            menu.addAction("&Remove Highlight", lambda: self.remove_here(hit))
        menu.exec(view.viewport().mapToGlobal(point))
        for action in self.colour_actions:
            action.setEnabled(self.writable)
