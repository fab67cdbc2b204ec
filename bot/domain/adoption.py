"""Adoption from the piloted system's own usage data: rows validated one by one, then figures per ward per week.

A person is active in an ISO week when they have any events that week; a ward's adoption is its active people over
the people on its roster that week (every role; a person counts from the week they were first imported). Usage
dates are calendar days as the piloted system wrote them, taken to be days in the pilot's time zone.
"""

from __future__ import annotations

import csv
import re
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple, Protocol, TypeVar

from bot.domain.csvrows import HeaderError, Rejection, Row, read_rows
from bot.domain.roster import _EMAIL, _SLACK_ID  # one definition of the shapes, shared with the roster
from bot.domain.weeks import IsoWeek, week_of_date

COLUMNS = ("date", "slack_id", "email", "events")
MAX_EVENTS = 1_000_000  # per person per day: more is an export of totals, not of days
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # date.fromisoformat alone also takes 20261116 and 2026-W47-1

PersonKey = int | str
_P = TypeVar("_P", int, str)
_Spells = dict[PersonKey, list[tuple[str, int, int]]]  # person -> (ward, first, last) index runs over the weeks


# -- rows in ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UsageRow:
    """One person's uses of the piloted system on one day, as sent; matched to the roster by the service."""

    day: date
    slack_id: str | None
    email: str | None
    events: int


@dataclass(frozen=True)
class ItemRejection:
    """A bad element of a JSON array, by its 0-based index in the array."""

    index: int
    reason: str

    def __str__(self) -> str:
        return f"item {self.index}: {self.reason}"


@dataclass(frozen=True)
class UsageBatch:
    """A file or request split into good rows (with their line or index) and rejections.

    Nothing here removes a person-day sent twice: the store replaces a person-day, so the later row wins.
    """

    rows: tuple[tuple[int, UsageRow], ...]
    rejections: tuple[Rejection | ItemRejection, ...]


@lru_cache(maxsize=4096)  # a year of rows holds ~365 distinct dates; parsing each once is most of the speed
def _calendar_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        return None


def _day(text: str, today: date) -> date | str:
    if not text:
        return "date is empty"
    day = _calendar_day(text)
    if day is None:
        return f"date {text!r} is not a date (YYYY-MM-DD)"
    if day > today:
        return f"date {text} is in the future (today is {today.isoformat()})"
    return day


def _person(slack_id: str, email: str) -> tuple[str | None, str | None] | str:
    email = email.lower()
    if not slack_id and not email:
        return "slack_id and email are both empty; give at least one"
    if slack_id and not _SLACK_ID.match(slack_id):
        return f"slack_id {slack_id!r} is not a Slack user ID (like U012ABCDEF)"
    if email and not _EMAIL.match(email):
        return f"email {email!r} is not an email address"
    return slack_id or None, email or None


def _count(events: int) -> int | str:
    if events < 0:
        return f"events '{events}' is not a whole number of 0 or more"
    if events > MAX_EVENTS:
        return f"events {events:,} is more than {MAX_EVENTS:,} in one day; send one row per person per day"
    return events


def _events_text(text: str) -> int | str:
    if not text:
        return "events is empty; write 0 for a day without use"
    if not (text.isascii() and text.isdigit()):
        return f"events {text!r} is not a whole number of 0 or more"
    return _count(int(text))


def _usage(day_text: str, slack_id: str, email: str, events: int | str, today: date) -> UsageRow | str:
    """The row, or the first reason it is wrong, in the order of the columns."""
    day = _day(day_text, today)
    if isinstance(day, str):
        return day
    person = _person(slack_id, email)
    if isinstance(person, str):
        return person
    count = _events_text(events) if isinstance(events, str) else _count(events)
    if isinstance(count, str):
        return count
    return UsageRow(day, person[0], person[1], count)


def _from_row(row: Row, today: date) -> UsageRow | Rejection:
    v = row.values
    if "__extra__" in v:
        return Rejection(row.line, "more cells than the header has columns")
    result = _usage(v["date"], v["slack_id"], v["email"], v["events"], today)
    return Rejection(row.line, result) if isinstance(result, str) else result


def _batch(results: Iterable[tuple[int, UsageRow | Rejection | ItemRejection]]) -> UsageBatch:
    rows: list[tuple[int, UsageRow]] = []
    rejections: list[Rejection | ItemRejection] = []
    for where, result in results:
        if isinstance(result, UsageRow):
            rows.append((where, result))
        else:
            rejections.append(result)
    return UsageBatch(tuple(rows), tuple(rejections))


