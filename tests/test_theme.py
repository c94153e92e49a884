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
