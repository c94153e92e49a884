"""Themes: tone colours readable on both pages, labels that name what they paint, controls
that follow a theme switch, a find tint that is no highlight colour."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from reader.language.readings.pinyin_styles import (
    TONE_COLOUR_NAMES,
    TONE_SCHEMES,
    tone_colours,
)
from reader.storage.schema import COLOURS
from reader.ui.common.settings import CHOICES
from reader.ui.common.style.highlight_colours import fill_colour, swatch_colour
from reader.ui.common.style.theme import apply_theme, find_tint, palette_for


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def page(dark: bool) -> QColor:
    return palette_for(dark).color(QPalette.ColorRole.Base)


#: Hue ranges (degrees) of the colour words the Preferences labels use.
HUES = {"red": (345, 15), "orange": (16, 45), "green": (90, 160), "blue": (200, 245),
        "purple": (255, 300)}


def hue_name(colour: QColor) -> str:
    hue = colour.hslHue()
    for name, (lo, hi) in HUES.items():
        if (lo <= hue <= hi) if lo < hi else (hue >= lo or hue <= hi):
            return name
    return f"hue {hue}"


@pytest.mark.parametrize("dark", [False, True])
def test_every_tone_colour_reads_on_its_page(dark: bool) -> None:
    base = page(dark)
    for scheme in TONE_SCHEMES:
        for tone, rgb in tone_colours(scheme, dark).items():
            if not rgb:
                continue  # "none": the text colour
            ratio = contrast(QColor(rgb), base)
            assert ratio >= 4.5, (scheme, tone, rgb, dark, round(ratio, 2))
    text = palette_for(dark).color(QPalette.ColorRole.Text)
    assert contrast(text, base) >= 7.0
    placeholder = palette_for(dark).color(QPalette.ColorRole.PlaceholderText)
    assert contrast(placeholder, base) >= 4.5


@pytest.mark.parametrize("dark", [False, True])
def test_labels_name_the_colours_they_paint(dark: bool) -> None:
    labels = dict(CHOICES["tone_scheme"][0])
    for scheme, names in TONE_COLOUR_NAMES.items():
        painted = tuple(hue_name(QColor(tone_colours(scheme, dark)[t])) for t in (1, 2, 3, 4)
                        if tone_colours(scheme, dark)[t])
        assert painted == names, (scheme, dark)
        assert labels[scheme].endswith(f"({', '.join(names)})") or not names
        neutral = tone_colours(scheme, dark)[5]
        assert not neutral or QColor(neutral).hslSaturation() == 0  # grey
    assert labels["pleco"] == "Pleco (red, green, blue, purple)"
    assert labels["standard"] == "Standard (red, orange, green, blue)"


@pytest.mark.parametrize("dark", [False, True])
def test_find_tint_is_none_of_the_highlight_colours(dark: bool) -> None:
    for current in (False, True):
        tint = find_tint(current, dark)
        for colour in COLOURS:
            for other in (fill_colour(colour, dark), swatch_colour(colour)):
                distance = abs(tint.hslHue() - other.hslHue())
                assert min(distance, 360 - distance) >= 30, (colour, current, dark)


def test_script_segments_follow_a_theme_switch(qtbot) -> None:  # type: ignore[no-untyped-def]
    from reader.language.scripts.script import Script
    from reader.ui.reading.script_toggle import ScriptToggle

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    host = QWidget()
    qtbot.addWidget(host)
    toggle = ScriptToggle(host, lambda _s: None)
    toggle.show_script(Script.ORIGINAL)
    host.show()
    try:
        for dark in (False, True, False):
            apply_theme(app, "dark" if dark else "light")
            app.processEvents()
            image = toggle.grab().toImage()
            button = toggle.findChildren(QWidget, "scriptSegment")[1]  # 简, not checked
            centre = button.geometry().center()
            pixel = image.pixelColor(centre.x() - 8, centre.y() - 6)
            assert (pixel.lightness() < 90) is dark, (dark, pixel.name())
    finally:
        apply_theme(app, "light")


@pytest.fixture
def kept_palette(qapp):  # type: ignore[no-untyped-def]
    palette = qapp.palette()
    yield qapp
    qapp.setPalette(palette)


@pytest.mark.parametrize("platform_dark", [False, True])
def test_system_theme_before_the_paint_is_the_platform_palette(
    monkeypatch: pytest.MonkeyPatch, kept_palette, platform_dark: bool  # type: ignore[no-untyped-def]
) -> None:
    from reader.ui.common.style import theme

    monkeypatch.setattr(theme, "_platform_dark", [platform_dark])
    assert theme.is_dark("system", before_paint=True) is platform_dark
    assert apply_theme(kept_palette, "system", before_paint=True) is platform_dark
    assert theme.palette_is_dark(kept_palette.palette()) is platform_dark
    assert theme.is_dark("light", before_paint=True) is False
    assert theme.is_dark("dark", before_paint=True) is True


def test_a_platform_that_tells_no_scheme_is_told_by_its_palette(
    monkeypatch: pytest.MonkeyPatch, qapp  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from reader.ui.common.style import theme

    if QGuiApplication.styleHints().colorScheme() != Qt.ColorScheme.Unknown:
        pytest.skip("this platform tells a colour scheme")
    for platform_dark in (False, True):
        monkeypatch.setattr(theme, "_platform_dark", [platform_dark])
        assert theme.system_is_dark() is platform_dark


@pytest.mark.parametrize(("chosen", "scheme_dark", "dark_after"), [
    ("system", True, True),    # the palette said light, the scheme dark: dark after the paint
    ("system", False, False),  # they agree: nothing applied again
    ("light", True, False),    # a chosen theme is never second-guessed
])
def test_the_system_theme_is_confirmed_after_the_paint(
    monkeypatch: pytest.MonkeyPatch, kept_palette, chosen: str, scheme_dark: bool,  # type: ignore[no-untyped-def]
    dark_after: bool,
) -> None:
    from reader.ui.common.style import theme

    monkeypatch.setattr(theme, "_platform_dark", [False])
    apply_theme(kept_palette, chosen, before_paint=True)
    assert theme.palette_is_dark(kept_palette.palette()) is False
    applied: list[str] = []
    real_apply = theme.apply_theme
    monkeypatch.setattr(theme, "system_is_dark", lambda **_kw: scheme_dark)
    monkeypatch.setattr(theme, "apply_theme", lambda app, t, **kw: applied.append(t) or real_apply(app, t, **kw))
    theme.confirm_system_theme(kept_palette, chosen)
    assert theme.palette_is_dark(kept_palette.palette()) is dark_after
    assert applied == (["system"] if dark_after else [])
