"""The rapid-response queue: a report's status, who owns it, and which moves are legal from where.

Pure: `apply(state, move, now)` returns the next state or a Refusal, and never touches anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from bot.domain.reports import Report, Severity


class Status(StrEnum):
    NEW = "new"  # filed, nobody has taken it
    TAKEN = "taken"  # someone on the team owns it
    WAITING = "waiting"  # waiting on the reporter for information (the clock keeps running)
    PLANNED = "planned"  # a dated plan was given (answered)
    WORKAROUND = "workaround"  # a workaround was given (answered)
    RESOLVED = "resolved"  # fixed (answered)
    DUPLICATE = "duplicate"  # merged into another report


OPEN = frozenset({Status.NEW, Status.TAKEN, Status.WAITING, Status.PLANNED, Status.WORKAROUND})
CLOCK_RUNNING = frozenset({Status.NEW, Status.TAKEN, Status.WAITING})  # no real answer yet
ANSWERED = frozenset({Status.PLANNED, Status.WORKAROUND, Status.RESOLVED})


class Move(StrEnum):
    TAKE = "take"
    REASSIGN = "reassign"
    NEED_INFO = "need_info"
    INFO_RECEIVED = "info_received"
    PLAN = "plan"
    WORKAROUND = "workaround"
    RESOLVE = "resolve"
    MERGE = "merge"
    REOPEN = "reopen"
    SET_SEVERITY = "set_severity"


# Where each move may start from. Anything else is refused and changes nothing.
ALLOWED: dict[Move, frozenset[Status]] = {
    Move.TAKE: frozenset({Status.NEW}),
    Move.REASSIGN: OPEN,
    Move.NEED_INFO: frozenset({Status.NEW, Status.TAKEN, Status.WAITING}),
    Move.INFO_RECEIVED: frozenset({Status.WAITING}),
    Move.PLAN: OPEN,
    Move.WORKAROUND: frozenset({Status.NEW, Status.TAKEN, Status.WAITING, Status.PLANNED}),
    Move.RESOLVE: OPEN,
    Move.MERGE: OPEN,
    Move.REOPEN: ANSWERED,
    Move.SET_SEVERITY: OPEN,
}


@dataclass(frozen=True)
class QueueState:
    """Everything the queue rules need to know about one report."""

    status: Status
    severity: Severity
    owner: str | None
    filed_at: datetime
    clock_started_at: datetime  # when this answer cycle began (filing, or the last reopen)
    cycle: int = 1
    first_response_at: datetime | None = None  # the team's first action on it
    answered_at: datetime | None = None  # the real answer of this cycle: plan, workaround or fix
    expected_fix: date | None = None
    duplicate_of: int | None = None

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING


def state_of(report: Report) -> QueueState:
    """The queue's view of a stored report."""
    return QueueState(
        status=Status(report.status),
        severity=report.severity,
        owner=report.owner,
        filed_at=report.created_at,
        clock_started_at=report.clock_started_at or report.created_at,
        cycle=report.cycle,
        first_response_at=report.first_response_at,
        answered_at=report.answered_at,
        expected_fix=report.expected_fix,
        duplicate_of=report.duplicate_of,
    )


class Why(StrEnum):
    """Why a move is refused; render/copy.py says it in words."""

    NOT_NOW = "not_now"  # not a legal move from the current status
    TAKEN = "taken"  # someone already owns it
    NO_OWNER = "no_owner"
    NO_DATE = "no_date"
    PAST_DATE = "past_date"
    NO_TARGET = "no_target"
    NO_SEVERITY = "no_severity"


@dataclass(frozen=True)
class Refusal:
    why: Why
    status: Status
    owner: str | None = None


@dataclass(frozen=True)
class Step:
    """One move with what it carries."""

    move: Move
    actor: str
    owner: str | None = None  # REASSIGN: the new owner
    expected_fix: date | None = None  # PLAN
    into: int | None = None  # MERGE: the report it joins
    severity: Severity | None = None  # SET_SEVERITY


def refusal(state: QueueState, move: Move) -> Refusal:
    why = Why.TAKEN if move is Move.TAKE and state.owner else Why.NOT_NOW
    return Refusal(why, state.status, state.owner)


def apply(state: QueueState, step: Step, now: datetime) -> QueueState | Refusal:
    """The state after `step`, or why it is refused. Pure."""
    if state.status not in ALLOWED[step.move]:
        return refusal(state, step.move)
    first = state.first_response_at or (now if step.move is not Move.INFO_RECEIVED else None)
    owner = state.owner or step.actor
    match step.move:
        case Move.TAKE:
            return replace(state, status=Status.TAKEN, owner=step.actor, first_response_at=first)
        case Move.REASSIGN:
            if not step.owner:
                return Refusal(Why.NO_OWNER, state.status)
            kept: Status = Status.TAKEN if state.status is Status.NEW else state.status
            return replace(state, status=kept, owner=step.owner, first_response_at=first)
        case Move.NEED_INFO:
            return replace(state, status=Status.WAITING, owner=owner, first_response_at=first)
        case Move.INFO_RECEIVED:
            return replace(state, status=Status.TAKEN)
        case Move.PLAN:
            if step.expected_fix is None:
                return Refusal(Why.NO_DATE, state.status)
            if step.expected_fix < now.date():
                return Refusal(Why.PAST_DATE, state.status)
            return _answered(state, Status.PLANNED, owner, first, now, expected_fix=step.expected_fix)
        case Move.WORKAROUND:
            return _answered(state, Status.WORKAROUND, owner, first, now, expected_fix=state.expected_fix)
        case Move.RESOLVE:
            return _answered(state, Status.RESOLVED, owner, first, now, expected_fix=state.expected_fix)
        case Move.MERGE:
            if step.into is None:
                return Refusal(Why.NO_TARGET, state.status)
            return replace(state, status=Status.DUPLICATE, duplicate_of=step.into, first_response_at=first)
        case Move.REOPEN:
            reopened: Status = Status.TAKEN if state.owner else Status.NEW
            return replace(state, status=reopened, cycle=state.cycle + 1, clock_started_at=now, answered_at=None)
        case Move.SET_SEVERITY:
            if step.severity is None:
                return Refusal(Why.NO_SEVERITY, state.status)
            return replace(state, severity=step.severity)
    raise AssertionError(step.move)  # pragma: no cover


def _answered(
    state: QueueState, status: Status, owner: str, first: datetime | None, now: datetime, *, expected_fix: date | None
) -> QueueState:
    """A real answer stops this cycle's clock; a later answer in the same cycle keeps the first time."""
    return replace(
        state,
        status=status,
        owner=owner,
        first_response_at=first,
        answered_at=state.answered_at or now,
        expected_fix=expected_fix,
    )
