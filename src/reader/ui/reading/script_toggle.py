"""The script toggle: Original · 简 · 繁 · 台 · 港 in the toolbar, full names in View › Script."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from reader.language.scripts.script import Script
from reader.ui.common.style.theme import palette_is_dark, segment_style, theme_signal

#: Toolbar labels: the original is spelled out, the others are the usual one-character badges.
TOOLBAR_LABELS = {
    Script.ORIGINAL: "Original",
    Script.SIMPLIFIED: "简",
    Script.TRADITIONAL: "繁",
    Script.TAIWAN: "台",
    Script.HONGKONG: "港",
}



class ScriptToggle(QWidget):
    """A segmented control of five exclusive actions, shared with the View menu."""

    def __init__(self, host: QWidget, choose: Callable[[Script], None]) -> None:
        """``host`` owns the Ctrl+1 … Ctrl+5 shortcuts; ``choose(script)`` switches."""
        super().__init__(host)
        self.setObjectName("scriptToggle")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_script: dict[Script, QAction] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(0)
        scripts = list(Script)
        for index, script in enumerate(scripts):
            action = QAction(script.label, self)
            action.setIconText(TOOLBAR_LABELS[script])
            action.setCheckable(True)
            # setShortcuts: setShortcut's overloads make PySide build the Qt namespace's ~93
            # enums (20-30 ms), which wait until after the first paint
            action.setShortcuts([QKeySequence(f"Ctrl+{index + 1}")])
            action.setToolTip(script.label)
            action.setData(script.value)
            action.triggered.connect(lambda _c=False, s=script: choose(s))
            self.group.addAction(action)
            host.addAction(action)
            self.actions_by_script[script] = action
            button = QToolButton(self)
            button.setObjectName("scriptSegment")
            button.setDefaultAction(action)
            button.setProperty("first", index == 0)
            button.setProperty("last", index == len(scripts) - 1)
            layout.addWidget(button)
        self._styled_dark: bool | None = None
        self._restyle()
        theme_signal().changed.connect(self._restyle)
        self.actions_by_script[Script.ORIGINAL].setChecked(True)

    def _restyle(self, _dark: bool = False) -> None:
        """The segments in the colours of the theme now (light or dark)."""
        dark = palette_is_dark(QGuiApplication.palette())  # the widget's own is the sheet's
        if dark != self._styled_dark:
            self._styled_dark = dark
            self.setStyleSheet(segment_style(dark))

    def show_script(self, script: Script) -> None:
        """Check the action of ``script`` without triggering it."""
        self.actions_by_script[script].setChecked(True)
