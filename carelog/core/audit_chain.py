"""Tamper-evident audit chain: each record's hash covers its content and the previous record's hash."""

from __future__ import annotations

import hashlib
from datetime import datetime

GENESIS_HASH = "0" * 64


def audit_hash(
    prev_hash: str,
    at: datetime,
    actor_name: str,
    entity: str,
    entity_id: int | None,
    action: str,
    field: str,
    old_value: str,
    new_value: str,
) -> str:
    parts = [
        prev_hash,
        at.isoformat(timespec="microseconds"),
        actor_name,
        entity,
        "" if entity_id is None else str(entity_id),
        action,
        field,
        old_value,
        new_value,
    ]
    payload = "\x1f".join(p.replace("\x1f", " ") for p in parts)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
