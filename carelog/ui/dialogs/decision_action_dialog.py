"""Make a governance meeting's decision an improvement action: the action form, saved through MeetingService so
that the action and the decision's link to it are saved together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from carelog.core.errors import CareLogError, ValidationError
from carelog.core.meeting_dto import MeetingDetail
from carelog.ui.dialogs.action_dialog import FIELD_LABELS, ActionDialog

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services


class DecisionActionDialog(ActionDialog):
    """On success `meeting` holds the meeting as saved (its decision now names the action)."""

    def __init__(
        self, services: Services, decision_id: int, text: str, service_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, parent=parent)
        self._decision_id = decision_id
        self.meeting: MeetingDetail | None = None
        self.setWindowTitle("Make the decision an action")
        self.title.setText(text[:200])
        self.service.setCurrentIndex(max(self.service.findData(service_id), 0))

    def save(self) -> None:
        try:
            self.meeting = self._services.meetings.decision_to_action(self._decision_id, self.collect())
        except ValidationError as exc:
            self.show_errors({FIELD_LABELS.get(k, k.replace("_", " ").capitalize()): v for k, v in exc.errors.items()})
            return
        except CareLogError as exc:
            self.show_errors({"Not saved": str(exc)})
            return
        made = next((d for d in self.meeting.decisions if d.id == self._decision_id), None)
        self.saved_id = made.action_id if made else None
        self.accept()
