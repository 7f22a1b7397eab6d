"""Typing helpers for SQLAlchemy 2.x selects of any shape (Select is generic over a tuple of column types)."""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Select

AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
SelectT = TypeVar("SelectT", bound=AnySelect)
