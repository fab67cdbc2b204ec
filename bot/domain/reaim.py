"""RE-AIM per ward and overall for one ISO week, each next to the week before, and the queue's measures that the
bulletin and the gates share. Pure: weeks, zones and instants are parameters.

The queue's measures (see bot/domain/bulletin.py for the words): an answer cycle counts in the week its deadline
falls in, merged duplicates are left out, and only each report's current cycle is known.

Maintenance: a series (adoption, or one instrument's score) *held* when its latest value over the last four weeks
is no more than a tolerance below the four-week peak, and *decayed* when it is more: 5 percentage points of
adoption, 5 points of SUS or NPS, 0.2 of a 1-5 pulse mean (5% of its range). Fewer than two values: not judged.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.domain.queue import QueueState, Status
from bot.domain.reports import Severity
from bot.domain.sla import Policy, deadline
from bot.domain.surveys import Summary
from bot.domain.weeks import IsoWeek, last_complete

# --- the queue's measures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tracked:
    """One report as the weekly figures see it: queue state, ward and the responder's public words; no report text."""

    id: int
    ward: str | None
    state: QueueState
    status_since: datetime  # when it entered its current status
    public_summary: str | None = None  # the responder's one line for the bulletin, already masked

    @property
    def closed_at(self) -> datetime | None:
        """When it was resolved or merged; None while it is open."""
        return self.status_since if self.state.status in (Status.RESOLVED, Status.DUPLICATE) else None


N = TypeVar("N", int, float, timedelta)


@dataclass(frozen=True)
class Trend(Generic[N]):
    """A figure next to the one before (last week, or the previous survey run); None where nothing was measured."""

    value: N | None
    previous: N | None

    @property
    def change(self) -> N | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def on_time(policy: Policy, states: Iterable[QueueState], start: datetime, end: datetime) -> tuple[int, int]:
    """(cycles due in [start, end), how many got a real answer by their deadline); duplicates left out."""
    due = in_time = 0
    for state in states:
        end_of_cycle = deadline(policy, state)
        if state.status is not Status.DUPLICATE and start <= end_of_cycle < end:
            due += 1
            in_time += state.answered_at is not None and state.answered_at <= end_of_cycle
    return due, in_time


def first_responses(states: Iterable[QueueState], start: datetime, end: datetime) -> list[timedelta]:
    """Filing to the team's first action, for each first response given in [start, end)."""
    return [
        s.first_response_at - s.filed_at
        for s in states
        if s.first_response_at is not None and start <= s.first_response_at < end
    ]


def answer_times(states: Iterable[QueueState], start: datetime, end: datetime) -> list[timedelta]:
    """Start of the cycle to its real answer, for each real answer given in [start, end); duplicates left out."""
    return [
        s.answered_at - s.clock_started_at
        for s in states
        if s.answered_at is not None and start <= s.answered_at < end and s.status is not Status.DUPLICATE
    ]


def median(spans: Sequence[timedelta]) -> timedelta | None:
    return timedelta(seconds=statistics.median(s.total_seconds() for s in spans)) if spans else None


