"""Preferences: typography, theme, readings and reading behaviour.

Every value is a typed property of :class:`reader.ui.common.settings.Settings`, whose
``CHOICES`` and ``FLAGS`` hold the values, labels and defaults; the dialog only reads and
writes them (the features follow ``Settings.changed``).
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.language.readings.pinyin_styles import PinyinStyle
from reader.language.scripts.script import Script
from reader.ui.common.settings import CHOICES, Settings
from reader.ui.common.style.fonts import CJK_FAMILIES, installed_cjk_families

THEMES = CHOICES["theme"][0]
RUBY_HIDE_KNOWN = "ruby_hide_known"
TONE_SANDHI = "tone_sandhi"
FULL_WIDTH = "full_width_punctuation"
SAMPLE = "学而时习之，不亦说乎？ 學而時習之 xué ér shí xí zhī"


def preference(settings: Settings, key: str) -> str:
    """A choice's value now, as the text the dialog's combo boxes hold."""
    value = getattr(settings, key)
    return str(value.value if isinstance(value, PinyinStyle | Script) else value)


def _combo(options: tuple[tuple[str, str], ...], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in options:
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))


class PreferencesDialog(QDialog):
    """OK / Apply / Cancel over the settings; :attr:`applied` after every write."""

    #: Emitted after the settings were written (Apply or OK): re-apply typography and theme.
    applied = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._settings = settings
        layout = QVBoxLayout(self)

        text_box = QGroupBox("Text", self)
        text_form = QFormLayout(text_box)
        self.font_combo = QFontComboBox(text_box)
        self.font_combo.setObjectName("fontFamily")
        self.font_combo.setEditable(False)
        self.font_combo.setWritingSystem(QFontDatabase.WritingSystem.SimplifiedChinese)
        self.size_spin = QSpinBox(text_box)
        self.size_spin.setRange(10, 48)
        self.size_spin.setSuffix(" pt")
        self.spacing_spin = QSpinBox(text_box)
        self.spacing_spin.setRange(100, 250)
        self.spacing_spin.setSingleStep(5)
        self.spacing_spin.setSuffix(" %")
        self.theme_combo = _combo(THEMES, text_box)
        self.sample = QLabel(SAMPLE, text_box)
        self.sample.setObjectName("fontSample")
        self.sample.setWordWrap(True)
        text_form.addRow("&Font:", self.font_combo)
        text_form.addRow("&Size:", self.size_spin)
        text_form.addRow("&Line spacing:", self.spacing_spin)
        text_form.addRow("&Theme:", self.theme_combo)
        self.punctuation_check = QCheckBox(
            "Full-&width cells for , ; : ! ? next to Chinese characters", text_box
        )
        self.punctuation_check.setToolTip(
            "Pasted Chinese text often uses ASCII commas, which look cramped between Han "
            "characters. On: they get a full-width cell, as ， does. The text keeps its "
            "characters (copying and searching are unchanged)."
        )
        text_form.addRow(self.punctuation_check)
        text_form.addRow(self.sample)
        layout.addWidget(text_box)

        readings_box = QGroupBox("Readings", self)
        readings_form = QFormLayout(readings_box)
        self.tone_combo = _combo(CHOICES["tone_scheme"][0], readings_box)
        self.pinyin_combo = _combo(CHOICES["pinyin_style"][0], readings_box)
        self.ruby_size_combo = _combo(CHOICES["ruby_size"][0], readings_box)
        self.ruby_known_check = QCheckBox("Hide readings over &known words", readings_box)
        readings_form.addRow("Tone &colours:", self.tone_combo)
        readings_form.addRow("&Pinyin style:", self.pinyin_combo)
        readings_form.addRow("Pinyin above characters, si&ze:", self.ruby_size_combo)
        readings_form.addRow(self.ruby_known_check)
        self.sandhi_check = QCheckBox("&Spoken tones of 一 and 不 (yí dài, bú shì)", readings_box)
        self.sandhi_check.setToolTip(
            "Off: dictionary citation tones, as Pleco and CC-CEDICT print them (一代 yī dài, "
            "不是 bù shì). On: the tone changes of 一 and 不 as they are said. Neutral tones "
            "follow the dictionary entry either way."
        )
        readings_form.addRow(self.sandhi_check)
        layout.addWidget(readings_box)

        behaviour_box = QGroupBox("Reading", self)
        behaviour_form = QFormLayout(behaviour_box)
        self.popup_combo = _combo(CHOICES["popup_trigger"][0], behaviour_box)
        self.script_combo = _combo(CHOICES["default_script"][0], behaviour_box)
        behaviour_form.addRow("Show the &dictionary:", self.popup_combo)
        behaviour_form.addRow("Script for &new documents:", self.script_combo)
        layout.addWidget(behaviour_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._clicked)
        layout.addWidget(self.buttons)

        self.load()
        for signal in (
            self.font_combo.currentIndexChanged,
            self.size_spin.valueChanged,
            self.spacing_spin.valueChanged,
            self.theme_combo.currentIndexChanged,
            self.tone_combo.currentIndexChanged,
            self.pinyin_combo.currentIndexChanged,
            self.ruby_size_combo.currentIndexChanged,
            self.punctuation_check.toggled,
            self.popup_combo.currentIndexChanged,
            self.script_combo.currentIndexChanged,
            self.ruby_known_check.toggled,
            self.sandhi_check.toggled,
        ):
            signal.connect(self._changed)
        self._changed()

    # Loading ------------------------------------------------------------------------------
    def _load_fonts(self) -> str:
        """Fill the font list with Chinese-capable families (plus the current one); returns
        the family shown first."""
        saved = self._settings.font_family
        families = installed_cjk_families()
        current = saved or next((f for f in CJK_FAMILIES if f in families), "")
        if current and current not in families:
            families.append(current)
        families = sorted(set(families), key=str.casefold)
        model = self.font_combo.model()
        if isinstance(model, QStringListModel):
            # QFontComboBox filters by one writing system; we want Simplified or Traditional.
            model.setStringList(families)
        index = self.font_combo.findText(current) if current else -1
        self.font_combo.setCurrentIndex(max(0, index) if self.font_combo.count() else -1)
        return self.font_combo.currentText()

    def load(self) -> None:
        """Show the values saved in the settings."""
        s = self._settings
        self._load_fonts()
        self.size_spin.setValue(round(s.font_size))
        self.spacing_spin.setValue(min(250, max(100, s.line_spacing)))
        _select(self.theme_combo, s.theme)
        _select(self.tone_combo, preference(s, "tone_scheme"))
        _select(self.pinyin_combo, preference(s, "pinyin_style"))
        _select(self.ruby_size_combo, preference(s, "ruby_size"))
        self.punctuation_check.setChecked(s.flag(FULL_WIDTH))
        _select(self.popup_combo, preference(s, "popup_trigger"))
        _select(self.script_combo, preference(s, "default_script"))
        self.ruby_known_check.setChecked(s.flag(RUBY_HIDE_KNOWN))
        self.sandhi_check.setChecked(s.flag(TONE_SANDHI))
        self._saved = self.values()

    # Values -------------------------------------------------------------------------------
    def values(self) -> dict[str, object]:
        """What the dialog shows now, by setting name."""
        return {
            "font_family": self.font_combo.currentText(),
            "font_size": self.size_spin.value(),
            "line_spacing": self.spacing_spin.value(),
            "theme": str(self.theme_combo.currentData()),
            "tone_scheme": str(self.tone_combo.currentData()),
            "pinyin_style": str(self.pinyin_combo.currentData()),
            "ruby_size": str(self.ruby_size_combo.currentData()),
            FULL_WIDTH: self.punctuation_check.isChecked(),
            "popup_trigger": str(self.popup_combo.currentData()),
            "default_script": str(self.script_combo.currentData()),
            RUBY_HIDE_KNOWN: self.ruby_known_check.isChecked(),
            TONE_SANDHI: self.sandhi_check.isChecked(),
        }

    def is_modified(self) -> bool:
        return self.values() != self._saved

    def _changed(self) -> None:
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply.setEnabled(self.is_modified())
        font = QFont(self.font_combo.currentText())
        font.setPointSize(self.size_spin.value())
        self.sample.setFont(font)

    # Writing ------------------------------------------------------------------------------
    def apply(self) -> None:
        """Write every changed value to the settings, then emit :attr:`applied`."""
        values = self.values()
        changed = {k: v for k, v in values.items() if v != self._saved[k]}
        s = self._settings
        if changed.get("font_family"):
            s.font_family = str(changed["font_family"])
        if "font_size" in changed:
            s.font_size = float(self.size_spin.value())
        if "line_spacing" in changed:
            s.line_spacing = self.spacing_spin.value()
        if "theme" in changed:
            s.theme = str(changed["theme"])
        if "tone_scheme" in changed:
            s.tone_scheme = str(changed["tone_scheme"])
        if "pinyin_style" in changed:
            s.pinyin_style = PinyinStyle(str(changed["pinyin_style"]))
        if "ruby_size" in changed:
            s.ruby_size = int(str(changed["ruby_size"]))
        if FULL_WIDTH in changed:
            s.set_flag(FULL_WIDTH, bool(changed[FULL_WIDTH]))
        if "popup_trigger" in changed:
            s.popup_trigger = str(changed["popup_trigger"])
        if "default_script" in changed:
            s.default_script = Script(str(changed["default_script"]))
        if RUBY_HIDE_KNOWN in changed:
            s.set_flag(RUBY_HIDE_KNOWN, bool(changed[RUBY_HIDE_KNOWN]))
        if TONE_SANDHI in changed:
            s.set_flag(TONE_SANDHI, bool(changed[TONE_SANDHI]))
        s.sync()
        self._saved = values
        self._changed()
        self.applied.emit()

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.buttons.button(QDialogButtonBox.StandardButton.Apply):
            self.apply()

    def accept(self) -> None:
        if self.is_modified():
            self.apply()
        super().accept()