def parse_usage_rows(rows: Iterable[Row], today: date) -> UsageBatch:
    """Rows from `csvrows.read_rows(text, COLUMNS)`: each becomes a UsageRow or a rejection with its line."""
    return _batch((row.line, _from_row(row, today)) for row in rows)


def parse_usage_csv(text: str, today: date) -> UsageBatch:
    """A whole small file at once; HeaderError when its first line is not a header with COLUMNS."""
    return parse_usage_rows(read_rows(text, COLUMNS), today)


def iter_usage(lines: Iterable[str], today: date) -> Iterator[tuple[int, UsageRow | Rejection]]:
    """Validate a CSV stream lazily, one row at a time, as (line, row or rejection); memory stays flat.

    The header is read and checked at the call (HeaderError), before any row; lines count the header as 1, and
    blank lines are skipped but counted. Pass a file opened with newline="" so quoted line breaks count right.
    """
    reader = csv.reader(lines)
    positions = _header(reader)
    return _stream(reader, positions, today)


class _Reader(Protocol):
    """What csv.reader returns: records, and the physical line the last one ended on."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


def _header(reader: _Reader) -> list[int]:
    """Where each of COLUMNS is in the header, with the same messages as csvrows.read_rows."""
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise HeaderError("line 1: the file is empty; expected the header " + ",".join(COLUMNS)) from None
    if header:
        header[0] = header[0].removeprefix("\ufeff")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HeaderError(f"line 1: header lacks {', '.join(missing)}; expected {','.join(COLUMNS)}")
    return [header.index(c) for c in COLUMNS] + [len(header)]


def _stream(reader: _Reader, positions: list[int], today: date) -> Iterator[tuple[int, UsageRow | Rejection]]:
    *at, width = positions
    pick = itemgetter(*at)
    for record in reader:
        line = reader.line_num
        if not record or (not record[0].strip() and not "".join(record).strip()):
            continue  # blank (the first test is the fast path for a row with data in its first cell)
        if len(record) > width:
            yield line, Rejection(line, "more cells than the header has columns")
            continue
        if len(record) < width:
            record += [""] * (width - len(record))
        day, slack_id, email, events = pick(record)
        result = _usage(day.strip(), slack_id.strip(), email.strip(), events.strip(), today)
        yield line, Rejection(line, result) if isinstance(result, str) else result


def _json_text(item: Mapping[str, object], key: str) -> str | None:
    """The field as stripped text; '' when missing or null; None when it is not text at all."""
    value = item.get(key)
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else None


_NOT_TEXT = {
    "date": "is not a date (YYYY-MM-DD)",
    "slack_id": "is not a Slack user ID (like U012ABCDEF)",
    "email": "is not an email address",
}


def _from_item(item: object, today: date) -> UsageRow | str:
    if not isinstance(item, Mapping):
        return "not an object with date, slack_id, email and events"
    texts = {key: _json_text(item, key) for key in _NOT_TEXT}
    for key, text in texts.items():
        if text is None:
            return f"{key} {item[key]!r} {_NOT_TEXT[key]}"
    events = item.get("events")
    if events is None:
        return "events is missing"
    if isinstance(events, bool) or not isinstance(events, int):
        return f"events {events!r} is not a whole number of 0 or more"
    return _usage(texts["date"] or "", texts["slack_id"] or "", texts["email"] or "", events, today)


def parse_usage_json(items: Iterable[object], today: date) -> UsageBatch:
    """The API's array of {"date", "slack_id", "email", "events"}: each a UsageRow or a rejection by index."""

    def checked(index: int, item: object) -> UsageRow | ItemRejection:
        result = _from_item(item, today)
        return ItemRejection(index, result) if isinstance(result, str) else result

    return _batch((index, checked(index, item)) for index, item in enumerate(items))


# -- figures out ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Membership:
    """A spell on a ward's roster: from the week first imported to `last_week` (included) if they left."""

    person: PersonKey
    ward: str
    first_week: IsoWeek
    last_week: IsoWeek | None = None

    def __post_init__(self) -> None:
        if self.last_week is not None and self.last_week < self.first_week:
            raise ValueError(f"last week {self.last_week} is before first week {self.first_week}")

    def covers(self, week: IsoWeek) -> bool:
        """Whether the person is on this ward's roster in `week`."""
        return self.first_week <= week and (self.last_week is None or week <= self.last_week)


