"""The golden thread's records (issue 15). Tables are added by migration 0011_thread. Column names match the
fields of the input dataclasses in core/thread_records.py, so one repository serves every kind."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class _Common:
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


def _incident() -> Mapped[int | None]:
    return mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"), index=True)


class ComplaintRow(_Common, Base):
    __tablename__ = "complaints"
    received_on: Mapped[date] = mapped_column(Date, index=True)
    received_via: Mapped[str] = mapped_column(String(20))
    complainant: Mapped[str] = mapped_column(String(120), default="")
    person_code: Mapped[str] = mapped_column(String(40), default="")
    theme: Mapped[str] = mapped_column(String(80), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[int | None] = _incident()
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    investigator: Mapped[str] = mapped_column(String(120), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    extended_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    response_sent_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    satisfaction: Mapped[str] = mapped_column(String(20), default="")
    escalation: Mapped[str] = mapped_column(String(200), default="")
    learning: Mapped[str] = mapped_column(Text, default="")
    you_said_we_did: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)


class ComplimentRow(_Common, Base):
    __tablename__ = "compliments"
    received_on: Mapped[date] = mapped_column(Date, index=True)
    complainant: Mapped[str] = mapped_column(String(120), default="")
    staff_named: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    shared_on: Mapped[date | None] = mapped_column(Date)


class SafeguardingRow(_Common, Base):
    __tablename__ = "safeguarding_concerns"
    raised_on: Mapped[date] = mapped_column(Date, index=True)
    person_code: Mapped[str] = mapped_column(String(40), default="")
    abuse_type: Mapped[str] = mapped_column(String(30), default="")
    concern: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[int | None] = _incident()
    referred_on: Mapped[date | None] = mapped_column(Date)
    la_reference: Mapped[str] = mapped_column(String(120), default="")
    s42_enquiry: Mapped[str] = mapped_column(String(5), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    protection_plan: Mapped[str] = mapped_column(Text, default="")
    cqc_notified_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)


class CandourRow(_Common, Base):
    __tablename__ = "candour_records"
    incident_id: Mapped[int | None] = _incident()
    notifiable: Mapped[str] = mapped_column(String(5), default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date | None] = mapped_column(Date)
    notified_by: Mapped[str] = mapped_column(String(120), default="")
    apology_given: Mapped[bool] = mapped_column(Boolean, default=False)
    written_on: Mapped[date | None] = mapped_column(Date)
    outcome_shared_on: Mapped[date | None] = mapped_column(Date)


class DebriefRow(_Common, Base):
    __tablename__ = "debriefs"
    held_on: Mapped[date] = mapped_column(Date, index=True)
    incident_id: Mapped[int | None] = _incident()
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"), index=True)
    participants: Mapped[str] = mapped_column(Text, default="")
    how_staff_are: Mapped[str] = mapped_column(Text, default="")
    support_offered: Mapped[str] = mapped_column(Text, default="")
    should_change: Mapped[str] = mapped_column(Text, default="")
    wellbeing_follow_up_on: Mapped[date | None] = mapped_column(Date)
    wellbeing_done_on: Mapped[date | None] = mapped_column(Date)


class FollowUpAuditRow(_Common, Base):
    __tablename__ = "follow_up_audits"
    audit_type: Mapped[str] = mapped_column(String(120), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    score_pct: Mapped[int | None] = mapped_column(Integer)
    findings: Mapped[str] = mapped_column(Text, default="")
    auditor: Mapped[str] = mapped_column(String(120), default="")


class ThreadActionRow(Base):
    """Actions linked to a complaint or tested by a follow-up audit (kind = RecordKind value)."""

    __tablename__ = "thread_action_links"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True, index=True)
