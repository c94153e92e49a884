"""Highlight colours as Qt sees them: translucent fills for text, swatches, icons, a menu.

The store names colours (:data:`reader.storage.schema.COLOURS`); this module turns a name into a
fill that sits *under* CJK text in the light or the dark theme without hurting legibility
(the fill is translucent, so the base shows through and body text keeps WCAG AA contrast),
an opaque swatch colour for lists and buttons, and a small round icon for menus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, partial

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QPainter, QPixmap, QTextCharFormat
from PySide6.QtWidgets import QMenu, QWidget

from reader.storage.schema import COLOURS

#: What each colour is called in menus and tooltips.
COLOUR_LABELS: dict[str, str] = {
    "yellow": "Yellow",
    "green": "Green",
    "blue": "Blue",
    "pink": "Pink",
    "purple": "Purple",
}

#: The colour a plain "Highlight" command uses.
DEFAULT_COLOUR = "yellow"

# (rgb, alpha) of the fill under text. Light: pastel over a near-white page. Dark: deeper
# tones at a higher alpha so the tint reads on a near-black page while light text stays clear.
_LIGHT_FILLS: dict[str, tuple[str, int]] = {
    "yellow": ("#ffd60a", 110),
    "green": ("#52c96b", 85),
    "blue": ("#4ea3ff", 80),
    "pink": ("#ff6fae", 80),
    "purple": ("#a57bff", 80),
}
_DARK_FILLS: dict[str, tuple[str, int]] = {
    "yellow": ("#c9a400", 75),
    "green": ("#2f9e4f", 90),
    "blue": ("#2f78d0", 105),
    "pink": ("#c2467e", 100),
    "purple": ("#7d55d6", 110),
}
# Opaque swatches (icons, filter buttons): the fill's hue at full strength.
_SWATCHES: dict[str, str] = {
    "yellow": "#f2c400",
    "green": "#3fb45a",
    "blue": "#3b8ff0",
    "pink": "#ef5b9c",
    "purple": "#8f63f0",
}

#: Suggested shortcuts, action name → key sequence (portable text). ``highlight`` adds the
#: default colour; ``highlight:<colour>`` a given one; the last two act on the highlight at
#: the cursor (or the one selected in the notes panel).
HIGHLIGHT_SHORTCUTS: dict[str, str] = {
    "highlight": "Ctrl+Shift+H",
    **{f"highlight:{colour}": f"Alt+{n}" for n, colour in enumerate(COLOURS, start=1)},
    "edit_note": "Ctrl+Shift+N",
    "search_notes": "Ctrl+Shift+F",
}


def _check(colour: str) -> None:
    if colour not in COLOURS:
        raise ValueError(f"unknown highlight colour {colour!r}; choose one of {COLOURS}")


def fill_colour(colour: str, dark: bool = False) -> QColor:
    """The translucent fill drawn under highlighted text in the given theme."""
    _check(colour)
    rgb, alpha = (_DARK_FILLS if dark else _LIGHT_FILLS)[colour]
    fill = QColor(rgb)
    fill.setAlpha(alpha)
    return fill


def swatch_colour(colour: str) -> QColor:
    """The opaque colour of a swatch (icons, filter buttons, list decorations)."""
    _check(colour)
    return QColor(_SWATCHES[colour])


def blended(fill: QColor, base: QColor) -> QColor:
    """``fill`` composited over the opaque ``base`` — what the eye sees under the text."""
    a = fill.alphaF()
    return QColor.fromRgbF(
        fill.redF() * a + base.redF() * (1 - a),
        fill.greenF() * a + base.greenF() * (1 - a),
        fill.blueF() * a + base.blueF() * (1 - a),
    )


def highlight_format(colour: str, dark: bool = False) -> QTextCharFormat:
    """A character format with the colour's fill as background (for ExtraSelections)."""
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(fill_colour(colour, dark)))
    return fmt


@cache
def colour_icon(colour: str, size: int = 16) -> QIcon:
    """A round swatch icon for menus, buttons and list rows (cached per colour and size)."""
    _check(colour)
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        swatch = swatch_colour(colour)
        painter.setPen(swatch.darker(130))
        painter.setBrush(swatch)
        inset = 2.0 * scale
        painter.drawEllipse(
            QRectF(inset, inset, size * scale - 2 * inset, size * scale - 2 * inset)
        )
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


def highlight_actions(parent: QWidget | QMenu, colours: Iterable[str] = COLOURS) -> list[QAction]:
    """One "Highlight in <Colour>" action per colour; ``action.data()`` is the colour name."""
    actions: list[QAction] = []
    for colour in colours:
        action = QAction(colour_icon(colour), f"Highlight in {COLOUR_LABELS[colour]}", parent)
        action.setData(colour)
        action.setObjectName(f"highlight_{colour}")
        shortcut = HIGHLIGHT_SHORTCUTS.get(f"highlight:{colour}")
        if shortcut:
            # Shown in the menu as a hint; the lead registers the real shortcuts on the window.
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        actions.append(action)
    return actions


def _chosen(callback: Callable[[str], None], colour: str, _checked: bool = False) -> None:
    callback(colour)


def highlight_menu(
    parent: QWidget | None = None,
    colours: Iterable[str] = COLOURS,
    on_chosen: Callable[[str], None] | None = None,
    title: str = "Highlight",
) -> QMenu:
    """A menu of "Highlight in Yellow/Green/…" actions (icons and shortcut hints included).

    Each action's ``data()`` is its colour name; ``on_chosen(colour)`` is called when one is
    triggered. Add it to a context menu with ``menu.addMenu(highlight_menu(menu, …))`` or
    ``menu.addActions(highlight_menu(…).actions())``.
    """
    menu = QMenu(title, parent)
    menu.setObjectName("highlightMenu")
    menu.setIcon(colour_icon(DEFAULT_COLOUR))
    for action in highlight_actions(menu, colours):
        menu.addAction(action)
        if on_chosen is not None:
            action.triggered.connect(partial(_chosen, on_chosen, str(action.data())))
    return menu
