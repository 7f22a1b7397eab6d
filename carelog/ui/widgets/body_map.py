"""A front and back body outline; click (or Space on the focused site) to mark where an injury is."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

# site code -> (label, figure: 0 front / 1 back, centre x, centre y) in a 100 x 200 figure box
SITES: dict[str, tuple[str, int, float, float]] = {
    "head-front": ("Head (front)", 0, 50, 16),
    "face": ("Face", 0, 50, 24),
    "chest": ("Chest", 0, 50, 55),
    "abdomen": ("Abdomen", 0, 50, 80),
    "arm-left": ("Left arm", 0, 80, 65),
    "arm-right": ("Right arm", 0, 20, 65),
    "hand-left": ("Left hand", 0, 88, 100),
    "hand-right": ("Right hand", 0, 12, 100),
    "hip-left": ("Left hip", 0, 64, 98),
    "hip-right": ("Right hip", 0, 36, 98),
    "knee-left": ("Left knee", 0, 60, 140),
    "knee-right": ("Right knee", 0, 40, 140),
    "foot-left": ("Left foot", 0, 60, 188),
    "foot-right": ("Right foot", 0, 40, 188),
    "head-back": ("Head (back)", 1, 50, 18),
    "back-upper": ("Upper back", 1, 50, 55),
    "back-lower": ("Lower back", 1, 50, 82),
    "sacrum": ("Sacrum / buttocks", 1, 50, 102),
    "elbow-left": ("Left elbow", 1, 20, 72),
    "elbow-right": ("Right elbow", 1, 80, 72),
    "heel-left": ("Left heel", 1, 40, 188),
    "heel-right": ("Right heel", 1, 60, 188),
}
SITE_RADIUS = 7.0


def site_label(code: str) -> str:
    return SITES.get(code, (code,))[0]


class BodyMap(QWidget):
    sites_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected: set[str] = set()
        self._focus_index = 0
        self._codes = list(SITES)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip("Click where the injury is. With the keyboard: arrows to move, Space to mark.")
        self.setAccessibleName("Body map")

    def sizeHint(self) -> QSize:
        return QSize(260, 230)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 230)

    def sites(self) -> tuple[str, ...]:
        return tuple(c for c in self._codes if c in self._selected)

    def set_sites(self, codes: tuple[str, ...] | list[str]) -> None:
        self._selected = {c for c in codes if c in SITES}
        self.update()
        self.sites_changed.emit()

    def toggle(self, code: str) -> None:
        if code in self._selected:
            self._selected.discard(code)
        else:
            self._selected.add(code)
        self.update()
        self.sites_changed.emit()

    # ------------------------------------------------------------------------------------------ geometry
    def _figure_rect(self, figure: int) -> QRectF:
        w = self.width() / 2
        scale = min((w - 20) / 100, (self.height() - 30) / 200)
        fw, fh = 100 * scale, 200 * scale
        return QRectF(figure * w + (w - fw) / 2, 22, fw, fh)

    def _site_point(self, code: str) -> QPointF:
        _label, fig, x, y = SITES[code]
        r = self._figure_rect(fig)
        return QPointF(r.left() + x / 100 * r.width(), r.top() + y / 200 * r.height())

    def site_at(self, pos: QPointF) -> str | None:
        best, best_d = None, 1e9
        for code in self._codes:
            p = self._site_point(code)
            d = (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2
            if d < best_d:
                best, best_d = code, d
        radius = SITE_RADIUS * self._figure_rect(0).width() / 100 * 1.8
        return best if best_d <= radius**2 else None

    # ------------------------------------------------------------------------------------------ events
    def mousePressEvent(self, event: QMouseEvent) -> None:
        code = self.site_at(event.position())
        if code:
            self._focus_index = self._codes.index(code)
            self.toggle(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._focus_index = (self._focus_index + 1) % len(self._codes)
            self.update()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._focus_index = (self._focus_index - 1) % len(self._codes)
            self.update()
        elif key == Qt.Key.Key_Space:
            self.toggle(self._codes[self._focus_index])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_pen = QPen(self.palette().text().color())
        for fig, title in ((0, "Front"), (1, "Back")):
            r = self._figure_rect(fig)
            p.setPen(text_pen)
            p.drawText(QRectF(r.left(), 2, r.width(), 18), Qt.AlignmentFlag.AlignCenter, title)
            p.setPen(QPen(QColor("#7a8a99"), 1.5))
            p.setBrush(QColor("#eef3f7"))
            p.drawPath(_outline(r))
        scale = self._figure_rect(0).width() / 100
        for i, code in enumerate(self._codes):
            centre = self._site_point(code)
            chosen = code in self._selected
            p.setPen(QPen(QColor("#b02a2a") if chosen else QColor("#9aa8b5"), 1))
            p.setBrush(QColor("#d9534f") if chosen else QColor(255, 255, 255, 160))
            p.drawEllipse(centre, SITE_RADIUS * scale * 0.8, SITE_RADIUS * scale * 0.8)
            if self.hasFocus() and i == self._focus_index:
                p.setPen(QPen(self.palette().highlight().color(), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(centre, SITE_RADIUS * scale * 1.2, SITE_RADIUS * scale * 1.2)
        if self.hasFocus():
            p.setPen(text_pen)
            p.drawText(
                QRectF(0, self.height() - 14, self.width(), 14),
                Qt.AlignmentFlag.AlignCenter,
                site_label(self._codes[self._focus_index]),
            )
        p.end()


def _outline(r: QRectF) -> QPainterPath:
    """A simple human outline scaled into r (100 x 200 units)."""

    def pt(x: float, y: float) -> QPointF:
        return QPointF(r.left() + x / 100 * r.width(), r.top() + y / 200 * r.height())

    path = QPainterPath()
    head_c = pt(50, 18)
    path.addEllipse(head_c, 11 / 100 * r.width(), 13 / 200 * r.height())
    body = QPainterPath()
    body.moveTo(pt(44, 31))
    for x, y in [
        (28, 38),
        (16, 60),
        (8, 102),
        (15, 104),
        (25, 68),
        (30, 60),
        (32, 100),
        (34, 150),
        (35, 194),
        (47, 194),
        (48, 112),
        (52, 112),
        (53, 194),
        (65, 194),
        (66, 150),
        (68, 100),
        (70, 60),
        (75, 68),
        (85, 104),
        (92, 102),
        (84, 60),
        (72, 38),
        (56, 31),
    ]:
        body.lineTo(pt(x, y))
    body.closeSubpath()
    path.addPath(body)
    return path
