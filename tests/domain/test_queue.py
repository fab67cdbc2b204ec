"""Every status by every move: legal moves do what they say, illegal ones are refused and change nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.queue import (
    ALLOWED,
    ANSWERED,
    CLOCK_RUNNING,
    OPEN,
    Move,
    QueueState,
    Refusal,
    Status,
    Step,
    Why,
    apply,
)
from bot.domain.reports import Severity
from bot.domain.roles import Permission, can
from bot.domain.roster import Role

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(hours=2)


def state(status: Status, owner: str | None = "U0DEV", **kw: object) -> QueueState:
    base = QueueState(
        status=status,
        severity=Severity.BLOCKS_WORK,
        owner=None if status is Status.NEW else owner,
        filed_at=T0,
        clock_started_at=T0,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def step(move: Move) -> Step:
    return Step(
        move, actor="U0DEV", owner="U0SAM", expected_fix=date(2026, 11, 20), into=7, severity=Severity.PATIENT_SAFETY
    )


@pytest.mark.parametrize("move", list(Move))
@pytest.mark.parametrize("status", list(Status))
def test_every_move_from_every_status(status: Status, move: Move) -> None:
    before = state(status)
    after = apply(before, step(move), NOW)
    if status in ALLOWED[move]:
        assert isinstance(after, QueueState), after
    else:
        assert isinstance(after, Refusal)
        assert after.why in (Why.NOT_NOW, Why.TAKEN)


def test_nothing_leaves_a_duplicate_and_a_fix_can_only_be_reopened() -> None:
    assert all(Status.DUPLICATE not in allowed for allowed in ALLOWED.values())
    assert [m for m, allowed in ALLOWED.items() if Status.RESOLVED in allowed] == [Move.REOPEN]


@pytest.mark.parametrize(
    ("status", "move", "expected"),
    [
        (Status.NEW, Move.TAKE, Status.TAKEN),
        (Status.NEW, Move.REASSIGN, Status.TAKEN),
        (Status.WAITING, Move.REASSIGN, Status.WAITING),
        (Status.NEW, Move.NEED_INFO, Status.WAITING),
        (Status.WAITING, Move.INFO_RECEIVED, Status.TAKEN),
        (Status.TAKEN, Move.PLAN, Status.PLANNED),
        (Status.PLANNED, Move.WORKAROUND, Status.WORKAROUND),
        (Status.WORKAROUND, Move.RESOLVE, Status.RESOLVED),
        (Status.TAKEN, Move.MERGE, Status.DUPLICATE),
        (Status.RESOLVED, Move.REOPEN, Status.TAKEN),
        (Status.TAKEN, Move.SET_SEVERITY, Status.TAKEN),
    ],
)
def test_where_each_move_leads(status: Status, move: Move, expected: Status) -> None:
    after = apply(state(status), step(move), NOW)
    assert isinstance(after, QueueState) and after.status is expected


def test_taking_sets_owner_and_first_response() -> None:
    after = apply(state(Status.NEW), Step(Move.TAKE, actor="U0DEV"), NOW)
    assert isinstance(after, QueueState)
    assert (after.owner, after.first_response_at, after.answered_at) == ("U0DEV", NOW, None)


def test_a_second_take_names_who_has_it() -> None:
    taken = apply(state(Status.NEW), Step(Move.TAKE, actor="U0DEV"), NOW)
    assert isinstance(taken, QueueState)
    again = apply(taken, Step(Move.TAKE, actor="U0SAM"), NOW)
    assert isinstance(again, Refusal) and (again.why, again.owner) == (Why.TAKEN, "U0DEV")


@pytest.mark.parametrize("move", [Move.PLAN, Move.WORKAROUND, Move.RESOLVE])
def test_a_real_answer_stops_the_clock_and_keeps_the_first_answer_time(move: Move) -> None:
    after = apply(state(Status.TAKEN), step(move), NOW)
    assert isinstance(after, QueueState)
    assert after.status in ANSWERED and not after.clock_running and after.answered_at == NOW
    later = apply(after, step(Move.RESOLVE), NOW + timedelta(days=1))
    if after.status is not Status.RESOLVED:
        assert isinstance(later, QueueState) and later.answered_at == NOW


def test_asking_for_information_keeps_the_clock_running() -> None:
    after = apply(state(Status.TAKEN), step(Move.NEED_INFO), NOW)
    assert isinstance(after, QueueState) and after.clock_running and after.answered_at is None


def test_a_plan_needs_a_date_not_in_the_past() -> None:
    assert isinstance(apply(state(Status.TAKEN), Step(Move.PLAN, actor="U0DEV"), NOW), Refusal)
    past = apply(state(Status.TAKEN), Step(Move.PLAN, actor="U0DEV", expected_fix=date(2026, 11, 1)), NOW)
    assert isinstance(past, Refusal) and past.why is Why.PAST_DATE


def test_reopening_starts_a_new_cycle_with_a_fresh_clock() -> None:
    resolved = apply(state(Status.TAKEN), step(Move.RESOLVE), NOW)
    assert isinstance(resolved, QueueState)
    reopened = apply(resolved, step(Move.REOPEN), NOW + timedelta(days=2))
    assert isinstance(reopened, QueueState)
    assert (reopened.cycle, reopened.clock_started_at, reopened.answered_at) == (2, NOW + timedelta(days=2), None)
    assert reopened.clock_running and reopened.owner == "U0DEV"


def test_merging_records_the_original() -> None:
    after = apply(state(Status.NEW), Step(Move.MERGE, actor="U0DEV", into=12), NOW)
    assert isinstance(after, QueueState) and after.duplicate_of == 12 and not after.clock_running


def test_clock_running_is_exactly_the_unanswered_open_statuses() -> None:
    assert CLOCK_RUNNING == OPEN - ANSWERED


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (None, Permission.WORK_QUEUE, False),
        (Role.CLINICIAN, Permission.WORK_QUEUE, False),
        (Role.CHAMPION, Permission.WORK_QUEUE, False),
        (Role.RESPONDER, Permission.WORK_QUEUE, True),
        (Role.RESPONDER, Permission.REASSIGN, False),
        (Role.LEAD, Permission.REASSIGN, True),
        (Role.LEAD, Permission.SEE_DEAD_LETTERS, False),
        (Role.ADMIN, Permission.SEE_DEAD_LETTERS, True),
    ],
)
def test_roles(role: Role | None, permission: Permission, allowed: bool) -> None:
    assert can(role, permission) is allowed
