"""Learning shared across services (issue 18). Tables are added by migration 0014_provider."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class SharedLearningRow(Base):
    """A learning point marked "for every service" (from a signed-off review, or written by a manager)."""

    __tablename__ = "shared_learning"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"), index=True)
    shared_at: Mapped[datetime] = mapped_column(DateTime)
    shared_by_id: Mapped[int | None] = mapped_column(Integer)
    shared_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class SharedLearningDiscussionRow(Base):
    """When one service's team discussed a shared learning point (one row per point and service)."""

    __tablename__ = "shared_learning_discussions"
    __table_args__ = (UniqueConstraint("learning_id", "service_id", name="uq_shared_learning_discussions_service"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    learning_id: Mapped[int] = mapped_column(ForeignKey("shared_learning.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    discussed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
