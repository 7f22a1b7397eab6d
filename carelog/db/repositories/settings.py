"""Raw setting values (text) in the settings table; core.settings gives them types and defaults."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carelog.db.models import SettingRow


def load_all(session: Session) -> dict[str, str]:
    return {row.key: row.value for row in session.scalars(select(SettingRow))}


def load(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def store(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
    session.flush()
