"""The administrator's person dialog: the usual service the report form starts with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carelog.core import passwords
from carelog.core.enums import Role
from carelog.core.users import UserInput
from carelog.services.registry import Services
from carelog.ui.dialogs.user_dialog import UserDialog
from tests.conftest import Home


@pytest.fixture(autouse=True)
def _fast_hashing() -> None:
    passwords.use_fast_parameters_for_tests()


@pytest.fixture
def admin(sqlite_services: Services, sqlite_home: Home) -> Services:
    sqlite_services.accounts.create_first_admin(UserInput("admin", "Alex Morgan", Role.ADMIN, "2580"))
    return sqlite_services


def test_new_person_gets_a_usual_service(qtbot, admin: Services, sqlite_home: Home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UserDialog(admin)
    qtbot.addWidget(dialog)
    assert [dialog.usual_service.itemText(i) for i in range(dialog.usual_service.count())] == [
        "None (the form starts with their last report's service)",
        "Birch Court",
        "Oak House",
    ]
    dialog.display_name.setText("Jo Lewis")
    dialog.username.setText("jo")
    dialog.secret.setText("2468")
    dialog.usual_service.setCurrentIndex(dialog.usual_service.findData(sqlite_home.service_id))
    dialog.show()
    out = Path(os.environ.get("CARELOG_SHOTS_DIR") or tmp_path) / "user_dialog.png"
    assert dialog.grab().save(str(out))
    assert dialog.submit() and dialog.saved is not None
    assert dialog.saved.usual_service_id == sqlite_home.service_id


def test_editing_shows_and_changes_the_usual_service(qtbot, admin: Services, sqlite_home: Home) -> None:  # type: ignore[no-untyped-def]
    jo = admin.accounts.create_user(
        UserInput("jo", "Jo Lewis", Role.CARE_STAFF, "2468", usual_service_id=sqlite_home.service_id)
    )
    dialog = UserDialog(admin, jo)
    qtbot.addWidget(dialog)
    assert dialog.usual_service.currentText() == "Oak House"
    label = next(lab for lab in dialog.findChildren(type(dialog.role_help)) if lab.buddy() is dialog.usual_service)
    assert label.text() == "Usual &service"
    dialog.usual_service.setCurrentIndex(dialog.usual_service.findData(sqlite_home.other_service_id))
    assert dialog.submit()
    assert admin.accounts.get_user(jo.id).usual_service_id == sqlite_home.other_service_id
