"""The preferences dialog: opens with the saved values, Apply/OK write, Cancel does not."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.language.scripts.script import Script
from reader.ui.common.style.fonts import installed_cjk_families
from reader.ui.window.preferences_dialog import PreferencesDialog, preference


def _dialog(qtbot, settings) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    return dialog


def _keys(settings) -> set[str]:  # type: ignore[no-untyped-def]
    return set(settings.qsettings.allKeys())


def _button(dialog: PreferencesDialog, which: QDialogButtonBox.StandardButton):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(which)


def test_opens_with_current_values(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.font_size = 24.0
    settings.line_spacing = 200
    settings.theme = "dark"
    settings.tone_scheme = "none"
    settings.pinyin_style = PinyinStyle.ZHUYIN
    settings.popup_trigger = "click"
    settings.default_script = Script.TAIWAN
    settings.set_flag("ruby_hide_known", True)
    dialog = _dialog(qtbot, settings)
    assert dialog.size_spin.value() == 24
    assert dialog.spacing_spin.value() == 200
    assert dialog.theme_combo.currentData() == "dark"
    assert dialog.tone_combo.currentData() == "none"
    assert dialog.pinyin_combo.currentData() == "zhuyin"
    assert dialog.popup_combo.currentData() == "click"
    assert dialog.script_combo.currentData() == "taiwan"
    assert dialog.ruby_known_check.isChecked()
    assert not _button(dialog, QDialogButtonBox.StandardButton.Apply).isEnabled()


def test_defaults_when_nothing_is_saved(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, settings)
    assert dialog.values()["tone_scheme"] == "pleco"
    assert dialog.values()["pinyin_style"] == "marks"
    assert dialog.values()["popup_trigger"] == "hover"
    assert dialog.values()["default_script"] == "original"
    assert dialog.values()["ruby_hide_known"] is False
    settings.qsettings.setValue("pinyin_style", "bogus")  # a hand-edited settings file
    assert preference(settings, "pinyin_style") == "marks"


def test_font_list_holds_only_chinese_fonts(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    cjk = installed_cjk_families()
    if not cjk:
        pytest.skip("no Chinese font installed")
    dialog = _dialog(qtbot, settings)
    listed = [dialog.font_combo.itemText(i) for i in range(dialog.font_combo.count())]
    assert set(listed) == set(cjk)
    for family in listed:
        systems = QFontDatabase.writingSystems(family)
        assert (
            QFontDatabase.WritingSystem.SimplifiedChinese in systems
            or QFontDatabase.WritingSystem.TraditionalChinese in systems
        )


def test_keeps_a_current_font_without_chinese_glyphs(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.font_family = "Some Latin Font"
    dialog = _dialog(qtbot, settings)
    assert dialog.font_combo.currentText() == "Some Latin Font"
    assert dialog.values()["font_family"] == "Some Latin Font"


def test_apply_writes_settings_and_emits(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    cjk = installed_cjk_families()
    dialog = _dialog(qtbot, settings)
    if len(cjk) > 1:
        target = next(f for f in cjk if f != dialog.font_combo.currentText())
        dialog.font_combo.setCurrentIndex(dialog.font_combo.findText(target))
    dialog.size_spin.setValue(30)
    dialog.spacing_spin.setValue(140)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("light"))
    dialog.tone_combo.setCurrentIndex(dialog.tone_combo.findData("standard"))
    dialog.pinyin_combo.setCurrentIndex(dialog.pinyin_combo.findData("numbers"))
    dialog.popup_combo.setCurrentIndex(dialog.popup_combo.findData("click"))
    dialog.script_combo.setCurrentIndex(dialog.script_combo.findData("simplified"))
    dialog.ruby_known_check.setChecked(True)
    apply = _button(dialog, QDialogButtonBox.StandardButton.Apply)
    assert apply.isEnabled()
    with qtbot.waitSignal(dialog.applied):
        apply.click()
    assert not apply.isEnabled()
    if len(cjk) > 1:
        assert settings.font_family == target
    assert settings.font_size == 30.0
    assert settings.line_spacing == 140
    assert settings.theme == "light"
    assert settings.tone_scheme == "standard"
    assert settings.pinyin_style is PinyinStyle.NUMBERS
    assert settings.popup_trigger == "click"
    assert settings.default_script is Script.SIMPLIFIED
    assert settings.flag("ruby_hide_known") is True
    assert dialog.result() == 0  # Apply does not close the dialog


def test_ok_writes_only_what_changed(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, settings)
    dialog.size_spin.setValue(20)
    with qtbot.waitSignal(dialog.applied):
        _button(dialog, QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert _keys(settings) == {"view/font_size"}
    assert settings.font_size == 20.0


def test_cancel_writes_nothing(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, settings)
    dialog.size_spin.setValue(40)
    dialog.theme_combo.setCurrentIndex(dialog.theme_combo.findData("dark"))
    dialog.ruby_known_check.setChecked(True)
    with qtbot.assertNotEmitted(dialog.applied):
        _button(dialog, QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.result() == PreferencesDialog.DialogCode.Rejected
    assert _keys(settings) == set()


def test_ok_without_changes_writes_nothing(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, settings)
    with qtbot.assertNotEmitted(dialog.applied):
        _button(dialog, QDialogButtonBox.StandardButton.Ok).click()
    assert _keys(settings) == set()


def test_settings_say_what_changed_and_the_window_follows(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    """One typed settings object: writing a preference emits ``changed`` with its key (once,
    and not when the value stays), and the window re-applies it without the dialog's help."""
    from reader.ui.window.main_window import MainWindow

    window = MainWindow(settings, None)
    qtbot.addWidget(window)
    seen: list[str] = []
    settings.changed.connect(seen.append)
    settings.pinyin_style = PinyinStyle.NUMBERS
    settings.pinyin_style = PinyinStyle.NUMBERS
    settings.set_flag("colour_unknown", True)
    settings.line_spacing = 200
    assert seen == ["pinyin_style", "colour_unknown", "line_spacing"]
    assert window.view.line_height() == 200
    with pytest.raises(ValueError):
        settings.tone_scheme = "rainbow"
    with pytest.raises(KeyError):
        settings.set_flag("no_such_flag", True)
    window.close()


def test_ruby_size_and_full_width_punctuation(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, settings)
    assert dialog.values()["ruby_size"] == "55"  # pinyin at 0.55 of the text by default
    assert dialog.values()["full_width_punctuation"] is True
    changed: list[str] = []
    settings.changed.connect(changed.append)
    dialog.ruby_size_combo.setCurrentIndex(dialog.ruby_size_combo.findData("65"))
    dialog.punctuation_check.setChecked(False)
    dialog.apply()
    assert settings.ruby_size == 65
    assert settings.flag("full_width_punctuation") is False
    assert set(changed) == {"ruby_size", "full_width_punctuation"}
