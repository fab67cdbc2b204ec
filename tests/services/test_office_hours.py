"""The champion and office-hours services against both databases: the directory and its GAPs, what App Home is
given, exports, and the job and the clicks when two workers or two clicks race; plus the two CLI commands."""

from __future__ import annotations

import csv
import io
import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.__main__ import main
from bot.clock import Clock, FixedClock
from bot.config import Champions, PilotConfig, parse_config
from bot.db import repositories as repo
from bot.db.models import AuditRow, OfficeRsvpRow, OutboxRow, Person, UsageDayRow
from bot.domain.champions import WardCover
from bot.domain.office_hours import SessionForm
from bot.domain.roster import parse_roster
from bot.render.office_hours import ChampionHome, CoverHome, home_blocks
from bot.services.champions import ChampionService
from bot.services.office_hours import OfficeHoursService
from bot.services.send import ReplyTo
from bot.services.uow import UnitOfWork
from bot.standin.blockkit import check_blocks

DATA = Path(__file__).parent.parent / "data"
AISHA, BEN, DEV, ELLA, GINA = "U0AISHA01", "U0BEN0002", "U0DEV0004", "U0ELLA005", "U0GINA007"
TUESDAY_2PM = datetime(2026, 11, 17, 14, 0, tzinfo=UTC)
_keys = itertools.count(1)


def key() -> str:
    return f"test:{next(_keys)}"


def seed(engine: Engine, clock: Clock, config: PilotConfig, roster: str) -> None:
    """Puts the roster in the database as `pilotbot roster import` would."""
    parsed = parse_roster(roster, frozenset(w.id for w in config.wards))
    assert not parsed.rejections
    with UnitOfWork(engine, clock) as uow:
        for _, entry in parsed.entries:
            repo.upsert_roster_entry(uow.session, entry=entry, now=uow.now)
        uow.commit()


@pytest.fixture
def office(engine: Engine, clock: FixedClock, config: PilotConfig, roster_csv: str) -> OfficeHoursService:
    seed(engine, clock, config, roster_csv + f"{GINA},,Gina Ross,ward-9,champion\n")
    return OfficeHoursService(engine, clock, config)


@pytest.fixture
def champions(office: OfficeHoursService) -> ChampionService:
    return ChampionService(office.engine, office.clock, office.config)


def hold(
    office: OfficeHoursService,
    who: str = BEN,
    ward: str = "ward-7",
    day: date = date(2026, 11, 17),
    *,
    start: time = time(14, 0),
    minutes: int = 30,
    where: str = "Seminar room 2",
    repeat: int = 0,
) -> list[int]:
    """Schedules through the service as the form would; the new sessions' ids."""
    form = SessionForm(day, start, minutes, where, repeat)
    views = office.schedule(form, ward, actor=who, reply=ReplyTo(who), delivery=key())
    assert isinstance(views, list), views
    return [v.id for v in views]


def come(office: OfficeHoursService, session: int, *people: str) -> None:
    for person in people:
        assert office.toggle(session, slack_id=person, reply=ReplyTo(person), delivery=key())


def outbox(engine: Engine, purpose: str) -> list[OutboxRow]:
    with Session(engine) as db:
        return list(db.exec(select(OutboxRow).where(OutboxRow.purpose == purpose)))


# --- the directory ---------------------------------------------------------------------------------------------


def test_the_directory_counts_every_rostered_role_per_ward_and_marks_a_gap(champions: ChampionService) -> None:
    with UnitOfWork(champions.engine, champions.clock) as uow:  # a self-declared reporter is not rostered staff
        repo.remember_ward(uow.session, slack_id="U0SELF001", ward_id="ward-9", name="Sam", now=uow.now)
        uow.commit()
    assert champions.directory() == [
        WardCover("ward-7", ("Ben Okafor",), 2, 2.0, False),
        WardCover("ward-9", ("Gina Ross",), 2, 2.0, False),
    ]
    tight = ChampionService(
        champions.engine,
        champions.clock,
        champions.config.model_copy(update={"champions": Champions(staff_per_champion=1)}),
    )
    assert tight.coverage() == 0.0
    assert tight.directory_text().splitlines() == [
        "Champion directory: St Elsewhere EHR pilot (aim: 1 champion per 1 staff)",
        "ward-7  Ward 7 Acute Medicine  champions: Ben Okafor  staff: 2  staff per champion: 2.0  GAP",
        "ward-9  Ward 9 Surgery  champions: Gina Ross  staff: 2  staff per champion: 2.0  GAP",
        "coverage: 0 of 2 wards without a gap",
    ]


