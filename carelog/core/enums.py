"""Enumerations used across CareLog. Values are stored in the database: never rename a value."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A string enum whose members carry a plain-English label."""

    @property
    def label(self) -> str:
        label = _LABELS.get(self)  # looked up often (every Home item): no default string built each time
        return label if label is not None else self.value.replace("_", " ").capitalize()

    @classmethod
    def parse(cls, text: str) -> Self:
        """Accept a value or a label, case-insensitively, with spaces, hyphens or underscores."""
        key = text.strip().lower().replace("-", " ").replace("_", " ")
        for member in cls:
            if key in (member.value.replace("_", " "), member.label.lower()):
                return member
        raise ValueError(text)


class Kind(LabelledEnum):
    INCIDENT = "incident"
    NEAR_MISS = "near_miss"
    LOW_LEVEL_CONCERN = "low_level_concern"
    HAZARD = "hazard"
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"


class PhysicalHarm(LabelledEnum):
    """LFPSE physical harm scale."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    SEVERE = "severe"
    FATAL = "fatal"


class PsychologicalHarm(LabelledEnum):
    """LFPSE psychological harm scale (recorded separately from physical harm)."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    SEVERE = "severe"


class Status(LabelledEnum):
    REPORTED = "reported"
    UNDER_REVIEW = "under_review"
    ACTIONS_IN_PROGRESS = "actions_in_progress"
    CLOSED = "closed"


class Shift(LabelledEnum):
    EARLY = "early"
    LATE = "late"
    NIGHT = "night"


class ServiceType(LabelledEnum):
    CARE_HOME = "care_home"
    NURSING_HOME = "nursing_home"
    SUPPORTED_LIVING = "supported_living"
    HOME_CARE = "home_care"


class Role(LabelledEnum):
    CARE_STAFF = "care_staff"
    MANAGER = "manager"
    ADMIN = "admin"


class NotificationKind(LabelledEnum):
    """Who was told. The statutory ones carry deadlines (see core.deadlines)."""

    MANAGER_ON_CALL = "manager_on_call"
    GP_111_999 = "gp_111_999"
    FAMILY = "family"
    POLICE = "police"
    SAFEGUARDING = "safeguarding"
    CQC = "cqc"
    RIDDOR = "riddor"
    DUTY_OF_CANDOUR = "duty_of_candour"


_LABELS: dict[StrEnum, str] = {
    Kind.NEAR_MISS: "Near miss",
    Kind.LOW_LEVEL_CONCERN: "Low-level concern",
    Status.UNDER_REVIEW: "Under review",
    Status.ACTIONS_IN_PROGRESS: "Actions in progress",
    ServiceType.CARE_HOME: "Care home",
    ServiceType.NURSING_HOME: "Nursing home",
    ServiceType.SUPPORTED_LIVING: "Supported living",
    ServiceType.HOME_CARE: "Home care",
    Role.CARE_STAFF: "Care staff",
    Role.MANAGER: "Senior / manager",
    Role.ADMIN: "Administrator",
    NotificationKind.MANAGER_ON_CALL: "Manager on call",
    NotificationKind.GP_111_999: "GP / 111 / 999",
    NotificationKind.FAMILY: "Family or representative",
    NotificationKind.POLICE: "Police",
    NotificationKind.SAFEGUARDING: "Safeguarding (local authority)",
    NotificationKind.CQC: "CQC notification",
    NotificationKind.RIDDOR: "RIDDOR (HSE)",
    NotificationKind.DUTY_OF_CANDOUR: "Duty of Candour",
}
