"""The weekly bulletin's figures: what was reported, what was done about it, what is known, how it is going. Pure.

The services layer gathers one ISO week's facts into a WeekFacts value. The bulletin is an ordered list of
independent sections, each a function from those facts to zero or more items; a section with nothing to say gives
nothing, so it never shows as an empty heading, and a new section (adoption, champions) is one more entry.

Definitions (the same wherever these figures appear):
- A report's answer cycle is *due* in the week its deadline (sla.deadline: 24 h, patient safety 4 h) falls in, and
  is *on time* when its real answer (plan, workaround or fix) came by that deadline. Counting a cycle in the week
  it falls due means every cycle is counted once and a week's share is final once the week has ended. Merged
  duplicates are counted in the report they joined, not on their own.
- *Breached*: cycles due in the week that were not answered by their deadline.
- *Time to first response*: over the first responses given in the week, filing to the team's first action.
- *Time to a real answer*: over the real answers given in the week, start of the cycle to the answer.
- *Still open*: filed before the week ended and not resolved or merged by then (a plan or workaround is open).
- Only the current answer cycle of each report is known, so a reopened report's earlier cycle is not counted.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.domain.home import KnownIssue
from bot.domain.queue import ANSWERED, QueueState, Status
from bot.domain.reaim import Tracked, Trend, answer_times, first_responses, median, on_time
from bot.domain.reports import Severity
from bot.domain.sla import Policy, deadline
from bot.domain.surveys import Summary
from bot.domain.sus_grades import Grade, sus_grade
from bot.domain.weeks import IsoWeek

# --- the facts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueFact:
    """A published known issue with when it was published and fixed, so any past week can be told."""

    issue: KnownIssue
    published_at: datetime
    fixed_at: datetime | None = None


@dataclass(frozen=True)
class SurveyResult:
    """The latest closed run of one instrument, and the run before it."""

    latest: Summary
    previous: Summary | None = None

    @property
    def previous_score(self) -> float | None:
        return self.previous.headline_value if self.previous is not None and self.previous.shown else None


OnTime = tuple[IsoWeek, float | None]


@dataclass(frozen=True)
class WeekFacts:
    """Everything the bulletin says about `week`, gathered by the services layer.

    `reports`: every report filed, first responded to, answered, due, closed or open in this week or the one
    before. `surveys`: per instrument, the latest run closed by the week's end. `on_time_history`: the share on
    time for the 8 weeks ending with `week`, oldest first (see weekly_on_time_share).
    """

    week: IsoWeek
    zone: ZoneInfo
    policy: Policy
    reports: tuple[Tracked, ...] = ()
    known_issues: tuple[IssueFact, ...] = ()
    surveys: tuple[SurveyResult, ...] = ()
    on_time_history: tuple[OnTime, ...] = ()
    adoption: AdoptionLine | None = None  # None until usage data has been imported
    champions: ChampionLine | None = None


@dataclass(frozen=True)
class AdoptionLine:
    """The pilot's adoption this week next to last week's: people with any use / people on the wards' rosters."""

    share: Trend[float]
    active: int
    rostered: int


@dataclass(frozen=True)
class ChampionLine:
    """The champion network this week: wards with enough champions, office hours held and who came."""

    covered: int
    wards: int
    gaps: tuple[str, ...]  # ward ids short of a champion
    sessions: int  # held this week (not cancelled)
    came: int  # attendance recorded by the champions
    unrecorded: int  # sessions whose attendance is not recorded yet

    @property
    def quiet(self) -> bool:
        return self.wards == 0 and self.sessions == 0


# --- headline figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekFigures:
    new: int
    due: int
    in_time: int
    first_response_median: timedelta | None
    answer_median: timedelta | None
    open_by_severity: dict[Severity, int]
    oldest_open_age: timedelta | None  # at the end of the week

    @property
    def on_time_share(self) -> float | None:
        return self.in_time / self.due if self.due else None

    @property
    def breached(self) -> int:
        return self.due - self.in_time

    @property
    def quiet(self) -> bool:
        """Nothing filed, due, responded to or open."""
        no_times = self.first_response_median is None and self.answer_median is None
        return not (self.new or self.due or any(self.open_by_severity.values())) and no_times


