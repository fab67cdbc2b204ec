"""Adoption per ward per ISO week, from the usage data and the roster as it stood each week.

The database does the heavy part: person-days are summed into person-weeks (a GROUP BY per week), streamed into
the pure `domain.adoption.adoption()`, which counts heads per ward. A person is on their ward's roster from the
week they were first imported (`Person.created_at`, in the pilot's time zone); the roster keeps no history of
moves, so someone who changed ward counts on their current ward for every week.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Date, Engine, bindparam, func, select
from sqlmodel import SQLModel, col

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db.models import Person, UsageDayRow
from bot.domain.adoption import Membership, WardWeek, WeekUsage, adoption
from bot.domain.weeks import IsoWeek, week_of, week_of_date, weeks_between

EXPORT_COLUMNS = ("ward", "week", "rostered", "active", "adoption", "active_days_median", "events")
_USAGE = SQLModel.metadata.tables[UsageDayRow.__tablename__]


_PER_WEEK = (
    select(_USAGE.c.person_id, func.count(), func.sum(_USAGE.c.events))
    .where(
        _USAGE.c.day >= bindparam("start", type_=Date),
        _USAGE.c.day < bindparam("end", type_=Date),
        _USAGE.c.events > 0,
    )
    .group_by(_USAGE.c.person_id)
)


def _week_usage(conn: Connection, weeks: list[IsoWeek]) -> Iterator[WeekUsage]:
    """Each person's active days and events in each of `weeks`, one GROUP BY person per week, streamed.

    A query per week rather than one GROUP BY person, week: the week's bounds are plain dates, the same SQL on
    SQLite and PostgreSQL, and SQLite sorts 53 small groups far faster than one big one. The statement is
    compiled once and run on the driver's cursor: a year is ~500,000 person-weeks, and SQLAlchemy's row objects
    would cost more than the database does.
    """
    compiled = _PER_WEEK.compile(dialect=conn.dialect)
    sql, order = str(compiled), compiled.positiontup
    day: Callable[[date], Any] = Date().bind_processor(conn.dialect) or _same
    cursor = conn.connection.cursor()
    try:
        for week in weeks:
            bounds = {**compiled.params, "start": day(week.monday), "end": day(week.monday + timedelta(weeks=1))}
            cursor.execute(sql, [bounds[name] for name in order] if order else bounds)
            for person, days, events in cursor.fetchall():  # one week: at most one row per rostered person
                yield WeekUsage(person, week, days, events)
    finally:
        cursor.close()


def _same(day: date) -> date:
    return day


def _memberships(conn: Connection, config: PilotConfig) -> list[Membership]:
    """Everyone on a ward's roster, from the week they were first imported."""
    rows = conn.execute(
        select(col(Person.id), col(Person.ward_id), col(Person.created_at)).where(
            col(Person.source) == "roster", col(Person.ward_id).is_not(None)
        )
    )
    first: dict[datetime, IsoWeek] = {}  # a roster file's people share one instant: work its week out once
    members = []
    for pid, ward, created in rows:
        week = first.get(created) or first.setdefault(created, week_of(created, config.zone))
        if pid is not None and ward is not None:
            members.append(Membership(pid, ward, week))
    return members


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass
class AdoptionService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def weeks(self, first: IsoWeek, last: IsoWeek) -> list[WardWeek]:
        """Every ward's adoption for every week from `first` to `last`: pilot-file wards first, in its order."""
        with self.engine.connect() as conn:
            span = weeks_between(first, last)
            wards = [w.id for w in self.config.wards]
            return adoption(_memberships(conn, self.config), _week_usage(conn, span), span, wards=wards)

    def has_data(self) -> bool:
        """True once any usage has been imported (before that, adoption is NO DATA, not 0)."""
        return self.span() is not None

    def has_week(self, week: IsoWeek) -> bool:
        """True when any usage (0 events included) is dated in `week`: otherwise its figures are NO DATA."""
        start = week.monday
        query = select(_USAGE.c.day).where(_USAGE.c.day >= start, _USAGE.c.day < start + timedelta(weeks=1)).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def overall(self, week: IsoWeek) -> float | None:
        """Active / rostered over every ward for a week; None without usage data that week or nobody rostered."""
        if not self.has_week(week):
            return None
        rows = self.weeks(week, week)
        rostered = sum(r.rostered for r in rows)
        return sum(r.active for r in rows) / rostered if rostered else None

    def export_csv(self) -> str:
        """ward,week,rostered,active,adoption,active_days_median,events: one row per ward per ISO week, from the
        week of the first usage day to the week of the last; just the header before any usage."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        span = self.span()
        if span is not None:
            for r in self.weeks(*span):
                row = (r.ward, r.week.label, r.rostered, r.active, _fraction(r.adoption), _number(r.active_days_median))
                writer.writerow((*row, r.events))
        return out.getvalue()

    def span(self) -> tuple[IsoWeek, IsoWeek] | None:
        """The weeks of the first and the last usage day (the pilot's weeks with data); None before any usage."""
        with self.engine.connect() as conn:
            first, last = conn.execute(select(func.min(_USAGE.c.day), func.max(_USAGE.c.day))).one()
        if first is None or last is None:
            return None
        return week_of_date(first), week_of_date(last)
