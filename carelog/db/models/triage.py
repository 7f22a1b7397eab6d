"""The manager's triage of an incident, when each person last looked at the pattern signals, and occupancy
(occupied bed days per service per month, for rates). Tables are added by migration 0009_triage."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class TriageRow(Base):
    """One triage per incident. harm_recorded is the harm as reported, before any correction at triage."""

    __tablename__ = "triages"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), unique=True)
    triaged_at: Mapped[datetime] = mapped_column(DateTime)
    triaged_by_id: Mapped[int | None] = mapped_column(Integer)
    triaged_by: Mapped[str] = mapped_column(String(120), default="")
    harm_recorded: Mapped[str] = mapped_column(String(20))
    physical_harm: Mapped[str] = mapped_column(String(20))
    risk_score: Mapped[int | None] = mapped_column(Integer)
    care_plan: Mapped[str] = mapped_column(String(20))
    risk_assessment: Mapped[str] = mapped_column(String(20))
    notifications_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    decisions: Mapped[str] = mapped_column(String(200))  # comma-separated TriageDecision values
    reason: Mapped[str] = mapped_column(Text, default="")
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
    target_hours: Mapped[int] = mapped_column(Integer)


class AttentionSeenRow(Base):
    """When a person last marked the pattern signals on their Home tab as seen, and the newest incident then."""

    __tablename__ = "attention_seen"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    signals_seen_at: Mapped[datetime] = mapped_column(DateTime)
    last_incident_id: Mapped[int] = mapped_column(Integer, default=0)


class OccupancyRow(Base):
    """Occupied bed days of one service in one month (month = its first day)."""

    __tablename__ = "occupancy"
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    occupied_bed_days: Mapped[int] = mapped_column(Integer)
