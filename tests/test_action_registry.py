"""The action registry (shortcuts saved in settings) and the shortcuts dialog."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from reader.ui.common.action_registry import ActionRegistry, ActionSpec
from reader.ui.window.shortcuts_dialog import CONFLICT_COLOUR, ShortcutRecorder, ShortcutsDialog


def _specs(calls: list[str]) -> list[ActionSpec]:
    return [
        ActionSpec("file.open", "&Open…", "Ctrl+O", lambda: calls.append("open"), "File"),
        ActionSpec("view.zoom_in", "Zoom &In", ["Ctrl++", "Ctrl+="], lambda: calls.append("zoom"),
                   "View"),
        ActionSpec("view.ruby", "&Ruby", "", lambda: calls.append("ruby"), "View", checkable=True,
                   tip="Show readings over the characters"),
        ActionSpec("help.about", "&About", "F1", lambda: calls.append("about"), "Help"),
    ]


@pytest.fixture
def widget(qtbot):  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    return host


def _registry(settings, widget, calls=None):  # type: ignore[no-untyped-def]
    registry = ActionRegistry(settings, widget)
    registry.register_all(_specs(calls if calls is not None else []))
    return registry


def test_register_creates_actions_with_default_shortcuts(settings, widget) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    registry = _registry(settings, widget, calls)
    action = registry.action("file.open")
    assert action in widget.actions()
    assert action.shortcut() == QKeySequence("Ctrl+O")
    assert [s.toString() for s in registry.action("view.zoom_in").shortcuts()] == [
        "Ctrl++",
        "Ctrl+=",
    ]
    assert registry.action("view.ruby").shortcuts() == []
    assert registry.action("view.ruby").isCheckable()
    assert registry.action("view.ruby").statusTip() == "Show readings over the characters"
    action.trigger()
    registry.action("view.ruby").trigger()
    assert calls == ["open", "ruby"]
    assert [s.id for s in registry.specs()] == ["file.open", "view.zoom_in", "view.ruby",
                                                "help.about"]
    assert registry.menus() == ["File", "View", "Help"]
    assert len(registry.actions_in("View")) == 2
    with pytest.raises(ValueError):
        registry.register(_specs([])[0])
    with pytest.raises(KeyError):
        registry.action("nope")


def test_custom_shortcut_persists_and_is_restored(settings, widget) -> None:  # type: ignore[no-untyped-def]
    registry = _registry(settings, widget)
    registry.set_shortcut("file.open", "Ctrl+Shift+O")
    assert registry.action("file.open").shortcut() == QKeySequence("Ctrl+Shift+O")
    assert settings.shortcut("file.open") == "Ctrl+Shift+O"
    registry.set_shortcut("help.about", "")
    settings.sync()

    other = QWidget()
    fresh = _registry(settings, other)
    assert fresh.action("file.open").shortcut() == QKeySequence("Ctrl+Shift+O")
    assert fresh.action("help.about").shortcuts() == []
    assert fresh.is_customised("help.about")
    fresh.reset_shortcut("file.open")
    assert fresh.action("file.open").shortcut() == QKeySequence("Ctrl+O")
    assert settings.shortcut("file.open") is None
    fresh.reset_all()
    assert fresh.action("help.about").shortcut() == QKeySequence("F1")
    other.deleteLater()


def test_shortcuts_with_commas_survive_the_settings_file(settings, widget) -> None:  # type: ignore[no-untyped-def]
    registry = _registry(settings, widget)
    registry.set_shortcut("view.ruby", "Ctrl+,")
    registry.set_shortcut("view.zoom_in", ["Ctrl+Shift+=", "Ctrl+,"])
    settings.sync()
    fresh = _registry(settings, QWidget())
    assert fresh.shortcuts("view.ruby") == ["Ctrl+,"]
    assert fresh.shortcuts("view.zoom_in") == ["Ctrl+Shift+=", "Ctrl+,"]


def test_conflicts(settings, widget) -> None:  # type: ignore[no-untyped-def]
    registry = _registry(settings, widget)
    assert registry.conflicts() == {}
    registry.set_shortcut("help.about", "Ctrl+O")
    assert registry.conflicts() == {"Ctrl+O": ["file.open", "help.about"]}
    assert registry.conflicts_with("view.ruby", "Ctrl+O") == ["file.open", "help.about"]
    assert registry.conflicts_with("file.open", "Ctrl+=") == ["view.zoom_in"]
    assert registry.conflicts_with("file.open", "") == []


def test_dialog_lists_every_action_and_filters(qtbot, settings, widget) -> None:  # type: ignore[no-untyped-def]
    registry = _registry(settings, widget)
    dialog = ShortcutsDialog(registry, widget)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 4
    assert dialog.visible_ids() == ["file.open", "view.zoom_in", "view.ruby", "help.about"]
    row = [dialog.table.item(1, c).text() for c in range(3)]
    assert row[0] == "View" and row[1] == "Zoom In" and "Ctrl++" in row[2]
    dialog.filter_edit.setText("zoom")
    assert dialog.visible_ids() == ["view.zoom_in"]
    dialog.filter_edit.setText("f1")
    assert dialog.visible_ids() == ["help.about"]
    dialog.filter_edit.clear()
    assert len(dialog.visible_ids()) == 4


def test_dialog_refuses_conflicts_and_shows_them_red(qtbot, settings, widget) -> None:  # type: ignore[no-untyped-def]
    registry = _registry(settings, widget)
    dialog = ShortcutsDialog(registry, widget)
    qtbot.addWidget(dialog)
    message = dialog.assign("help.about", "Ctrl+O")
    assert "already used" in message and "Open" in message
    assert registry.shortcuts("help.about") == ["F1"]
    assert dialog.assign("help.about", "Ctrl+H") == ""
    assert registry.shortcuts("help.about") == ["Ctrl+H"]
    assert "Ctrl+H" in dialog.table.item(3, 2).text()
    # A conflict made elsewhere (e.g. two defaults) is shown in red.
    registry.set_shortcut("view.ruby", "Ctrl+O")
    assert dialog.table.item(0, 1).foreground().color() == CONFLICT_COLOUR
    assert dialog.table.item(1, 1).foreground().color() != CONFLICT_COLOUR
    assert dialog.conflict_label.isVisibleTo(dialog)
    dialog.select("view.ruby")
    assert dialog.reset_button.isEnabled()
    dialog.reset_selected()
    assert registry.shortcuts("view.ruby") == []
    dialog.reset_all()
    assert registry.shortcuts("help.about") == ["F1"]
    assert not dialog.conflict_label.isVisibleTo(dialog)


def test_recorder_disables_ok_on_conflict(qtbot, settings, widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    registry = _registry(settings, widget)
    recorder = ShortcutRecorder(registry, "help.about", widget)
    qtbot.addWidget(recorder)
    ok = recorder.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert recorder.sequence() == "F1" and ok.isEnabled()
    recorder.edit.setKeySequence(QKeySequence("Ctrl+O"))
    assert not ok.isEnabled()
    assert recorder.message.isVisibleTo(recorder)
    recorder.accept()
    assert registry.shortcuts("help.about") == ["F1"]
    recorder.edit.clear()
    assert ok.isEnabled()
    recorder.accept()
    assert registry.shortcuts("help.about") == []
