"""Incident summary: key figures and counts by kind, category, harm and location (all kinds of record included)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from carelog.core.enums import Kind, NotificationKind, PhysicalHarm, PsychologicalHarm
from carelog.core.pack_data import PackIncident, PackNotification
from carelog.reports.pack.document import heading
from carelog.reports.pack.styles import FONT_BOLD, stylesheet
from carelog.reports.pack.tables import data_table, side_by_side

CONTENT_WIDTH = 174 * mm
TOP_LOCATIONS = 15
SERIOUS = (PhysicalHarm.MODERATE, PhysicalHarm.SEVERE, PhysicalHarm.FATAL)
STATUTORY = (
    NotificationKind.CQC,
    NotificationKind.RIDDOR,
    NotificationKind.SAFEGUARDING,
    NotificationKind.DUTY_OF_CANDOUR,
)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def count_table(title: str, counts: Sequence[tuple[str, int]], total: int, width: float) -> Flowable:
    rows = [(label, str(n), _pct(n, total)) for label, n in counts]
    rows.append(("Total", str(sum(n for _l, n in counts)), ""))
    return data_table(
        (title, "Number", "%"),
        rows,
        (width - 34 * mm, 18 * mm, 16 * mm),
        align_right=(1, 2),
        extra_style=[("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)],
    )


def counts_by_kind(incidents: Iterable[PackIncident]) -> list[tuple[str, int]]:
    counter = Counter(i.kind for i in incidents)
    return [(k.label, counter.get(k, 0)) for k in Kind]


def counts_by_physical_harm(incidents: Iterable[PackIncident]) -> list[tuple[str, int]]:
    counter = Counter(i.physical_harm for i in incidents)
    return [(h.label, counter.get(h, 0)) for h in PhysicalHarm]


def counts_by_psychological_harm(incidents: Iterable[PackIncident]) -> list[tuple[str, int]]:
    counter = Counter(i.psychological_harm for i in incidents)
    return [(h.label, counter.get(h, 0)) for h in PsychologicalHarm]


def counts_by_category(incidents: Iterable[PackIncident]) -> list[tuple[str, int]]:
    counter = Counter(i.category for i in incidents)
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def counts_by_location(incidents: Sequence[PackIncident], top: int = TOP_LOCATIONS) -> list[tuple[str, int]]:
    several = len({i.service for i in incidents}) > 1
    counter = Counter((i.location or "Not recorded") + (f" ({i.service})" if several else "") for i in incidents)
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) <= top:
        return ranked
    rest = sum(n for _l, n in ranked[top:])
    return [*ranked[:top], (f"{len(ranked) - top} other locations", rest)]


def summary_section(incidents: Sequence[PackIncident], notifications: Sequence[PackNotification]) -> list[Flowable]:
    styles = stylesheet()
    total = len(incidents)
    kinds = Counter(i.kind for i in incidents)
    serious = sum(1 for i in incidents if i.physical_harm in SERIOUS)
    statutory = sum(1 for n in notifications if n.kind in STATUTORY)
    half = (CONTENT_WIDTH - 12) / 2
    key_rows = [
        ("All records in the period", total),
        ("Incidents", kinds.get(Kind.INCIDENT, 0)),
        ("Near misses", kinds.get(Kind.NEAR_MISS, 0)),
        ("Low-level concerns", kinds.get(Kind.LOW_LEVEL_CONCERN, 0)),
        ("Hazards", kinds.get(Kind.HAZARD, 0)),
        ("Complaints", kinds.get(Kind.COMPLAINT, 0)),
        ("Compliments", kinds.get(Kind.COMPLIMENT, 0)),
        ("Moderate, severe or fatal physical harm", serious),
        ("Statutory notifications made", statutory),
    ]
    key = data_table(
        ("Key figures", "Number"),
        [(label, str(n)) for label, n in key_rows],
        (CONTENT_WIDTH - 30 * mm, 30 * mm),
        align_right=(1,),
        extra_style=[("FONTNAME", (0, 1), (-1, 1), FONT_BOLD)],
    )
    intro = (
        f"{total} records were made in the period. Near misses and low-level concerns are counted alongside "
        "incidents: a high share of near misses usually shows an open reporting culture."
    )
    return [
        heading("Incident summary"),
        Paragraph(intro, styles["Body"]),
        key,
        Spacer(1, 8),
        side_by_side(
            count_table("Kind of record", counts_by_kind(incidents), total, half),
            count_table("Physical harm", counts_by_physical_harm(incidents), total, half),
            CONTENT_WIDTH,
        ),
        Spacer(1, 8),
        side_by_side(
            count_table("Psychological harm", counts_by_psychological_harm(incidents), total, half),
            Spacer(1, 1),
            CONTENT_WIDTH,
        ),
        Spacer(1, 8),
        KeepTogether(count_table("Category", counts_by_category(incidents), total, CONTENT_WIDTH)),
        Spacer(1, 8),
        KeepTogether(count_table("Location", counts_by_location(incidents), total, CONTENT_WIDTH)),
    ]
