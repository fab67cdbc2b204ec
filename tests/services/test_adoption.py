"""Adoption per ward per ISO week from the stored usage, on SQLite and PostgreSQL: the roster as it stood each week,
active = any events, depth = median active days, and the export's rows."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.clock import FixedClock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.roster import Role, RosterEntry
from bot.domain.weeks import IsoWeek
from bot.services.adoption import AdoptionService
from bot.services.uow import UnitOfWork
from bot.services.usage import UsageService

W46, W47, W48 = IsoWeek(2026, 46), IsoWeek(2026, 47), IsoWeek(2026, 48)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def enrol(engine: Engine, at: datetime, *people: tuple[str, str | None, Role]) -> None:
    with UnitOfWork(engine, FixedClock(at)) as uow:
        for slack_id, ward, role in people:
            entry = RosterEntry(slack_id, None, f"Person {slack_id[-2:]}", ward, role)
            repo.upsert_roster_entry(uow.session, entry=entry, now=uow.now)
        uow.commit()


def feed(engine: Engine, config: PilotConfig, rows: str) -> None:
    body = io.StringIO("date,slack_id,email,events\n" + rows, newline="")
    result = UsageService(engine, FixedClock(NOW), config).import_lines(body, partial=False, actor="test")
    assert not result.rejected, result.rejected


@pytest.fixture
def adoption(engine: Engine, config: PilotConfig) -> AdoptionService:
    enrol(
        engine,
        datetime(2026, 11, 9, 9, 0, tzinfo=UTC),  # W46
        ("U0SEVEN01", "ward-7", Role.CLINICIAN),
        ("U0SEVEN02", "ward-7", Role.CHAMPION),
        ("U0SEVEN03", "ward-7", Role.CLINICIAN),
        ("U0LEAD001", None, Role.LEAD),
    )
    # Sunday 22 Nov 23:30 UTC is still Sunday in London (GMT): this one counts from W47
    enrol(engine, datetime(2026, 11, 22, 23, 30, tzinfo=UTC), ("U0SEVEN04", "ward-7", Role.CLINICIAN))
    return AdoptionService(engine, FixedClock(NOW), config)


def test_people_count_from_the_week_they_were_first_imported(adoption: AdoptionService, config: PilotConfig) -> None:
    feed(adoption.engine, config, "2026-11-10,U0SEVEN01,,3\n2026-11-17,U0SEVEN04,,2\n2026-11-10,U0SEVEN04,,9\n")
    rows = {(r.ward, r.week): r for r in adoption.weeks(W46, W47)}
    assert (rows["ward-7", W46].rostered, rows["ward-7", W46].active) == (3, 1)  # SEVEN04's use before joining: not
    assert (rows["ward-7", W47].rostered, rows["ward-7", W47].active) == (4, 1)
    assert (rows["ward-9", W47].rostered, rows["ward-9", W47].adoption) == (0, None)  # in the pilot file, nobody


def test_active_means_any_events_and_depth_is_the_median_of_active_days(
    adoption: AdoptionService, config: PilotConfig
) -> None:
    feed(
        adoption.engine,
        config,
        "2026-11-16,U0SEVEN01,,1\n2026-11-17,U0SEVEN01,,1\n2026-11-18,U0SEVEN01,,1\n"
        "2026-11-16,U0SEVEN02,,40\n2026-11-22,U0SEVEN02,,0\n"
        "2026-11-16,U0SEVEN03,,0\n2026-11-17,U0LEAD001,,5\n",
    )
    [seven] = [r for r in adoption.weeks(W47, W47) if r.ward == "ward-7"]
    assert (seven.rostered, seven.active, seven.adoption, seven.active_days_median, seven.events) == (4, 2, 0.5, 2, 43)


def test_no_data_is_not_zero(adoption: AdoptionService, config: PilotConfig) -> None:
    assert not adoption.has_data()
    assert adoption.overall(W47) is None
    feed(adoption.engine, config, "2026-11-16,U0SEVEN03,,0\n")
    assert adoption.has_data()
    assert adoption.has_week(W47)
    assert not adoption.has_week(W48)
    assert adoption.overall(W47) == 0.0  # data came for the week, and nobody used it
    assert adoption.overall(W48) is None


def test_the_export_runs_from_the_first_week_with_usage_to_the_last(
    adoption: AdoptionService, config: PilotConfig
) -> None:
    feed(adoption.engine, config, "2026-11-10,U0SEVEN01,,3\n2026-11-24,U0SEVEN02,,2\n2026-11-25,U0SEVEN02,,2\n")
    lines = adoption.export_csv().splitlines()
    assert lines == [
        "ward,week,rostered,active,adoption,active_days_median,events",
        "ward-7,2026-W46,3,1,0.3333,1,3",
        "ward-7,2026-W47,4,0,0.0000,,0",
        "ward-7,2026-W48,4,1,0.2500,2,4",
        "ward-9,2026-W46,0,0,,,0",
        "ward-9,2026-W47,0,0,,,0",
        "ward-9,2026-W48,0,0,,,0",
    ]
