"""Fonts for reading Chinese: a fallback chain of CJK families, and whether any is installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel

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
#: Latin faces drawn with a CJK family, by its design (serif or sans). They come *after* the
#: chosen CJK family in the fallback chain: Latin words are set in the CJK font's own Latin
#: (Noto CJK and Source Han carry Adobe's Source Serif and Source Sans, drawn to sit with
#: their Han), and a Latin face of the same design fills only what that font lacks — never
#: DejaVu Serif's heavy, wide letters next to Noto Serif CJK (fonts-noto-cjk installs the CJK
#: families alone).
LATIN_FAMILIES: tuple[str, ...] = ("Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif")
LATIN_SANS_FAMILIES: tuple[str, ...] = ("Noto Sans", "Source Sans 3", "Arial", "DejaVu Sans")
_SANS_HINTS = ("sans", "hei", "gothic", "pingfang", "yahei", "jhenghei")

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


def font_banner() -> QLabel:
    """The window's banner when no CJK font is installed: :data:`INSTALL_HINT`."""
    from PySide6.QtCore import Qt  # its enums are built only when needed

    banner = QLabel(INSTALL_HINT)
    banner.setObjectName("fontBanner")
    banner.setWordWrap(True)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    banner.setStyleSheet(
        "QLabel#fontBanner { background: #fff3cd; color: #664d03; padding: 8px 12px; }"
    )
    return banner


def latin_partners(family: str) -> tuple[str, ...]:
    """The Latin faces that go with a CJK family: sans with a sans (黑体), serif otherwise."""
    sans = any(hint in family.casefold() for hint in _SANS_HINTS)
    return LATIN_SANS_FAMILIES if sans else LATIN_FAMILIES


def reading_font(family: str | None, point_size: float) -> QFont:
    """The reading view's font: the chosen family (or the first installed CJK family) for
    Han *and* Latin, then a Latin face of its design, then the other CJK families."""
    available = set(QFontDatabase.families())
    first = family if family and family in available else None
    if first is None:
        first = next((f for f in CJK_FAMILIES if f in available), None)
    if first is None:
        first = next(iter(installed_cjk_families()), None)
    chain = [first] if first else []
    chain += [f for f in latin_partners(first or "") if f in available and f not in chain]
    chain += [f for f in CJK_FAMILIES if f in available and f not in chain]
    chain += [f for f in installed_cjk_families() if f not in chain]
    font = QFont()
    if chain:
        font.setFamilies(chain)
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
