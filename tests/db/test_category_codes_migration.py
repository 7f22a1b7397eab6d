"""Migration 0005 on a database written by CareLog before it: category codes and synonyms, and old "Near miss"
category records turned into near misses of what nearly happened, audited with the old value on an unbroken chain."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carelog.cli import run
from carelog.core.audit_chain import GENESIS_HASH, audit_hash
from carelog.core.categories import DEFAULTS
from carelog.core.dto import SYSTEM_ACTOR
from carelog.db.engine import alembic_config, create_db_engine, current_revision, head_revision, upgrade_schema
from carelog.db.repositories import audit
from carelog.db.repositories.incidents import deadline_candidates

MIGRATION = importlib.import_module("carelog.db.migrations.versions.0005_category_codes")
NOW = datetime(2028, 2, 29, 23, 59)  # the migration's audit records are dated by the clock it is given
T = datetime(2026, 3, 10, 14, 0)


def _shipped_subcategories(name: str) -> tuple[str, ...]:
    """The subcategories each default category had before 0005."""
    if name == "Near miss":
        return ("Medication", "Fall", "Equipment", "Other")
    code = MIGRATION.CODES_BY_SHIPPED_NAME[name]
    subs = next(d.subcategories for d in DEFAULTS if d.code == code)
    return (*subs, "Trip hazard") if code == "environment" else subs


def _build_0004(url: str) -> sa.Engine:
    from alembic import command

    engine = create_db_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    meta = sa.MetaData()
    meta.reflect(engine)
    cats, subs, services, incidents = (meta.tables[t] for t in ("categories", "subcategories", "services", "incidents"))
    with engine.begin() as conn:
        for position, name in enumerate(MIGRATION.CODES_BY_SHIPPED_NAME):
            shown = "Falls and slips" if name == "Fall" else name  # an administrator renamed it before 0005
            cid = conn.execute(
                cats.insert().values(name=shown, position=position, active=True).returning(cats.c.id)
            ).scalar_one()
            for sub in _shipped_subcategories(name):
                conn.execute(subs.insert().values(category_id=cid, name=sub, active=True))
        conn.execute(cats.insert().values(name="Visitors", position=99, active=True))
        sid = conn.execute(
            services.insert().values(name="Oak House", service_type="care_home", active=True).returning(services.c.id)
        ).scalar_one()
        by_name = {name: cid for name, cid in conn.execute(sa.select(cats.c.name, cats.c.id))}
        sub_id = {(c, n): i for i, c, n in conn.execute(sa.select(subs.c.id, subs.c.category_id, subs.c.name))}
        near = by_name["Near miss"]

        def add(ref: str, kind: str, cat: int, sub: int | None, account: str, harm: str = "none") -> None:
            conn.execute(
                incidents.insert().values(
                    reference=ref,
                    kind=kind,
                    category_id=cat,
                    subcategory_id=sub,
                    occurred_at=T,
                    reported_at=T,
                    reporter_name="Carer Jo",
                    service_id=sid,
                    account=account,
                    immediate_action="",
                    witnesses="",
                    injury=False,
                    body_sites="",
                    post_fall_observations="",
                    physical_harm=harm,
                    psychological_harm="none",
                    status="reported",
                    shift="late",
                    risk_assessment_reviewed=False,
                    care_plan_reviewed=False,
                    created_at=T,
                    updated_at=T,
                    version=1,
                )
            )

        add("INC-1", "near_miss", near, sub_id[(near, "Medication")], "Wrong resident's tablets picked up; stopped.")
        add("INC-2", "incident", near, sub_id[(near, "Other")], "Wet floor by the sink after a spill; mopped.")
        add("INC-3", "near_miss", near, None, "Door left open at night.")
        add("INC-4", "incident", by_name["Falls and slips"], None, "Found on the floor, hip pain.", harm="severe")
    with engine.begin() as conn:  # history written before the upgrade (as CareLog wrote it then: formula 1)
        prev = GENESIS_HASH
        for entry_id in (1, 2):
            digest = audit_hash(prev, T, SYSTEM_ACTOR.name, "incident", entry_id, "create", "", "", "")
            conn.execute(
                sa.text(
                    "INSERT INTO audit_log (at, actor_id, actor_name, entity, entity_id, action, field, "
                    "old_value, new_value, prev_hash, hash) VALUES (:at, NULL, :actor, 'incident', :id, "
                    "'create', '', '', '', :prev, :hash)"  # ids from the table's own sequence, as CareLog 0004 did
                ),
                {"id": entry_id, "at": T, "actor": SYSTEM_ACTOR.name, "prev": prev, "hash": digest},
            )
            prev = digest
        conn.execute(sa.text("INSERT INTO audit_head (id, last_hash, last_id) VALUES (1, :h, 2)"), {"h": prev})
    return engine


@pytest.fixture
def migrated(db_url: str) -> sa.Engine:
    engine = _build_0004(db_url)
    upgrade_schema(engine, clock=lambda: NOW)
    assert current_revision(engine) == head_revision()
    return engine


def _rows(engine: sa.Engine, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_default_categories_get_their_codes_and_synonyms_even_when_renamed(migrated: sa.Engine) -> None:
    got = {name: (code, active) for name, code, active in _rows(migrated, "SELECT name, code, active FROM categories")}
    assert got["Falls and slips"] == ("fall", True)  # renamed before the upgrade: found by its subcategories
    assert got["Death"][0] == "death" and got["Safeguarding"][0] == "safeguarding"
    assert got["Visitors"] == ("visitors", True)  # an administrator's own category: a code from its name
    assert got["Slip, trip or spill hazard"] == ("slip_trip_hazard", True)  # new default categories are added
    assert got["Other"] == ("other", True)
    assert got["Near miss"][0] == "near_miss" and not got["Near miss"][1]  # switched off
    synonyms = dict(_rows(migrated, "SELECT code, synonyms FROM categories"))
    assert "found on floor" in synonyms["fall"] and "tablets" in synonyms["medication"]
    assert synonyms["visitors"] == ""


def test_codes_are_unique_and_required(migrated: sa.Engine) -> None:
    with pytest.raises(IntegrityError), migrated.begin() as conn:
        conn.execute(sa.text("INSERT INTO categories (name, code, position, active) VALUES ('X', 'fall', 1, true)"))
    with pytest.raises(IntegrityError), migrated.begin() as conn:
        conn.execute(sa.text("INSERT INTO categories (name, code, position, active) VALUES ('Y', NULL, 1, true)"))


def test_near_misses_get_the_category_of_what_nearly_happened(migrated: sa.Engine) -> None:
    rows = _rows(
        migrated,
        "SELECT i.reference, i.kind, c.code, i.subcategory_id, i.version FROM incidents i "
        "JOIN categories c ON c.id = i.category_id ORDER BY i.reference",
    )
    assert rows == [
        ("INC-1", "near_miss", "medication", None, 2),  # from its old subcategory
        ("INC-2", "near_miss", "slip_trip_hazard", None, 2),  # from the words of the account
        ("INC-3", "near_miss", "other", None, 2),  # nothing to go on
        ("INC-4", "incident", "fall", None, 1),  # not a near miss: untouched
    ]


def test_each_change_is_audited_with_the_old_value_and_the_chain_stays_valid(migrated: sa.Engine, db_url: str) -> None:
    with Session(migrated) as session:
        # the 0007 upgrade then adds one "baseline" entry per record (binding it to the trail): not 0005's doing
        second = [e for e in audit.history(session, "incident", 2) if e.action != "baseline"]
        assert [(e.field, e.old_value, e.new_value) for e in second[1:]] == [
            ("kind", "Incident", "Near miss"),
            ("category_id", "Near miss", "Slip, trip or spill hazard"),
            ("subcategory_id", "Other", ""),
        ]
        assert all(e.at == NOW and e.actor_name == SYSTEM_ACTOR.name for e in second[1:])
        first = [e for e in audit.history(session, "incident", 1) if e.action != "baseline"]
        assert [(e.field, e.old_value, e.new_value) for e in first[1:]] == [
            ("category_id", "Near miss", "Medication"),
            ("subcategory_id", "Medication", ""),
        ]
        near_miss_id = session.scalar(sa.text("SELECT id FROM categories WHERE code = 'near_miss'"))
        category_entries = [e for e in audit.history(session, "category", near_miss_id) if e.action != "baseline"]
        assert [(e.field, e.old_value, e.new_value) for e in category_entries] == [("active", "yes", "no")]
        checked, breaks = audit.verify_chain(session)
    assert breaks == []
    migration_entries = _rows(migrated, "SELECT count(*) FROM audit_log WHERE action NOT IN ('upgrade', 'baseline')")
    assert migration_entries == [(2 + 2 + 3 + 1 + 1,)]  # before; incidents 1, 2 and 3; the category switched off
    assert checked == _rows(migrated, "SELECT count(*) FROM audit_log")[0][0]
    assert run(["check", "--db", db_url]) == 0


def test_deadlines_after_the_migration_follow_the_code(migrated: sa.Engine) -> None:
    with Session(migrated) as session:
        found = {c.reference: c for c in deadline_candidates(session, datetime(2026, 1, 1))}
    assert set(found) == {"INC-4"}  # the severe fall; the near misses need no notification
    assert (found["INC-4"].category_code, found["INC-4"].category) == ("fall", "Falls and slips")


def test_a_new_database_gets_the_defaults_without_near_miss(db_url: str) -> None:
    from tests.conftest import MANAGER, _make_services

    services = _make_services(db_url, MANAGER)
    cats = services.incidents.reference_data().categories
    assert [c.code for c in cats] == [d.code.value for d in DEFAULTS]
    assert "Near miss" not in {c.name for c in cats}


def test_migration_codes_match_the_defaults() -> None:
    """0005 keeps its own frozen copy of name -> code; it must agree with the defaults shipped today."""
    shipped = MIGRATION.CODES_BY_SHIPPED_NAME | MIGRATION.NEW_DEFAULTS
    for d in DEFAULTS:
        assert shipped[d.name] == d.code.value


def test_downgrade_and_upgrade_again_on_a_database_with_records(migrated: sa.Engine) -> None:
    from tests.db.test_integrity_upgrade import downgrade_with_old_hashes

    downgrade_with_old_hashes(str(migrated.url), "0004")  # back past 0007 as an old CareLog would have it
    assert current_revision(migrated) == "0004"
    upgrade_schema(migrated, clock=lambda: NOW)
    codes = {name: code for name, code in _rows(migrated, "SELECT name, code FROM categories")}
    assert codes["Falls and slips"] == "fall" and codes["Near miss"] == "near_miss"
    with Session(migrated) as session:
        assert audit.verify_chain(session)[1] == []
