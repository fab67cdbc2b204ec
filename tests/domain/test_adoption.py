"""Usage rows validated one by one (CSV, streamed CSV, JSON), and adoption per ward per ISO week."""

from __future__ import annotations

import itertools
import random
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from bot.domain.adoption import (
    MAX_EVENTS,
    Cohort,
    ItemRejection,
    Membership,
    UsageGroup,
    UsageRow,
    WardWeek,
    WeekUsage,
    adoption,
    histogram_median,
    iter_usage,
    parse_usage_csv,
    parse_usage_json,
    ward_adoption,
    weekly_usage,
)
from bot.domain.csvrows import HeaderError, Rejection
from bot.domain.weeks import IsoWeek, weeks_between

TODAY = date(2026, 11, 20)
HEADER = "date,slack_id,email,events\n"
W = {n: IsoWeek(2026, n) for n in range(1, 54)}


# -- rows in ----------------------------------------------------------------------------------------------------


def test_good_rows_become_usage_rows_with_their_lines() -> None:
    batch = parse_usage_csv(HEADER + "2026-11-16,U01ABC,,12\n\n2026-11-17,,Ann@X.org,0\n", TODAY)
    assert batch.rejections == ()
    assert batch.rows == (
        (2, UsageRow(date(2026, 11, 16), "U01ABC", None, 12)),
        (4, UsageRow(date(2026, 11, 17), None, "ann@x.org", 0)),
    )


