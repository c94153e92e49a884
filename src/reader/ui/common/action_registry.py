"""The app's actions in one place: titles, menus, default and user shortcuts.

Every command the window offers is an :class:`ActionSpec` registered with an
:class:`ActionRegistry`, which creates the ``QAction``, gives it the user's shortcut (settings
key ``shortcuts/<id>``, a ``QKeySequence.listToString`` of portable sequences; an empty string
means "no shortcut") or else the default, and adds it to the parent widget so the shortcut
works whether or not the action is in a menu. :class:`reader.ui.window.shortcuts_dialog.ShortcutsDialog`
edits the shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from reader.ui.common.settings import Settings

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class ActionSpec:
    """What an action is: ``id`` is stable (settings key), ``title`` is what menus show."""

    id: str
    title: str
    default_shortcut: str | list[str]
    handler: Callable[[], object]
    menu: str
    checkable: bool = False
    tip: str = ""

    def default_shortcuts(self) -> list[str]:
        raw = [self.default_shortcut] if isinstance(self.default_shortcut, str) else list(
            self.default_shortcut
        )
        return [s for s in (normalise(r) for r in raw) if s]


def normalise(sequence: str | QKeySequence) -> str:
    """A key sequence in portable text (``"Ctrl+Shift+F"``); ``""`` for none or invalid."""
    keys = sequence if isinstance(sequence, QKeySequence) else QKeySequence(sequence.strip())
    return keys.toString(PORTABLE)


def display(sequence: str) -> str:
    """A portable sequence as the platform shows it (``⌘F`` on macOS)."""
    return QKeySequence(sequence).toString(NATIVE)


class ActionRegistry(QObject):
    """Creates and owns the app's QActions and their shortcuts."""

    #: Emitted with an action id after its shortcut changed (set, cleared or reset).
    shortcutChanged = Signal(str)

    def __init__(self, settings: Settings, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._settings = settings
        self._widget = parent_widget
        self._specs: dict[str, ActionSpec] = {}
        self._actions: dict[str, QAction] = {}

    # Registration -------------------------------------------------------------------------
    def register(self, spec: ActionSpec) -> QAction:
        """Create the action for ``spec`` (ids are unique) and add it to the parent widget."""
        if spec.id in self._specs:
            raise ValueError(f"action {spec.id!r} is already registered")
        action = QAction(spec.title, self._widget)
        action.setObjectName(f"action:{spec.id}")
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
        handler = spec.handler
        action.triggered.connect(lambda _checked=False: handler())
        self._specs[spec.id] = spec
        self._actions[spec.id] = action
        self._widget.addAction(action)
        self._apply(spec.id)
        return action

    def adopt(
        self, action_id: str, action: QAction, menu: str, tip: str = ""
    ) -> QAction:
        """Register an action a feature made itself (its current shortcuts are the defaults),
        so it is listed, customisable and conflict-checked like the others."""
        if action_id in self._specs:
            raise ValueError(f"action {action_id!r} is already registered")
        defaults = [s.toString(PORTABLE) for s in action.shortcuts()]
        spec = ActionSpec(action_id, action.text(), defaults, action.trigger, menu,
                          action.isCheckable(), tip or action.toolTip())
        action.setObjectName(f"action:{action_id}")
        self._specs[action_id] = spec
        self._actions[action_id] = action
        if action not in self._widget.actions():
            self._widget.addAction(action)
        self._apply(action_id)
        return action

    def register_all(self, specs: Sequence[ActionSpec]) -> list[QAction]:
        return [self.register(spec) for spec in specs]

    def action(self, action_id: str) -> QAction:
        try:
            return self._actions[action_id]
        except KeyError:
            raise KeyError(f"no action {action_id!r}") from None

    def spec(self, action_id: str) -> ActionSpec:
        return self._specs[action_id]

    def specs(self) -> list[ActionSpec]:
        """Every registered spec, in registration order."""
        return list(self._specs.values())

    def menus(self) -> list[str]:
        """Menu names in order of first use."""
        return list(dict.fromkeys(spec.menu for spec in self._specs.values()))

    def actions_in(self, menu: str) -> list[QAction]:
        return [self._actions[s.id] for s in self._specs.values() if s.menu == menu]

    # Shortcuts ----------------------------------------------------------------------------
    def is_customised(self, action_id: str) -> bool:
        return self._settings.shortcut(action_id) is not None

    def shortcuts(self, action_id: str) -> list[str]:
        """The action's shortcuts now, portable text; ``[]`` when it has none."""
        spec = self._specs[action_id]
        raw = self._settings.shortcut(action_id)
        if raw is None:
            return spec.default_shortcuts()
        sequences = QKeySequence.listFromString(raw, PORTABLE)
        return [s for s in (normalise(k) for k in sequences) if s]

    def set_shortcut(self, action_id: str, sequence: str | QKeySequence | Sequence[str]) -> None:
        """Give the action a custom shortcut (saved); ``""`` leaves it without one.

        A list gives several shortcuts. Conflicts are not refused here (see
        :meth:`conflicts_with`); the shortcuts dialog refuses them.
        """
        if action_id not in self._specs:
            raise KeyError(f"no action {action_id!r}")
        if isinstance(sequence, str | QKeySequence):
            sequences = [normalise(sequence)]
        else:
            sequences = [normalise(s) for s in sequence]
        value = QKeySequence.listToString([QKeySequence(s) for s in sequences if s], PORTABLE)
        self._settings.set_shortcut(action_id, value)
        self._apply(action_id)

    def reset_shortcut(self, action_id: str) -> None:
        """Back to the default shortcut (the custom one is removed from settings)."""
        self._settings.set_shortcut(action_id, None)
        self._apply(action_id)

    def reset_all(self) -> None:
        for action_id in self._specs:
            self.reset_shortcut(action_id)

    def _apply(self, action_id: str) -> None:
        action = self._actions[action_id]
        sequences = self.shortcuts(action_id)
        action.setShortcuts([QKeySequence(s) for s in sequences])
        spec = self._specs[action_id]
        tip = spec.tip or spec.title.replace("&", "").removesuffix("…")
        if sequences:
            tip = f"{tip} ({display(sequences[0])})"
        action.setToolTip(tip)
        self.shortcutChanged.emit(action_id)

    def conflicts(self) -> dict[str, list[str]]:
        """Shortcut (portable text) → ids of the actions sharing it, for shared ones only."""
        users: dict[str, list[str]] = {}
        for action_id in self._specs:
            for sequence in self.shortcuts(action_id):
                users.setdefault(sequence, []).append(action_id)
        return {seq: ids for seq, ids in users.items() if len(ids) > 1}

    def conflicts_with(self, action_id: str, sequence: str | QKeySequence) -> list[str]:
        """Ids of other actions already using ``sequence``."""
        wanted = normalise(sequence)
        if not wanted:
            return []
        return [
            other
            for other in self._specs
            if other != action_id and wanted in self.shortcuts(other)
        ]
