"""Autosaved drafts of the report form. A draft belongs to the signed-in person (or the terminal)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from carelog.db.repositories import drafts as repo
from carelog.services.context import ServiceContext


@dataclass(frozen=True)
class Draft:
    values: dict[str, Any]
    saved_at: datetime


class DraftService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def warm_up(self) -> None:
        """Compile the draft lookup (for an owner that cannot exist). Reads no draft and changes nothing."""
        with self._ctx.read() as session:
            repo.load(session, "warm-up: no such owner")

    def _owner_key(self) -> str:
        uid = self._ctx.actor.user_id
        return "terminal" if uid is None else f"user:{uid}"

    def save(self, values: dict[str, Any]) -> None:
        with self._ctx.unit() as session:
            repo.save(session, self._owner_key(), json.dumps(values, default=str), self._ctx.clock())

    def load(self) -> Draft | None:
        with self._ctx.read() as session:
            found = repo.load(session, self._owner_key())
        if found is None:
            return None
        try:
            values = json.loads(found[0])
        except ValueError:
            return None
        return Draft(values if isinstance(values, dict) else {}, found[1])

    def discard(self) -> None:
        with self._ctx.unit() as session:
            repo.discard(session, self._owner_key())
