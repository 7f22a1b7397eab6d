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
    "After this many wrong PINs or passwords in a row, the account pauses before it can sign in again: 1 minute the "
    "first time, then 5, 15 and 60 minutes, until a good sign-in. Administrators see accounts paused repeatedly.",
    minimum=3,
    maximum=20,
)
MIN_PIN_DIGITS = Setting(
    "accounts.min_pin_digits",
    int,
    4,
    "Shortest PIN allowed",
    "Digits a new PIN must have at least. 6 makes PINs much harder to guess; existing PINs keep working until "
    "they are changed. Passwords (letters too) need at least 8 characters whatever this says.",
    minimum=4,
    maximum=8,
    unit="digits",
)

TRIAGE_TARGET_HOURS = Setting(
    "triage.target_hours",
    int,
    72,
    "Triage within",
    "Hours from a report to the manager's triage (harm and risk confirmed, care plan and risk assessment looked at, "
    "notifications checked, next step decided). The Home tab counts down against it.",
    minimum=1,
    maximum=720,
    unit="hours",
)
TRIAGE_TARGET_HOURS_SERIOUS = Setting(
    "triage.target_hours_serious",
    int,
    24,
    "Triage within (moderate harm or worse)",
    "Hours from a report to triage when the physical harm recorded is moderate, severe or fatal.",
    minimum=1,
    maximum=720,
    unit="hours",
)
REVIEW_TARGET_DAYS = Setting(
    "reviews.target_days",
    int,
    28,
    "Sign off a learning review within",
    "Days from opening a learning review to signing it off. Open reviews older than this are listed on the "
    "Home tab as past their target date.",
    minimum=1,
    maximum=365,
    unit="days",
)


def _measure_target(key: str, what: str) -> Setting:
    return Setting(
        f"targets.{key}_per_month",
        int,
        0,
        f"Monthly target: {what}",
        f"The most {what} a month you aim for at each service. With a target, the Home tab shows whether the "
        "process will consistently meet it, fail it or hit and miss (Making Data Count assurance). 0: no target.",
        minimum=0,
        maximum=10000,
    )


MEASURE_TARGETS: dict[str, Setting] = {
    key: _measure_target(key, what)
    for key, what in (
        ("falls", "falls"),
        ("medication", "medication incidents"),
        ("behaviours", "incidents of behaviours that challenge"),
        ("pressure_ulcers", "pressure ulcers / skin damage"),
        ("safeguarding", "safeguarding concerns"),
        ("complaints", "complaints"),
    )
}
SPC_SHIFT_LENGTH = Setting(
    "trends.spc_shift_length",
    int,
    7,
    "SPC: points in a row for a shift",
    "How many months in a row on one side of the average count as a shift (Making Data Count uses 7; some tools 6).",
    minimum=6,
    maximum=9,
    unit="points",
)
SPC_RECENT_MONTHS = Setting(
    "patterns.spc_recent_months",
    int,
    3,
    "SPC signals from the last",
    "A change on an SPC chart is listed under Patterns only while it reaches into this many of the latest months.",
    minimum=1,
    maximum=12,
    unit="month(s)",
)
CLUSTER_MIN_COUNT = Setting(
    "patterns.cluster_min_count",
    int,
    3,
    "Cluster: incidents in one place",
    "Incidents of one kind in one place within the cluster window that make a cluster worth looking at.",
    minimum=2,
    maximum=50,
)
CLUSTER_WINDOW_DAYS = Setting(
    "patterns.cluster_window_days",
    int,
    30,
    "Cluster window",
    "Days the incidents of a cluster must fall within.",
    minimum=7,
    maximum=60,
    unit="days",
)
CLUSTER_TIMES_USUAL = Setting(
    "patterns.cluster_times_usual_percent",
    int,
    200,
    "Cluster: compared with the usual rate",
    "A cluster must also be at least this many percent of what that place usually has in the same number of days "
    "(from the rest of the last 90 days), so a busy home is not told about its ordinary weeks. 100 turns this off.",
    minimum=100,
    maximum=1000,
    unit="%",
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
        TRIAGE_TARGET_HOURS,
        TRIAGE_TARGET_HOURS_SERIOUS,
        REVIEW_TARGET_DAYS,
        *MEASURE_TARGETS.values(),
        MIN_PIN_DIGITS,
        SPC_SHIFT_LENGTH,
        SPC_RECENT_MONTHS,
        CLUSTER_MIN_COUNT,
        CLUSTER_WINDOW_DAYS,
        CLUSTER_TIMES_USUAL,
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
