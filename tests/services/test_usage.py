"""Usage imports on SQLite and PostgreSQL: a person-day replaces itself, a rejected file stores nothing, --partial
stores the good rows, people are matched against the roster, and the API's batches are all or nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import AuditRow
from bot.domain.adoption import ItemRejection
from bot.domain.csvrows import Rejection
from bot.domain.roster import Role, RosterEntry
from bot.services.uow import UnitOfWork
from bot.services.usage import BATCH, MAX_LISTED, UsageImport, UsageService

HEADER = "date,slack_id,email,events\n"
ANN, BEN = "U0ANN0001", "U0BEN0002"


@pytest.fixture
def usage(engine: Engine, config: PilotConfig, clock: FixedClock) -> UsageService:
    with UnitOfWork(engine, clock) as uow:
        for slack_id, email, name in ((ANN, "ann@x.org", "Ann"), (BEN, None, "Ben"), (None, "cy@x.org", "Cy")):
            entry = RosterEntry(slack_id, email, name, "ward-7", Role.CLINICIAN)
            repo.upsert_roster_entry(uow.session, entry=entry, now=uow.now)
        uow.commit()
    return UsageService(engine, clock, config)


def load(usage: UsageService, body: str, *, partial: bool = False) -> UsageImport:
    return usage.import_lines(io.StringIO(HEADER + body, newline=""), partial=partial, actor="test")


def stored(engine: Engine) -> dict[tuple[str, date], int]:
    """(slack_id or email, day) -> events, as the table holds them."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT coalesce(p.slack_id, p.email), u.day, u.events FROM usage_day u JOIN person p"
                " ON p.id = u.person_id ORDER BY 1, 2"
            )
        )
        return {(who, day if isinstance(day, date) else date.fromisoformat(day)): n for who, day, n in rows}


def imports(engine: Engine) -> list[AuditRow]:
    with Session(engine) as session:
        query = select(AuditRow).where(AuditRow.action == "usage.imported").order_by(col(AuditRow.id))
        return list(session.exec(query))


def test_rows_are_stored_per_person_day_matched_by_slack_id_or_email(usage: UsageService, engine: Engine) -> None:
    result = load(usage, f"2026-11-16,{ANN},,12\n2026-11-16,,CY@x.org,3\n2026-11-15,,ann@x.org,0\n")
    assert result == UsageImport(stored=3)
    assert stored(engine) == {
        (ANN, date(2026, 11, 15)): 0,
        (ANN, date(2026, 11, 16)): 12,
        ("cy@x.org", date(2026, 11, 16)): 3,
    }


def test_the_same_day_twice_replaces_never_adds(usage: UsageService, engine: Engine) -> None:
    load(usage, f"2026-11-16,{ANN},,12\n2026-11-16,{ANN},,5\n")  # twice in one file: the later row wins
    assert stored(engine) == {(ANN, date(2026, 11, 16)): 5}
    load(usage, "2026-11-16,,ann@x.org,7\n")  # sent again later, by email this time
    assert stored(engine) == {(ANN, date(2026, 11, 16)): 7}


def test_reimporting_a_file_changes_nothing(usage: UsageService, engine: Engine) -> None:
    body = f"2026-11-16,{ANN},,12\n2026-11-16,{BEN},,0\n2026-11-13,,cy@x.org,4\n"
    load(usage, body)
    before = stored(engine)
    assert load(usage, body) == UsageImport(stored=3)
    assert stored(engine) == before


def test_a_rejected_file_stores_nothing_and_names_every_bad_line(usage: UsageService, engine: Engine) -> None:
    result = load(usage, f"2026-11-16,{ANN},,12\n2026-11-16,{BEN},,lots\n\n2026-11-17,{ANN},,1\n")
    assert result.refused
    assert result.stored == 0
    assert [str(r) for r in result.rejected] == [
        "line 3: events 'lots' is not a whole number of 0 or more",
        "line 5: date 2026-11-17 is in the future (today is 2026-11-16)",
    ]
    assert stored(engine) == {}
    assert imports(engine) == []  # nothing changed, so nothing to audit


def test_a_rejected_row_after_many_batches_still_stores_nothing(usage: UsageService, engine: Engine) -> None:
    rows = "".join(f"2026-11-{1 + i % 16:02d},{ANN if i % 2 else BEN},,{i}\n" for i in range(2 * BATCH + 10))
    result = load(usage, rows + "2026-11-16,U0NOBODY1,,3\n")
    assert result.refused
    assert stored(engine) == {}  # the batches already written were in the file's one transaction


def test_partial_stores_the_good_rows(usage: UsageService, engine: Engine) -> None:
    result = load(usage, f"2026-11-16,{ANN},,12\nyesterday,{BEN},,1\n2026-11-16,{BEN},,2\n", partial=True)
    assert not result.refused
    assert result.stored == 2
    assert [str(r) for r in result.rejected] == ["line 3: date 'yesterday' is not a date (YYYY-MM-DD)"]
    assert stored(engine) == {(ANN, date(2026, 11, 16)): 12, (BEN, date(2026, 11, 16)): 2}


