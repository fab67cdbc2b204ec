"""Usage imports on SQLite and PostgreSQL: a person-day replaces itself, a rejected file stores nothing, --partial
stores the good rows, people are matched against the roster, the API's batches are all or nothing, and the weekly
rollup says what the person-days say after every import."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, text
from sqlmodel import Session, SQLModel, col, select

from bot.clock import FixedClock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import AuditRow, Person, UsageDayRow, UsageWeekRow
from bot.db.session import alembic_config, migrate
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


# -- the weekly rollup ------------------------------------------------------------------------------------------


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rolled_up(engine: Engine) -> dict[tuple[str, date], tuple[int, int]]:
    """(slack_id or email, Monday) -> (active days, events), as usage_week holds them."""
    weeks, people = SQLModel.metadata.tables[UsageWeekRow.__tablename__], SQLModel.metadata.tables["person"]
    query = weeks.join(people, people.c.id == weeks.c.person_id).select()
    with engine.connect() as conn:
        rows = conn.execute(query).mappings()
        return {(r["slack_id"] or r["email"], r["week"]): (r["active_days"], r["events"]) for r in rows}


def from_days(days: dict[tuple[str, date], int]) -> dict[tuple[str, date], tuple[int, int]]:
    """The rollup worked out by hand from person-days: weeks with no active day are not kept."""
    out: dict[tuple[str, date], tuple[int, int]] = {}
    for (who, day), events in days.items():
        if events > 0:
            active, total = out.get((who, monday(day)), (0, 0))
            out[who, monday(day)] = (active + 1, total + events)
    return out


def test_the_rollup_counts_active_days_and_events_per_iso_week(usage: UsageService, engine: Engine) -> None:
    # Sunday 8 Nov ends W45; Monday 9 Nov starts W46; a 0 is a day of the week without use
    load(usage, f"2026-11-08,{ANN},,2\n2026-11-09,{ANN},,3\n2026-11-10,{ANN},,0\n2026-11-15,{ANN},,4\n")
    assert rolled_up(engine) == {(ANN, date(2026, 11, 2)): (1, 2), (ANN, date(2026, 11, 9)): (2, 7)}


def test_a_day_sent_again_is_replaced_in_the_rollup_too(usage: UsageService, engine: Engine) -> None:
    load(usage, f"2026-11-09,{ANN},,3\n2026-11-10,{ANN},,5\n2026-11-10,{BEN},,1\n")
    load(usage, f"2026-11-10,{ANN},,1\n2026-11-10,{BEN},,0\n")  # ANN's Tuesday lowered, BEN's day taken back
    assert rolled_up(engine) == {(ANN, date(2026, 11, 9)): (2, 4)}
    usage.import_items([{"date": "2026-11-09", "slack_id": ANN, "events": 0}], actor="api")
    assert rolled_up(engine) == {(ANN, date(2026, 11, 9)): (1, 1)}


def test_a_refused_import_leaves_the_rollup_as_it_was(usage: UsageService, engine: Engine) -> None:
    load(usage, f"2026-11-09,{ANN},,3\n")
    assert load(usage, f"2026-11-09,{ANN},,9\n2026-11-10,U0NOBODY1,,1\n").refused
    assert usage.import_items([{"date": "2026-11-09", "slack_id": ANN, "events": 8}, {}], actor="api").refused
    assert rolled_up(engine) == {(ANN, date(2026, 11, 9)): (1, 3)}


@pytest.mark.parametrize("seed", range(3))
def test_the_rollup_is_what_the_person_days_say_after_every_import(
    usage: UsageService, engine: Engine, seed: int
) -> None:
    rng = random.Random(seed)
    who = [(ANN, ""), (BEN, ""), ("", "cy@x.org"), ("", "ann@x.org")]  # Ann by Slack ID and by email
    for n in range(8):
        rows = [(date(2026, 10, 26) + timedelta(days=rng.randint(0, 21)), *rng.choice(who)) for _ in range(12)]
        events = [rng.choice([0, 0, 1, 2, 30]) for _ in rows]
        if n % 2:
            pairs = zip(rows, events, strict=True)
            items = [{"date": d.isoformat(), "slack_id": s, "email": e, "events": k} for (d, s, e), k in pairs]
            usage.import_items(items, actor="api")
        else:
            body = "".join(f"{d},{s},{e},{k}\n" for (d, s, e), k in zip(rows, events, strict=True))
            load(usage, body + ("2026-11-17,U0ANN0001,,1\n" if n % 3 == 0 else ""), partial=n % 4 == 0)
        assert rolled_up(engine) == from_days(stored(engine))


def test_the_migration_rolls_up_the_days_already_stored(bare_engine: Engine) -> None:
    from alembic import command

    command.upgrade(alembic_config(bare_engine), "0004")
    t = datetime(2026, 12, 1, tzinfo=UTC)
    days = {
        date(2026, 12, 27): 1,  # Sunday: W52
        date(2026, 12, 28): 2,  # Monday: W53
        date(2026, 12, 31): 0,
        date(2027, 1, 3): 4,  # Sunday of 2026-W53, in 2027
        date(2027, 1, 4): 8,  # Monday of 2027-W01
    }
    with bare_engine.begin() as conn:
        ann = {"slack_id": ANN, "name": "Ann", "role": "clinician", "source": "roster"}
        ann |= {"created_at": t, "updated_at": t}
        conn.execute(insert(Person), [ann])
        pid = conn.execute(text("SELECT id FROM person")).scalar_one()
        conn.execute(insert(UsageDayRow), [{"person_id": pid, "day": d, "events": n} for d, n in days.items()])
    migrate(bare_engine)
    assert rolled_up(bare_engine) == from_days({(ANN, d): n for d, n in days.items()})
    assert from_days({(ANN, d): n for d, n in days.items()}) == {
        (ANN, date(2026, 12, 21)): (1, 1),
        (ANN, date(2026, 12, 28)): (2, 6),
        (ANN, date(2027, 1, 4)): (1, 8),
    }
