"""A fishbone (Ishikawa) view drawn with QPainter from the ticked factors, one bone per SEIPS heading.

The head holds the problem (the 5 whys problem statement or the review title). Bones above: People, Tasks, Tools
and technology; below: Organisation, Internal environment, External environment. Each ticked factor is written
along its bone (its note, when there is one, in grey underneath).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from carelog.core.factors import SeipsHeading
from carelog.core.review_dto import ReviewFactor

SPINE = QColor("#2f4f6f")
BONE = QColor("#5b7fa3")
HEAD_FILL = QColor("#e8f1f8")
EMPTY = QColor("#8a8a8a")
NOTE = QColor("#666666")
TOP = (SeipsHeading.PERSON, SeipsHeading.TASKS, SeipsHeading.TOOLS)
BOTTOM = (SeipsHeading.ORGANISATION, SeipsHeading.INTERNAL_ENVIRONMENT, SeipsHeading.EXTERNAL_ENVIRONMENT)


class FishboneView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problem = ""
        self._factors: dict[SeipsHeading, list[tuple[str, str]]] = {h: [] for h in SeipsHeading}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(640, 360)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(self.backgroundRole().Base)

    def sizeHint(self) -> QSize:
        return QSize(900, 480)

    def set_content(self, problem: str, factors: Sequence[ReviewFactor]) -> None:
        self._problem = problem.strip()
        self._factors = {h: [] for h in SeipsHeading}
        for f in factors:
            self._factors[f.heading].append((f.prompt, f.note))
        self.update()

    def factor_count(self, heading: SeipsHeading) -> int:
        return len(self._factors[heading])

    # ------------------------------------------------------------------------------------------ drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        w, h = float(self.width()), float(self.height())
        margin = 16.0
        head_w = min(220.0, w * 0.22)
        spine_y = h / 2
        spine_x0, spine_x1 = margin, w - margin - head_w
        painter.setPen(QPen(SPINE, 3))
        painter.drawLine(QPointF(spine_x0, spine_y), QPointF(spine_x1, spine_y))
        self._draw_head(painter, QRectF(spine_x1, spine_y - 60, head_w, 120))
        section = (spine_x1 - spine_x0) / 3
        for i, heading in enumerate(TOP):
            self._draw_bone(painter, heading, spine_x0 + section * i, section, spine_y, margin, up=True)
        for i, heading in enumerate(BOTTOM):
            self._draw_bone(painter, heading, spine_x0 + section * i, section, spine_y, h - margin, up=False)
        if not any(self._factors.values()):
            painter.setPen(EMPTY)
            painter.drawText(
                QRectF(spine_x0, spine_y + 6, spine_x1 - spine_x0, 22),
                Qt.AlignmentFlag.AlignCenter,
                "Tick contributing factors to fill in the bones",
            )
        painter.end()

    def _draw_head(self, painter: QPainter, rect: QRectF) -> None:
        painter.setPen(QPen(SPINE, 2))
        painter.setBrush(HEAD_FILL)
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(QColor("black"))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        text = self._problem or "The problem (write it on the 5 whys tab)"
        painter.drawText(rect.adjusted(10, 8, -10, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        painter.setFont(self.font())
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _draw_bone(
        self, painter: QPainter, heading: SeipsHeading, x: float, width: float, spine_y: float, end_y: float, up: bool
    ) -> None:
        """A slanted bone from the heading label at end_y down (or up) to the spine; factors as text ribs."""
        label_h = 20.0
        tip_x = x + width * 0.15
        base_x = x + width * 0.55
        label_y = end_y if up else end_y - label_h
        bone_top = label_y + label_h if up else label_y
        painter.setPen(QPen(BONE, 2))
        painter.drawLine(QPointF(tip_x, bone_top), QPointF(base_x, spine_y))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(SPINE)
        painter.drawText(
            QRectF(x, label_y, width, label_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{heading.label} ({len(self._factors[heading])})",
        )
        painter.setFont(self.font())
        items = self._factors[heading]
        if not items:
            return
        metrics = QFontMetrics(self.font())
        line = float(metrics.height())
        # the next bone at the same height is one section to the right, so text may use the section's width
        avail = int(width - 26)
        parts: list[tuple[str, QColor, int]] = []
        for text, note in items:
            for part, colour in ((text, QColor("black")), (note, NOTE)):
                if part:
                    needed = metrics.boundingRect(0, 0, avail, 1000, Qt.TextFlag.TextWordWrap, part).height()
                    parts.append((part, colour, max(1, min(2, round(needed / line)))))
        top = bone_top + 4 if up else spine_y + 8
        bottom = spine_y - 8 if up else bone_top - 4
        y = top
        for shown, (part, colour, lines) in enumerate(parts):
            height = lines * line
            if y + height > bottom:
                painter.setPen(NOTE)
                painter.drawText(
                    QRectF(tip_x + 10, y, avail, line), 0, f"+ {len(parts) - shown} more (see the checklist)"
                )
                break
            frac = (y + line / 2 - bone_top) / (spine_y - bone_top) if spine_y != bone_top else 0.0
            bx = tip_x + (base_x - tip_x) * frac
            painter.setPen(QPen(BONE, 1))
            painter.drawLine(QPointF(bx, y + line / 2), QPointF(bx + 8, y + line / 2))
            painter.setPen(colour)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(QRectF(bx + 10, y, min(avail, self._room(bx + 10, y, height)), height), flags, part)
            y += height + (2 if colour == NOTE else 0)

    def _room(self, x: float, y: float, height: float) -> float:
        """Width left before the head box (only matters for the last bones, near the spine)."""
        head_w = min(220.0, self.width() * 0.22)
        head_x = self.width() - 16 - head_w
        spine_y = self.height() / 2
        if y + height < spine_y - 62 or y > spine_y + 62:
            return self.width() - 16 - x
        return head_x - 8 - x
