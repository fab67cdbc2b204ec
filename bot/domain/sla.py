"""The SLA clock: when each duty of a report falls due, and the queue's figures. UTC, 24/7. Pure."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.queue import QueueState, Status
from bot.domain.reports import Severity


class Duty(StrEnum):
    ACKNOWLEDGE = "acknowledge"  # still unowned: re-ping the queue
    REMIND = "remind"  # remind the owner, or the queue if unowned
    ESCALATE = "escalate"  # tell the leads
    BREACH = "breach"  # the promise was broken: say so in the escalation channel


@dataclass(frozen=True)
class Targets:
    acknowledge: timedelta
    address: timedelta


@dataclass(frozen=True)
class Policy:
    targets: Mapping[Severity, Targets]
    remind_at: float = 0.5
    escalate_at: float = 0.75

    def for_severity(self, severity: Severity) -> Targets:
        return self.targets[severity]


@dataclass(frozen=True)
class Due:
    duty: Duty
    at: datetime
    cycle: int


def deadline(policy: Policy, state: QueueState) -> datetime:
    """When this cycle's real answer is due."""
    return state.clock_started_at + policy.for_severity(state.severity).address


def schedule(policy: Policy, state: QueueState) -> list[Due]:
    """Every duty of the current cycle and when it falls due, earliest first."""
    targets = policy.for_severity(state.severity)
    start = state.clock_started_at
    duties = [
        Due(Duty.ACKNOWLEDGE, start + targets.acknowledge, state.cycle),
        Due(Duty.REMIND, start + targets.address * policy.remind_at, state.cycle),
        Due(Duty.ESCALATE, start + targets.address * policy.escalate_at, state.cycle),
        Due(Duty.BREACH, start + targets.address, state.cycle),
    ]
    return sorted(duties, key=lambda d: (d.at, list(Duty).index(d.duty)))


def due(policy: Policy, state: QueueState, now: datetime, fired: Iterable[Duty] = ()) -> list[Due]:
    """The duties to carry out at `now`: due, not yet done this cycle, and still meaningful.

    An owner stops the acknowledge re-ping; a real answer (plan, workaround, fix) stops the rest. Duties
    missed while nothing ran are still returned: late, never skipped.
    """
    done = set(fired)
    result = []
    for item in schedule(policy, state):
        if item.at > now or item.duty in done:
            continue
        if item.duty is Duty.ACKNOWLEDGE and (state.owner is not None or state.status is not Status.NEW):
            continue
        if item.duty is not Duty.ACKNOWLEDGE and not state.clock_running:
            continue
        result.append(item)
    return result


def time_left(policy: Policy, state: QueueState, now: datetime) -> timedelta:
    return deadline(policy, state) - now


def met(policy: Policy, state: QueueState) -> bool | None:
    """Whether this cycle's answer came in time; None while it is still open and not yet late."""
    end = deadline(policy, state)
    if state.answered_at is not None:
        return state.answered_at <= end
    return None


@dataclass(frozen=True)
class Figures:
    """The queue at a glance, for the bulletin, App Home and /metrics."""

    open_by_severity: dict[Severity, int]
    open_by_age: dict[str, int]
    first_response_median: timedelta | None
    address_median: timedelta | None
    compliance: float | None  # share of decided cycles answered in time
    decided: int  # cycles answered, or past their deadline unanswered
    breaching_soon: int  # clock running, deadline within four hours


AGE_BUCKETS = (("under 4h", timedelta(hours=4)), ("4-24h", timedelta(hours=24)), ("over 24h", timedelta.max))


def figures(policy: Policy, states: Iterable[QueueState], now: datetime) -> Figures:
    by_severity = dict.fromkeys(Severity, 0)
    by_age = {name: 0 for name, _ in AGE_BUCKETS}
    first_responses: list[float] = []
    addressed: list[float] = []
    in_time = decided = soon = 0
    for state in states:
        if state.status in (Status.NEW, Status.TAKEN, Status.WAITING, Status.PLANNED, Status.WORKAROUND):
            by_severity[state.severity] += 1
            age = now - state.filed_at
            by_age[next(name for name, limit in AGE_BUCKETS if age < limit)] += 1
        if state.first_response_at is not None:
            first_responses.append((state.first_response_at - state.filed_at).total_seconds())
        if state.answered_at is not None:
            addressed.append((state.answered_at - state.clock_started_at).total_seconds())
        outcome = met(policy, state)
        if outcome is None and state.clock_running and deadline(policy, state) < now:
            outcome = False
        if outcome is not None and state.status is not Status.DUPLICATE:
            decided += 1
            in_time += outcome
        if state.clock_running and timedelta(0) <= time_left(policy, state, now) <= timedelta(hours=4):
            soon += 1
    return Figures(
        open_by_severity=by_severity,
        open_by_age=by_age,
        first_response_median=_median(first_responses),
        address_median=_median(addressed),
        compliance=(in_time / decided) if decided else None,
        decided=decided,
        breaching_soon=soon,
    )


def _median(values: list[float]) -> timedelta | None:
    return timedelta(seconds=statistics.median(values)) if values else None
