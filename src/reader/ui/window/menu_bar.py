"""The menu bar's menus, made with the window and filled with its features after the first
paint (:func:`reader.ui.window.window_actions.build`) — or as soon as one is opened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMainWindow, QMenu


@dataclass(frozen=True)
class TopMenus:
    """The menu bar's menus (filled by ``window_actions.build``)."""

    file: QMenu
    edit: QMenu
    view: QMenu
    annotate: QMenu
    help: QMenu


def top_menus(window: QMainWindow, opening: Callable[[], object]) -> TopMenus:
    """The menu bar with its menus, empty until they are filled; ``opening`` is called as one
    is about to show (it makes the window's features, and with them the menus' actions, if
    they are not made yet: a learner quicker than the first paint finds them there)."""
    bar = window.menuBar()
    menus = [bar.addMenu(title) for title in ("&File", "&Edit", "&View", "&Annotate", "&Help")]
    for menu in menus:
        menu.aboutToShow.connect(opening)
    return TopMenus(*menus)