def test_the_champion_home_counts_colleagues_not_started_never_names(
    office: OfficeHoursService, champions: ChampionService
) -> None:
    nurses = "".join(f"U0NURSE{i:02d},,Nurse {i},ward-7,clinician\n" for i in range(4))
    seed(office.engine, office.clock, office.config, "slack_id,email,name,ward,role\n" + nurses)
    (session,) = hold(office)
    home = champions.champion_home(BEN, adoption=0.4)
    assert home is not None and (home.not_started, home.colleagues, home.adoption) == (None, 5, 0.4)  # no usage yet
    with UnitOfWork(office.engine, office.clock) as uow:
        ids = {p.slack_id: p.id for p in uow.session.exec(select(Person))}
        for who, events in ((AISHA, 3), ("U0NURSE00", 1), ("U0NURSE01", 0), (BEN, 9)):
            uow.session.add(UsageDayRow(person_id=ids[who] or 0, day=date(2026, 11, 16), events=events))
        uow.commit()
    home = champions.champion_home(BEN)
    assert home is not None
    assert (home.ward, home.not_started, home.colleagues) == ("ward-7", 3, 5)  # Nurse 01 had 0 events: not started
    assert [s.id for s in home.sessions] == [session]
    assert champions.champion_home(AISHA) is None


def test_app_home_gets_a_champions_ward_or_a_leads_cover(
    champions: ChampionService, office: OfficeHoursService
) -> None:
    hold(office)
    mine = champions.home_section(BEN, adoption={"ward-7": 0.5, "ward-9": 0.9})
    assert isinstance(mine, ChampionHome) and mine.adoption == 0.5
    cover = champions.home_section(ELLA)
    assert isinstance(cover, CoverHome) and not any(c.gap for c in cover.covers)
    assert champions.home_section(AISHA) is None and champions.home_section("U0NOBODY1") is None
    for section in (mine, cover):
        blocks = [b.to_dict() for b in home_blocks(section, office.config.zone)]
        assert check_blocks(blocks, limit=100) == []


def test_champion_for_someone_without_a_ward_lists_every_ward(champions: ChampionService) -> None:
    answer = champions.for_person(DEV)
    assert not answer.own_ward and [w.ward for w in answer.wards] == ["ward-7", "ward-9"]
    answer = champions.for_person(DEV, channel="C0WARD009")  # typed in a ward's channel: that ward
    assert answer.own_ward and answer.wards[0].champions == ((GINA, "Gina Ross"),)


# --- scheduling and permissions -----------------------------------------------------------------------------


def test_the_form_is_prefilled_with_the_persons_ward_and_leads_may_pick_any(office: OfficeHoursService) -> None:
    ben = office.form_for(BEN, channel="C0WARD009", reply=ReplyTo(BEN), delivery=key())
    assert ben is not None and (ben.ward, [w for w, _ in ben.wards]) == ("ward-7", ["ward-7"])
    ella = office.form_for(ELLA, channel="C0WARD009", reply=ReplyTo(ELLA), delivery=key())
    assert ella is not None and (ella.ward, len(ella.wards)) == ("ward-9", 2)
    assert office.form_for(AISHA, channel=None, reply=ReplyTo(AISHA), delivery=key()) is None


def test_only_the_sessions_champion_or_a_lead_cancels_or_records(office: OfficeHoursService) -> None:
    (session,) = hold(office)
    assert office.cancel(session, actor=GINA, reply=ReplyTo(GINA), delivery=key()) is None  # another ward's champion
    assert isinstance(office.clock, FixedClock)
    office.clock.set(TUESDAY_2PM + timedelta(minutes=40))
    assert office.record_attendance(session, 2, actor=GINA, reply=ReplyTo(GINA), delivery=key()) is None
    recorded = office.record_attendance(session, 2, actor=ELLA, reply=ReplyTo(ELLA), delivery=key())
    assert recorded is not None and recorded.attended == 2
    with Session(office.engine) as db:
        refused = db.exec(select(AuditRow).where(AuditRow.action == "office.refused")).all()
    assert [(a.actor, a.detail["act"]) for a in refused] == [(GINA, "cancel"), (GINA, "record")]


