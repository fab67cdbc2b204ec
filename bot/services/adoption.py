"""Adoption per ward per ISO week, from the weekly usage rollup and the roster as it stood each week.

The database does the heavy part: the import keeps usage_week (one row per person per week with any use), and a
query here counts those person-weeks down to wards, one row per ward, roster cohort, week and number of active
days, which the pure `domain.adoption.ward_adoption()` turns into figures. A person is on their ward's roster
from the week they were first imported (`Person.created_at`, in the pilot's time zone); the roster keeps no
history of moves, so someone who changed ward counts on their current ward for every week. Whether a week has
data at all (NO DATA rather than 0%) is read from the person-days, where a day with 0 events is kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, Date, Engine, bindparam, func, select
from sqlmodel import SQLModel

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db.models import Person, UsageDayRow, UsageWeekRow
from bot.domain.adoption import Cohort, UsageGroup, WardWeek, ward_adoption
from bot.domain.weeks import IsoWeek, week_of, week_of_date, weeks_between

EXPORT_COLUMNS = ("ward", "week", "rostered", "active", "adoption", "active_days_median", "events")
_USAGE = SQLModel.metadata.tables[UsageDayRow.__tablename__]
_WEEKS = SQLModel.metadata.tables[UsageWeekRow.__tablename__]
_PEOPLE = SQLModel.metadata.tables[Person.__tablename__]
_ROSTER = "roster"

_COHORTS = (
    select(_PEOPLE.c.ward_id, _PEOPLE.c.created_at, func.count())
    .where(_PEOPLE.c.source == _ROSTER, _PEOPLE.c.ward_id.is_not(None))
    .group_by(_PEOPLE.c.ward_id, _PEOPLE.c.created_at)
    .order_by(func.min(_PEOPLE.c.id))  # wards outside the pilot file come in the order their first person came
)
# Person-weeks counted down to wards. `source` is a key and the roster is picked from the groups rather than in
# WHERE: a PostgreSQL without statistics on person (autovacuum off, or not run yet) takes `source = 'roster'`
# to keep 0.5% of people, and then joins by a nested loop and sorts, 4 times slower than the hash join it picks
# when the filter is only on the ward.
_GROUPS = (
    select(
        _PEOPLE.c.source,
        _PEOPLE.c.ward_id,
        _PEOPLE.c.created_at,
        _WEEKS.c.week,
        _WEEKS.c.active_days,
        func.count(),
        func.sum(_WEEKS.c.events),
    )
    .join_from(_WEEKS, _PEOPLE, _PEOPLE.c.id == _WEEKS.c.person_id)
    .where(
        _PEOPLE.c.ward_id.is_not(None),
        _WEEKS.c.week >= bindparam("first", type_=Date),
        _WEEKS.c.week <= bindparam("last", type_=Date),
    )
    .group_by(_PEOPLE.c.source, _PEOPLE.c.ward_id, _PEOPLE.c.created_at, _WEEKS.c.week, _WEEKS.c.active_days)
)


class _Weeks:
    """IsoWeeks of instants (in the pilot's zone) and of Mondays, each worked out once: roster imports share a
    few instants, and a span has at most 53 Mondays."""

    def __init__(self, config: PilotConfig) -> None:
        self._zone = config.zone
        self._of_instant: dict[datetime, IsoWeek] = {}
        self._of_day: dict[date, IsoWeek] = {}

    def of_instant(self, instant: datetime) -> IsoWeek:
        found = self._of_instant.get(instant)
        if found is None:
            found = self._of_instant[instant] = week_of(instant, self._zone)
        return found

    def of_day(self, day: date) -> IsoWeek:
        found = self._of_day.get(day)
        if found is None:
            found = self._of_day[day] = week_of_date(day)
        return found


def _cohorts(conn: Connection, weeks: _Weeks) -> list[Cohort]:
    """Rostered heads per ward and first week."""
    rows = conn.execute(_COHORTS)
    return [Cohort(ward, weeks.of_instant(created), people) for ward, created, people in rows]


def _groups(conn: Connection, weeks: _Weeks, first: IsoWeek, last: IsoWeek) -> Iterator[UsageGroup]:
    """Person-weeks from `first` to `last` counted per ward, cohort, week and active days: a year of a
    10,000-person hospital is ~20,000 rows, not ~500,000 person-weeks."""
    rows = conn.execute(_GROUPS, {"first": first.monday, "last": last.monday})
    for source, ward, created, monday, active_days, people, events in rows:
        if source == _ROSTER:
            yield UsageGroup(ward, weeks.of_instant(created), weeks.of_day(monday), active_days, people, events)


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
        span, known = weeks_between(first, last), _Weeks(self.config)
        wards = [w.id for w in self.config.wards]
        with self.engine.connect() as conn:
            cohorts = _cohorts(conn, known)
            return ward_adoption(cohorts, _groups(conn, known, first, last), span, wards=wards)

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
