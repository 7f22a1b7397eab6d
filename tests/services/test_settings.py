"""The settings registry and SettingsService."""

from __future__ import annotations

import pytest

from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied, ValidationError
from carelog.core.settings import BACKUP_KEEP_COUNT, IDLE_LOCK_MINUTES, REGISTRY
from carelog.db.repositories import settings as repo
from carelog.services.registry import Services


def test_defaults_until_changed(services: Services) -> None:
    values = services.settings.values()
    assert set(values) == set(REGISTRY)
    assert values[IDLE_LOCK_MINUTES.key] == 5
    assert all(spec.doc and spec.label for spec in REGISTRY.values())


def test_admin_changes_are_typed_and_audited(services: Services) -> None:
    services.ctx.identity.actor = Actor(1, "Alex Morgan", Role.ADMIN)
    services.settings.set_many({IDLE_LOCK_MINUTES.key: 2, "terminal.quick_report_for_care_staff": False})
    assert services.settings.get(IDLE_LOCK_MINUTES) == 2
    assert services.settings.get("terminal.quick_report_for_care_staff") is False
    with services.ctx.unit() as session:
        assert repo.load(session, IDLE_LOCK_MINUTES.key) == "2"
        from sqlalchemy import select

        from carelog.db.models import AuditRow

        fields = set(session.scalars(select(AuditRow.field).where(AuditRow.entity == "setting")))
    assert IDLE_LOCK_MINUTES.key in fields


def test_bad_values_are_refused_with_a_message(services: Services) -> None:
    services.ctx.identity.actor = Actor(1, "Alex Morgan", Role.ADMIN)
    with pytest.raises(ValidationError) as info:
        services.settings.set_many({IDLE_LOCK_MINUTES.key: 999, BACKUP_KEEP_COUNT.key: "ten"})
    assert "from 0 to 240" in info.value.errors[IDLE_LOCK_MINUTES.key]
    assert "whole number" in info.value.errors[BACKUP_KEEP_COUNT.key]
    assert services.settings.get(IDLE_LOCK_MINUTES) == 5  # nothing half-saved
    with pytest.raises(ValidationError, match="no setting"):
        services.settings.set("no.such", 1)


def test_damaged_stored_value_falls_back_to_default(services: Services) -> None:
    with services.ctx.unit() as session:
        repo.store(session, IDLE_LOCK_MINUTES.key, "lots")
    assert services.settings.get(IDLE_LOCK_MINUTES) == 5


def test_managers_cannot_change_settings(services: Services) -> None:
    with pytest.raises(PermissionDenied):
        services.settings.set(IDLE_LOCK_MINUTES.key, 1)
