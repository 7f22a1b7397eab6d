"""Tamper-evident audit chain: each record's hash covers its content and the previous record's hash.

Formula 1 (entries written before migration 0007) covers time, actor name, entity, action, field and values.
Formula 2 also covers the entry's own number, the actor's id and the digest of the audited record's state after
the write (`record_digest`), so the chain vouches for the records themselves, not only for what the trail says.
Old entries keep formula 1 and stay verifiable; they are never re-hashed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

GENESIS_HASH = "0" * 64
LEGACY_FORMULA = 1
CURRENT_FORMULA = 2
# The record digest stored when the audited record does not exist (it was deleted, or never existed).
ABSENT_DIGEST = "-"
SEAL_PREFIX = "CL-SEAL"
SEAL_HEX_CHARS = 16


def _joined(parts: list[str]) -> bytes:
    return "\x1f".join(p.replace("\x1f", " ") for p in parts).encode("utf-8")


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
    """Formula 1: kept unchanged so entries written before 0007 still verify."""
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
    return hashlib.sha256(_joined(parts)).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainFields:
    """Everything formula 2 hashes, in one place so writing and checking cannot drift apart."""

    seq: int
    at: datetime
    actor_id: int | None
    actor_name: str
    entity: str
    entity_id: int | None
    action: str
    field: str
    old_value: str
    new_value: str
    record_digest: str | None


def audit_hash_v2(prev_hash: str, f: ChainFields) -> str:
    """Formula 2: a JSON array (unambiguous whatever the values contain) of every field, hashed with SHA-256."""
    payload = json.dumps(
        [
            "v2",
            prev_hash,
            f.seq,
            f.at.isoformat(timespec="microseconds"),
            f.actor_id,
            f.actor_name,
            f.entity,
            f.entity_id,
            f.action,
            f.field,
            f.old_value,
            f.new_value,
            f.record_digest,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot digest a {type(value).__name__}")


def _without_none(value: object) -> object:
    if type(value) is dict:
        return {k: v for k, v in value.items() if v is not None}
    return value


def record_digest(entity: str, state: Mapping[str, object]) -> str:
    """SHA-256 of a canonical serialisation of one record's audited state (columns and child rows).

    Keys holding None are left out, so a column added later as NULL does not change existing digests.
    Child lists (of values or of dicts) must already be in a stable order (the repository sorts them).
    """
    clean: dict[str, object] = {}
    for key, value in state.items():
        if value is None:
            continue
        clean[key] = [_without_none(v) for v in value] if type(value) is list else value
    payload = json.dumps(
        [entity, clean], sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Seal:
    """A short line to write down or print: the number of audit entries and the start of the newest hash."""

    count: int
    head_prefix: str

    @property
    def text(self) -> str:
        return f"{SEAL_PREFIX} {self.count} {self.head_prefix}"


def make_seal(count: int, head_hash: str) -> Seal:
    return Seal(count, head_hash[:SEAL_HEX_CHARS])


_SEAL_RE = re.compile(rf"^\s*(?:{SEAL_PREFIX}\s+)?(\d+)\s+([0-9a-fA-F]{{8,64}})\s*$")


def parse_seal(text: str) -> Seal:
    """Read a seal as printed ("CL-SEAL 12345 9f2c..."); the prefix may be left out. Raises ValueError."""
    m = _SEAL_RE.match(text)
    if not m:
        raise ValueError(
            f"'{text}' is not an audit seal. Type it as printed, for example: {SEAL_PREFIX} 1234 9f2c0b7e11d4a5c3"
        )
    return Seal(int(m.group(1)), m.group(2).lower())
