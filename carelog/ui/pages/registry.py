"""Every tab CareLog has, declared once: key, title, where its class lives, the permission it needs, who sees it.

The main window builds its tabs from PAGES and the session guard decides from PAGES what each signed-in person
sees. A page without an entry here is shown to no one (fail closed). A new page is one PageSpec plus its module.
Cross-page wiring is declared too (PageLink), so the main window needs no special cases.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from carelog.core.enums import Role
from carelog.core.permissions import Permission, allowed

if TYPE_CHECKING:  # core.dto loads after the sign-in screen is up (start-up time)
    from PySide6.QtWidgets import QWidget

    from carelog.core.dto import Actor
    from carelog.services.registry import Services
    from carelog.ui.events import AppEvents
    from carelog.ui.task_runner import TaskRunner

STAFF_AND_UP = frozenset(Role)
MANAGERS = frozenset({Role.MANAGER, Role.ADMIN})
# The roles the "quick-report screen for care staff" setting applies to: with it on they see only kiosk pages.
QUICK_REPORT_ROLES = frozenset({Role.CARE_STAFF})


class PageFactory(Protocol):
    def __call__(self, services: Services, events: AppEvents, runner: TaskRunner) -> QWidget: ...


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # no Alt+letter (the page's own fields keep every letter): tabs go by Alt+1..9 in order
    factory: str  # "module:Class", imported only when the page is first shown (start-up time)
    permission: Permission  # what the signed-in person needs to see the page
    roles: frozenset[Role]  # which roles see it (also needing the permission)
    kiosk: bool = False  # the shared-terminal screen: shown only in quick-report mode
    beside_kiosk: bool = False  # also shown to care staff beside the shared-terminal screen (quick-report mode)

    def create(self, services: Services, events: AppEvents, runner: TaskRunner) -> QWidget:
        module, _, name = self.factory.partition(":")
        cls: PageFactory = getattr(importlib.import_module(module), name)
        return cls(services, events, runner)

    def visible_to(self, actor: Actor, quick_report_mode: bool) -> bool:
        if actor.user_id is None and actor.role in QUICK_REPORT_ROLES:
            return False  # nobody signed in (the lock screen)
        if actor.role not in self.roles or not allowed(actor, self.permission):
            return False
        if self.kiosk:
            return quick_report_mode
        return self.beside_kiosk or not (quick_report_mode and actor.role in QUICK_REPORT_ROLES)


@dataclass(frozen=True)
class PageLink:
    """When page `source` emits `signal(*args)`, call `slot(*args)` on page `target`; show the target if it
    returned something truthy. Followed only when the signed-in person sees the target page."""

    source: str
    signal: str
    target: str
    slot: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "Home", "carelog.ui.pages.home_page:HomePage", Permission.TRIAGE, MANAGERS),
    PageSpec(
        "quick",
        "Quick report",
        "carelog.ui.pages.quick_report_page:QuickReportPage",
        Permission.REPORT_INCIDENT,
        QUICK_REPORT_ROLES,
        kiosk=True,
    ),
    PageSpec("log", "Log", "carelog.ui.pages.log_page:LogPage", Permission.REPORT_INCIDENT, STAFF_AND_UP),
    PageSpec("review", "Review", "carelog.ui.pages.review_page:ReviewPage", Permission.REVIEW, MANAGERS),
    PageSpec("trends", "Trends", "carelog.ui.pages.trends_page:TrendsPage", Permission.VIEW_TRENDS, MANAGERS),
    PageSpec("actions", "Actions", "carelog.ui.pages.actions_page:ActionsPage", Permission.MANAGE_ACTIONS, MANAGERS),
    PageSpec(
        "concerns",
        "Complaints && safeguarding",
        "carelog.ui.pages.concerns_page:ConcernsPage",
        Permission.RAISE_CONCERN,  # care staff may raise a complaint or concern; responding needs MANAGE_CONCERNS
        STAFF_AND_UP,
        beside_kiosk=True,
    ),
    PageSpec("reports", "Reports", "carelog.ui.pages.reports_page:ReportsPage", Permission.EXPORT, MANAGERS),
    PageSpec("lists", "Lists", "carelog.ui.pages.lists_page:ListsPage", Permission.EDIT_LISTS, MANAGERS),
    PageSpec("admin", "Admin", "carelog.ui.pages.admin_page:AdminPage", Permission.MANAGE_USERS, MANAGERS),
)

LINKS: tuple[PageLink, ...] = (
    PageLink("trends", "thematic_review_requested", "review", "start_thematic_review"),
    PageLink("home", "incident_requested", "log", "open_incident"),
    PageLink("home", "review_requested", "review", "open_review"),
    PageLink("home", "action_requested", "actions", "edit_action"),
    PageLink("home", "signals_requested", "trends", "show_signals"),
    PageLink("home", "record_requested", "concerns", "open_record"),
)

_BY_KEY = {spec.key: spec for spec in PAGES}
# The tabs someone sees first after signing in (a manager's Home, care staff's quick report or Log): their modules
# are imported while the sign-in screen is up (app.preload_first_pages).
FIRST_PAGES = ("home", "quick", "log")


def spec_for(key: str) -> PageSpec | None:
    return _BY_KEY.get(key)


def all_keys() -> list[str]:
    return [spec.key for spec in PAGES]


def visible_pages(actor: Actor, quick_report_mode: bool, keys: Iterable[str] | None = None) -> list[str]:
    """The tabs this person sees, in registry order; `keys` limits the answer (a key without an entry never
    appears). Care staff: the quick-report screen only (or the Log, if that mode is off); nobody: nothing."""
    wanted = set(all_keys() if keys is None else keys)
    return [spec.key for spec in PAGES if spec.key in wanted and spec.visible_to(actor, quick_report_mode)]


def pages_for(services: Services) -> list[str]:
    """The tabs the person signed in to these services sees, with the terminal's quick-report setting."""
    from carelog.core.settings import QUICK_REPORT_FOR_CARE_STAFF

    quick = bool(services.settings.get(QUICK_REPORT_FOR_CARE_STAFF))
    return visible_pages(services.ctx.actor, quick)
