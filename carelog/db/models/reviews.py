"""Learning reviews (issue 3): a review covers one incident or a group (thematic review).

Tables are created by migration 0002_reviews. The review workspace may add columns and tables here and in
that migration (no release has shipped it yet); actions (0003) refer to reviews.id and review_factors.id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
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
