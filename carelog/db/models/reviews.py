"""Learning reviews (issue 3): a review covers one incident or a group (thematic review).

Tables are created by migration 0002_reviews. Actions (0003) refer to reviews.id and review_factors.id, so a
saved factor keeps its id while it stays ticked.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    response_type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    findings: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    what_went_well: Mapped[str] = mapped_column(Text, default="")
    signed_off_by_id: Mapped[int | None] = mapped_column(Integer)
    signed_off_by: Mapped[str] = mapped_column(String(120), default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime)
    case_context: Mapped[str] = mapped_column(Text, default="")
    case_learning_process: Mapped[str] = mapped_column(Text, default="")
    case_improvement_actions: Mapped[str] = mapped_column(Text, default="")
    case_outcome: Mapped[str] = mapped_column(Text, default="")


class ReviewIncidentRow(Base):
    __tablename__ = "review_incidents"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True, index=True)


class ReviewFactorRow(Base):
    """A contributing factor ticked in a review: SEIPS heading, care-home prompt, and its YCFF domain."""

    __tablename__ = "review_factors"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    prompt_code: Mapped[str] = mapped_column(String(40))
    seips_heading: Mapped[str] = mapped_column(String(40))
    ycff_domain: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class ReviewWhyRow(Base):
    """One answer in the 5 whys chain (position 0 answers "why did the problem happen?")."""

    __tablename__ = "review_whys"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    answer: Mapped[str] = mapped_column(Text)


class ReviewLearningPointRow(Base):
    __tablename__ = "review_learning_points"
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class ReviewParticipantRow(Base):
    """Who took part: staff, the person supported, family, visiting professionals."""

    __tablename__ = "review_participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(120), default="")


class ReviewLearningSharedRow(Base):
    """How a learning point reached staff, when, and who confirmed they read it (names, one per line)."""

    __tablename__ = "review_learning_shared"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    learning_point: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(30))
    shared_on: Mapped[date | None] = mapped_column(Date)
    shared_by: Mapped[str] = mapped_column(String(120), default="")
    confirmed_by: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