BAD_ROWS = [
    ("2026-11-16,U01,,-3", "events '-3' is not a whole number of 0 or more"),
    ("2026-11-16,U01,,3.5", "events '3.5' is not a whole number of 0 or more"),
    ("2026-11-16,U01,,", "events is empty; write 0 for a day without use"),
    ("2026-11-16,U01,,1000001", "events 1,000,001 is more than 1,000,000 in one day; send one row per person per day"),
    ("2026-13-01,U01,,3", "date '2026-13-01' is not a date (YYYY-MM-DD)"),
    ("16/11/2026,U01,,3", "date '16/11/2026' is not a date (YYYY-MM-DD)"),
    ("20261116,U01,,3", "date '20261116' is not a date (YYYY-MM-DD)"),
    (",U01,,3", "date is empty"),
    ("2026-11-21,U01,,3", "date 2026-11-21 is in the future (today is 2026-11-20)"),
    ("2026-11-16,,,3", "slack_id and email are both empty; give at least one"),
    ("2026-11-16,x1,,3", "slack_id 'x1' is not a Slack user ID (like U012ABCDEF)"),
    ("2026-11-16,,ann.x.org,3", "email 'ann.x.org' is not an email address"),
    ("2026-11-16,U01,,3,extra", "more cells than the header has columns"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_each_bad_row_is_rejected_with_its_line_and_reason(row: str, reason: str) -> None:
    batch = parse_usage_csv(HEADER + "2026-11-16,U01,,1\n\n" + row + "\n", TODAY)
    assert len(batch.rows) == 1
    assert [str(r) for r in batch.rejections] == [f"line 4: {reason}"]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_the_stream_gives_the_same_reasons(row: str, reason: str) -> None:
    results = list(iter_usage([HEADER, "2026-11-16,U01,,1\n", "\n", row + "\n"], TODAY))
    assert [line for line, _ in results] == [2, 4]
    assert results[1][1] == Rejection(4, reason)


@pytest.mark.parametrize("events", ["0", str(MAX_EVENTS)])
def test_the_limits_of_events_are_accepted(events: str) -> None:
    assert parse_usage_csv(HEADER + f"2026-11-20,U01,,{events}\n", TODAY).rejections == ()  # today is not future


def test_columns_in_any_order_and_extra_columns_are_fine() -> None:
    batch = parse_usage_csv("Events,ward,EMAIL,slack_id,date\n7,w1,,U01,2026-11-16\n", TODAY)
    assert batch.rows == ((2, UsageRow(date(2026, 11, 16), "U01", None, 7)),)


def test_the_same_person_day_twice_is_kept_twice_for_the_store_to_replace() -> None:
    batch = parse_usage_csv(HEADER + "2026-11-16,U01,,3\n2026-11-16,U01,,5\n", TODAY)
    assert [row.events for _, row in batch.rows] == [3, 5]  # the store keeps the last: 5, never 8


@pytest.mark.parametrize("text", ["", "day,person,count\n2026-11-16,U01,1\n", "date,slack_id,events\n"])
def test_a_wrong_header_stops_everything(text: str) -> None:
    with pytest.raises(HeaderError, match="line 1"):
        parse_usage_csv(text, TODAY)
    with pytest.raises(HeaderError, match="line 1"):
        iter_usage(text.splitlines(keepends=True), TODAY)  # at the call, before any row is asked for


def test_the_stream_skips_a_byte_order_mark_and_blank_lines() -> None:
    lines = ["\ufeff" + HEADER, "\n", "  ,  , , \n", "2026-11-16,U01,,2\n"]
    assert list(iter_usage(lines, TODAY)) == [(4, UsageRow(date(2026, 11, 16), "U01", None, 2))]


def test_the_stream_is_lazy() -> None:
    pulled = itertools.count()

    def endless() -> Iterator[str]:
        yield HEADER
        for i in pulled:
            yield f"2026-11-16,U{i:06d},,1\n"

    first = list(itertools.islice(iter_usage(endless(), TODAY), 3))
    assert [line for line, _ in first] == [2, 3, 4]
    assert next(pulled) < 10  # it read only as far as asked


def test_a_quoted_line_break_counts_as_a_line() -> None:
    results = list(iter_usage([HEADER, '2026-11-16,U01,"a\n', 'b@x.org",1\n', "2026-11-16,,x,1\n"], TODAY))
    assert [(line, type(r).__name__) for line, r in results] == [(3, "Rejection"), (4, "Rejection")]


def test_good_json_items_become_usage_rows() -> None:
    items = [
        {"date": "2026-11-16", "slack_id": "U01", "email": None, "events": 4},
        {"date": "2026-11-16", "email": " Bo@X.org ", "events": 0, "ward": "ignored"},
    ]
    batch = parse_usage_json(items, TODAY)
    assert batch.rejections == ()
    assert batch.rows == (
        (0, UsageRow(date(2026, 11, 16), "U01", None, 4)),
        (1, UsageRow(date(2026, 11, 16), None, "bo@x.org", 0)),
    )


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"date": "2026-13-01", "slack_id": "U01", "events": 1}, "date '2026-13-01' is not a date (YYYY-MM-DD)"),
        ({"date": 20261116, "slack_id": "U01", "events": 1}, "date 20261116 is not a date (YYYY-MM-DD)"),
        ({"slack_id": "U01", "events": 1}, "date is empty"),
        ({"date": "2026-11-16", "slack_id": "U01", "events": -3}, "events '-3' is not a whole number of 0 or more"),
        ({"date": "2026-11-16", "slack_id": "U01", "events": "3"}, "events '3' is not a whole number of 0 or more"),
        ({"date": "2026-11-16", "slack_id": "U01", "events": 2.0}, "events 2.0 is not a whole number of 0 or more"),
        ({"date": "2026-11-16", "slack_id": "U01", "events": True}, "events True is not a whole number of 0 or more"),
        ({"date": "2026-11-16", "slack_id": "U01"}, "events is missing"),
        ({"date": "2026-11-16", "slack_id": "U01", "events": 10**7}, "events 10,000,000 is more than 1,000,000"),
        ({"date": "2026-11-16", "slack_id": None, "email": "", "events": 1}, "slack_id and email are both empty"),
        ({"date": "2026-11-16", "slack_id": 42, "events": 1}, "slack_id 42 is not a Slack user ID"),
        ({"date": "2026-11-16", "email": ["a@x.org"], "events": 1}, "email ['a@x.org'] is not an email address"),
        ({"date": "2026-12-01", "slack_id": "U01", "events": 1}, "date 2026-12-01 is in the future"),
        (["2026-11-16", "U01", None, 1], "not an object with date, slack_id, email and events"),
    ],
)
def test_each_bad_json_item_is_named_by_its_index(item: object, reason: str) -> None:
    good = {"date": "2026-11-16", "slack_id": "U01", "events": 1}
    batch = parse_usage_json([good, good, item], TODAY)
    assert len(batch.rows) == 2
    (rejection,) = batch.rejections
    assert isinstance(rejection, ItemRejection)
    assert str(rejection).startswith(f"item 2: {reason}")


