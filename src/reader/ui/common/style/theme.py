"""Light and dark themes; "system" follows the platform's colour scheme.

A theme is a palette; the few controls styled by a style sheet of their own (the script
toggle) take their colours from :func:`segment_style` and rebuild it when the application's
palette changes, so they follow a theme switch at run time.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

LIGHT: dict[str, str] = {
    "window": "#f6f4ef",
    "base": "#fffdf8",
    "text": "#222222",
    "alt": "#efece4",
    "button": "#ece9e1",
    "highlight": "#3d6fb6",
    "link": "#2f5f9e",
    "mid": "#b9b4a8",
    "muted": "#6b6760",
}
DARK: dict[str, str] = {
    "window": "#202124",
    "base": "#1a1b1e",
    "text": "#e6e3dc",
    "alt": "#26272b",
    "button": "#2c2d31",
    "highlight": "#5a8fd8",
    "link": "#8ab4f8",
    "mid": "#4a4b50",
    "muted": "#a09d96",
}

#: Find matches: a vermilion tint, apart in hue from the five highlight colours (yellow,
#: green, blue, pink, purple) so a match is never taken for a highlight; (rgb, alpha) of a
#: match and of the current match, per theme.
FIND_TINTS: dict[bool, dict[bool, tuple[str, int]]] = {
    False: {False: ("#ff5a1f", 60), True: ("#ff5a1f", 150)},
    True: {False: ("#ff5a1f", 70), True: ("#e0501a", 120)},
}


#: Whether the platform's own palette is dark, read once: before a theme's palette replaces it
#: (the launcher applies the theme before anything else reads the palette).
_platform_dark: list[bool] = []


def platform_palette_is_dark() -> bool:
    if not _platform_dark:
        _platform_dark.append(palette_is_dark(QGuiApplication.palette()))
    return _platform_dark[0]


def system_is_dark(*, before_paint: bool = False) -> bool:
    """Whether the platform is dark: its colour scheme when it says light or dark, else its
    palette (a desktop that tells no scheme, or a dark palette set in qt6ct or KDE).

    ``before_paint``: the platform's palette alone. Reading the scheme makes PySide build the
    Qt namespace's ~93 enums (20-30 ms of CPU), which waits until after the window's first
    paint; :func:`confirm_system_theme` reads the scheme then. The two agree on the common
    desktops (Windows and macOS in the themes' style, GNOME, KDE: Qt's palette follows the
    scheme there).
    """
    dark = platform_palette_is_dark()
    if before_paint:
        return dark
    from PySide6.QtCore import Qt

    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        return dark
    return bool(scheme == Qt.ColorScheme.Dark)


def is_dark(theme: str, *, before_paint: bool = False) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark(before_paint=before_paint))


def palette_is_dark(palette: QPalette) -> bool:
    """Whether a widget's palette is the dark theme's (its page is dark)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@cache
def find_tint(current: bool, dark: bool) -> QColor:
    """The tint under a find match (``current``: the match the find bar is on)."""
    rgb, alpha = FIND_TINTS[dark][current]
    tint = QColor(rgb)
    tint.setAlpha(alpha)
    return tint


def palette_for(dark: bool) -> QPalette:
    c = {k: QColor(v) for k, v in (DARK if dark else LIGHT).items()}
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
    pal.setColor(role.PlaceholderText, c["muted"])
    pal.setColor(role.Highlight, c["highlight"])
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    pal.setColor(role.Link, c["link"])
    pal.setColor(role.Mid, c["mid"])
    pal.setColor(role.Light, c["alt"].lighter(120) if dark else QColor("#ffffff"))
    pal.setColor(role.Midlight, c["button"].lighter(115))
    pal.setColor(role.Dark, c["mid"].darker(130))
    pal.setColor(role.Shadow, QColor("#000000"))
    for grp_role in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, grp_role, c["mid"] if not dark else c["muted"].darker(140))
    return pal


def segment_style(dark: bool) -> str:
    """The script toggle's segments in the theme's colours (a widget's ``palette(...)`` in a
    style sheet is resolved once, when it is polished, so the segments stayed light)."""
    c = DARK if dark else LIGHT
    return f"""
QToolButton#scriptSegment {{ padding: 3px 10px; border: 1px solid {c["mid"]};
    border-radius: 0; margin: 0; background: {c["button"]}; color: {c["text"]}; }}
QToolButton#scriptSegment:hover {{ background: {c["alt"]}; }}
QToolButton#scriptSegment:checked {{ background: {c["highlight"]}; color: #ffffff;
    border-color: {c["highlight"]}; }}
QToolButton#scriptSegment[first="true"] {{ border-top-left-radius: 5px;
    border-bottom-left-radius: 5px; }}
QToolButton#scriptSegment[last="true"] {{ border-top-right-radius: 5px;
    border-bottom-right-radius: 5px; }}
"""


class ThemeSignal(QObject):
    """Tells controls with a style sheet of their own that the theme changed (a widget styled
    by a sheet is sent no palette change when the application's palette changes)."""

    changed = Signal(bool)  #: dark


#: The one notifier (created with the first QApplication's thread, on first use).
_signal: list[ThemeSignal] = []


def theme_signal() -> ThemeSignal:
    if not _signal:
        _signal.append(ThemeSignal())
    return _signal[0]


#: The application's dynamic property saying it runs in :data:`STYLE` already.
STYLED = "readerStyled"
#: Every theme's widget style.
STYLE = "Fusion"


def apply_theme(app: QApplication, theme: str, *, before_paint: bool = False) -> bool:
    """Apply a theme to the whole application; returns True when it is dark. ``before_paint``:
    "system" is told by the platform's palette alone (see :func:`system_is_dark`)."""
    dark = is_dark(theme, before_paint=before_paint)
    # Once per application, and not at all when it was started in the style (the launcher's
    # ``-style``): ``setStyle`` hands PySide a QStyle, whose ~650 enum members it builds then
    # (~7 ms before the first paint).
    if app.property(STYLED) is not True:
        app.setStyle(STYLE)
        app.setProperty(STYLED, True)
    app.setPalette(palette_for(dark))
    theme_signal().changed.emit(dark)
    return dark


def confirm_system_theme(app: QApplication, theme: str) -> None:
    """After the first paint: "system", applied from the platform's palette alone, applied
    again when the platform's colour scheme says otherwise."""
    if theme == "system" and system_is_dark() != palette_is_dark(app.palette()):
        apply_theme(app, theme)
