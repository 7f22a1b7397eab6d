"""The settings registry: every setting CareLog knows, declared once (key, type, default, doc, limits).

Values live in the `settings` table (shared by every PC using the database) as text; this module converts and
checks them. Unknown keys in the table are ignored; a stored value that no longer parses falls back to the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from carelog.core.errors import ValidationError

SettingValue = int | bool | str


@dataclass(frozen=True)
class Setting:
    key: str
    type: type[int] | type[bool] | type[str]
    default: SettingValue
    label: str
    doc: str
    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""

    def parse(self, text: str) -> SettingValue:
        """Stored text -> typed value. Raises ValueError if it does not fit."""
        if self.type is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if self.type is int:
            return self.check(int(text.strip()))
        return text

    def check(self, value: SettingValue) -> SettingValue:
        """Raise ValidationError (saying what to fix) unless `value` has the right type and range."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValidationError({self.key: f"{self.label}: choose yes or no."})
            return value
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError({self.key: f"{self.label}: enter a whole number."})
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise ValidationError(
                    {self.key: f"{self.label}: enter a number from {self.minimum} to {self.maximum}."}
                )
            return value
        if not isinstance(value, str):
            raise ValidationError({self.key: f"{self.label}: enter text."})
        return value

    def format(self, value: SettingValue) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


IDLE_LOCK_MINUTES = Setting(
    "terminal.idle_lock_minutes",
    int,
    5,
    "Lock after idle time",
    "Minutes without mouse or keyboard use before CareLog locks the screen. An unsaved report is kept for the "
    "person who started it. 0 turns the automatic lock off.",
    minimum=0,
    maximum=240,
    unit="minutes",
)
QUICK_REPORT_FOR_CARE_STAFF = Setting(
    "terminal.quick_report_for_care_staff",
    bool,
    True,
    "Quick-report screen for care staff",
    "Care staff see only the quick-report screen, their own reports and the tab to raise a concern.",
)
BACKUP_INTERVAL_DAYS = Setting(
    "backup.automatic_interval_days",
    int,
    1,
    "Automatic backup every",
    "Days between automatic backups, written to the backups folder in CareLog's data folder when CareLog starts "
    "and while it runs. 0 turns automatic backups off.",
    minimum=0,
    maximum=90,
    unit="day(s)",
)
BACKUP_KEEP_COUNT = Setting(
    "backup.keep_count",
    int,
    14,
    "Automatic backups to keep",
    "How many automatic backups to keep; older ones are deleted. Backups you make yourself are never deleted.",
    minimum=1,
    maximum=365,
)
MAX_FAILED_SIGN_INS = Setting(
    "accounts.max_failed_sign_ins",
    int,
    5,
    "Wrong PINs before a pause",
    "After this many wrong PINs or passwords in a row, the account waits a few minutes before it can sign in again.",
    minimum=3,
    maximum=20,
)
COMPLAINT_ACKNOWLEDGE_DAYS = Setting(
    "complaints.acknowledge_working_days",
    int,
    3,
    "Acknowledge a complaint within",
    "Working days (no weekends or bank holidays) to acknowledge a complaint.",
    minimum=0,
    maximum=30,
    unit="working day(s)",
)
COMPLAINT_RESPONSE_DAYS = Setting(
    "complaints.response_working_days",
    int,
    20,
    "Respond to a complaint within",
    "Working days to send the full response, unless extended with a reason.",
    minimum=1,
    maximum=120,
    unit="working day(s)",
)
SAFEGUARDING_REFERRAL_DAYS = Setting(
    "safeguarding.referral_working_days",
    int,
    0,
    "Refer a safeguarding concern within",
    "Working days to refer a concern to the local authority; 0 = the same day.",
    minimum=0,
    maximum=5,
    unit="working day(s)",
)
CANDOUR_STEP_DAYS = Setting(
    "candour.step_working_days",
    int,
    10,
    "Duty of Candour: each step within",
    'Your own target per step: Regulation 20 says only "as soon as reasonably practicable".',
    minimum=1,
    maximum=60,
    unit="working day(s)",
)

REGISTRY: dict[str, Setting] = {
    s.key: s
    for s in (
        IDLE_LOCK_MINUTES,
        QUICK_REPORT_FOR_CARE_STAFF,
        BACKUP_INTERVAL_DAYS,
        BACKUP_KEEP_COUNT,
        MAX_FAILED_SIGN_INS,
        COMPLAINT_ACKNOWLEDGE_DAYS,
        COMPLAINT_RESPONSE_DAYS,
        SAFEGUARDING_REFERRAL_DAYS,
        CANDOUR_STEP_DAYS,
    )
}


def setting(key: str) -> Setting:
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValidationError({key: "CareLog has no setting of that name."}) from None
