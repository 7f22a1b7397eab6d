"""Improvement actions (issue 4). Tables are added by migration 0003_actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class ActionRow(Base):
    """An improvement action on the board. The effectiveness check stores the counts the app computed."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_status_due", "status", "due_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    lead_name: Mapped[str] = mapped_column(String(120), default="", index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    strength: Mapped[str] = mapped_column(String(20))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"), index=True)
    factor_id: Mapped[int | None] = mapped_column(ForeignKey("review_factors.id", ondelete="SET NULL"))
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    evidence_path: Mapped[str] = mapped_column(String(500), default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    check_date: Mapped[date | None] = mapped_column(Date)
    window_days: Mapped[int | None] = mapped_column(Integer)
    before_count: Mapped[int | None] = mapped_column(Integer)
    after_count: Mapped[int | None] = mapped_column(Integer)
    conclusion: Mapped[str] = mapped_column(String(20), default="")
    conclusion_note: Mapped[str] = mapped_column(Text, default="")
    reopened_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ActionIncidentRow(Base):
    """Incidents an action responds to; their category and location define "matching incidents"."""

    __tablename__ = "action_incidents"
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True, index=True)
