"""Light and dark themes; "system" follows the platform's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

_LIGHT = {
    "window": "#f6f4ef",
    "base": "#fffdf8",
    "text": "#222222",
    "alt": "#efece4",
    "button": "#ece9e1",
    "highlight": "#3d6fb6",
    "link": "#2f5f9e",
    "mid": "#b9b4a8",
}
_DARK = {
    "window": "#202124",
    "base": "#1a1b1e",
    "text": "#e6e3dc",
    "alt": "#26272b",
    "button": "#2c2d31",
    "highlight": "#5a8fd8",
    "link": "#8ab4f8",
    "mid": "#4a4b50",
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def is_dark(theme: str) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark())


def palette_for(dark: bool) -> QPalette:
    c = {k: QColor(v) for k, v in (_DARK if dark else _LIGHT).items()}
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, c["window"])
    pal.setColor(role.WindowText, c["text"])
    pal.setColor(role.Base, c["base"])
    pal.setColor(role.AlternateBase, c["alt"])
    pal.setColor(role.Text, c["text"])
    pal.setColor(role.Button, c["button"])
    pal.setColor(role.ButtonText, c["text"])
    pal.setColor(role.ToolTipBase, c["base"])
    pal.setColor(role.ToolTipText, c["text"])
    pal.setColor(role.PlaceholderText, c["mid"])
    pal.setColor(role.Highlight, c["highlight"])
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    pal.setColor(role.Link, c["link"])
    pal.setColor(role.Mid, c["mid"])
    for grp_role in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, grp_role, c["mid"])
    return pal


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply a theme to the whole application; returns True when it is dark."""
    dark = is_dark(theme)
    app.setStyle("Fusion")
    app.setPalette(palette_for(dark))
    return dark