def test_someone_not_on_the_roster_is_rejected_with_their_line(usage: UsageService, engine: Engine) -> None:
    result = load(usage, f"2026-11-16,{ANN},,1\n2026-11-16,U0NOBODY1,,3\n2026-11-16,,zed@x.org,2\n")
    assert result.refused
    assert [str(r) for r in result.rejected] == [
        "line 3: nobody on the roster has slack_id U0NOBODY1; add them with `pilotbot roster import` first",
        "line 4: nobody on the roster has email zed@x.org; add them with `pilotbot roster import` first",
    ]
    assert stored(engine) == {}


def test_a_slack_id_and_an_email_of_two_different_people_are_rejected(usage: UsageService) -> None:
    result = load(usage, f"2026-11-16,{BEN},ann@x.org,1\n2026-11-16,{ANN},ann@x.org,1\n")
    assert [str(r) for r in result.rejected] == [
        f"line 2: slack_id {BEN} and email ann@x.org belong to two different people on the roster"
    ]


def test_someone_who_only_told_the_bot_their_ward_is_not_on_the_roster(usage: UsageService, engine: Engine) -> None:
    with UnitOfWork(engine, usage.clock) as uow:
        repo.remember_ward(uow.session, slack_id="U0SELF001", ward_id="ward-7", name="Sal", now=uow.now)
        uow.commit()
    assert load(usage, "2026-11-16,U0SELF001,,1\n").refused


def test_a_wrong_header_is_refused_at_line_1(usage: UsageService) -> None:
    result = usage.import_lines(io.StringIO("day,person,count\n2026-11-16,U0ANN0001,1\n"), partial=True, actor="t")
    assert result.refused
    assert [str(r) for r in result.rejected] == [
        "line 1: header lacks date, slack_id, email, events; expected date,slack_id,email,events"
    ]


def test_a_file_that_stops_being_utf8_is_refused_where_it_stops(usage: UsageService, engine: Engine) -> None:
    raw = (HEADER + f"2026-11-16,{ANN},,1\n").encode() + b"2026-11-16,\xff\xfe,,1\n"
    lines = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", newline="")
    result = usage.import_lines(lines, partial=True, actor="t")
    assert result.refused
    assert "not UTF-8" in str(result.rejected[-1])
    assert stored(engine) == {}


def test_a_file_wrong_throughout_names_the_first_rejections_and_counts_the_rest(usage: UsageService) -> None:
    result = load(usage, "x,U0ANN0001,,1\n" * (MAX_LISTED + 5))
    assert len(result.rejected) == MAX_LISTED
    assert result.rejected_count == MAX_LISTED + 5


def test_one_audit_entry_per_import_with_counts_only(usage: UsageService, engine: Engine) -> None:
    load(usage, f"2026-11-16,{ANN},,12\n2026-11-15,{ANN},,3\nbad,{BEN},,1\n", partial=True)
    [entry] = imports(engine)
    assert entry.actor == "test"
    assert entry.detail == {"stored": 2, "people": 1, "rejected": 1, "partial": True}


# -- the API's JSON batches -------------------------------------------------------------------------------------


def test_a_json_batch_is_stored_whole(usage: UsageService, engine: Engine) -> None:
    items = [
        {"date": "2026-11-16", "slack_id": ANN, "events": 4},
        {"date": "2026-11-16", "email": "cy@x.org", "events": 0},
    ]
    assert usage.import_items(items, actor="api") == UsageImport(stored=2)
    assert stored(engine) == {(ANN, date(2026, 11, 16)): 4, ("cy@x.org", date(2026, 11, 16)): 0}
    assert [e.entity_id for e in imports(engine)] == ["api"]


def test_a_json_batch_with_any_bad_item_stores_nothing_and_names_each_by_index(
    usage: UsageService, engine: Engine
) -> None:
    items: list[object] = [
        {"date": "2026-11-16", "slack_id": "U0NOBODY1", "events": 1},
        {"date": "2026-11-16", "slack_id": ANN, "events": 4},
        {"date": "2026-11-16", "slack_id": ANN, "events": "4"},
        "not an object",
    ]
    result = usage.import_items(items, actor="api")
    assert result.refused
    assert [(r.index, r.reason) for r in result.rejected if isinstance(r, ItemRejection)] == [
        (0, "nobody on the roster has slack_id U0NOBODY1; add them with `pilotbot roster import` first"),
        (2, "events '4' is not a whole number of 0 or more"),
        (3, "not an object with date, slack_id, email and events"),
    ]
    assert stored(engine) == {}


def test_the_pilots_today_is_in_its_own_time_zone(engine: Engine, config: PilotConfig) -> None:
    late_evening = FixedClock(datetime.fromisoformat("2026-07-01T23:30:00+00:00"))  # 00:30 on 2 July in London
    with UnitOfWork(engine, late_evening) as uow:
        repo.upsert_roster_entry(
            uow.session, entry=RosterEntry(ANN, None, "Ann", "ward-7", Role.CLINICIAN), now=uow.now
        )
        uow.commit()
    result = UsageService(engine, late_evening, config).import_items(
        [{"date": "2026-07-02", "slack_id": ANN, "events": 1}], actor="api"
    )
    assert result == UsageImport(stored=1)
    assert not any(isinstance(r, Rejection) for r in result.rejected)