class WeekUsage(NamedTuple):
    """One person's use in one week, as a SQL GROUP BY person, week returns it: days with events, and events.

    A tuple, not a validated dataclass, because a year of a hospital streams ~500,000 of them; make each IsoWeek
    once (a year has 52) rather than per row. Rows with 0 events are ignored; active days count as 1 to 7.
    """

    person: PersonKey
    week: IsoWeek
    active_days: int
    events: int


@dataclass(frozen=True, slots=True)
class WardWeek:
    """A ward's adoption in one ISO week: the row of `pilotbot export adoption`."""

    ward: str
    week: IsoWeek
    rostered: int
    active: int
    adoption: float | None  # active / rostered; None with nobody rostered
    active_days_median: float | None  # distinct active days per active person; None with nobody active
    events: int


def weekly_usage(person_days: Mapping[_P, Mapping[date, int]]) -> Iterator[WeekUsage]:
    """Person-day events (person -> {day: events}) summed into weeks; days with 0 events are not active."""
    for person, days in person_days.items():
        weeks: dict[IsoWeek, list[int]] = {}
        for day, events in days.items():
            if events > 0:
                tally = weeks.setdefault(week_of_date(day), [0, 0])
                tally[0] += 1
                tally[1] += events
        for week, (active_days, events) in weeks.items():
            yield WeekUsage(person, week, active_days, events)


def _spells(memberships: Iterable[Membership], span: list[IsoWeek]) -> _Spells:
    """Each person's roster spells as [first, last) indices into `span`, overlapping spells on a ward merged."""
    found: dict[PersonKey, dict[str, list[tuple[int, int]]]] = {}
    for m in memberships:
        first = bisect_left(span, m.first_week)
        last = len(span) if m.last_week is None else bisect_right(span, m.last_week)
        found.setdefault(m.person, {}).setdefault(m.ward, []).append((first, last))
    return {person: [s for ward, runs in wards.items() for s in _merged(ward, runs)] for person, wards in found.items()}


