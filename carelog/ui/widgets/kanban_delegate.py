"""Paints a card: title, lead, due date (red when overdue), strength badge. No widget per card."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from carelog.core.action_dto import ActionStatus, ActionSummary, Conclusion
from carelog.core.action_strength import ActionStrength
from carelog.ui.models.action_card_model import ROW_OBJECT_ROLE

CARD_HEIGHT = 98
MARGIN = 5
STRENGTH_COLOURS = {
    ActionStrength.STRONGER: QColor("#1b7a3a"),
    ActionStrength.INTERMEDIATE: QColor("#9a6700"),
    ActionStrength.WEAKER: QColor("#6e6e6e"),
}
OVERDUE = QColor("#c62828")
MUTED = QColor("#555555")
CONCLUSION_COLOURS = {
    Conclusion.EFFECTIVE: QColor("#1b7a3a"),
    Conclusion.NOT_EFFECTIVE: OVERDUE,
    Conclusion.TOO_EARLY: MUTED,
}


def due_text(a: ActionSummary) -> str:
    if a.due_date is None:
        return "No due date"
    when = a.due_date.strftime("%d %b %Y")
    return f"Overdue: due {when}" if a.overdue else f"Due {when}"


class CardDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(180, CARD_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        a = index.data(ROW_OBJECT_ROLE)
        if not isinstance(a, ActionSummary):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = option.rect.adjusted(MARGIN, MARGIN // 2 + 1, -MARGIN, -(MARGIN // 2 + 1))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        border = option.palette.highlight().color() if selected else QColor("#c8c8c8")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(QColor("#eef4fb") if selected else QColor("#ffffff"))
        painter.drawRoundedRect(card, 5, 5)
        strength_colour = STRENGTH_COLOURS[a.strength]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(strength_colour)
        painter.drawRoundedRect(QRect(card.left() + 1, card.top() + 1, 5, card.height() - 1), 2, 2)

        inner = card.adjusted(12, 6, -8, -6)
        base = QFont(option.font)
        bold = QFont(base)
        bold.setBold(True)
        fm_bold, fm = QFontMetrics(bold), QFontMetrics(base)
        line = fm.height() + 2
        painter.setFont(bold)
        painter.setPen(option.palette.text().color())
        title_rect = QRect(inner.left(), inner.top(), inner.width(), fm_bold.height() * 2)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            _two_lines(a.title, fm_bold, inner.width()),
        )
        painter.setFont(base)
        painter.setPen(MUTED)
        y = inner.top() + fm_bold.height() * 2 + 2
        lead = f"Lead: {a.lead_name or 'not named'}"
        painter.drawText(
            QRect(inner.left(), y, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(lead, Qt.TextElideMode.ElideRight, inner.width()),
        )
        y += line
        badge = a.strength.label
        badge_w = fm.horizontalAdvance(badge) + 12
        if a.status in (ActionStatus.DONE, ActionStatus.VERIFIED) or a.conclusion is not None:
            text, colour = self._outcome(a)
        else:
            text, colour = due_text(a), OVERDUE if a.overdue else MUTED
        if a.overdue:
            f = QFont(base)
            f.setBold(True)
            painter.setFont(f)
        painter.setPen(colour)
        painter.drawText(
            QRect(inner.left(), y, inner.width() - badge_w - 6, line),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, inner.width() - badge_w - 6),
        )
        painter.setFont(base)
        badge_rect = QRect(inner.right() - badge_w, y, badge_w, fm.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(strength_colour)
        painter.drawRoundedRect(badge_rect, 7, 7)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        painter.restore()

    @staticmethod
    def _outcome(a: ActionSummary) -> tuple[str, QColor]:
        if a.conclusion is not None and (a.status != ActionStatus.DONE or a.conclusion == Conclusion.TOO_EARLY):
            change = ""
            if a.effect is not None and a.effect.pct_change is not None:
                change = f" ({a.effect.pct_change:+.0f}%)"
            prefix = "Reopened: " if a.status in (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS) else ""
            return f"{prefix}{a.conclusion.label}{change}", CONCLUSION_COLOURS[a.conclusion]
        if a.completed_at is not None:
            return f"Done {a.completed_at:%d %b %Y}: check due", MUTED
        return due_text(a), MUTED


def _two_lines(text: str, fm: QFontMetrics, width: int) -> str:
    """The text wrapped at words into at most two lines, the second elided."""
    words, first = text.split(), ""
    while words and fm.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first:  # one very long word
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    return first + ("\n" + fm.elidedText(rest, Qt.TextElideMode.ElideRight, width) if rest else "")
