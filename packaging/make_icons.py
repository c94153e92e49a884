"""Draw the reader's application icon and write it in every format the builds need.

The design: the character 读 (dú, "to read") in white on a rounded square of deep teal, with a
gold rising stroke at the top right — the second-tone mark of dú. Everything is drawn from one
geometry on a 256-unit canvas:

* ``resources/icons/reader.svg`` — the glyph as an outline path, so the SVG needs no font;
* ``resources/icons/reader-{16,32,48,64,128,256}.png`` — shipped as ``reader.resources/icons``
  and loaded by ``reader.ui.app.launch`` for the window icon;
* ``packaging/icons/reader.ico`` (Windows) and ``packaging/icons/reader.icns`` (macOS), used by
  ``packaging/reader.spec`` on those platforms. Both hold PNG images, which every supported
  Windows and macOS release reads.

Run with the project's venv (needs a CJK font, e.g. Debian's fonts-noto-cjk)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

The outputs are committed; run this again only when the design changes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
PLATFORM_DIR = ROOT / "packaging" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)
CANVAS = 256.0

GLYPH = "读"
FONT_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"]
TOP_COLOUR = "#1f7a82"
BOTTOM_COLOUR = "#0f4c55"
GLYPH_COLOUR = "#ffffff"
ACCENT_COLOUR = "#f2c14e"
CORNER = 52.0
# The tone mark: a rising stroke (second tone), from lower left to upper right.
ACCENT_FROM = (194.0, 60.0)
ACCENT_TO = (224.0, 32.0)
ACCENT_WIDTH = 18.0


def glyph_path() -> QPainterPath:
    """The outline of 读, scaled and placed on the 256-unit canvas (slightly low and left)."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(100)
    raw = QPainterPath()
    raw.addText(0, 0, font, GLYPH)
    if raw.isEmpty():
        sys.exit("make_icons: no CJK font found (install fonts-noto-cjk)")
    box = raw.boundingRect()
    target = 150.0  # the glyph's larger side on the canvas
    scale = target / max(box.width(), box.height())
    centre = QPointF(116.0, 146.0)
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for i in range(raw.elementCount()):
        e = raw.elementAt(i)
        x = centre.x() + (e.x - box.center().x()) * scale
        y = centre.y() + (e.y - box.center().y()) * scale
        if e.isMoveTo():
            path.moveTo(x, y)
        elif e.isLineTo():
            path.lineTo(x, y)
        elif e.isCurveTo():
            c1 = (x, y)
            n1 = raw.elementAt(i + 1)
            n2 = raw.elementAt(i + 2)
            c2 = (
                centre.x() + (n1.x - box.center().x()) * scale,
                centre.y() + (n1.y - box.center().y()) * scale,
            )
            end = (
                centre.x() + (n2.x - box.center().x()) * scale,
                centre.y() + (n2.y - box.center().y()) * scale,
            )
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
        # CurveToData elements are consumed with their CurveTo above.
    return path


def paint(painter: QPainter, glyph: QPainterPath) -> None:
    """Draw the icon on the 256-unit canvas (the painter's transform does the scaling)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, CANVAS)
    gradient.setColorAt(0.0, QColor(TOP_COLOUR))
    gradient.setColorAt(1.0, QColor(BOTTOM_COLOUR))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient))
    painter.drawRoundedRect(QRectF(0, 0, CANVAS, CANVAS), CORNER, CORNER)
    painter.setBrush(QColor(GLYPH_COLOUR))
    painter.drawPath(glyph)
    pen = QPen(QColor(ACCENT_COLOUR), ACCENT_WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(*ACCENT_FROM), QPointF(*ACCENT_TO))


def render_png(glyph: QPainterPath, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.scale(size / CANVAS, size / CANVAS)
    paint(painter, glyph)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def svg_path_data(path: QPainterPath) -> str:
    parts: list[str] = []
    i = 0
    while i < path.elementCount():
        e = path.elementAt(i)
        if e.isMoveTo():
            if parts:
                parts.append("Z")
            parts.append(f"M{_fmt(e.x)} {_fmt(e.y)}")
            i += 1
        elif e.isLineTo():
            parts.append(f"L{_fmt(e.x)} {_fmt(e.y)}")
            i += 1
        else:  # CurveTo followed by two CurveToData elements
            n1, n2 = path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(
                f"C{_fmt(e.x)} {_fmt(e.y)} {_fmt(n1.x)} {_fmt(n1.y)} {_fmt(n2.x)} {_fmt(n2.y)}"
            )
            i += 3
    if parts:
        parts.append("Z")
    return "".join(parts)


def render_svg(glyph: QPainterPath) -> str:
    (x1, y1), (x2, y2) = ACCENT_FROM, ACCENT_TO
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n'
        "  <title>Reader: 读 (dú, to read) with its second-tone mark</title>\n"
        "  <defs>\n"
        '    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">\n'
        f'      <stop offset="0" stop-color="{TOP_COLOUR}"/>\n'
        f'      <stop offset="1" stop-color="{BOTTOM_COLOUR}"/>\n'
        "    </linearGradient>\n"
        "  </defs>\n"
        f'  <rect width="256" height="256" rx="{_fmt(CORNER)}" fill="url(#bg)"/>\n'
        f'  <path fill="{GLYPH_COLOUR}" fill-rule="nonzero" d="{svg_path_data(glyph)}"/>\n'
        f'  <line x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" '
        f'stroke="{ACCENT_COLOUR}" stroke-width="{_fmt(ACCENT_WIDTH)}" stroke-linecap="round"/>\n'
        "</svg>\n"
    )


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (Vista and later read PNG entries)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


#: icns element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG images."""
    body = b""
    for size, kind in ICNS_TYPES.items():
        if size in pngs:
            body += kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    glyph = glyph_path()
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    PLATFORM_DIR.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(glyph, size) for size in (*SIZES, 512)}
    for size in SIZES:
        (ICON_DIR / f"reader-{size}.png").write_bytes(pngs[size])
    (ICON_DIR / "reader.svg").write_text(render_svg(glyph), encoding="utf-8")
    (PLATFORM_DIR / "reader.ico").write_bytes(ico_bytes({s: pngs[s] for s in SIZES}))
    (PLATFORM_DIR / "reader.icns").write_bytes(icns_bytes(pngs))
    for p in sorted([*ICON_DIR.iterdir(), *PLATFORM_DIR.iterdir()]):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
