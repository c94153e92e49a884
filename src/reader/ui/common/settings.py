"""The reader's preferences and remembered state: one typed object over QSettings.

Every preference has a typed property here and its default in :data:`CHOICES` or
:data:`FLAGS`, the one place defaults live; writing one emits :attr:`Settings.changed` with
its key, so the features showing it follow (the Preferences dialog only writes).
Per-document state (script, position) lives in the notes database, not here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from reader.language.readings.pinyin_styles import PinyinStyle, tone_scheme_label
from reader.language.scripts.script import Script

ORGANISATION = "reader"
APPLICATION = "reader"

#: Preferences with a fixed set of values: key → (values with their labels, default).
CHOICES: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "tone_scheme": (
        tuple((name, tone_scheme_label(name)) for name in ("pleco", "standard", "none")),
        "pleco",
    ),
    "pinyin_style": (
        (("marks", "Tone marks (zhōng)"), ("numbers", "Tone numbers (zhong1)"),
         ("zhuyin", "Zhuyin (ㄓㄨㄥ)")),
        PinyinStyle.MARKS.value,
    ),
    "ruby_size": (
        (("45", "Small (45 % of the text)"), ("55", "Medium (55 %)"), ("65", "Large (65 %)")),
        "55",
    ),
    "popup_trigger": (
        (("hover", "When the pointer rests on a word"), ("click", "When a word is clicked")),
        "hover",
    ),
    "default_script": (tuple((s.value, s.label) for s in Script), Script.ORIGINAL.value),
    "theme": (
        (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")),
        "system",
    ),
}
#: On/off preferences: key → default.
FLAGS: dict[str, bool] = {
    "ruby": False,  # pinyin above every character
    "ruby_hide_known": False,  # … except over words marked known
    "glossary_underline": True,  # glossary terms underlined in their category's colour
    "colour_unknown": False,  # words not marked known in a colour of their own
    "colour_by_level": False,  # words in the colour of their HSK 3.0 level
    "tone_sandhi": False,  # 一 and 不 with their spoken tone changes (yí dài, not yī dài)
    # ASCII , ; : ! ? next to Han characters in a full-width cell (layout only, the text
    # keeps its characters): on, since pasted news text mixes them and they look cramped
    "full_width_punctuation": True,
}


def _as_bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default


def _as_float(value: object, default: float) -> float:
    try:
        return float(str(value)) if value is not None else default
    except ValueError:
        return default


class Settings(QObject):
    """Typed access to everything the app remembers between runs.

    Values that fail to parse (a hand-edited or old settings file) fall back to defaults.
    """

    #: A preference was written: its key (``"pinyin_style"``, ``"font_size"`` …).
    changed = Signal(str)

    def __init__(self, qsettings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._s = qsettings if qsettings is not None else QSettings(ORGANISATION, APPLICATION)

    @property
    def qsettings(self) -> QSettings:
        return self._s

    def sync(self) -> None:
        self._s.sync()

    # Window -------------------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    @property
    def shown_panels(self) -> list[str] | None:
        """The docks shown when the window last closed (names in ``reader.ui.app.dock_list``);
        None when no session wrote them (a window state saved before docks were made late)."""
        if not self._s.contains("window/panels"):
            return None
        value = self._s.value("window/panels")
        if isinstance(value, list):  # a hand-edited file with commas
            return [str(v).strip() for v in value if str(v).strip()]
        return str(value or "").split()

    @shown_panels.setter
    def shown_panels(self, names: list[str]) -> None:
        self._s.setValue("window/panels", " ".join(names))

    # Document -----------------------------------------------------------------------------
    @property
    def last_document(self) -> str | None:
        """Path of the document open when the app last closed; None for the bundled article."""
        value = self._s.value("document/last")
        return str(value) if value else None

    @last_document.setter
    def last_document(self, path: str | None) -> None:
        if path:
            self._s.setValue("document/last", path)
        else:
            self._s.remove("document/last")

    @property
    def recent_documents(self) -> list[str]:
        value = self._s.value("document/recent")
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent_document(self, path: str, limit: int = 10) -> None:
        recent = [p for p in self.recent_documents if p != path]
        self._s.setValue("document/recent", [path, *recent][:limit])

    def clear_recent_documents(self) -> None:
        self._s.remove("document/recent")

    def take_legacy_script(self, sha256: str) -> str | None:
        """A document's script as versions before 2026-12 kept it here, removed as it is read
        (the database's ``preferred_script`` is the one place now)."""
        key = f"scripts/{sha256}"
        value = self._s.value(key)
        if value is not None:
            self._s.remove(key)
        return str(value) if value else None

    def take_legacy_scroll(self, sha256: str) -> float | None:
        """A document's scroll fraction as versions before 2026-12 kept it here, removed as
        it is read (the database's ``view_position`` is the one place now)."""
        key = f"positions/{sha256}"
        value = self._s.value(key)
        if value is None:
            return None
        self._s.remove(key)
        return min(1.0, max(0.0, _as_float(value, 0.0)))

    # Typography ---------------------------------------------------------------------------
    @property
    def font_family(self) -> str | None:
        value = self._s.value("view/font_family")
        return str(value) if value else None

    @font_family.setter
    def font_family(self, family: str | None) -> None:
        if family:
            self._s.setValue("view/font_family", family)
        else:
            self._s.remove("view/font_family")
        self.changed.emit("font_family")

    @property
    def font_size(self) -> float:
        return min(64.0, max(8.0, _as_float(self._s.value("view/font_size"), 18.0)))

    @font_size.setter
    def font_size(self, size: float) -> None:
        self._s.setValue("view/font_size", size)
        self.changed.emit("font_size")

    @property
    def zoom(self) -> int:
        """Zoom steps from the base size (each step ±10 %), -5 … +15."""
        return min(15, max(-5, _as_int(self._s.value("view/zoom"), 0)))

    @zoom.setter
    def zoom(self, steps: int) -> None:
        self._s.setValue("view/zoom", min(15, max(-5, steps)))
        self.changed.emit("zoom")

    @property
    def line_spacing(self) -> int:
        """Line height in percent of the font's height."""
        return min(300, max(100, _as_int(self._s.value("view/line_spacing"), 165)))

    @line_spacing.setter
    def line_spacing(self, percent: int) -> None:
        self._s.setValue("view/line_spacing", percent)
        self.changed.emit("line_spacing")

    @property
    def theme(self) -> str:
        """"system", "light" or "dark"."""
        return self._choice("theme", "view/theme")

    @theme.setter
    def theme(self, value: str) -> None:
        self._set_choice("theme", value, "view/theme")

    # Readings and reading aids -----------------------------------------------------------
    @property
    def tone_scheme(self) -> str:
        """Tone colours: "pleco", "standard" or "none"."""
        return self._choice("tone_scheme")

    @tone_scheme.setter
    def tone_scheme(self, value: str) -> None:
        self._set_choice("tone_scheme", value)

    @property
    def pinyin_style(self) -> PinyinStyle:
        return PinyinStyle(self._choice("pinyin_style"))

    @pinyin_style.setter
    def pinyin_style(self, value: PinyinStyle) -> None:
        self._set_choice("pinyin_style", value.value)

    @property
    def ruby_size(self) -> int:
        """Pinyin above characters, in percent of the text's size."""
        return int(self._choice("ruby_size"))

    @ruby_size.setter
    def ruby_size(self, percent: int) -> None:
        self._set_choice("ruby_size", str(percent))

    @property
    def popup_trigger(self) -> str:
        """When the dictionary popup opens: "hover" or "click"."""
        return self._choice("popup_trigger")

    @popup_trigger.setter
    def popup_trigger(self, value: str) -> None:
        self._set_choice("popup_trigger", value)

    @property
    def default_script(self) -> Script:
        """The script of documents the learner has not chosen one for."""
        return Script(self._choice("default_script"))

    @default_script.setter
    def default_script(self, value: Script) -> None:
        self._set_choice("default_script", value.value)

    def flag(self, key: str) -> bool:
        """An on/off preference of :data:`FLAGS` (its default when unset or unreadable)."""
        return _as_bool(self._s.value(key), FLAGS[key])

    def set_flag(self, key: str, value: bool) -> None:
        if key not in FLAGS:
            raise KeyError(key)
        if self.flag(key) != value or not self._s.contains(key):
            self._s.setValue(key, bool(value))
            self.changed.emit(key)

    # Customised shortcuts -----------------------------------------------------------------
    def shortcut(self, action_id: str) -> str | None:
        """The learner's shortcut for an action ("" for none); None when not customised."""
        key = f"shortcuts/{action_id}"
        if not self._s.contains(key):
            return None
        raw = self._s.value(key)
        if isinstance(raw, list):  # QSettings may split a comma-holding string into a list
            return ", ".join(str(r) for r in raw)
        return str(raw or "")

    def set_shortcut(self, action_id: str, value: str | None) -> None:
        """Customise an action's shortcut; None forgets the customisation."""
        key = f"shortcuts/{action_id}"
        if value is None:
            self._s.remove(key)
        else:
            self._s.setValue(key, value)
        self.changed.emit(key)

    # Helpers ------------------------------------------------------------------------------
    def _choice(self, name: str, key: str | None = None) -> str:
        options, default = CHOICES[name]
        value = str(self._s.value(key or name) or default)
        return value if value in {v for v, _ in options} else default

    def _set_choice(self, name: str, value: str, key: str | None = None) -> None:
        options, _default = CHOICES[name]
        if value not in {v for v, _ in options}:
            raise ValueError(f"{name}: {value!r} is not one of its values")
        if self._s.value(key or name) != value:
            self._s.setValue(key or name, value)
            self.changed.emit(name)
