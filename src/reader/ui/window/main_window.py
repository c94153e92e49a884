"""The main window: the reading view, menus, status bar; its features attach after the first
paint (:mod:`reader.ui.window.window_features`)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QMenu, QToolBar, QVBoxLayout, QWidget

from reader.language.scripts.displayed_text import DisplayedText
from reader.language.scripts.offsets import OffsetMap
from reader.language.scripts.script import Conversion, Script
from reader.storage.store import Store
from reader.text.document import Document
from reader.ui.common.feature_context import FeatureContext
from reader.ui.common.first_paint import FirstPaint
from reader.ui.common.settings import Settings
from reader.ui.common.shown_document import ShownDocument
from reader.ui.common.style.fonts import font_banner, has_cjk_font
from reader.ui.common.view.reading_view import ReadingView
from reader.ui.common.view.typesetting import heading_span
from reader.ui.common.worker import BackgroundRunner, Lane, starts_held
from reader.ui.reading.documents import register_document
from reader.ui.reading.script_toggle import ScriptToggle
from reader.ui.window.document_opening import OpeningMixin
from reader.ui.window.import_summary import ImportSummary
from reader.ui.window.menu_bar import top_menus
from reader.ui.window.position_memory import PositionMemory
from reader.ui.window.script_memory import ScriptMemory
from reader.ui.window.window_comfort import ComfortMixin

if TYPE_CHECKING:
    from reader.ui.common.action_registry import ActionRegistry
    from reader.ui.notes.highlights_controller import HighlightsController
    from reader.ui.reading.find_bar import FindBar
    from reader.ui.reading.read_aloud import ReadAloud
    from reader.ui.reading.reading_aids import ReadingAids
    from reader.ui.window.window_actions import Menus
    from reader.ui.window.window_features import WindowFeatures

#: Documents longer than this are converted off the GUI thread on a cache miss.
BACKGROUND_CONVERSION_CHARS = 60_000
#: After the first paint the features' modules are imported a module a slice of the event loop
#: (leaf first, the costly ones the window has not imported: ~5-15 ms each, quiet), then the
#: features are made in the next: the GUI thread is never busy for long.
FEATURE_MODULES = (
    "reader.text.epub",
    "reader.ui.reading.chapters",  # and EPUB books
    "reader.language.words.dictionary",
    "tomllib",
    "reader.language.words.glossary",
    "reader.language.words.word_info",
    "reader.services.user_glossary",
    "reader.ui.reading.words.word_sources",  # the dictionary and the glossary
    "reader.ui.reading.audit_marks",
    "opencc",
    "reader.language.scripts.script_chars",
    "reader.language.scripts.alignment_blocks",
    "reader.language.scripts.alignment",
    "reader.language.scripts.meaning_data",
    "reader.language.scripts.meaning",  # a script switch's alignment and its 著
    "reader.ui.reading.readings_controller",
    "reader.ui.reading.ruby",
    "reader.ui.reading.words.hover",
    "reader.language.words.hsk",
    "reader.ui.reading.words.level_colours",
    "reader.ui.reading.reading_aids",
    "reader.language.words.word_lookup",
    "reader.language.words.sense_markup",
    "reader.ui.reading.words.popup_content",  # the word popup, made as the aids start
    "reader.ui.notes.highlight_commands",
    "reader.ui.notes.highlights_controller",
    "reader.storage.highlight_operations",
    "reader.storage.operations",  # the store's writes, which the features' bridges need
    "reader.ui.reading.find_bar",
    "reader.ui.window.window_features",  # the highlights, the find bar, the actions
)


class MainWindow(OpeningMixin, ComfortMixin):
    """One document at a time in a reading view built for CJK: the frame (view, toolbar,
    status bar, menus) and :attr:`current`, the shown document. Its features get a
    :class:`FeatureContext`, never the window; made after the first paint or at first use
    (:meth:`features`)."""

    def __init__(
        self, settings: Settings, store: Store | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store = store
        self.current = ShownDocument(self)
        self.undo_stack = QUndoStack(self)
        self.runner = BackgroundRunner(self)
        self._closed = False
        self.before_close: list[Callable[[], object]] = []  #: flushed as the window closes
        self.scripts = ScriptMemory(settings, store)
        self.positions = PositionMemory(settings, store)
        self.setWindowTitle("Reader")
        self.setObjectName("mainWindow")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if not has_cjk_font():  # how to install one, above the text (made only then)
            layout.addWidget(font_banner())
        self.view = ReadingView()
        layout.addWidget(self.view)
        self._column = layout  # the find bar goes under the view
        self.setCentralWidget(central)

        self.toolbar = QToolBar("Main toolbar")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        # by name: PySide's Qt namespace (its ~93 enums, 20-30 ms) is built after the first paint
        self.toolbar.setProperty("toolButtonStyle", "ToolButtonTextOnly")
        self.addToolBar(self.toolbar)
        self.script_toggle = ScriptToggle(self, self.set_script)
        self.toolbar.addWidget(self.script_toggle)

        self.summary = ImportSummary(self.statusBar(), self.jump_to_canonical, self)

        self.context = FeatureContext(
            current=self.current, view=self.view, settings=settings, store=store,
            runner=self.runner, status_bar=self.statusBar(), host=self,
            report=self.summary.add_section,
        )
        self._top_menus = top_menus(self, self.features)
        self._features: WindowFeatures | None = None
        self._after_features: list[Callable[[], object]] = []
        self._painted = FirstPaint(lambda: QTimer.singleShot(0, self, self._after_paint), self)
        self.view.viewport().installEventFilter(self._painted)
        self.speech: ReadAloud | None = None
        self.apply_typography()
        settings.changed.connect(self.setting_changed)
        self._save_position_timer = QTimer(self, singleShot=True, interval=800)
        self._save_position_timer.timeout.connect(self._save_position)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._save_position_timer.start())

    def features(self) -> WindowFeatures:
        """The find bar, reading aids, highlights, actions and menus: made once, after the
        first paint or at first use, caught up with the document shown by then."""
        if self._features is None:
            from reader.ui.window.window_features import WindowFeatures

            self._features = WindowFeatures(self, self._column, self._top_menus)
            self._features.catch_up(self)
            for then in self._after_features:
                QTimer.singleShot(0, self, then)
        return self._features

    def when_features_made(self, then: Callable[[], object]) -> None:
        """Call ``then()`` in an event-loop slice of its own once the features are made."""
        if self._features is None:
            self._after_features.append(then)
        else:
            QTimer.singleShot(0, self, then)

    def _after_paint(self, step: int = 0) -> None:
        """The features' modules, a group a slice (:data:`FEATURE_MODULES`), then the features."""
        if self._closed or self._features is not None:
            return
        if step == len(FEATURE_MODULES):
            self.features()
            return
        importlib.import_module(FEATURE_MODULES[step])
        QTimer.singleShot(1, self, lambda: self._after_paint(step + 1))  # a timer: see panels

    # The window's features, read through it by the composition root and tests (made if not yet)
    @property
    def aids(self) -> ReadingAids:
        return self.features().aids

    @property
    def highlights(self) -> HighlightsController:
        return self.features().highlights

    @property
    def find_bar(self) -> FindBar:
        return self.features().find_bar

    @property
    def registry(self) -> ActionRegistry:
        return self.features().registry

    @property
    def menus(self) -> Menus:
        return self.features().menus

    # The shown document, read through the window by the composition root and tests.
    @property
    def document(self) -> Document | None:
        return self.current.document

    @property
    def document_id(self) -> int | None:
        return self.current.document_id

    @property
    def shown(self) -> DisplayedText | None:
        return self.current.shown

    @property
    def script(self) -> Script:
        return self.current.script

    @starts_held()  # the readings, scans and re-import it starts: after its paint
    def show_document(self, document: Document, path: str | None) -> None:
        self._save_position()
        if self.document is not None and self.document.sha256 != document.sha256:
            self.current.conversions.forget(self.document.sha256)
        self.settings.last_document = path
        document_id = register_document(
            self.store, document, path, lambda m: self.statusBar().showMessage(m, 10000),
            runner=self.runner,
            on_registered=functools.partial(self._registered, document),
            script=self.scripts.default().value, later=self.when_features_made,
        )
        self.current.show(document, document_id)
        self.setWindowTitle(f"{document.title} — Reader")
        self.summary.reset(document)
        script = self.scripts.recall(document, self.document_id)
        self.script_toggle.show_script(script)
        conversion = self._cached_conversion(script)
        if conversion is None:  # a long document: show it as imported while converting
            self.script_toggle.show_script(Script.ORIGINAL)
            conversion = Conversion(
                Script.ORIGINAL, document.text, OffsetMap.identity(len(document.text))
            )
            wanted = self.scripts.recall(document, self.document_id)
            QTimer.singleShot(0, lambda: self.set_script(wanted, remember=False))
        self._apply_conversion(conversion)
        self._restore_position()
        if self._features is not None:  # else given to them as they are made
            self._features.highlights.set_document(self.document_id)
        self.current.documentChanged.emit()

    def _registered(self, document: Document, document_id: int | None) -> None:
        """A re-import finished on the worker: the document's highlights are placed now."""
        if self._closed or self.document is not document:
            return  # another document is shown by now
        if self._features is not None:
            self._features.highlights.set_document(document_id, background=True)
        self.current.registered(document_id)
        self.set_script(self.scripts.recall(document, self.document_id), remember=False)
        if self.view.verticalScrollBar().value() == 0:  # not scrolled while it was re-imported
            self._restore_position()

    def _restore_position(self) -> None:
        """Show the current document where the learner left it."""
        document, shown = self.document, self.shown
        if document is None or shown is None:
            return
        place = self.positions.recall(document.sha256, self.document_id, len(document.text))
        if isinstance(place, float):  # a fraction kept by an older version
            bar = self.view.verticalScrollBar()
            bar.setValue(int(place * bar.maximum()))
        else:
            self.view.scroll_to_position(shown.to_view(place))

    def _cached_conversion(self, script: Script) -> Conversion | None:
        """The conversion if it is cheap now (cached, or a short text); None otherwise."""
        assert self.document is not None
        doc = self.document
        if script is Script.ORIGINAL or len(doc.text) <= BACKGROUND_CONVERSION_CHARS:
            return self.current.conversions.get(doc.sha256, doc.text, script)
        return self.current.conversions.peek(doc.sha256, script)

    def set_script(self, script: Script, remember: bool = True) -> None:
        """Show the document in ``script``, keeping the same words in view and selected."""
        if self.document is None:
            return
        doc = self.document
        if remember:  # written on the runner: the GUI thread never waits for the disk
            self.scripts.remember(doc, self.document_id, script)
            self.runner.run("script", self.scripts.flush, self._written, lane=Lane.SHORT)
        self.script_toggle.show_script(script)
        if self.shown is not None and self.shown.script is script:
            return
        conversion = self._cached_conversion(script)
        if conversion is not None:
            self._switch_to(conversion)
            return
        self.statusBar().showMessage(f"Converting to {script.label}…")
        self.runner.run(
            "conversion",
            lambda: self.current.conversions.get(doc.sha256, doc.text, script),
            lambda result: self._conversion_ready(doc.sha256, result),
            lambda detail: self.statusBar().showMessage(f"Conversion failed: {detail}", 8000),
            lane=Lane.SHORT,  # the learner waits for it (0.1-0.3 s at 640k), not the readings
        )

    def _conversion_ready(self, sha256: str, conversion: Conversion) -> None:
        if self.document is None or self.document.sha256 != sha256:
            return
        self.statusBar().clearMessage()
        self._switch_to(conversion)

    @starts_held()
    def _switch_to(self, conversion: Conversion) -> None:
        """Replace the displayed text in one repaint; the top line and selection stay put."""
        shown = self.shown
        top = selection = None
        if shown is not None:
            top = shown.to_canonical(self.view.first_visible_position())
            cursor = self.view.textCursor()
            if cursor.hasSelection():
                selection = shown.canonical_span(cursor.selectionStart(), cursor.selectionEnd())
        self.view.setUpdatesEnabled(False)
        try:
            self._apply_conversion(conversion)
            if top is not None and self.shown is not None:
                self.view.scroll_to_position(self.shown.to_view(top))
            if selection is not None and self.shown is not None:
                self.view.select_span(*self.shown.view_span(*selection))
        finally:
            self.view.setUpdatesEnabled(True)
        self.script_toggle.show_script(conversion.script)

    def _apply_conversion(self, conversion: Conversion) -> None:
        assert self.document is not None
        shown = DisplayedText(self.document.text, conversion)
        self.current.display(shown)
        title = heading_span(self.document.text, self.document.title)
        heading = shown.view_span(*title) if title is not None else None
        with self.view.batched_layers():  # every feature's layer applied in one go
            self.view.set_text(conversion.text, heading)
            self.current.displayChanged.emit()
        if self.current.single_script():  # the features dropped the other scripts' data
            self.current.conversions.forget(self.document.sha256, keep=conversion.script)
            from reader.language.freed_memory import release_in_background  # ctypes: not at start

            release_in_background()

    def display_text(self) -> str:
        """The text shown for the current document."""
        return self.current.display_text()

    def show_report(self) -> None:
        self.summary.show_report()

    def jump_to_canonical(self, position: int) -> None:
        """Scroll to and select the character at a canonical position."""
        if self.shown is None:
            return
        end = min(position + 1, len(self.shown.canonical))
        start, stop = self.shown.view_span(position, end)
        self.view.select_span(start, max(stop, start + 1))
        self.view.ensureCursorVisible()

    def _save_position(self, wait: bool = False) -> None:
        """Note where the learner is; write it on the runner, or now (``wait``: scripts too)."""
        if self.document is not None and self.shown is not None:
            self.positions.note(self.view, self.shown, self.document.sha256, self.document_id)
        if wait:
            self._written(self.scripts.flush() + self.positions.flush())
        else:
            self.runner.run("position", self.positions.flush, self._written, lane=Lane.SHORT)

    def _written(self, refused: list[str]) -> None:
        if refused and not self._closed:
            self.statusBar().showMessage(refused[-1], 5000)

    def start_background(self) -> None:
        """After the first paint: readings, glossary, dictionary and coverage of the text."""
        self.aids.start()

    def createPopupMenu(self) -> QMenu:  # noqa: N802 (Qt API)
        """The toolbar's context menu: each toggle of View › Panels (dock made or not), toolbars."""
        menu = QMenu(self)
        if self._features is not None:
            menu.addActions(self._features.menus.panels.actions())
            menu.addSeparator()
        menu.addActions([bar.toggleViewAction() for bar in self.findChildren(QToolBar)])
        return menu

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self._closed:  # closed once already: the store may be closed by now
            super().closeEvent(event)
            return
        self._closed = True
        self._stop_opening()  # a file still being read is not shown; the busy cursor goes
        for flush in self.before_close:
            flush()
        self._save_position(wait=True)  # before the highlights controller lets go of the store
        self.settings.changed.disconnect(self.setting_changed)
        if self._features is not None:
            self._features.close()
        self.view.viewport().removeEventFilter(self._painted)
        self.runner.wait(10000)  # background work ends before its objects do
        self.settings.geometry = QByteArray(self.saveGeometry())
        self.settings.window_state = QByteArray(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