# -- figures out ------------------------------------------------------------------------------------------------


def members(ward: str, *people: str, first: IsoWeek = W[1], last: IsoWeek | None = None) -> list[Membership]:
    return [Membership(p, ward, first, last) for p in people]


def only(rows: list[WardWeek], ward: str, week: IsoWeek) -> WardWeek:
    (row,) = [r for r in rows if r.ward == ward and r.week == week]
    return row


def test_adoption_is_active_over_rostered_with_depth_and_events() -> None:
    usage = [WeekUsage("a", W[46], 3, 30), WeekUsage("b", W[46], 1, 2), WeekUsage("c", W[46], 0, 0)]
    (row,) = adoption(members("w7", "a", "b", "c", "d"), usage, [W[46]])
    assert row == WardWeek("w7", W[46], rostered=4, active=2, adoption=0.5, active_days_median=2.0, events=32)


def test_a_person_counts_once_a_week_however_many_rows_they_have() -> None:
    usage = [WeekUsage("a", W[46], 1, 5), WeekUsage("a", W[46], 1, 5), WeekUsage("a", W[46], 6, 1)]
    (row,) = adoption(members("w7", "a", "b"), usage, [W[46]])
    assert (row.active, row.adoption, row.active_days_median, row.events) == (1, 0.5, 7.0, 11)  # days capped at 7


def test_person_days_become_weeks() -> None:
    days = {
        "a": {date(2026, 11, 15): 3, date(2026, 11, 16): 1, date(2026, 11, 17): 0, date(2026, 11, 22): 4},
        "b": {date(2026, 11, 18): 0},
    }
    assert sorted(weekly_usage(days)) == [WeekUsage("a", W[46], 1, 3), WeekUsage("a", W[47], 2, 5)]


def test_a_person_imported_in_week_3_is_not_rostered_in_week_2() -> None:
    roster = members("w7", "a", "b") + members("w7", "late", first=W[3])
    usage = [WeekUsage("late", W[2], 5, 50), WeekUsage("late", W[3], 1, 1)]
    rows = adoption(roster, usage, weeks_between(W[2], W[3]))
    assert (only(rows, "w7", W[2]).rostered, only(rows, "w7", W[2]).active, only(rows, "w7", W[2]).events) == (2, 0, 0)
    assert (only(rows, "w7", W[3]).rostered, only(rows, "w7", W[3]).active) == (3, 1)


def test_a_person_who_left_counts_up_to_their_last_week() -> None:
    roster = members("w7", "a") + members("w7", "gone", last=W[2])
    rows = adoption(roster, [WeekUsage("gone", W[3], 1, 1)], weeks_between(W[2], W[3]))
    assert [r.rostered for r in rows] == [2, 1]
    assert only(rows, "w7", W[3]).active == 0


def test_a_person_who_moved_ward_counts_where_they_were_that_week() -> None:
    roster = [Membership("m", "w7", W[1], W[2]), Membership("m", "w9", W[3])]
    usage = [WeekUsage("m", W[2], 1, 1), WeekUsage("m", W[3], 1, 1)]
    rows = adoption(roster, usage, weeks_between(W[2], W[3]))
    assert [(r.ward, r.week.week, r.rostered, r.active) for r in rows] == [
        ("w7", 2, 1, 1),
        ("w7", 3, 0, 0),
        ("w9", 2, 0, 0),
        ("w9", 3, 1, 1),
    ]


def test_overlapping_spells_on_one_ward_count_once() -> None:
    roster = [Membership("a", "w7", W[1]), Membership("a", "w7", W[2], W[4])]
    (row,) = adoption(roster, [WeekUsage("a", W[3], 2, 2)], [W[3]])
    assert (row.rostered, row.active) == (1, 1)