def sla_window(at: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of the last 4 complete ISO weeks before `at`, as UTC instants."""
    last = last_complete(at, zone)
    return last.shift(-3).bounds(zone)[0], last.bounds(zone)[1]


def sla_compliance(states: Iterable[QueueState], at: datetime, zone: ZoneInfo, policy: Policy) -> float | None:
    """Of the cycles whose answer was due within the last 4 complete weeks, the share answered in time; None if none."""
    due, in_time = on_time(policy, states, *sla_window(at, zone))
    return in_time / due if due else None


def answered_share(states: Iterable[QueueState], at: datetime, zone: ZoneInfo, policy: Policy) -> float | None:
    """Of the same cycles as sla_compliance, the share given a real answer by `at`, late or not; None if none."""
    start, end = sla_window(at, zone)
    due = [s for s in states if s.status is not Status.DUPLICATE and start <= deadline(policy, s) < end]
    return sum(s.answered_at is not None and s.answered_at <= at for s in due) / len(due) if due else None


def open_patient_safety(states: Iterable[QueueState]) -> int:
    """Patient-safety reports not resolved (a workaround or a plan does not close one); merged ones count once."""
    closed = (Status.RESOLVED, Status.DUPLICATE)
    return sum(s.severity is Severity.PATIENT_SAFETY and s.status not in closed for s in states)


# --- RE-AIM --------------------------------------------------------------------------------------------


class Dimension(StrEnum):
    REACH = "Reach"
    EFFECTIVENESS = "Effectiveness"
    ADOPTION = "Adoption"
    IMPLEMENTATION = "Implementation"
    MAINTENANCE = "Maintenance"


DEFINITIONS: Mapping[Dimension, str] = {
    Dimension.REACH: "share of rostered staff who reported, answered a survey, came to office hours or used the system",
    Dimension.EFFECTIVENESS: "survey outcomes (SUS, NPS, pulse means): the latest closed run next to the one before",
    Dimension.ADOPTION: "staff with any use of the piloted system in the week / staff on the roster",
    Dimension.IMPLEMENTATION: "answers due in the last 4 weeks given in time and at all; median time to first response",
    Dimension.MAINTENANCE: "whether adoption and survey scores held over the last 4 weeks or fell from their peak",
}


@dataclass(frozen=True)
class PeopleWeek:
    """Who was rostered and who took part in one ISO week, by Slack id; no answers, no words."""

    rostered: Mapping[str, frozenset[str]]  # ward -> its staff that week, every role
    reported: frozenset[str] = frozenset()
    surveyed: frozenset[str] = frozenset()  # answered any survey
    attended: frozenset[str] = frozenset()  # came to office hours
    used: frozenset[str] | None = None  # any events in the piloted system; None: no usage data for the week

    @cached_property
    def took_part(self) -> frozenset[str]:
        """Everyone who reported, answered a survey, came to office hours or used the system (Reach's numerator)."""
        return self.reported | self.surveyed | self.attended | (self.used or frozenset())


@dataclass(frozen=True)
class ClosedRun:
    summary: Summary  # anonymity rules already applied
    closed_at: datetime


@dataclass(frozen=True)
class ReaimFacts:
    """What the digest's RE-AIM needs, gathered by the services layer.

    `people`: this week and the three before. `reports`: every report due, responded to or answered in the last
    five weeks. `runs`: every run closed in the last four weeks and, per instrument, the two latest.
    """

    week: IsoWeek
    zone: ZoneInfo
    policy: Policy
    people: Mapping[IsoWeek, PeopleWeek]
    reports: tuple[Tracked, ...] = ()
    runs: tuple[ClosedRun, ...] = ()


@dataclass(frozen=True)
class Score:
    instrument_id: str
    measure: str | None  # "SUS", "NPS" or the pulse statement's mean
    score: Trend[float]  # the latest run next to the run before; None where too few answered


@dataclass(frozen=True)
class Implementation:
    sla_compliance: Trend[float]
    answered_share: Trend[float]
    first_response_median: Trend[timedelta]


class Kept(StrEnum):
    HELD = "held"
    DECAYED = "decayed"


@dataclass(frozen=True)
class Series:
    name: str  # "adoption" or an instrument id
    latest: float
    peak: float
    kept: Kept


@dataclass(frozen=True)
class Maintenance:
    series: tuple[Series, ...]  # only the series with two or more values in the four weeks

    @property
    def decayed(self) -> bool | None:
        """True when any series decayed, False when some were judged and all held, None when none could be."""
        return any(s.kept is Kept.DECAYED for s in self.series) if self.series else None


@dataclass(frozen=True)
class Reaim:
    ward: str | None  # None: the whole pilot
    reach: Trend[float]
    effectiveness: tuple[Score, ...]
    adoption: Trend[float]
    implementation: Implementation
    maintenance: Maintenance


@dataclass(frozen=True)
class ReaimWeek:
    week: IsoWeek
    overall: Reaim
    wards: tuple[Reaim, ...]  # by ward id


def reaim(facts: ReaimFacts) -> ReaimWeek:
    """RE-AIM for the whole pilot and for every ward rostered this week, each figure next to last week's."""
    wards = sorted(facts.people[facts.week].rostered) if facts.week in facts.people else []
    relevant = _relevant(facts)
    by_ward: dict[str | None, list[QueueState]] = {}
    for report in relevant:
        by_ward.setdefault(report.ward, []).append(report.state)
    overall = _scope(facts, None, [r.state for r in relevant])
    return ReaimWeek(facts.week, overall, tuple(_scope(facts, ward, by_ward.get(ward, [])) for ward in wards))


def _relevant(facts: ReaimFacts) -> list[Tracked]:
    """The reports Implementation looks at, found in one pass: due in the 5 weeks of both windows, or first
    responded to in this week or the last."""
    zone = facts.zone
    start, end = facts.week.shift(-4).bounds(zone)[0], facts.week.bounds(zone)[1]
    first_start = facts.week.previous().bounds(zone)[0]
    return [
        r
        for r in facts.reports
        if start <= deadline(facts.policy, r.state) < end
        or (r.state.first_response_at is not None and first_start <= r.state.first_response_at < end)
    ]


def _scope(facts: ReaimFacts, ward: str | None, states: Sequence[QueueState]) -> Reaim:
    week, last = facts.week, facts.week.previous()
    return Reaim(
        ward,
        Trend(_reach(facts.people.get(week), ward), _reach(facts.people.get(last), ward)),
        _effectiveness(facts, ward),
        Trend(adoption(facts.people.get(week), ward), adoption(facts.people.get(last), ward)),
        _implementation(facts, states),
        _maintenance(facts, ward),
    )


def _rostered(people: PeopleWeek, ward: str | None) -> frozenset[str]:
    if ward is not None:
        return people.rostered.get(ward, frozenset())
    return frozenset().union(*people.rostered.values())


def _reach(people: PeopleWeek | None, ward: str | None) -> float | None:
    staff = _rostered(people, ward) if people is not None else frozenset()
    if people is None or not staff:
        return None
    return len(staff & people.took_part) / len(staff)


def adoption(people: PeopleWeek | None, ward: str | None) -> float | None:
    """Active / rostered for a ward (None: the whole pilot); None without usage data or roster for the week."""
    staff = _rostered(people, ward) if people is not None else frozenset()
    if people is None or people.used is None or not staff:
        return None
    return len(staff & people.used) / len(staff)


def _score(summary: Summary, ward: str | None) -> float | None:
    if not summary.shown:
        return None
    if ward is None:
        return summary.headline_value
    return next((g.value for g in summary.by_ward if g.group == ward), None)


def _runs_by_instrument(runs: Iterable[ClosedRun], end: datetime) -> dict[str, list[ClosedRun]]:
    """Runs closed before `end`, per instrument, oldest first."""
    by_instrument: dict[str, list[ClosedRun]] = {}
    for run in sorted(runs, key=lambda r: r.closed_at):
        if run.closed_at < end:
            by_instrument.setdefault(run.summary.instrument_id, []).append(run)
    return by_instrument


def _effectiveness(facts: ReaimFacts, ward: str | None) -> tuple[Score, ...]:
    end = facts.week.bounds(facts.zone)[1]
    scores = []
    for instrument, runs in sorted(_runs_by_instrument(facts.runs, end).items()):
        before = _score(runs[-2].summary, ward) if len(runs) > 1 else None
        scores.append(Score(instrument, runs[-1].summary.headline, Trend(_score(runs[-1].summary, ward), before)))
    return tuple(scores)


def _implementation(facts: ReaimFacts, states: Sequence[QueueState]) -> Implementation:
    week, last = facts.week, facts.week.previous()
    (start, end), (last_start, last_end) = week.bounds(facts.zone), last.bounds(facts.zone)
    zone, policy = facts.zone, facts.policy
    return Implementation(
        Trend(sla_compliance(states, end, zone, policy), sla_compliance(states, last_end, zone, policy)),
        Trend(answered_share(states, end, zone, policy), answered_share(states, last_end, zone, policy)),
        Trend(median(first_responses(states, start, end)), median(first_responses(states, last_start, last_end))),
    )


def tolerance(measure: str | None) -> float:
    """How far below its four-week peak a series may fall and still have held (module docstring)."""
    return 5.0 if measure in ("SUS", "NPS") else 0.2


def judge(name: str, values: Sequence[float], allowed: float) -> Series | None:
    """Held or decayed, by the latest value against the peak; None with fewer than two values."""
    if len(values) < 2:
        return None
    latest, peak = values[-1], max(values)
    decayed = peak - latest > allowed + 1e-9  # exactly `allowed` below the peak still held, float sums aside
    return Series(name, latest, peak, Kept.DECAYED if decayed else Kept.HELD)


def _maintenance(facts: ReaimFacts, ward: str | None) -> Maintenance:
    weeks = [facts.week.shift(-n) for n in (3, 2, 1, 0)]
    uptake = [a for w in weeks if (a := adoption(facts.people.get(w), ward)) is not None]
    judged = [judge("adoption", uptake, 0.05)]
    start, end = weeks[0].bounds(facts.zone)[0], facts.week.bounds(facts.zone)[1]
    for instrument, runs in sorted(_runs_by_instrument(facts.runs, end).items()):
        values = [v for r in runs if r.closed_at >= start and (v := _score(r.summary, ward)) is not None]
        judged.append(judge(instrument, values, tolerance(runs[-1].summary.headline)))
    return Maintenance(tuple(s for s in judged if s is not None))