def _merged(ward: str, runs: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for first, last in sorted(runs):
        if out and first <= out[-1][2]:
            out[-1] = (ward, out[-1][1], max(last, out[-1][2]))
        else:
            out.append((ward, first, last))
    return out


def _rostered(spells: _Spells, wards: dict[str, None], n: int) -> dict[str, list[int]]:
    """Head counts per ward per week index, by difference arrays: O(spells + wards x weeks)."""
    steps = {ward: [0] * (n + 1) for ward in wards}
    for runs in spells.values():
        for ward, first, last in runs:
            steps[ward][first] += 1
            steps[ward][last] -= 1
    return {ward: list(accumulate(step[:n])) for ward, step in steps.items()}


def _ward_week(ward: str, week: IsoWeek, rostered: int, days: dict[PersonKey, int], events: int) -> WardWeek:
    active = [min(7, max(1, d)) for d in days.values()]
    share = len(active) / rostered if rostered else None
    depth = float(statistics.median(active)) if active else None
    return WardWeek(ward, week, rostered, len(active), share, depth, events)


@dataclass
class _Tally:
    """Per ward, per week index: active days per active person, and events."""

    days: dict[str, list[dict[PersonKey, int]]]
    events: dict[str, list[int]]

    def add(self, usage: Iterable[WeekUsage], index: Mapping[IsoWeek, int], spells: _Spells) -> None:
        """Credit each row to every ward the person is rostered on that week, and to no other."""
        days, events = self.days, self.events
        for person, week, active_days, used in usage:  # the hot loop: a year is ~500,000 person-weeks
            i = index.get(week)
            if i is None or used <= 0:
                continue
            for ward, first, last in spells.get(person, ()):
                if first <= i < last:
                    seen = days[ward][i]
                    seen[person] = seen.get(person, 0) + active_days
                    events[ward][i] += used


def adoption(
    memberships: Iterable[Membership],
    week_usage: Iterable[WeekUsage],
    weeks: Iterable[IsoWeek],
    *,
    wards: Sequence[str] = (),
) -> list[WardWeek]:
    """One WardWeek per ward per week, wards in the order of `wards` then as first met, weeks ascending.

    `week_usage` may be streamed; rows for the same person and week add up (a person still counts once that
    week), so duplicate person-days must be removed by the caller. Usage outside a roster spell is not counted.
    O(memberships + usage rows + wards x weeks).
    """
    span = sorted(set(weeks))
    members = list(memberships)
    all_wards = dict.fromkeys([*wards, *(m.ward for m in members)])
    spells = _spells(members, span)
    tally = _Tally({w: [{} for _ in span] for w in all_wards}, {w: [0] * len(span) for w in all_wards})
    tally.add(week_usage, {week: i for i, week in enumerate(span)}, spells)
    heads = _rostered(spells, all_wards, len(span))
    return [
        _ward_week(ward, week, heads[ward][i], tally.days[ward][i], tally.events[ward][i])
        for ward in all_wards
        for i, week in enumerate(span)
    ]


# -- figures out, from counts the database made -------------------------------------------------------------------


class Cohort(NamedTuple):
    """People put on a ward's roster in the same week (a roster import shares one instant): how many."""

    ward: str
    first_week: IsoWeek
    people: int


class UsageGroup(NamedTuple):
    """People of one cohort with the same active days in one week, as a SQL GROUP BY over person-weeks counts them:
    how many people, and their events together."""

    ward: str
    first_week: IsoWeek
    week: IsoWeek
    active_days: int
    people: int
    events: int


def _nth(histogram: Sequence[int], k: int) -> int:
    """The k-th smallest value (0-based) of a multiset given as histogram[value] = how many times it occurs."""
    seen = 0
    for value, count in enumerate(histogram):
        seen += count
        if k < seen:
            return value
    raise IndexError(k)


def histogram_median(histogram: Sequence[int]) -> float | None:
    """The median of the values a histogram counts (histogram[d] = people with d), as statistics.median gives it
    for the values written out; None when it counts nothing."""
    n = sum(histogram)
    if n == 0:
        return None
    return (_nth(histogram, (n - 1) // 2) + _nth(histogram, n // 2)) / 2


def _heads(cohorts: Iterable[Cohort], wards: dict[str, None], span: list[IsoWeek]) -> dict[str, list[int]]:
    """Rostered heads per ward per week index: a cohort counts from its first week on."""
    steps = {ward: [0] * (len(span) + 1) for ward in wards}
    for ward, first_week, people in cohorts:
        steps[ward][bisect_left(span, first_week)] += people
    return {ward: list(accumulate(step[: len(span)])) for ward, step in steps.items()}


def _from_counts(ward: str, week: IsoWeek, rostered: int, days: list[int], events: int) -> WardWeek:
    active = sum(days)
    share = active / rostered if rostered else None
    return WardWeek(ward, week, rostered, active, share, histogram_median(days), events)


def ward_adoption(
    cohorts: Iterable[Cohort],
    groups: Iterable[UsageGroup],
    weeks: Iterable[IsoWeek],
    *,
    wards: Sequence[str] = (),
) -> list[WardWeek]:
    """The rows `adoption()` gives for people who stay on the ward they joined, from counts rather than people.

    Wards in the order of `wards` then as first met in `cohorts`, weeks ascending. A group counts only in the weeks
    asked for, from its cohort's first week on, and only when it has events; the median of active days comes
    exactly from how many people had each number of days. O(cohorts + groups + wards x weeks).
    """
    span = sorted(set(weeks))
    index = {week: i for i, week in enumerate(span)}
    cohorts = [c for c in cohorts if c.people > 0]
    known = {(c.ward, c.first_week) for c in cohorts}
    all_wards = dict.fromkeys([*wards, *(c.ward for c in cohorts)])
    days = {ward: [[0] * 8 for _ in span] for ward in all_wards}  # [ward][week][active days] -> people
    events = {ward: [0] * len(span) for ward in all_wards}
    for ward, first_week, week, active_days, people, used in groups:
        i = index.get(week)
        if i is None or week < first_week or used <= 0 or (ward, first_week) not in known:
            continue
        days[ward][i][min(7, max(1, active_days))] += people
        events[ward][i] += used
    heads = _heads(cohorts, all_wards, span)
    return [
        _from_counts(ward, week, heads[ward][i], days[ward][i], events[ward][i])
        for ward in all_wards
        for i, week in enumerate(span)
    ]
