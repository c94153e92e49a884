"""Chapters of the shown document: a Chapters menu (the table of contents, the current
chapter checked) and Next / Previous Chapter (Ctrl+PgDown / Ctrl+PgUp).

A book's chapters come with its document (``Document.chapters``, from an EPUB's table of
contents); a text without them — a plain-text novel, a book kept only as its stored text —
has its heading lines (第三章 …) as chapters, found when first asked for. Chapter starts are
canonical offsets: a jump lands on the same words in every script.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from reader.text.book import chapters_from_headings
from reader.text.document import Chapter, Document
from reader.ui.common.action_registry import ActionSpec
from reader.ui.common.feature_context import FeatureContext

#: Indentation a level of the table of contents gets in the menu.
_INDENT = "\u2003"


class ChapterNavigation:
    """The Chapters menu and the chapter moves for one window (see the module docstring)."""

    def __init__(self, context: FeatureContext) -> None:
        self.context = context
        self.menu = QMenu("&Chapters", context.host)
        self.menu.aboutToShow.connect(self._fill_menu)
        self._group = QActionGroup(self.menu)
        self._document: Document | None = None
        self._chapters: tuple[Chapter, ...] = ()

    def action_specs(self) -> list[ActionSpec]:
        """Next and Previous Chapter (menu "View")."""
        return [
            ActionSpec("view.next_chapter", "&Next Chapter", "Ctrl+PgDown", self.next_chapter,
                       "View", tip="Go to the start of the next chapter"),
            ActionSpec("view.previous_chapter", "&Previous Chapter", "Ctrl+PgUp",
                       self.previous_chapter, "View",
                       tip="Go to the start of this chapter, or of the one before"),
        ]

    def chapters(self) -> tuple[Chapter, ...]:
        """The shown document's chapters (its own, else its heading lines)."""
        document = self.context.current.document
        if document is not self._document:
            self._document = document
            if document is None:
                self._chapters = ()
            else:
                self._chapters = document.chapters or chapters_from_headings(document.text)
        return self._chapters

    def current_index(self) -> int | None:
        """The chapter at the top of the view (None before the first one)."""
        chapters, shown = self.chapters(), self.context.current.shown
        if not chapters or shown is None:
            return None
        top = shown.to_canonical(self.context.view.first_visible_position())
        index = bisect_right([c.start for c in chapters], top) - 1
        return index if index >= 0 else None

    def go_to(self, index: int) -> None:
        """Show chapter ``index`` from its first line, and say which it is."""
        chapters, shown = self.chapters(), self.context.current.shown
        if shown is None or not 0 <= index < len(chapters):
            return
        chapter = chapters[index]
        view = self.context.view
        view.scroll_to_position(shown.to_view(chapter.start))
        cursor = view.textCursor()
        cursor.setPosition(shown.to_view(chapter.start))
        view.setTextCursor(cursor)
        self.context.status_bar.showMessage(
            f"{chapter.title} ({index + 1} of {len(chapters)})", 4000
        )

    def next_chapter(self) -> None:
        chapters = self.chapters()
        if not chapters:
            self._say_none()
            return
        index = self.current_index()
        target = 0 if index is None else index + 1
        if target >= len(chapters):
            document = self.context.current.document
            loading = document is not None and not document.complete
            self.context.status_bar.showMessage(
                "The rest of the book is still being read." if loading
                else "This is the last chapter.", 3000,
            )
            return
        self.go_to(target)

    def previous_chapter(self) -> None:
        """To the start of this chapter when the view is inside it, else to the one before."""
        chapters, shown = self.chapters(), self.context.current.shown
        if not chapters or shown is None:
            self._say_none()
            return
        index = self.current_index()
        if index is None:
            self.context.status_bar.showMessage("This is before the first chapter.", 3000)
            return
        top = shown.to_canonical(self.context.view.first_visible_position())
        if top > chapters[index].start and self.context.view.verticalScrollBar().value() > 0:
            self.go_to(index)
        elif index > 0:
            self.go_to(index - 1)
        else:
            self.go_to(0)

    def _say_none(self) -> None:
        self.context.status_bar.showMessage("This text has no chapters.", 3000)

    def _fill_menu(self) -> None:
        self.menu.clear()
        for action in self._group.actions():
            self._group.removeAction(action)
        chapters = self.chapters()
        if not chapters:
            empty = self.menu.addAction("No chapters")
            empty.setEnabled(False)
            return
        current = self.current_index()
        for index, chapter in enumerate(chapters):
            action = QAction(_INDENT * chapter.depth + chapter.title.replace("&", "&&"), self.menu)
            action.setCheckable(True)
            action.setChecked(index == current)
            action.triggered.connect(lambda _checked=False, i=index: self.go_to(i))
            self._group.addAction(action)
            self.menu.addAction(action)
