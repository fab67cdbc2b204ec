"""Schema, time zones, the append-only audit log and the unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, StatementError
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.config import PilotConfig
from bot.db.models import AuditRow, InboundRow, OutboxRow, Person
from bot.db.session import SchemaError, ensure_current, head_revision, migrate
from bot.outbox import Outgoing
from bot.services.ops import OpsService
from bot.services.uow import AlreadyHandled, UnitOfWork


def test_migrate_then_the_app_may_start(bare_engine: Engine) -> None:
    with pytest.raises(SchemaError, match="run `pilotbot migrate`"):
        ensure_current(bare_engine)
    assert migrate(bare_engine) == (None, head_revision())
    ensure_current(bare_engine)
    assert migrate(bare_engine) == (head_revision(), head_revision())  # running it again changes nothing


def test_an_outdated_schema_is_refused_with_the_fix(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(SchemaError, match=r"is at 0000, this version needs .*: run `pilotbot migrate`"):
        ensure_current(engine)


def test_times_come_back_tz_aware_utc(engine: Engine, clock: FixedClock) -> None:
    paris = datetime(2026, 3, 29, 3, 30, tzinfo=timezone(timedelta(hours=2)))
    with Session(engine) as session:
        session.add(Person(slack_id="U1", name="A", role="clinician", created_at=paris, updated_at=paris))
        session.commit()
    with Session(engine) as session:
        row = session.exec(select(Person)).one()
    assert row.created_at.utcoffset() == timedelta(0)
    assert row.created_at == paris
    with Session(engine) as session:
        session.add(
            Person(
                slack_id="U2",
                name="B",
                role="clinician",
                created_at=datetime(2026, 1, 1),
                updated_at=clock.now(),
            )
        )
        with pytest.raises(StatementError, match="tz-aware"):
            session.commit()


@pytest.fixture
def audited(engine: Engine, clock: FixedClock) -> Engine:
    """Three audit entries, a minute apart."""
    for i in range(3):
        with UnitOfWork(engine, clock) as uow:
            uow.audit(actor="U1", action="test.done", entity_type="thing", entity_id=i, n=i)
            uow.commit()
        clock.advance(timedelta(minutes=1))
    return engine


def _audit_count(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(AuditRow)).all())


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'U666'", "DELETE FROM audit_log"])
def test_the_audit_log_refuses_update_and_delete(audited: Engine, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), audited.begin() as conn:
        conn.execute(text(statement))
    assert _audit_count(audited) == 3


def test_the_audit_log_refuses_truncate_on_postgresql(audited: Engine) -> None:
    if audited.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement; SQLite has none")
    with pytest.raises(DBAPIError, match="append-only"), audited.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert _audit_count(audited) == 3


TAMPERING = {
    "edited": ["UPDATE audit_log SET actor = 'U666' WHERE id = 2"],
    "deleted": ["DELETE FROM audit_log WHERE id = 2"],
    "reordered": [
        "UPDATE audit_log SET id = 99 WHERE id = 2",
        "UPDATE audit_log SET id = 2 WHERE id = 3",
        "UPDATE audit_log SET id = 3 WHERE id = 99",
    ],
}


@pytest.mark.parametrize(("how", "first_broken"), [("edited", 2), ("deleted", 3), ("reordered", 2)])
def test_audit_verify_finds_tampering_done_behind_the_triggers_back(
    audited: Engine, clock: FixedClock, config: PilotConfig, how: str, first_broken: int
) -> None:
    ops = OpsService(audited, clock, config)
    assert ops.verify_audit() == (3, None)
    with audited.begin() as conn:
        if audited.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        for statement in TAMPERING[how]:
            conn.execute(text(statement))
    _, broken = ops.verify_audit()
    assert broken is not None and broken.seq == first_broken


def test_a_claimed_delivery_cannot_be_claimed_again(engine: Engine, clock: FixedClock) -> None:
    with UnitOfWork(engine, clock) as uow:
        uow.claim("ev:Ev1", "event")
        uow.commit()
    with UnitOfWork(engine, clock) as uow, pytest.raises(AlreadyHandled):
        uow.claim("ev:Ev1", "event")


def test_leaving_without_commit_keeps_nothing(audited: Engine, clock: FixedClock) -> None:
    def fail_half_way() -> None:
        with UnitOfWork(audited, clock) as uow:
            uow.claim("ev:Ev2", "event")
            uow.send(Outgoing("k1", "chat.postMessage", {"channel": "C1", "text": "hi"}, "test"))
            uow.audit(actor="U1", action="x", entity_type="y", entity_id=1)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()
    with Session(audited) as session:
        assert session.exec(select(InboundRow)).all() == []
        assert session.exec(select(OutboxRow)).all() == []
    assert _audit_count(audited) == 3


def test_queueing_the_same_key_twice_sends_once(engine: Engine, clock: FixedClock) -> None:
    for _ in range(2):
        with UnitOfWork(engine, clock) as uow:
            uow.send(Outgoing("same", "chat.postMessage", {"channel": "C1", "text": "hi"}, "test"))
            uow.commit()
    with Session(engine) as session:
        assert len(session.exec(select(OutboxRow)).all()) == 1


def test_now_is_read_once_per_unit_of_work(engine: Engine, clock: FixedClock) -> None:
    with UnitOfWork(engine, clock) as uow:
        first = uow.now
        clock.advance(timedelta(hours=1))
        assert uow.now == first == clock.now() - timedelta(hours=1)


def test_the_queue_revision_upgrades_a_database_that_already_holds_reports(bare_engine: Engine) -> None:
    from alembic import command

    from bot.db.session import alembic_config

    command.upgrade(alembic_config(bare_engine), "0001")
    with bare_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO report (reporter, filed_by, source, severity, text, masked, status,"
                " created_at, updated_at)"
                " VALUES ('U1', 'U1', 'command', 'minor', 'printer', '', 'new',"
                " '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
            )
        )
    migrate(bare_engine)
    with bare_engine.connect() as conn:
        row = conn.execute(text("SELECT cycle, me_too, clock_started_at, created_at FROM report")).one()
    assert (row.cycle, row.me_too) == (1, 0)
    assert str(row.clock_started_at)[:19] == str(row.created_at)[:19]
