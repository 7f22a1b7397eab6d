"""Services (homes), their locations, the people supported, and editable category lists."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from carelog.db.models.base import Base


class ServiceRow(Base):
    __tablename__ = "services"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    service_type: Mapped[str] = mapped_column(String(30), default="care_home")
    beds: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LocationRow(Base):
    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("service_id", "name", name="uq_locations_service_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PersonRow(Base):
    """A person supported. Exports and pseudonymised packs use `code`, never `display_name`."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CategoryRow(Base):
    __tablename__ = "categories"
    # A unique index rather than a constraint: SQLite can add one to a table that other tables refer to.
    __table_args__ = (Index("uq_categories_code", "code", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # Stable code (migration 0005): rules key on it; renaming the category leaves it alone.
    code: Mapped[str] = mapped_column(String(40))
    # Words people use for it, comma-separated (core.categories.parse_synonyms).
    synonyms: Mapped[str] = mapped_column(Text, default="", server_default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SubcategoryRow(Base):
    __tablename__ = "subcategories"
    __table_args__ = (UniqueConstraint("category_id", "name", name="uq_subcategories_category_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
