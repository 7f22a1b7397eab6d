"""Demo databases come with the documented demo accounts, and the care staff have reports of their own."""

from __future__ import annotations

from datetime import datetime

from carelog.core import passwords
from carelog.core.dto import IncidentFilter
from carelog.core.enums import Role
from carelog.demo import fill_demo
from carelog.demo.accounts import DEMO_ACCOUNTS
from carelog.services.registry import Services


def test_demo_accounts_sign_in_with_their_roles(sqlite_services: Services) -> None:
    passwords.use_fast_parameters_for_tests()
    fill_demo(sqlite_services, incidents=40, as_of=datetime(2025, 6, 30, 12, 0))
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)
    for account in DEMO_ACCOUNTS:
        actor = sqlite_services.accounts.sign_in(account.username, account.secret)
        assert (actor.name, actor.role) == (account.display_name, account.role)
    sqlite_services.accounts.sign_in("sam", "1357")
    mine = sqlite_services.incidents.list(IncidentFilter())
    assert len(mine) == 3
    sqlite_services.accounts.sign_in("manager", "2345")
    assert sqlite_services.incidents.count(IncidentFilter()) == 40 + 6
