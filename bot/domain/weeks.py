"""ISO weeks in the pilot's time zone: the unit every weekly figure, bulletin, leaderboard and gate is about.

A week is Monday 00:00 to the next Monday 00:00 local time, so it is 167, 168 or 169 hours long across a clock
change. Pure: instants and zones in, weeks and UTC bounds out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

_LABEL = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        weeks_in_year = date(self.year, 12, 28).isocalendar().week
        if not 1 <= self.week <= weeks_in_year:
            raise ValueError(f"{self.year} has no ISO week {self.week} (it has {weeks_in_year})")

    @property
    def label(self) -> str:
        """As written in the pilot file, the CLI and the exports: 2026-W48."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shift(self, weeks: int) -> IsoWeek:
        """The week `weeks` later (earlier when negative)."""
        return week_of_date(self.monday + timedelta(weeks=weeks))

    def previous(self) -> IsoWeek:
        return self.shift(-1)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) of the week as UTC instants, local midnight to local midnight."""
        start = datetime.combine(self.monday, datetime.min.time(), zone)
        end = datetime.combine(self.monday + timedelta(weeks=1), datetime.min.time(), zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def contains(self, instant: datetime, zone: ZoneInfo) -> bool:
        start, end = self.bounds(zone)
        return start <= instant < end

    def __str__(self) -> str:
        return self.label


def parse_week(text: str) -> IsoWeek:
    """'2026-W48' -> IsoWeek(2026, 48); a ValueError naming the expected form otherwise."""
    m = _LABEL.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not an ISO week; write it as YYYY-Www, for example 2026-W48")
    return IsoWeek(int(m.group(1)), int(m.group(2)))


def week_of_date(day: date) -> IsoWeek:
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def week_of(instant: datetime, zone: ZoneInfo) -> IsoWeek:
    """The ISO week an instant falls in, in the pilot's time zone."""
    return week_of_date(instant.astimezone(zone).date())


def last_complete(instant: datetime, zone: ZoneInfo) -> IsoWeek:
    """The latest ISO week that had ended by `instant`: the week a Monday bulletin or a gate is about."""
    return week_of(instant, zone).previous()


def weeks_between(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Every week from `first` to `last`, both included (empty when first is after last)."""
    out: list[IsoWeek] = []
    week = first
    while week <= last:
        out.append(week)
        week = week.shift(1)
    return out
