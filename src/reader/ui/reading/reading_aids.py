"""Reading aids attached to the window: readings, ruby, dictionary/glossary popup.

One place builds them and their actions (Ruby, Glossary underlines) so the main window
stays a frame; preferences are read live from Settings, so a change applies at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence, QPalette

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.ui.reading.audit_marks import AuditMarks
from reader.ui.reading.chapters import ChapterNavigation
from reader.ui.reading.readings_controller import ReadingsController
from reader.ui.reading.ruby import RubyOverlay
from reader.ui.reading.words.hover import HoverController
from reader.ui.reading.words.known_words import KnownWords
from reader.ui.reading.words.level_colours import LevelColours
from reader.ui.reading.words.word_actions import WordActions
from reader.ui.reading.words.word_segments import WordSegments
from reader.ui.reading.words.word_sources import WordSources

if TYPE_CHECKING:
    from reader.ui.common.feature_context import FeatureContext
    from reader.ui.reading.legend import LegendDialog


class ReadingAids:
    """Readings, ruby, dictionaries, word actions and hover for one window."""

    def __init__(self, context: FeatureContext) -> None:
        self.context = context
        settings = context.settings
        self.readings = ReadingsController(context)
        self.sources = WordSources(context)
        self.segments = WordSegments(context, self.sources)
        self.sources.dictionaryReady.connect(self.segments.start)
        self.known = KnownWords(context)
        self.ruby = RubyOverlay(
            context, self.readings, self.pinyin_style, self.tone_scheme, self.known.is_known,
            lambda: context.settings.flag("ruby_hide_known"),
            lambda: context.settings.ruby_size,
        )
        self.known.changed.connect(self.ruby.invalidate)
        self.audit = AuditMarks(context, self.readings)
        self.hover = HoverController(
            context, self.sources, self.segments, self.readings, self.pinyin_style, self.tone_scheme,
            self.popup_trigger, notes_for=self.audit.notes_for,
        )
        self.words = WordActions(context, self.hover)
        self.chapters = ChapterNavigation(context)
        self.ruby_action = QAction("Pinyin &Above Characters", context.host)
        self.ruby_action.setIconText("拼音")
        self.ruby_action.setCheckable(True)
        self.ruby_action.setShortcut(QKeySequence("Ctrl+P"))
        self.ruby_action.setToolTip("Show pinyin above every character (Ctrl+P)")
        self.ruby_action.toggled.connect(self.set_ruby)
        context.host.addAction(self.ruby_action)
        self.underline_action = QAction("&Underline Glossary Terms", context.host)
        self.underline_action.setCheckable(True)
        self.underline_action.setChecked(settings.flag("glossary_underline"))
        self.underline_action.toggled.connect(self.set_underline)
        self.sources.set_underline(self.underline_action.isChecked())
        self.unknown_action = QAction("Colour &Unknown Words", context.host)
        self.unknown_action.setCheckable(True)
        self.unknown_action.setChecked(settings.flag("colour_unknown"))
        self.unknown_action.setToolTip("Show the words you have not marked known in colour")
        self.unknown_action.toggled.connect(self.known.set_colour_unknown)
        self.levels = LevelColours(context, self.segments)
        self.level_action = QAction("Colour by &Level (HSK)", context.host)
        self.level_action.setCheckable(True)
        self.level_action.setChecked(settings.flag("colour_by_level"))
        self.level_action.setToolTip("Each word in the colour of its HSK 3.0 level")
        self.level_action.toggled.connect(self.levels.set_enabled)
        self.legend_action = QAction("&Legend…", context.host)
        self.legend_action.setToolTip("What the underlines and colours in the text mean")
        self.legend_action.triggered.connect(self.show_legend)
        self.legend: LegendDialog | None = None
        if settings.flag("ruby"):
            self.ruby_action.setChecked(True)
        settings.changed.connect(self._setting_changed)

    def show_legend(self) -> LegendDialog:
        """The key to the marks in the text, drawn for the current theme (one window)."""
        from reader.ui.reading.legend import LegendDialog

        view = self.context.view
        dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
        if self.legend is not None:
            self.legend.close()
            self.legend.deleteLater()
        self.legend = LegendDialog(self.context.host, dark)
        self.legend.show()
        return self.legend

    def pinyin_style(self) -> PinyinStyle:
        return self.context.settings.pinyin_style

    def ruby_hidden(self, display_pos: int) -> bool:
        """Ruby over known words is hidden when the learner asked for it."""
        return self.context.settings.flag("ruby_hide_known") and self.known.is_known(
            display_pos
        )

    def tone_scheme(self) -> str:
        return self.context.settings.tone_scheme

    def popup_trigger(self) -> str:
        return self.context.settings.popup_trigger

    def set_ruby(self, enabled: bool) -> None:
        self.context.settings.set_flag("ruby", enabled)
        self.ruby.set_enabled(enabled)

    def set_underline(self, enabled: bool) -> None:
        self.context.settings.set_flag("glossary_underline", enabled)
        self.sources.set_underline(enabled)

    def _setting_changed(self, key: str) -> None:
        if key in ("pinyin_style", "tone_scheme", "ruby_hide_known", "popup_trigger", "tone_sandhi",
                   "ruby_size"):
            self.preferences_changed(relayout=key in ("pinyin_style", "ruby_size"))

    def preferences_changed(self, relayout: bool = True) -> None:
        """Re-read preferences that change how things are drawn; ``relayout`` when the
        syllables' widths change (style, size), not for colours alone."""
        if relayout:
            self.ruby.relayout()
        self.context.view.viewport().update()
        self.hover.hide()

    def start(self) -> None:
        """Start the background work (after the first paint): readings, the dictionary, and
        the known-word coverage of the shown text."""
        self.readings.start()
        self.sources.start()
        self.known.start()
        QTimer.singleShot(0, self.context.host, self.hover.prepare)  # a slice of its own

    def close(self) -> None:
        self.context.settings.changed.disconnect(self._setting_changed)
        self.readings.stop()
        self.hover.detach()
        self.sources.close()
        self.segments.close()
