"""Reading aids attached to the window: readings, ruby, dictionary/glossary popup.

One place builds them and their actions (Ruby, Glossary underlines) so the main window
stays a frame; preferences are read live from Settings, so a change applies at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.ui.reading.audit_marks import AuditMarks
from reader.ui.reading.hover import HoverController
from reader.ui.reading.known_words import KnownWords
from reader.ui.reading.readings_controller import ReadingsController
from reader.ui.reading.ruby import RubyOverlay
from reader.ui.reading.word_actions import WordActions
from reader.ui.reading.word_sources import WordSources

if TYPE_CHECKING:
    from reader.ui.window.main_window import MainWindow


class ReadingAids:
    """Readings, ruby, dictionaries, word actions and hover for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        settings = window.settings
        self.readings = ReadingsController(window)
        self.sources = WordSources(window)
        self.known = KnownWords(window)
        self.ruby = RubyOverlay(
            window, self.readings, self.pinyin_style, self.tone_scheme, self.known.is_known,
            lambda: window.settings.flag("ruby_hide_known", False),
        )
        self.known.changed.connect(lambda: window.view.viewport().update())
        self.audit = AuditMarks(window, self.readings)
        self.hover = HoverController(
            window, self.sources, self.readings, self.pinyin_style, self.tone_scheme,
            self.popup_trigger, notes_for=self.audit.notes_for,
        )
        self.words = WordActions(window, self.hover)
        self.ruby_action = QAction("Pinyin &Above Characters", window)
        self.ruby_action.setIconText("拼音")
        self.ruby_action.setCheckable(True)
        self.ruby_action.setShortcut(QKeySequence("Ctrl+P"))
        self.ruby_action.setToolTip("Show pinyin above every character (Ctrl+P)")
        self.ruby_action.toggled.connect(self.set_ruby)
        window.addAction(self.ruby_action)
        self.underline_action = QAction("&Underline Glossary Terms", window)
        self.underline_action.setCheckable(True)
        self.underline_action.setChecked(settings.flag("glossary_underline", True))
        self.underline_action.toggled.connect(self.set_underline)
        self.sources.set_underline(self.underline_action.isChecked())
        self.unknown_action = QAction("Colour &Unknown Words", window)
        self.unknown_action.setCheckable(True)
        self.unknown_action.setChecked(settings.flag("colour_unknown", False))
        self.unknown_action.setToolTip("Show the words you have not marked known in colour")
        self.unknown_action.toggled.connect(self.known.set_colour_unknown)
        if settings.flag("ruby", False):
            self.ruby_action.setChecked(True)

    def pinyin_style(self) -> PinyinStyle:
        try:
            return PinyinStyle(str(self.window.settings.value("pinyin_style", "marks")))
        except ValueError:
            return PinyinStyle.MARKS

    def ruby_hidden(self, display_pos: int) -> bool:
        """Ruby over known words is hidden when the learner asked for it."""
        return self.window.settings.flag("ruby_hide_known", False) and self.known.is_known(
            display_pos
        )

    def tone_scheme(self) -> str:
        return str(self.window.settings.value("tone_scheme", "pleco"))

    def popup_trigger(self) -> str:
        return str(self.window.settings.value("popup_trigger", "hover"))

    def set_ruby(self, enabled: bool) -> None:
        self.window.settings.set_value("ruby", enabled)
        self.ruby.set_enabled(enabled)

    def set_underline(self, enabled: bool) -> None:
        self.window.settings.set_value("glossary_underline", enabled)
        self.sources.set_underline(enabled)

    def preferences_changed(self) -> None:
        """Re-read preferences that change how things are drawn."""
        self.ruby.set_enabled(False)
        self.ruby.set_enabled(self.ruby_action.isChecked())
        self.window.view.viewport().update()
        self.hover.hide()

    def start(self) -> None:
        """Start the background work (after the first paint): readings, the dictionary, and
        the known-word coverage of the shown text."""
        self.readings.start()
        self.sources.start()
        self.known.start()

    def close(self) -> None:
        self.readings.stop()
        self.hover.detach()
        self.sources.close()
