"""The incident aggregate: incident, people involved, notifications made; plus reference counters and drafts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class IncidentRow(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_service_occurred", "service_id", "occurred_at"),
        Index("ix_incidents_category_occurred", "category_id", "occurred_at"),
        # covers the Home tab's monthly counts per service and measure (migration 0009)
        Index("ix_incidents_measure_counts", "category_id", "occurred_at", "service_id", "kind"),
        # covers the Trends tab's counts over a period (migration 0014): an index-only read at provider scale,
        # where reading the wide rows themselves was most of the time
        Index(
            "ix_incidents_trends_cover",
            "occurred_at",
            "category_id",
            "service_id",
            "location_id",
            "physical_harm",
            "kind",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    subcategory_id: Mapped[int | None] = mapped_column(ForeignKey("subcategories.id"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(120), default="")
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    account: Mapped[str] = mapped_column(Text)
    immediate_action: Mapped[str] = mapped_column(Text, default="")
    witnesses: Mapped[str] = mapped_column(Text, default="")
    injury: Mapped[bool] = mapped_column(Boolean, default=False)
    body_sites: Mapped[str] = mapped_column(String(400), default="")
    post_fall_observations: Mapped[str] = mapped_column(Text, default="")
    physical_harm: Mapped[str] = mapped_column(String(20), index=True)
    psychological_harm: Mapped[str] = mapped_column(String(20), default="none")
    risk_consequence: Mapped[int | None] = mapped_column(Integer)
    risk_likelihood: Mapped[int | None] = mapped_column(Integer)
    risk_score: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), index=True)
    shift: Mapped[str] = mapped_column(String(10))
    risk_assessment_reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    care_plan_reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class IncidentPersonRow(Base):
    __tablename__ = "incident_people"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)


class NotificationRow(Base):
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    made_at: Mapped[datetime | None] = mapped_column(DateTime)
    reference: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ReferenceCounterRow(Base):
    """Last number issued per prefix and year, so references are never reused."""

    __tablename__ = "reference_counters"
    prefix: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class DraftRow(Base):
    """An unsaved report form, autosaved so an interrupted report is not lost. One per owner (or terminal)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_key: Mapped[str] = mapped_column(String(80), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
