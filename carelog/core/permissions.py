"""Who may do what. Checked in the service layer; the UI only hides what a role cannot use."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied

if TYPE_CHECKING:  # the dataclasses of core.dto load after the sign-in screen is up (start-up time)
    from carelog.core.dto import Actor


class Permission(StrEnum):
    REPORT_INCIDENT = "report_incident"
    VIEW_OWN_INCIDENTS = "view_own_incidents"
    VIEW_ALL_INCIDENTS = "view_all_incidents"
    EDIT_INCIDENT = "edit_incident"
    REVIEW = "review"
    TRIAGE = "triage"
    SIGN_OFF_REVIEW = "sign_off_review"
    MANAGE_ACTIONS = "manage_actions"
    VIEW_TRENDS = "view_trends"
    EXPORT = "export"
    MANAGE_USERS = "manage_users"
    EDIT_LISTS = "edit_lists"
    EDIT_SETTINGS = "edit_settings"
    RAISE_CONCERN = "raise_complaint_or_concern"
    MANAGE_CONCERNS = "respond_to_or_close_complaints_and_concerns"
    SHARE_LEARNING = "share_learning_with_every_service"


_STAFF = {Permission.REPORT_INCIDENT, Permission.VIEW_OWN_INCIDENTS, Permission.RAISE_CONCERN}
_MANAGER = _STAFF | {
    Permission.VIEW_ALL_INCIDENTS,
    Permission.EDIT_INCIDENT,
    Permission.REVIEW,
    Permission.TRIAGE,
    Permission.SIGN_OFF_REVIEW,
    Permission.MANAGE_ACTIONS,
    Permission.VIEW_TRENDS,
    Permission.EXPORT,
    Permission.MANAGE_CONCERNS,
    Permission.SHARE_LEARNING,
}
_ADMIN = _MANAGER | {Permission.MANAGE_USERS, Permission.EDIT_LISTS, Permission.EDIT_SETTINGS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CARE_STAFF: frozenset(_STAFF),
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(_ADMIN),
}


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


def check(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied (callers audit the denial) if the actor's role lacks the permission."""
    if not allowed(actor, permission):
        raise PermissionDenied(
            f"{actor.role.label} accounts cannot {permission.value.replace('_', ' ')}. Ask a manager or administrator."
        )