def test_empty_wards_and_quiet_weeks_have_no_fraction_or_depth() -> None:
    rows = adoption(members("w7", "a"), [], [W[46]], wards=["w1", "w7"])
    assert [(r.ward, r.rostered, r.adoption, r.active_days_median) for r in rows] == [
        ("w1", 0, None, None),
        ("w7", 1, 0.0, None),
    ]


def test_the_median_of_an_even_number_is_the_midpoint() -> None:
    usage = [WeekUsage("a", W[46], 1, 1), WeekUsage("b", W[46], 2, 1)]
    assert adoption(members("w7", "a", "b"), usage, [W[46]])[0].active_days_median == 1.5


def test_week_53_of_2026_is_a_week_like_any_other() -> None:
    span = weeks_between(IsoWeek(2026, 52), IsoWeek(2027, 1))
    assert [w.label for w in span] == ["2026-W52", "2026-W53", "2027-W01"]
    days = {"a": {date(2026, 12, 31): 1, date(2027, 1, 3): 1, date(2027, 1, 4): 1}}  # Thu, Sun of W53; Mon W01
    rows = adoption(members("w7", "a", "b", first=IsoWeek(2026, 50)), weekly_usage(days), span)
    assert [(r.week.label, r.active, r.active_days_median) for r in rows] == [
        ("2026-W52", 0, None),
        ("2026-W53", 1, 2.0),
        ("2027-W01", 1, 1.0),
    ]


def test_usage_outside_the_weeks_asked_for_is_ignored() -> None:
    (row,) = adoption(members("w7", "a"), [WeekUsage("a", W[45], 1, 9)], [W[46]])
    assert (row.active, row.events) == (0, 0)


def test_usage_of_someone_not_on_any_roster_is_ignored() -> None:
    (row,) = adoption(members("w7", "a"), [WeekUsage("stranger", W[46], 1, 9)], [W[46]])
    assert (row.rostered, row.active, row.events) == (1, 0, 0)


def test_wards_come_in_the_pilot_order_then_as_met_and_weeks_ascending() -> None:
    roster = members("w9", "a") + members("w2", "b")
    rows = adoption(roster, iter([]), [W[47], W[46], W[47]], wards=["w7"])
    assert [(r.ward, r.week.week) for r in rows] == [
        ("w7", 46),
        ("w7", 47),
        ("w9", 46),
        ("w9", 47),
        ("w2", 46),
        ("w2", 47),
    ]


def test_a_spell_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before first week"):
        Membership("a", "w7", W[5], W[4])


# -- figures out, from counts ---------------------------------------------------------------------------------------


def counted(memberships: list[Membership], usage: list[WeekUsage]) -> tuple[list[Cohort], list[UsageGroup]]:
    """What the database's two GROUP BYs give for these people: heads per ward and first week, and person-weeks
    per ward, first week, week and active days (usage before a person's first week included, as SQL has it)."""
    joined = {m.person: m for m in memberships}
    heads = Counter((m.ward, m.first_week) for m in memberships)
    groups: dict[tuple[str, IsoWeek, IsoWeek, int], list[int]] = {}
    for person, week, active_days, events in usage:
        m = joined.get(person)
        if m is not None:
            tally = groups.setdefault((m.ward, m.first_week, week, active_days), [0, 0])
            tally[0] += 1
            tally[1] += events
    cohorts = [Cohort(ward, first, n) for (ward, first), n in heads.items()]
    return cohorts, [UsageGroup(*key, people, events) for key, (people, events) in groups.items()]