@dataclass(frozen=True)
class Headline:
    week: IsoWeek
    new: Trend[int]
    on_time: Trend[float]  # share of the cycles due in the week answered in time
    due: int  # how many cycles fell due this week: the share's denominator
    first_response_median: Trend[timedelta]
    answer_median: Trend[timedelta]
    breached: Trend[int]
    open_by_severity: dict[Severity, Trend[int]]
    oldest_open_age: Trend[timedelta]
    quiet: bool  # nothing to say this week or last


def week_figures(reports: Sequence[Tracked], week: IsoWeek, zone: ZoneInfo, policy: Policy) -> WeekFigures:
    """The headline figures of one week, from the reports' current states."""
    start, end = week.bounds(zone)
    states = [r.state for r in reports]
    due, in_time = on_time(policy, states, start, end)
    still_open = [r.state for r in reports if r.state.filed_at < end and not _closed_by(r, end)]
    by_severity = dict.fromkeys(Severity, 0)
    for state in still_open:
        by_severity[state.severity] += 1
    return WeekFigures(
        new=sum(start <= s.filed_at < end for s in states),
        due=due,
        in_time=in_time,
        first_response_median=median(first_responses(states, start, end)),
        answer_median=median(answer_times(states, start, end)),
        open_by_severity=by_severity,
        oldest_open_age=max((end - s.filed_at for s in still_open), default=None),
    )


def headline(reports: Sequence[Tracked], week: IsoWeek, zone: ZoneInfo, policy: Policy) -> Headline:
    """This week's headline figures, each next to the previous week's."""
    now, then = week_figures(reports, week, zone, policy), week_figures(reports, week.previous(), zone, policy)
    return Headline(
        week=week,
        new=Trend(now.new, then.new),
        on_time=Trend(now.on_time_share, then.on_time_share),
        due=now.due,
        first_response_median=Trend(now.first_response_median, then.first_response_median),
        answer_median=Trend(now.answer_median, then.answer_median),
        breached=Trend(now.breached, then.breached),
        open_by_severity={s: Trend(now.open_by_severity[s], then.open_by_severity[s]) for s in Severity},
        oldest_open_age=Trend(now.oldest_open_age, then.oldest_open_age),
        quiet=now.quiet and then.quiet,
    )


def weekly_on_time_share(
    states: Iterable[QueueState], weeks: Sequence[IsoWeek], zone: ZoneInfo, policy: Policy
) -> list[OnTime]:
    """For the chart: each week's share of due cycles answered in time, None for a week with none due. One pass."""
    spans = sorted((*week.bounds(zone), week) for week in set(weeks))
    starts = [start for start, _, _ in spans]
    tally = {week: [0, 0] for week in weeks}
    for state in states:
        end_of_cycle = deadline(policy, state)
        i = bisect.bisect_right(starts, end_of_cycle) - 1
        if i >= 0 and end_of_cycle < spans[i][1] and state.status is not Status.DUPLICATE:
            counts = tally[spans[i][2]]
            counts[0] += 1
            counts[1] += state.answered_at is not None and state.answered_at <= end_of_cycle
    return [(week, (t[1] / t[0]) if t[0] else None) for week, t in tally.items()]


def _within(instant: datetime | None, start: datetime, end: datetime) -> bool:
    return instant is not None and start <= instant < end


def _closed_by(report: Tracked, end: datetime) -> bool:
    return report.closed_at is not None and report.closed_at < end


# --- you said, we did ----------------------------------------------------------------------------------

PLACEHOLDER = {Status.RESOLVED: "fixed", Status.WORKAROUND: "workaround shared", Status.PLANNED: "fix planned"}


@dataclass(frozen=True)
class Done:
    report_id: int
    status: Status  # RESOLVED, WORKAROUND or PLANNED
    line: str  # the responder's public one-line summary, or a neutral placeholder; never the report's text
    expected_fix: date | None = None


@dataclass(frozen=True)
class WardDone:
    ward: str | None  # None: reports filed without a ward
    done: tuple[Done, ...]


def you_said_we_did(reports: Iterable[Tracked], week: IsoWeek, zone: ZoneInfo) -> tuple[WardDone, ...]:
    """Every report resolved, given a workaround or a dated plan this week, by ward (by id, no ward last)."""
    start, end = week.bounds(zone)
    by_ward: dict[str | None, list[Done]] = {}
    for report in sorted(reports, key=lambda r: r.id):
        if report.state.status in ANSWERED and start <= report.status_since < end:
            by_ward.setdefault(report.ward, []).append(_done(report))
    order = sorted(by_ward, key=lambda ward: (ward is None, ward or ""))
    return tuple(WardDone(ward, tuple(by_ward[ward])) for ward in order)


