"""Office hours: scheduling in the pilot's zone across clock changes, plain-words errors, RSVPs and reminders."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.office_hours import (
    Session,
    SessionForm,
    ended,
    form_errors,
    may_schedule,
    next_7_days,
    reminder_at,
    reminders_due,
    rsvp_open,
    schedule,
    toggle_rsvp,
)
from bot.domain.roster import Role

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday
FORM = SessionForm(day=date(2026, 3, 5), start=time(9, 0), minutes=30, where="Ward 7 seminar room")


def sessions(form: SessionForm, now: datetime = NOW) -> list[Session]:
    result = schedule(form, champion="U0CHAMP", ward="ward-7", now=now, zone=LONDON)
    assert isinstance(result, list), result
    return result


def errors(form: SessionForm, now: datetime = NOW) -> dict[str, str]:
    result = schedule(form, champion="U0CHAMP", ward="ward-7", now=now, zone=LONDON)
    assert isinstance(result, dict), result
    return result


def session(start: datetime, minutes: int = 30, ward: str = "ward-7", **kw: object) -> Session:
    return replace(Session("U0CHAMP", ward, start, minutes, "Room 1"), **kw)  # type: ignore[arg-type]


# -- scheduling -------------------------------------------------------------------------------------------------


def test_one_session_from_the_form() -> None:
    (only,) = sessions(FORM)
    assert only == Session("U0CHAMP", "ward-7", datetime(2026, 3, 5, 9, 0, tzinfo=UTC), 30, "Ward 7 seminar room")
    assert only.start.tzinfo is UTC
    assert only.end == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)


def test_weekly_repeats_keep_nine_oclock_when_the_clocks_go_forward_in_march() -> None:
    starts = [s.start for s in sessions(replace(FORM, day=date(2026, 3, 26), repeat_weeks=2), NOW)]
    assert [s.astimezone(LONDON).time() for s in starts] == [time(9, 0)] * 3
    assert [s.astimezone(UTC).hour for s in starts] == [9, 8, 8]  # GMT, then BST from 29 March


def test_weekly_repeats_keep_nine_oclock_when_the_clocks_go_back_in_october() -> None:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    starts = [s.start for s in sessions(replace(FORM, day=date(2026, 10, 22), repeat_weeks=1), now)]
    assert [s.astimezone(LONDON).time() for s in starts] == [time(9, 0)] * 2
    assert [s.astimezone(UTC).hour for s in starts] == [8, 9]  # BST, then GMT from 25 October


def test_twelve_repeats_give_thirteen_sessions_a_week_apart() -> None:
    starts = [s.start.astimezone(LONDON).date() for s in sessions(replace(FORM, repeat_weeks=12))]
    assert len(starts) == 13
    assert {(b - a).days for a, b in itertools.pairwise(starts)} == {7}


def test_a_time_that_happens_twice_is_the_first_of_the_two() -> None:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    (only,) = sessions(replace(FORM, day=date(2026, 10, 25), start=time(1, 30), minutes=60), now)
    assert only.start == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    assert only.end - only.start == timedelta(minutes=60)  # an hour, across the change


@pytest.mark.parametrize(("day", "repeats"), [(date(2026, 3, 29), 0), (date(2026, 3, 22), 1)])
def test_a_time_the_clocks_skip_is_refused(day: date, repeats: int) -> None:
    form = replace(FORM, day=day, start=time(1, 30), repeat_weeks=repeats)
    assert errors(form) == {
        "start": "There is no 01:30 on 29 March 2026: the clocks go forward that night. Choose another time."
    }


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"minutes": 10}, "minutes", "A session lasts 15 to 240 minutes."),
        ({"minutes": 241}, "minutes", "A session lasts 15 to 240 minutes."),
        ({"where": "   "}, "where", "Say where: a room, a bay or a call link."),
        ({"where": "x" * 121}, "where", "Keep it to 120 characters (this is 121)."),
        ({"repeat_weeks": 13}, "repeat_weeks", "Repeat for 0 to 12 more weeks."),
        ({"repeat_weeks": -1}, "repeat_weeks", "Repeat for 0 to 12 more weeks."),
        ({"day": date(2026, 3, 1)}, "day", "That day has passed; choose today or a later day."),
        ({"day": date(2026, 3, 2), "start": time(11, 59)}, "start", "That time has passed; choose a later start."),
        ({"day": date(2026, 3, 2), "start": time(12, 0)}, "start", "That time has passed; choose a later start."),
    ],
)
def test_each_mistake_is_named_in_plain_words(change: dict[str, object], field: str, message: str) -> None:
    assert errors(replace(FORM, **change)) == {field: message}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "change",
    [{"minutes": 15}, {"minutes": 240}, {"where": "x" * 120}, {"day": date(2026, 3, 2), "start": time(12, 1)}],
)
def test_the_limits_are_accepted(change: dict[str, object]) -> None:
    assert form_errors(replace(FORM, **change), NOW, LONDON) == {}  # type: ignore[arg-type]


def test_every_mistake_is_named_at_once() -> None:
    form = replace(FORM, day=date(2026, 1, 1), minutes=5, where="", repeat_weeks=20)
    assert set(errors(form)) == {"day", "minutes", "where", "repeat_weeks"}


def test_a_session_keeps_its_own_rules() -> None:
    with pytest.raises(ValueError, match="time zone"):
        Session("U1", "w7", datetime(2026, 3, 5, 9, 0), 30, "Room")
    with pytest.raises(ValueError, match="15 to 240"):
        session(NOW, minutes=300)
    with pytest.raises(ValueError, match="where"):
        replace(session(NOW), where=" ")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.CHAMPION, True), (Role.LEAD, True), (Role.ADMIN, True), (Role.CLINICIAN, False), (Role.RESPONDER, False)],
)
def test_who_may_schedule(role: Role, allowed: bool) -> None:
    assert may_schedule(role) is allowed
    assert may_schedule(None) is False


# -- RSVPs and reminders ----------------------------------------------------------------------------------------

START = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
S = session(START, id=1)


def test_a_second_click_takes_the_person_off_the_list() -> None:
    coming, now_coming = toggle_rsvp(frozenset({"U2"}), "U1")
    assert (coming, now_coming) == (frozenset({"U1", "U2"}), True)
    coming, now_coming = toggle_rsvp(coming, "U1")
    assert (coming, now_coming) == (frozenset({"U2"}), False)


def test_people_can_answer_until_the_end_unless_cancelled() -> None:
    assert rsvp_open(S, START + timedelta(minutes=29))
    assert not rsvp_open(S, START + timedelta(minutes=30))
    assert not rsvp_open(replace(S, cancelled=True), START - timedelta(days=1))


def test_the_reminder_instant() -> None:
    assert reminder_at(S, 15) == START - timedelta(minutes=15)


@pytest.mark.parametrize(
    ("minutes_before", "due"),
    [(16, []), (15, ["U1", "U2"]), (1, ["U1", "U2"]), (0, []), (-5, [])],
)
def test_reminders_fall_due_between_the_reminder_instant_and_the_start(minutes_before: int, due: list[str]) -> None:
    now = START - timedelta(minutes=minutes_before)
    assert reminders_due([S], {S: {"U2", "U1"}}, now, set()) == [(S, p) for p in due]


def test_each_person_is_reminded_once_over_many_ticks() -> None:
    other = session(START + timedelta(minutes=10), id=2)
    rsvps = {S: {"U1", "U2"}, other: {"U1"}}
    sent: set[tuple[Session, str]] = set()
    log = []
    for minute in range(-60, 60):
        now = START + timedelta(minutes=minute)
        if minute == -5:
            rsvps[S] = rsvps[S] | {"U3"}  # says yes after the reminders went out: reminded at once
        due = reminders_due([S, other], rsvps, now, sent, reminder_minutes=15)
        sent |= set(due)
        log += [(minute, s.id, p) for s, p in due]
    assert log == [(-15, 1, "U1"), (-15, 1, "U2"), (-5, 1, "U3"), (-5, 2, "U1")]


def test_a_cancelled_session_reminds_nobody() -> None:
    cancelled = replace(S, cancelled=True)
    assert reminders_due([cancelled], {cancelled: {"U1"}}, START - timedelta(minutes=5), set()) == []


# -- lists ------------------------------------------------------------------------------------------------------


def test_the_next_7_days_include_the_one_under_way_and_not_the_ended_or_cancelled() -> None:
    now = START + timedelta(minutes=10)
    running = S
    soon = session(now + timedelta(days=6, hours=23), id=2)
    later = session(now + timedelta(days=7), id=3)
    over = session(now - timedelta(hours=2), id=4)
    off = session(now + timedelta(hours=1), id=5, cancelled=True)
    elsewhere = session(now + timedelta(hours=2), id=6, ward="ward-9")
    assert next_7_days([soon, later, over, off, elsewhere, running], now) == [running, elsewhere, soon]
    assert next_7_days([soon, elsewhere, running], now, ward="ward-7") == [running, soon]


def test_ended_sessions_are_asked_about_once() -> None:
    early = session(START - timedelta(days=1), id=2)
    assert ended([S, early], START + timedelta(minutes=29)) == [early]
    assert ended([S, early], START + timedelta(minutes=30)) == [early, S]
    assert ended([S, early], START + timedelta(minutes=30), asked={early}) == [S]
    assert ended([replace(S, cancelled=True)], START + timedelta(days=1)) == []
