"""Draw CareLog's application icon: a calm teal rounded square with a white open book and a heart-pulse line.

Run from the repository root to regenerate resources/carelog.png (256 px) and resources/carelog.ico (16-256 px):

    python resources/make_icon.py

Each ICO size is drawn on its own (not scaled down from 256 px) so the small sizes stay crisp; below 32 px the
book is left out and only a bold pulse line remains. Needs PySide6 (drawing) and Pillow (writing the ICO).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen  # noqa: E402

HERE = Path(__file__).resolve().parent
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 96, 128, 256]
TEAL_LIGHT = QColor("#2BA3A0")
TEAL_DARK = QColor("#17706F")
PULSE = QColor("#17706F")
WHITE = QColor("#FFFFFF")


def _background(p: QPainter, s: float) -> None:
    margin = s * 0.03
    rect = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
    gradient.setColorAt(0.0, TEAL_LIGHT)
    gradient.setColorAt(1.0, TEAL_DARK)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    radius = s * 0.2
    p.drawRoundedRect(rect, radius, radius)


def _pulse_path(s: float, left: float, right: float, base: float, height: float) -> QPainterPath:
    """A flat line with one heartbeat spike: up, deep down, back to the line."""
    w = right - left
    points = [
        (0.0, 0.0),
        (0.30, 0.0),
        (0.40, -0.55),
        (0.52, 0.75),
        (0.62, -1.0),
        (0.70, 0.0),
        (1.0, 0.0),
    ]
    path = QPainterPath(QPointF(left, base))
    for fx, fy in points[1:]:
        path.lineTo(QPointF(left + fx * w, base + fy * height))
    return path


def _book(p: QPainter, s: float) -> None:
    """Two white pages meeting at a spine, with slightly curved top edges, seen from the front."""
    cx = s / 2
    top, bottom = s * 0.27, s * 0.76
    outer = s * 0.34
    dip = s * 0.045
    for side in (-1, 1):
        path = QPainterPath(QPointF(cx, top + dip))
        path.quadTo(QPointF(cx + side * outer * 0.5, top - dip), QPointF(cx + side * outer, top))
        path.lineTo(QPointF(cx + side * outer, bottom - dip))
        path.quadTo(QPointF(cx + side * outer * 0.5, bottom - 2 * dip), QPointF(cx, bottom))
        path.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(WHITE)
        p.drawPath(path)
    spine = QPen(TEAL_DARK, max(1.0, s * 0.012))
    p.setPen(spine)
    p.drawLine(QPointF(cx, top + dip * 1.4), QPointF(cx, bottom - dip * 0.4))
    pen = QPen(PULSE, s * 0.04, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(_pulse_path(s, cx - outer * 0.82, cx + outer * 0.82, s * 0.53, s * 0.13))


def _small_glyph(p: QPainter, s: float) -> None:
    pen = QPen(WHITE, max(1.5, s * 0.095), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(_pulse_path(s, s * 0.16, s * 0.84, s * 0.56, s * 0.36))


def draw_icon(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    _background(p, size)
    if size >= 32:
        _book(p, size)
    else:
        _small_glyph(p, size)
    p.end()
    return image


def _to_pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: _to_pil(draw_icon(size)) for size in ICO_SIZES}
    images[256].save(HERE / "carelog.png")
    largest = images[256]
    largest.save(
        HERE / "carelog.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    del app
    print(f"Wrote {HERE / 'carelog.png'} and {HERE / 'carelog.ico'} ({', '.join(map(str, ICO_SIZES))} px).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
