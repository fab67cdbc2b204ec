"""The SLA clock: duties at the right instants, once, stopped by an owner or a real answer; the figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.queue import QueueState, Status
from bot.domain.reports import Severity
from bot.domain.sla import Duty, Policy, Targets, deadline, due, figures, schedule

DAY = Targets(timedelta(minutes=60), timedelta(hours=24))
POLICY = Policy(
    {**dict.fromkeys(Severity, DAY), Severity.PATIENT_SAFETY: Targets(timedelta(minutes=15), timedelta(hours=4))}
)
T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def new(severity: Severity = Severity.BLOCKS_WORK, **kw: object) -> QueueState:
    return replace(QueueState(Status.NEW, severity, None, T0, T0), **kw)  # type: ignore[arg-type]


def test_the_schedule_of_a_24_hour_report() -> None:
    assert [(d.duty, d.at - T0) for d in schedule(POLICY, new())] == [
        (Duty.ACKNOWLEDGE, timedelta(hours=1)),
        (Duty.REMIND, timedelta(hours=12)),
        (Duty.ESCALATE, timedelta(hours=18)),
        (Duty.BREACH, timedelta(hours=24)),
    ]


def test_patient_safety_runs_on_15_minutes_and_4_hours() -> None:
    assert [(d.duty, d.at - T0) for d in schedule(POLICY, new(Severity.PATIENT_SAFETY))] == [
        (Duty.ACKNOWLEDGE, timedelta(minutes=15)),
        (Duty.REMIND, timedelta(hours=2)),
        (Duty.ESCALATE, timedelta(hours=3)),
        (Duty.BREACH, timedelta(hours=4)),
    ]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (timedelta(minutes=59), []),
        (timedelta(hours=1), [Duty.ACKNOWLEDGE]),
        (timedelta(hours=12), [Duty.ACKNOWLEDGE, Duty.REMIND]),
        (timedelta(hours=30), [Duty.ACKNOWLEDGE, Duty.REMIND, Duty.ESCALATE, Duty.BREACH]),  # after downtime: all, late
    ],
)
def test_what_is_due_when(after: timedelta, expected: list[Duty]) -> None:
    assert [d.duty for d in due(POLICY, new(), T0 + after)] == expected


def test_each_duty_fires_once() -> None:
    assert due(POLICY, new(), T0 + timedelta(hours=13), fired=[Duty.ACKNOWLEDGE, Duty.REMIND]) == []


def test_an_owner_stops_the_acknowledge_ping_but_not_the_clock() -> None:
    taken = new(status=Status.TAKEN, owner="U0DEV")
    assert [d.duty for d in due(POLICY, taken, T0 + timedelta(hours=19))] == [Duty.REMIND, Duty.ESCALATE]


@pytest.mark.parametrize("status", [Status.PLANNED, Status.WORKAROUND, Status.RESOLVED, Status.DUPLICATE])
def test_a_real_answer_or_a_merge_stops_everything(status: Status) -> None:
    assert due(POLICY, new(status=status, owner="U0DEV"), T0 + timedelta(hours=30)) == []


def test_waiting_on_the_reporter_does_not_stop_the_clock() -> None:
    waiting = new(status=Status.WAITING, owner="U0DEV")
    assert Duty.BREACH in [d.duty for d in due(POLICY, waiting, T0 + timedelta(hours=24))]


def test_a_reopened_report_gets_a_fresh_cycle() -> None:
    reopened = new(status=Status.TAKEN, owner="U0DEV", cycle=2, clock_started_at=T0 + timedelta(days=3))
    assert deadline(POLICY, reopened) == T0 + timedelta(days=4)
    assert {d.cycle for d in schedule(POLICY, reopened)} == {2}


def test_figures() -> None:
    now = T0 + timedelta(hours=30)
    states = [
        new(),  # open 30h, unanswered: a breach
        new(
            Severity.PATIENT_SAFETY,
            status=Status.TAKEN,
            owner="U1",
            filed_at=now - timedelta(hours=1),
            clock_started_at=now - timedelta(hours=1),
            first_response_at=now - timedelta(minutes=50),
        ),
        new(
            status=Status.RESOLVED,
            owner="U1",
            first_response_at=T0 + timedelta(minutes=30),
            answered_at=T0 + timedelta(hours=6),
        ),
        new(
            status=Status.PLANNED,
            owner="U1",
            first_response_at=T0 + timedelta(minutes=10),
            answered_at=T0 + timedelta(hours=2),
        ),
    ]
    result = figures(POLICY, states, now)
    assert result.open_by_severity[Severity.BLOCKS_WORK] == 2 and result.open_by_severity[Severity.PATIENT_SAFETY] == 1
    assert result.open_by_age == {"under 4h": 1, "4-24h": 0, "over 24h": 2}
    assert result.first_response_median == timedelta(minutes=10)
    assert result.address_median == timedelta(hours=4)
    assert (result.decided, result.compliance) == (3, 2 / 3)
    assert result.breaching_soon == 1