def test_a_ward_without_a_channel_is_scheduled_but_not_announced(
    engine: Engine, clock: FixedClock, roster_csv: str
) -> None:
    text = (DATA / "pilot.toml").read_text(encoding="utf-8").replace('channel = "C0WARD009"\n', "")
    config = parse_config(text, path="pilot.toml", base=DATA)
    seed(engine, clock, config, roster_csv)
    office = OfficeHoursService(engine, clock, config)
    (session,) = hold(office, ELLA, "ward-9")
    assert outbox(engine, "office_announce") == []
    (told,) = outbox(engine, "office_scheduled")
    assert "has no channel in the pilot file" in str(told.payload)
    assert [v.id for v in office.list_week()] == [session]
    assert office.run(TUESDAY_2PM + timedelta(days=-6)) == 0  # and the job does not announce it either


# --- races ---------------------------------------------------------------------------------------------------


def test_two_workers_running_the_job_at_once_remind_each_person_once(office: OfficeHoursService) -> None:
    (session,) = hold(office)
    come(office, session, AISHA, DEV)
    twin = OfficeHoursService(office.engine, office.clock, office.config)
    at = TUESDAY_2PM - timedelta(minutes=10)
    with ThreadPoolExecutor(2) as pool:
        sent = list(pool.map(lambda service: service.run(at), [office, twin]))
    assert sum(sent) == 2
    assert sorted(r.payload["channel"] for r in outbox(office.engine, "office_reminder")) == [AISHA, DEV]
    assert office.run(at) + twin.run(at + timedelta(minutes=1)) == 0


def test_two_clicks_at_once_by_one_person_are_on_then_off(office: OfficeHoursService) -> None:
    (session,) = hold(office)

    def click(_: int) -> bool | None:
        return office.toggle(session, slack_id=AISHA, reply=ReplyTo(AISHA), delivery=key())

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(click, range(2)))
    assert sorted(results, key=bool) == [False, True]
    with Session(office.engine) as db:
        assert db.exec(select(OfficeRsvpRow)).all() == []


# --- exports and the CLI -------------------------------------------------------------------------------------


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return db_url


def test_pilotbot_champions_prints_the_directory_with_its_gap(
    env: str,
    engine: Engine,
    config: PilotConfig,
    clock: FixedClock,
    roster_csv: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seed(engine, clock, config, roster_csv)
    assert main(["champions"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Champion directory: St Elsewhere EHR pilot (aim: 1 champion per 20 staff)",
        "ward-7  Ward 7 Acute Medicine  champions: Ben Okafor  staff: 2  staff per champion: 2.0",
        "ward-9  Ward 9 Surgery  champions: none  staff: 1  staff per champion: -  GAP",
        "coverage: 1 of 2 wards without a gap",
    ]


def test_pilotbot_export_champions_gives_one_row_per_session_held_or_coming(
    env: str, engine: Engine, config: PilotConfig, roster_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    october = FixedClock(datetime(2026, 10, 12, 8, 0, tzinfo=UTC))
    seed(engine, october, config, roster_csv)
    office = OfficeHoursService(engine, october, config)
    first, second = hold(office, day=date(2026, 10, 19), start=time(9, 0), repeat=1)  # BST, then GMT
    (dropped,) = hold(office, ELLA, "ward-9", day=date(2026, 10, 20), minutes=60, where="Ward 9 office")
    assert office.cancel(dropped, actor=ELLA, reply=ReplyTo(ELLA), delivery=key()) == 0
    october.set(datetime(2026, 10, 19, 10, 0, tzinfo=UTC))
    assert office.record_attendance(first, 4, actor=BEN, reply=ReplyTo(BEN), delivery=key()) is not None
    target = tmp_path / "champions.csv"
    assert main(["export", "champions", "--csv", str(target)]) == 0
    assert f"exported 2 row(s) to {target}" in capsys.readouterr().out
    assert list(csv.reader(io.StringIO(target.read_text(encoding="utf-8")))) == [
        ["champion", "ward", "start", "minutes", "attendees"],
        ["Ben Okafor", "ward-7", "2026-10-19T09:00:00+01:00", "30", "4"],
        ["Ben Okafor", "ward-7", "2026-10-26T09:00:00+00:00", "30", ""],  # not recorded (yet)
    ]
    assert second > first
