"""Reading comfort for the main window: typography, zoom, theme, preferences, read aloud.

A mixin of :class:`~reader.ui.window.main_window.MainWindow` (kept apart so each module has one
job); it relies on the window's ``settings`` and ``view``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFontDialog, QMainWindow

from reader.ui.common.style.fonts import reading_font
from reader.ui.common.style.theme import apply_theme

if TYPE_CHECKING:
    from reader.ui.common.settings import Settings
    from reader.ui.common.view.reading_view import ReadingView
    from reader.ui.reading.read_aloud import ReadAloud


class ComfortMixin(QMainWindow):
    """Typography, theme, preferences and read aloud."""

    settings: Settings
    view: ReadingView
    speech: ReadAloud | None

    def apply_typography(self) -> None:
        self.view.set_base_font(reading_font(self.settings.font_family, self.settings.font_size))
        self.view.set_line_height(self.settings.line_spacing)
        self.view.set_zoom_step(self.settings.zoom)
        self.view.typesetter.set_full_width_punctuation(
            self.settings.flag("full_width_punctuation")
        )

    def zoom(self, delta: int, reset: bool = False) -> None:
        step = 0 if reset else self.view.zoom_step() + delta
        self.view.set_zoom_step(step)
        self.settings.zoom = self.view.zoom_step()

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(self.view.base_font(), self, "Reading font")
        if ok:  # the view follows through setting_changed
            self.settings.font_family = font.family()
            self.settings.font_size = font.pointSizeF()

    def set_theme(self, theme: str) -> None:
        self.settings.theme = theme  # applied through setting_changed

    def setting_changed(self, key: str) -> None:
        """A preference was written (here, in Preferences or a menu): show it."""
        if key in ("font_family", "font_size", "line_spacing", "full_width_punctuation"):
            self.apply_typography()
        elif key == "theme":
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, self.settings.theme)

    def about(self) -> None:
        from reader.ui.window.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def read_aloud(self) -> None:
        """Read the selection or the sentence at the cursor aloud (or explain why not)."""
        if self.speech is None:
            from reader.ui.reading.read_aloud import ReadAloud

            self.speech = ReadAloud(self)
        self.speech.read_from_view(self.view, self)

    def stop_reading(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    def open_preferences(self) -> None:
        from reader.ui.window.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.exec()

    def restore_geometry(self) -> None:
        """The window's size, place and docks as the learner left them."""
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1000, 760)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
