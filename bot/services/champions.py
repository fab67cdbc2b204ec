"""The champion network as people read it: who the champions are, where the gaps are, what a champion's ward looks
like, and the office-hours schedule (rows turned into what people see, shared with services/office_hours.py,
which changes it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy import select as sa_select
from sqlmodel import Session as Db
from sqlmodel import col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import OfficeRsvpRow, OfficeSessionRow, Person, UsageDayRow
from bot.domain.adoption import Membership
from bot.domain.champions import WardCover, champion_coverage, directory, not_started
from bot.domain.office_hours import MINUTES, Session, next_7_days
from bot.domain.roster import Person as Staff
from bot.domain.roster import Role
from bot.domain.weeks import week_of
from bot.render import copy_office as copy
from bot.render.office_hours import ChampionAnswer, ChampionHome, CoverHome, SessionView, WardChampions
from bot.services.uow import UnitOfWork

LONGEST = timedelta(minutes=MINUTES[1])  # a session that started this long ago has certainly ended
NEXT_SHOWN = 3  # /champion and App Home: the next few sessions
COVER_ROLES = frozenset({Role.LEAD, Role.ADMIN})


@dataclass
class ChampionService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def directory(self) -> list[WardCover]:
        """Per ward: its champions, its rostered staff, staff per champion, and whether there is a gap."""
        with UnitOfWork(self.engine, self.clock) as uow:
            return self._directory(uow.session)

    def _directory(self, db: Db) -> list[WardCover]:
        aim, wards = self.config.champions.staff_per_champion, [w.id for w in self.config.wards]
        return directory(_rostered(db), staff_per_champion=aim, wards=wards)

    def coverage(self) -> float | None:
        """The champion_coverage gate metric: the share of wards without a gap; None with no wards."""
        return champion_coverage(self.directory())

    def directory_text(self) -> str:
        """`pilotbot champions`, as printed: one line per ward, GAP at its end where cover is short."""
        covers, aim = self.directory(), self.config.champions.staff_per_champion
        lines = [copy.DIRECTORY_HEAD.format(pilot=self.config.pilot.name, aim=aim)]
        lines += [_directory_line(c, self._ward_name(c.ward)) for c in covers]
        lines.append(copy.DIRECTORY_FOOT.format(covered=sum(not c.gap for c in covers), wards=len(covers)))
        return "\n".join(lines)

    def _ward_name(self, ward: str) -> str:
        found = self.config.ward(ward)
        return found.name if found else ward

    def for_person(self, slack_id: str, *, channel: str | None = None) -> ChampionAnswer:
        """/champion: their ward's champions (by the roster, else the channel's ward; else every ward) and the next
        office hours there; with none there, the next anywhere, since anyone may come."""
        with UnitOfWork(self.engine, self.clock) as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            from_channel = self.config.ward_for_channel(channel)
            ward = self.config.ward(person.ward_id if person else None) or from_channel
            everyone = self._champions(uow.session)
            shown = [c for c in everyone if ward is None or c.ward == ward.id]
            mine = (
                upcoming(uow.session, self.config, uow.now, ward=ward.id, week=False, viewer=slack_id) if ward else []
            )
            anywhere = [] if mine else upcoming(uow.session, self.config, uow.now, week=False, viewer=slack_id)
            sessions = (mine or anywhere)[:NEXT_SHOWN]
            return ChampionAnswer(tuple(shown), ward is not None, tuple(sessions), bool(ward and anywhere))

    def _champions(self, db: Db) -> list[WardChampions]:
        rows = db.exec(select(Person).where(Person.role == Role.CHAMPION.value, Person.source == "roster")).all()
        out = []
        for ward in self.config.wards:
            names = sorted(((p.slack_id, p.name) for p in rows if p.ward_id == ward.id), key=lambda c: c[1].casefold())
            out.append(WardChampions(ward.id, ward.name, tuple(names)))
        return out

    def champion_home(self, slack_id: str, *, adoption: float | None = None) -> ChampionHome | None:
        """A champion's ward for App Home: adoption this week (given by the caller), how many colleagues have not
        started (a count, never names; None without usage data), and their own next sessions. None for others."""
        with UnitOfWork(self.engine, self.clock) as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            ward = self.config.ward(person.ward_id) if person and person.role is Role.CHAMPION else None
            if ward is None:
                return None
            colleagues, waiting = self._not_started(uow.session, ward.id, slack_id, uow.now)
            sessions = upcoming(uow.session, self.config, uow.now, champion=slack_id, week=False)[:NEXT_SHOWN]
            return ChampionHome(ward.id, ward.name, adoption, waiting, colleagues, tuple(sessions))

    def _not_started(self, db: Db, ward: str, slack_id: str, now: datetime) -> tuple[int, int | None]:
        """(colleagues on the ward's roster this week, how many of them have no use yet or None without data)."""
        zone, week = self.config.zone, week_of(now, self.config.zone)
        rows = db.exec(select(Person).where(Person.ward_id == ward, Person.source == "roster")).all()
        people = [p for p in rows if p.slack_id != slack_id]
        spells = [Membership(p.id or 0, ward, week_of(p.created_at, zone)) for p in people]
        colleagues = sum(s.covers(week) for s in spells)
        if db.exec(select(UsageDayRow.person_id).limit(1)).first() is None:
            return colleagues, None
        ids = [p.id for p in people]
        started = set(
            db.exec(select(UsageDayRow.person_id).where(col(UsageDayRow.person_id).in_(ids), UsageDayRow.events > 0))
        )
        return colleagues, not_started(spells, ward, week, started)

    def cover_home(self) -> CoverHome:
        """A lead's App Home: how many wards have champion cover, and the gaps."""
        with UnitOfWork(self.engine, self.clock) as uow:
            covers = self._directory(uow.session)
        names = tuple((w.id, w.name) for w in self.config.wards)
        return CoverHome(tuple(covers), names, self.config.champions.staff_per_champion)

    def home_section(
        self, slack_id: str, *, adoption: Mapping[str, float | None] | None = None
    ) -> ChampionHome | CoverHome | None:
        """What App Home shows about the champion network: a champion's ward, a lead's or admin's cover, else None.
        `adoption` is this week's figure by ward id (from the adoption service), when there is usage data."""
        with UnitOfWork(self.engine, self.clock) as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
        if person is None:
            return None
        if person.role in COVER_ROLES:
            return self.cover_home()
        figure = (adoption or {}).get(person.ward_id or "")
        return self.champion_home(slack_id, adoption=figure) if person.role is Role.CHAMPION else None


def _rostered(db: Db) -> list[Staff]:
    """Everyone on the roster (self-declared reporters are not rostered staff)."""
    fields = (Person.slack_id, Person.email, Person.name, Person.ward_id, Person.role, Person.source)
    columns = sa_select(*(col(f) for f in fields))
    rows = db.connection().execute(columns.where(col(Person.source) == "roster").order_by(col(Person.id)))
    return [Staff(r.slack_id, r.email, r.name, r.ward_id, Role(r.role), r.source) for r in rows]


def _directory_line(cover: WardCover, name: str) -> str:
    ratio = "-" if cover.staff_per_champion is None else f"{cover.staff_per_champion:.1f}"
    names = ", ".join(cover.champions) or copy.DIRECTORY_NONE
    line = copy.DIRECTORY_LINE.format(ward=cover.ward, name=name, names=names, staff=cover.staff, ratio=ratio)
    return line + (copy.DIRECTORY_GAP if cover.gap else "")


# --- the office-hours schedule as people read it --------------------------------------------------------------


def as_session(row: OfficeSessionRow) -> Session:
    """A stored session as the domain reads it."""
    assert row.id is not None
    return Session(row.champion, row.ward_id, row.start, row.minutes, row.place, row.id, row.cancelled_at is not None)


def session_views(
    db: Db, config: PilotConfig, rows: Sequence[OfficeSessionRow], *, viewer: str | None = None
) -> list[SessionView]:
    """Rows as people see them: the champion's and ward's names, how many are coming, and whether `viewer` is."""
    ids = [r.id for r in rows]
    rsvps = db.exec(
        select(OfficeRsvpRow.session_id, OfficeRsvpRow.slack_id).where(col(OfficeRsvpRow.session_id).in_(ids))
    ).all()
    counts, mine = Counter(s for s, _ in rsvps), {s for s, who in rsvps if viewer and who == viewer}
    champions = {r.champion for r in rows}
    names = {p.slack_id: p.name for p in db.exec(select(Person).where(col(Person.slack_id).in_(champions)))}
    wards = {w.id: w.name for w in config.wards}
    return [
        SessionView(
            r.id or 0,
            r.champion,
            names.get(r.champion, r.champion),
            r.ward_id,
            wards.get(r.ward_id, r.ward_id),
            r.start,
            r.minutes,
            r.place,
            coming=counts[r.id or 0],
            cancelled=r.cancelled_at is not None,
            attended=r.attended,
            you_coming=r.id in mine,
        )
        for r in rows
    ]


def upcoming(
    db: Db,
    config: PilotConfig,
    now: datetime,
    *,
    ward: str | None = None,
    champion: str | None = None,
    week: bool = True,
    viewer: str | None = None,
) -> list[SessionView]:
    """Sessions not cancelled and not yet over (with `week`, only those starting in the next 7 days), earliest
    first; of one ward or one champion if given."""
    query = select(OfficeSessionRow).where(
        col(OfficeSessionRow.cancelled_at).is_(None), col(OfficeSessionRow.start) > now - LONGEST
    )
    if ward is not None:
        query = query.where(OfficeSessionRow.ward_id == ward)
    if champion is not None:
        query = query.where(OfficeSessionRow.champion == champion)
    rows = {r.id: r for r in db.exec(query)}
    sessions = [as_session(r) for r in rows.values()]
    kept = next_7_days(sessions, now) if week else sorted((s for s in sessions if s.end > now), key=_start)
    return session_views(db, config, [rows[s.id] for s in kept], viewer=viewer)


def _start(session: Session) -> datetime:
    return session.start
