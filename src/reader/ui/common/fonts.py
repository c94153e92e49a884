"""Fonts for reading Chinese: a fallback chain of CJK families, and whether any is installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

#: Preferred families, best first: each platform finds at least one of these when CJK is set up.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Serif CJK TC",
    "Noto Serif CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK SC",
    "Source Han Serif TC",
    "Source Han Serif SC",
    "Source Han Sans TC",
    "Source Han Sans SC",
    "PingFang TC",
    "PingFang SC",
    "Songti TC",
    "Microsoft JhengHei",
    "Microsoft YaHei",
    "SimSun",
    "WenQuanYi Zen Hei",
    "AR PL UMing TW",
)
#: Latin fallbacks placed before the CJK families so Latin words keep a Latin face.
LATIN_FAMILIES: tuple[str, ...] = ("Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif")

INSTALL_HINT = (
    "No Chinese font is installed, so Chinese characters would show as empty boxes. "
    "Install one — on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk — and restart the reader."
)


def installed_cjk_families() -> list[str]:
    """Installed families that can draw Chinese (Simplified or Traditional)."""
    found: list[str] = []
    for family in QFontDatabase.families():
        systems = QFontDatabase.writingSystems(family)
        if (
            QFontDatabase.WritingSystem.SimplifiedChinese in systems
            or QFontDatabase.WritingSystem.TraditionalChinese in systems
        ):
            found.append(family)
    return found


def has_cjk_font() -> bool:
    return bool(installed_cjk_families())


def reading_font(family: str | None, point_size: float) -> QFont:
    """The reading view's font: the chosen family first, then Latin and CJK fallbacks."""
    available = set(QFontDatabase.families())
    chain = [f for f in (family, *LATIN_FAMILIES, *CJK_FAMILIES) if f and f in available]
    chain += [f for f in installed_cjk_families() if f not in chain]
    font = QFont()
    if chain:
        font.setFamilies(chain)
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