def random_pilot(rng: random.Random) -> tuple[list[Membership], list[WeekUsage], list[IsoWeek], list[str]]:
    """Up to 40 people on up to 4 wards, joining in waves around a span of up to 8 weeks, with sparse use."""
    start = W[rng.randint(1, 44)]
    span = weeks_between(start, start.shift(rng.randint(0, 7)))
    waves = [start.shift(rng.randint(-3, 9)) for _ in range(rng.randint(1, 3))]  # roster imports share instants
    wards = [f"w{n}" for n in range(rng.randint(1, 4))]
    people = range(rng.randint(0, 40))
    memberships = [Membership(p, rng.choice(wards), rng.choice(waves)) for p in people]
    first_day = start.shift(-4).monday
    days = {
        p: {first_day + timedelta(days=rng.randint(0, 7 * 14)): rng.choice([0, 0, 1, 3, 40]) for _ in range(30)}
        for p in [*people, -1]  # -1 uses the system and is on no roster
        if rng.random() < 0.8
    }
    pilot_wards = rng.sample([*wards, "w-empty"], rng.randint(0, len(wards) + 1))
    return memberships, list(weekly_usage(days)), span, pilot_wards


@pytest.mark.parametrize("seed", range(300))
def test_counts_give_the_rows_people_give(seed: int) -> None:
    rng = random.Random(seed)
    memberships, usage, span, wards = random_pilot(rng)
    cohorts, groups = counted(memberships, usage)
    rng.shuffle(groups)  # a GROUP BY promises no order
    assert ward_adoption(cohorts, groups, span, wards=wards) == adoption(memberships, usage, span, wards=wards)


def test_counts_with_nobody_rostered_give_empty_wards() -> None:
    assert ward_adoption([], [], [W[46], W[47]], wards=["w7"]) == [
        WardWeek("w7", W[46], 0, 0, None, None, 0),
        WardWeek("w7", W[47], 0, 0, None, None, 0),
    ]
    assert ward_adoption([], [], [W[46]]) == []


def test_counts_with_nobody_active_give_zero_not_none() -> None:
    (row,) = ward_adoption([Cohort("w7", W[40], 12)], [], [W[46]])
    assert row == WardWeek("w7", W[46], rostered=12, active=0, adoption=0.0, active_days_median=None, events=0)


def test_counts_leave_out_use_before_the_first_rostered_week() -> None:
    cohorts = [Cohort("w7", W[2], 3), Cohort("w7", W[3], 1)]
    groups = [UsageGroup("w7", W[3], W[2], 5, 1, 50), UsageGroup("w7", W[3], W[3], 1, 1, 1)]
    rows = ward_adoption(cohorts, groups, weeks_between(W[2], W[3]))
    assert [(r.rostered, r.active, r.events) for r in rows] == [(3, 0, 0), (4, 1, 1)]


def test_counts_leave_out_groups_of_no_cohort_and_groups_without_events() -> None:
    groups = [UsageGroup("w7", W[9], W[46], 1, 4, 4), UsageGroup("w7", W[1], W[46], 2, 3, 0)]
    (row,) = ward_adoption([Cohort("w7", W[1], 5)], groups, [W[46]])
    assert (row.rostered, row.active, row.events) == (5, 0, 0)


def test_counts_take_the_median_of_active_days_person_by_person() -> None:
    cohort = Cohort("w7", W[1], 10)
    tie = [UsageGroup("w7", W[1], W[46], 2, 2, 9), UsageGroup("w7", W[1], W[46], 5, 2, 9)]
    assert ward_adoption([cohort], tie, [W[46]])[0].active_days_median == 3.5  # 2, 2, 5, 5
    odd = [*tie, UsageGroup("w7", W[1], W[46], 7, 1, 9)]
    assert ward_adoption([cohort], odd, [W[46]])[0].active_days_median == 5.0  # 2, 2, 5, 5, 7


@pytest.mark.parametrize(
    "values",
    [[1], [3, 3], [1, 7], [2, 2, 2, 6], [1, 2, 3, 4, 5, 6, 7], [7, 7, 1], [4] * 9 + [5] * 9, [1] * 5 + [6] * 4],
)
def test_the_median_of_a_histogram_is_the_median_of_its_values(values: list[int]) -> None:
    histogram = [values.count(d) for d in range(8)]
    assert histogram_median(histogram) == float(statistics.median(values))


def test_an_empty_histogram_has_no_median() -> None:
    assert histogram_median([0] * 8) is None