def _done(report: Tracked) -> Done:
    status, fix = report.state.status, report.state.expected_fix
    line = " ".join((report.public_summary or "").split())
    if not line:
        line = PLACEHOLDER[status]  # a plan's date is in `expected_fix`, for the reader's own date format
    return Done(report.id, status, line, fix)


# --- known issues --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownIssues:
    open: tuple[KnownIssue, ...]  # soonest expected fix first, undated last
    fixed: tuple[KnownIssue, ...]  # fixed this week

    def __bool__(self) -> bool:
        return bool(self.open or self.fixed)


def known_issues(issues: Iterable[IssueFact], week: IsoWeek, zone: ZoneInfo) -> KnownIssues:
    """The issues open at the end of the week (title, cause, workaround, expected fix) and those fixed in it."""
    start, end = week.bounds(zone)
    facts = sorted(issues, key=lambda f: (f.issue.expected_fix is None, f.issue.expected_fix or date.max, f.issue.id))
    still_open = [f.issue for f in facts if f.published_at < end and (f.fixed_at is None or f.fixed_at >= end)]
    fixed = [f.issue for f in facts if _within(f.fixed_at, start, end)]
    return KnownIssues(tuple(still_open), tuple(fixed))


# --- survey pulse --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pulse:
    instrument_id: str
    title: str
    measure: str | None  # "SUS", "NPS" or the pulse statement's mean
    score: Trend[float]  # None when fewer than the anonymity minimum answered
    grade: Grade | None  # SUS only
    responded: int
    invited: int

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None


def survey_pulse(results: Iterable[SurveyResult]) -> tuple[Pulse, ...]:
    """Each instrument's latest closed run: score (with its SUS grade), response rate, change since the run before."""
    return tuple(_pulse(r) for r in sorted(results, key=lambda r: r.latest.instrument_id))


def _pulse(result: SurveyResult) -> Pulse:
    run = result.latest
    score = run.headline_value if run.shown else None
    grade = sus_grade(score) if run.headline == "SUS" and score is not None else None
    return Pulse(
        run.instrument_id,
        run.title,
        run.headline,
        Trend(score, result.previous_score),
        grade,
        run.responded,
        run.invited,
    )


# --- sections ------------------------------------------------------------------------------------------

F = TypeVar("F")


@dataclass(frozen=True)
class Section(Generic[F]):
    """One independent part of a weekly message: a name (render picks its drawing by it) and its items."""

    name: str
    build: Callable[[F], Sequence[object]]


@dataclass(frozen=True)
class Part:
    name: str
    items: tuple[object, ...]


@dataclass(frozen=True)
class OnTimeChart:
    points: tuple[OnTime, ...]


def assemble(facts: F, sections: Sequence[Section[F]]) -> list[Part]:
    """The sections in order, each with its items; a section with nothing to say is left out."""
    parts = (Part(s.name, tuple(s.build(facts))) for s in sections)
    return [part for part in parts if part.items]


def _headline(facts: WeekFacts) -> list[Headline]:
    figures = headline(facts.reports, facts.week, facts.zone, facts.policy)
    return [] if figures.quiet else [figures]


def _chart(facts: WeekFacts) -> list[OnTimeChart]:
    """The weeks from the first that had an answer due: a new pilot's chart does not start with empty weeks."""
    points = facts.on_time_history
    first = next((i for i, (_, share) in enumerate(points) if share is not None), None)
    return [] if first is None else [OnTimeChart(points[first:])]


def _known(facts: WeekFacts) -> list[KnownIssues]:
    issues = known_issues(facts.known_issues, facts.week, facts.zone)
    return [issues] if issues else []


SECTIONS: tuple[Section[WeekFacts], ...] = (
    Section("headline", _headline),
    Section("on_time_chart", _chart),
    Section("you_said_we_did", lambda f: you_said_we_did(f.reports, f.week, f.zone)),
    Section("known_issues", _known),
    Section("survey_pulse", lambda f: survey_pulse(f.surveys)),
    Section("adoption", lambda f: [f.adoption] if f.adoption is not None and f.adoption.rostered else []),
    Section("champions", lambda f: [f.champions] if f.champions is not None and not f.champions.quiet else []),
)


def bulletin(facts: WeekFacts, sections: Sequence[Section[WeekFacts]] = SECTIONS) -> list[Part]:
    """The week's bulletin as figures, section by section; empty when the week had nothing to tell."""
    return assemble(facts, sections)
