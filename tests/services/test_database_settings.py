"""Database settings: where they are saved, the password only in the credential store (a fake one here), the
precedence at start-up, administrators only, and a SQLite file on a network location refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from carelog.core.db_config import ConfigError, ConfigSource, DatabaseConfig, DatabaseKind
from carelog.core.dto import Actor
from carelog.core.enums import Role
from carelog.core.errors import PermissionDenied
from carelog.core.network_paths import parse_mounts
from carelog.db import network_location
from carelog.db.engine import open_database
from carelog.db.models import AuditRow
from carelog.services import database_config as files
from carelog.services.database_config import KEYRING_SERVICE, Scope, startup_database
from carelog.services.registry import Services

ADMIN = Actor(1, "Alex Morgan", Role.ADMIN)
SERVER = DatabaseConfig(DatabaseKind.POSTGRESQL, host="office-pc", database="carelog", user="carelog_app")


def test_saved_for_me_or_for_every_user_of_the_pc(
    services: Services, keyring_store: dict[tuple[str, str], str]
) -> None:
    services.ctx.identity.actor = ADMIN
    machine = services.database_setup.save(SERVER, "s3cret!", Scope.MACHINE)
    assert machine == files.machine_config_file() and machine.is_file()
    assert "s3cret" not in machine.read_text(encoding="utf-8")
    assert keyring_store == {(KEYRING_SERVICE, "carelog_app@office-pc:5432/carelog"): "s3cret!"}
    assert files.load(Scope.MACHINE) == SERVER and files.load(Scope.USER) is None
    view = services.database_setup.current()
    assert (view.config, view.source, view.has_password) == (SERVER, ConfigSource.MACHINE, True)
    mine = DatabaseConfig(sqlite_path="/home/jo/carelog.db")
    assert services.database_setup.save(mine, None, Scope.USER) == files.user_config_file()
    assert services.database_setup.current().source is ConfigSource.USER
    with services.ctx.read() as session:
        saved = session.scalars(select(AuditRow.new_value).where(AuditRow.field == "database settings")).all()
    assert saved == ["postgresql (every user of this PC)", "sqlite (just me)"]


def test_start_up_precedence_command_line_user_machine_default(tmp_path: Path, keyring_store: dict) -> None:  # type: ignore[type-arg]
    default = tmp_path / "default.db"
    first = startup_database(None, default)
    assert (first.target, first.source) == (str(default), ConfigSource.DEFAULT)
    files.save(SERVER, Scope.MACHINE)
    on_server = startup_database(None, default)
    assert on_server.source is ConfigSource.MACHINE and on_server.needs_password
    keyring_store[(KEYRING_SERVICE, SERVER.credential_name())] = "pw"
    assert startup_database(None, default).target == (
        "postgresql+psycopg://carelog_app:pw@office-pc:5432/carelog?sslmode=prefer"
    )
    files.save(DatabaseConfig(sqlite_path=str(tmp_path / "mine.db")), Scope.USER)
    assert startup_database(None, default).target == str(tmp_path / "mine.db")
    assert startup_database(None, default).source is ConfigSource.USER
    given = startup_database("/given/by/shortcut.db", default)
    assert (given.target, given.source) == ("/given/by/shortcut.db", ConfigSource.COMMAND_LINE)
    assert files.forget(Scope.USER) and startup_database(None, default).source is ConfigSource.MACHINE


def test_a_damaged_settings_file_names_itself(tmp_path: Path) -> None:
    files.user_config_file().write_text("[database]\nkind = postgresql\nport = x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="port") as info:
        startup_database(None, tmp_path / "x.db")
    assert str(files.user_config_file()) in str(info.value)


def test_machine_file_that_may_not_be_written_explains_run_as_administrator(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(files.ENV_MACHINE_CONFIG, str(locked / "sub" / "carelog.ini"))
    monkeypatch.setattr(Path, "mkdir", _refuse)
    with pytest.raises(ConfigError, match="Run as administrator"):
        files.save(SERVER, Scope.MACHINE)


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise PermissionError(13, "Permission denied")


def test_no_credential_store_means_no_password_saved_anywhere(services: Services) -> None:
    import keyring
    from keyring.backends import fail

    services.ctx.identity.actor = ADMIN
    keyring.set_keyring(fail.Keyring())  # the fixture puts its own back afterwards
    with pytest.raises(files.PasswordStoreError, match="never writes the password to a file"):
        services.database_setup.save(SERVER, "pw", Scope.USER)
    assert not files.user_config_file().exists()


def test_only_administrators(services: Services) -> None:
    services.ctx.identity.actor = Actor(1, "Test Manager", Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.database_setup.save(SERVER, "pw", Scope.USER)
    with pytest.raises(PermissionDenied):
        services.database_setup.test_connection(SERVER, "pw")
    assert not files.user_config_file().exists()


def test_sqlite_file_on_a_network_mount_is_refused_untouched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    table = f"/dev/sda1 / ext4 rw 0 0\nfiler:/care {tmp_path} nfs4 rw 0 0\n"
    monkeypatch.setattr(network_location, "_mounts", lambda: parse_mounts(table))
    target = tmp_path / "care" / "carelog.db"
    with pytest.raises(network_location.NetworkLocationRefused, match="shared database server") as info:
        open_database(target)
    assert "nfs4" in str(info.value)
    assert not target.exists() and not target.parent.exists()


def test_unc_path_is_refused_before_anything_is_created() -> None:
    with pytest.raises(network_location.NetworkLocationRefused, match=r"\\\\office-pc\\CareLog"):
        open_database("//office-pc/CareLog/carelog.db")
