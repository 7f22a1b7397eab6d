"""Read and change settings (core.settings is the registry). Anyone may read; changing needs EDIT_SETTINGS."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carelog.core.errors import ValidationError
from carelog.core.permissions import Permission
from carelog.core.settings import REGISTRY, Setting, SettingValue, setting
from carelog.db.repositories import audit
from carelog.db.repositories import settings as repo
from carelog.services.context import ServiceContext

ENTITY = "setting"


def _typed(spec: Setting, stored: str | None) -> SettingValue:
    if stored is None:
        return spec.default
    try:
        return spec.parse(stored)
    except (ValueError, ValidationError):
        return spec.default


def read_int(session: Session, spec: Setting) -> int:
    """A whole-number setting inside the caller's transaction (its default when unset or unreadable)."""
    return int(_typed(spec, repo.load(session, spec.key)))


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def get(self, key: str | Setting) -> SettingValue:
        spec = key if isinstance(key, Setting) else setting(key)
        with self._ctx.read() as session:
            return _typed(spec, repo.load(session, spec.key))

    def get_int(self, key: str | Setting) -> int:
        return int(self.get(key))

    def values(self) -> dict[str, SettingValue]:
        """Every registered setting with its current (or default) value."""
        with self._ctx.read() as session:
            stored = repo.load_all(session)
        return {key: _typed(spec, stored.get(key)) for key, spec in REGISTRY.items()}

    def set(self, key: str, value: SettingValue) -> None:
        self.set_many({key: value})

    def set_many(self, changes: dict[str, SettingValue]) -> None:
        """Check every value first, then save them all in one transaction (audited old -> new)."""
        actor = self._ctx.require(Permission.EDIT_SETTINGS, ENTITY)
        errors: dict[str, str] = {}
        checked: dict[str, SettingValue] = {}
        for key, value in changes.items():
            try:
                checked[key] = setting(key).check(value)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        now = self._ctx.clock()
        with self._ctx.unit() as session:
            for key, value in checked.items():
                spec = REGISTRY[key]
                old = _typed(spec, repo.load(session, key))
                if old == value:
                    continue
                repo.store(session, key, spec.format(value))
                audit.append(session, actor, ENTITY, None, "update", key, spec.format(old), spec.format(value), at=now)
