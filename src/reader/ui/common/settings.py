"""The reader's preferences and remembered state: one typed object over QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "reader"
APPLICATION = "reader"


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


class Settings:
    """Typed access to everything the app remembers between runs.

    Values that fail to parse (a hand-edited or old settings file) fall back to defaults.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
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

    def scroll_for(self, sha256: str) -> float:
        return _as_float(self._s.value(f"positions/{sha256}"), 0.0)

    def set_scroll_for(self, sha256: str, fraction: float) -> None:
        self._s.setValue(f"positions/{sha256}", round(fraction, 5))

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

    @property
    def font_size(self) -> float:
        return min(64.0, max(8.0, _as_float(self._s.value("view/font_size"), 18.0)))

    @font_size.setter
    def font_size(self, size: float) -> None:
        self._s.setValue("view/font_size", size)

    @property
    def zoom(self) -> int:
        """Zoom steps from the base size (each step ±10 %), -5 … +15."""
        return min(15, max(-5, _as_int(self._s.value("view/zoom"), 0)))

    @zoom.setter
    def zoom(self, steps: int) -> None:
        self._s.setValue("view/zoom", min(15, max(-5, steps)))

    @property
    def line_spacing(self) -> int:
        """Line height in percent of the font's height."""
        return min(300, max(100, _as_int(self._s.value("view/line_spacing"), 165)))

    @line_spacing.setter
    def line_spacing(self, percent: int) -> None:
        self._s.setValue("view/line_spacing", percent)

    @property
    def theme(self) -> str:
        """"system", "light" or "dark"."""
        value = str(self._s.value("view/theme") or "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("view/theme", value)

    def value(self, key: str, default: object = None) -> object:
        """Raw access for feature modules that keep their own keys (``ruby/on`` …)."""
        return self._s.value(key, default)

    def flag(self, key: str, default: bool = False) -> bool:
        return _as_bool(self._s.value(key), default)

    def set_value(self, key: str, value: object) -> None:
        self._s.setValue(key, value)
