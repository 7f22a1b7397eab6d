"""Audit history rows (who, when, what changed: old -> new)."""

from __future__ import annotations

from carelog.core.dto import AuditEntry
from carelog.ui.models.row_table_model import ROW_OBJECT_ROLE, SORT_KEY_ROLE, RowTableModel

__all__ = ["FIELD_LABELS", "ROW_OBJECT_ROLE", "SORT_KEY_ROLE", "AuditTableModel"]

FIELD_LABELS = {
    "kind": "Kind",
    "category_id": "Category",
    "subcategory_id": "Subcategory",
    "occurred_at": "Occurred at",
    "reported_at": "Reported at",
    "service_id": "Service",
    "location_id": "Location",
    "person_ids": "People involved",
    "account": "What happened",
    "immediate_action": "Immediate action",
    "physical_harm": "Physical harm",
    "psychological_harm": "Psychological harm",
    "risk_consequence": "Risk consequence",
    "risk_likelihood": "Risk likelihood",
    "notifications": "Who was told",
    "body_sites": "Body map",
    "post_fall_observations": "Post-fall observations",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


class AuditTableModel(RowTableModel[AuditEntry]):
    columns = (
        ("When", "at", lambda e: e.at.strftime("%d/%m/%Y %H:%M")),
        ("Who", "actor_name", lambda e: e.actor_name),
        ("Action", "action", lambda e: e.action.capitalize()),
        ("Field", "field", lambda e: field_label(e.field)),
        ("Old value", "old_value", lambda e: e.old_value),
        ("New value", "new_value", lambda e: e.new_value),
    )
