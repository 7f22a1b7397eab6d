"""Staff accounts. Secrets (password or PIN) are argon2 hashes, never plain text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    secret_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # added by 0004_accounts
    secret_kind: Mapped[str] = mapped_column(String(10), default="pin", server_default="pin")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # added by 0006_reporter_defaults
    usual_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    reports_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    # added by 0008_lockouts: pauses in a row since the last good sign-in (each one is longer)
    lockouts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
