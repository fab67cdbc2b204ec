"""Gathers the rows one week's figures need, as domain values: the queue, known issues, closed survey runs, who
took part. The bulletin, the digest and the gates all read the week through here, so they agree.

Reads only; no report text leaves this module (the queue is seen as states and public summaries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.config import PilotConfig
from bot.db.models import (
    KnownIssueRow,
    OfficeRsvpRow,
    OfficeSessionRow,
    Person,
    ReportRow,
    SurveyInviteRow,
    SurveyRunRow,
    UsageDayRow,
    UsageWeekRow,
)
from bot.domain.bulletin import IssueFact, SurveyResult, WeekFacts, weekly_on_time_share
from bot.domain.home import KnownIssue
from bot.domain.queue import QueueState, Status
from bot.domain.reaim import ClosedRun, PeopleWeek, ReaimFacts, Tracked
from bot.domain.reports import Severity
from bot.domain.surveys import Summary, summary_from_dict
from bot.domain.weeks import IsoWeek, weeks_between

CLOSED = (Status.RESOLVED.value, Status.DUPLICATE.value)
LONGEST_DEADLINE = timedelta(days=14)  # the pilot file caps address_hours at 14 days
CHART_WEEKS = 8  # the bulletin's chart covers the last eight weeks
HISTORY_WEEKS = 5  # RE-AIM compares this week's four-week SLA figure with last week's: five weeks of reports
MAINTENANCE_WEEKS = 4  # and judges maintenance over the last four


_COLUMNS: tuple[Any, ...] = (
    ReportRow.id, ReportRow.status, ReportRow.severity, ReportRow.owner, ReportRow.created_at,
    ReportRow.clock_started_at, ReportRow.cycle, ReportRow.first_response_at, ReportRow.answered_at,
    ReportRow.expected_fix, ReportRow.duplicate_of, ReportRow.ward_id, ReportRow.public_summary,
    ReportRow.resolved_at, ReportRow.updated_at,
)  # fmt: skip


_STATUSES = {s.value: s for s in Status}
_SEVERITIES = {s.value: s for s in Severity}


def _tracked(r: Sequence[Any]) -> Tracked:
    # unpacked by position: a year of reports is read here, and a Row's attributes cost ~2 µs each by name
    (rid, status_value, severity, owner, created_at, clock_started_at, cycle, first_response_at, answered_at,
     expected_fix, duplicate_of, ward_id, public_summary, resolved_at, updated_at) = r  # fmt: skip
    status = _STATUSES[status_value]
    state = QueueState(
        status=status,
        severity=_SEVERITIES[severity],
        owner=owner,
        filed_at=created_at,
        clock_started_at=clock_started_at or created_at,
        cycle=cycle,
        first_response_at=first_response_at,
        answered_at=answered_at,
        expected_fix=expected_fix,
        duplicate_of=duplicate_of,
    )
    # When it entered its current status, as well as the row can say.
    since = updated_at
    if status is Status.RESOLVED and resolved_at:
        since = resolved_at
    elif status in (Status.PLANNED, Status.WORKAROUND) and answered_at:
        since = answered_at
    return Tracked(rid, ward_id, state, since, public_summary)


def tracked(
    session: Session, *, before: datetime, since: datetime | None = None, severity: Severity | None = None
) -> tuple[Tracked, ...]:
    """Reports filed before `before`, as the weekly figures see them (state, ward, public summary).

    With `since`, only those that can count in [since, before): still open (at any age), or changed, filed or
    due since then (a cycle started a deadline before `since` may still fall due after it). A superset of what
    any figure about that span reads, so a year of closed reports is not loaded to say something about a week.
    """
    query = sa_select(*_COLUMNS).where(col(ReportRow.created_at) < before)
    if severity is not None:
        query = query.where(col(ReportRow.severity) == severity.value)
    if since is not None:
        query = query.where(
            or_(
                col(ReportRow.status).not_in(CLOSED),
                col(ReportRow.updated_at) >= since,
                col(ReportRow.created_at) >= since,
                col(ReportRow.clock_started_at) >= since - LONGEST_DEADLINE,
            )
        )
    return tuple(_tracked(r) for r in session.connection().execute(query).all())


def known_issue_facts(session: Session) -> tuple[IssueFact, ...]:
    rows = session.exec(select(KnownIssueRow).order_by(col(KnownIssueRow.id))).all()
    return tuple(
        IssueFact(
            KnownIssue(r.id or 0, r.report_id, r.title, r.cause, r.workaround, r.expected_fix, r.status),
            r.created_at,
            r.fixed_at,
        )
        for r in rows
    )


@dataclass(frozen=True)
class Closed:
    survey_id: str
    summary: Summary  # as stored at closing: anonymity rules already applied
    closed_at: datetime


def closed_runs(session: Session, *, before: datetime, since: datetime | None = None, last: int = 2) -> list[Closed]:
    """Survey runs closed before `before`, oldest first: every one closed since `since`, and the `last` latest of
    each instrument. The summaries (the big part) are read only for those."""
    light = session.exec(
        select(SurveyRunRow.id, SurveyRunRow.survey_id, SurveyRunRow.closed_at)
        .where(col(SurveyRunRow.closed_at).is_not(None), col(SurveyRunRow.closed_at) < before)
        .order_by(col(SurveyRunRow.closed_at), col(SurveyRunRow.id))
    ).all()
    by_instrument: dict[str, list[int]] = defaultdict(list)
    for run_id, survey_id, _ in light:
        if run_id is not None:
            by_instrument[survey_id].append(run_id)
    wanted = {i for ids in by_instrument.values() for i in ids[-last:]}
    wanted |= {i for i, _, at in light if i is not None and since is not None and at is not None and at >= since}
    summaries: dict[int, Mapping[str, Any]] = {}
    if wanted:
        query = select(SurveyRunRow.id, SurveyRunRow.summary).where(col(SurveyRunRow.id).in_(wanted))
        summaries = {i: summary for i, summary in session.exec(query).all() if i is not None and summary}
    return [
        Closed(survey_id, summary_from_dict(summaries[i]), at)
        for i, survey_id, at in light
        if i is not None and i in summaries and at is not None
    ]


def survey_results(session: Session, *, before: datetime) -> tuple[SurveyResult, ...]:
    """The latest closed run of each instrument, with the run before it."""
    by_instrument: dict[str, list[Summary]] = defaultdict(list)
    for run in closed_runs(session, before=before, last=2):
        by_instrument[run.survey_id].append(run.summary)
    return tuple(SurveyResult(runs[-1], runs[-2] if len(runs) > 1 else None) for runs in by_instrument.values())


def week_facts(engine: Engine, config: PilotConfig, week: IsoWeek) -> WeekFacts:
    """What the bulletin about `week` is built from."""
    zone, policy = config.zone, config.sla.policy()
    _, end = week.bounds(zone)
    chart_weeks = weeks_between(week.shift(-(CHART_WEEKS - 1)), week)
    with Session(engine) as session:
        reports = tracked(session, before=end, since=chart_weeks[0].bounds(zone)[0])
        issues = known_issue_facts(session)
        surveys = survey_results(session, before=end)
    history = tuple(weekly_on_time_share([t.state for t in reports], chart_weeks, zone, policy))
    return WeekFacts(week, zone, policy, reports, issues, surveys, history)


def reaim_facts(engine: Engine, config: PilotConfig, week: IsoWeek) -> ReaimFacts:
    """What RE-AIM about `week` is built from: the queue, closed runs, and who took part in each recent week."""
    zone, policy = config.zone, config.sla.policy()
    weeks = weeks_between(week.shift(-(HISTORY_WEEKS - 1)), week)
    _, end = week.bounds(zone)
    with Session(engine) as session:
        reports = tracked(session, before=end, since=weeks[0].bounds(zone)[0])
        since = weeks[0].bounds(zone)[0]
        runs = tuple(ClosedRun(r.summary, r.closed_at) for r in closed_runs(session, before=end, since=since))
        staff = _staff(session)
        usage = _has_usage(session)
        # Maintenance reads adoption over four weeks; Reach, who took part, this week and last only.
        people = {
            w: _people_week(session, config, w, staff, usage=usage, reach=w >= week.previous())
            for w in weeks[-MAINTENANCE_WEEKS:]
        }
    return ReaimFacts(week, zone, policy, people, reports, runs)


@dataclass(frozen=True)
class _Staff:
    key: str  # the Slack ID, or "#<person id>" for someone rostered by email only
    ward: str | None
    since: datetime


def _staff(session: Session) -> dict[int, _Staff]:
    rostered = select(Person.id, Person.slack_id, Person.ward_id, Person.created_at).where(Person.source == "roster")
    rows = session.exec(rostered).all()
    return {pid: _Staff(slack_id or f"#{pid}", ward, at) for pid, slack_id, ward, at in rows if pid is not None}


def _has_usage(session: Session) -> bool:
    return session.exec(select(UsageDayRow.person_id).limit(1)).first() is not None


def _people_week(
    session: Session, config: PilotConfig, week: IsoWeek, staff: Mapping[int, _Staff], *, usage: bool, reach: bool
) -> PeopleWeek:
    start, end = week.bounds(config.zone)
    rostered: dict[str, set[str]] = defaultdict(set)
    for person in staff.values():
        if person.ward and person.since < end:
            rostered[person.ward].add(person.key)
    used = _used(session, week, staff) if usage else None
    if not reach:
        return PeopleWeek(rostered={w: frozenset(s) for w, s in rostered.items()}, used=used)
    reported = set(
        session.exec(
            select(ReportRow.reporter).where(col(ReportRow.created_at) >= start, col(ReportRow.created_at) < end)
        ).all()
    )
    surveyed = set(
        session.exec(
            select(SurveyInviteRow.slack_id)
            .join(SurveyRunRow, col(SurveyRunRow.id) == col(SurveyInviteRow.run_id))
            .where(
                col(SurveyInviteRow.answered).is_(True),
                col(SurveyRunRow.scheduled_at) >= start,
                col(SurveyRunRow.scheduled_at) < end,
            )
        ).all()
    )
    attended = set(
        session.exec(
            select(OfficeRsvpRow.slack_id)
            .join(OfficeSessionRow, col(OfficeSessionRow.id) == col(OfficeRsvpRow.session_id))
            .where(
                col(OfficeSessionRow.cancelled_at).is_(None),
                col(OfficeSessionRow.start) >= start,
                col(OfficeSessionRow.start) < end,
            )
        ).all()
    )
    return PeopleWeek(
        rostered={w: frozenset(s) for w, s in rostered.items()},
        reported=frozenset(reported),
        surveyed=frozenset(surveyed),
        attended=frozenset(attended),
        used=used,
    )


def _used(session: Session, week: IsoWeek, staff: Mapping[int, _Staff]) -> frozenset[str]:
    """Who used the piloted system in the week (any events on any of its days): the weekly rollup's people."""
    rows = session.exec(select(UsageWeekRow.person_id).where(col(UsageWeekRow.week) == week.monday)).all()
    return frozenset(staff[p].key for p in rows if p in staff)


def rostered_count(session: Session, *, before: datetime) -> int:
    query = select(func.count()).select_from(Person).where(col(Person.created_at) < before, Person.source == "roster")
    return int(session.exec(query).one())


def ward_names(config: PilotConfig) -> Mapping[str, str]:
    return {w.id: w.name for w in config.wards}


def office_week(session: Session, week: IsoWeek, zone: ZoneInfo) -> tuple[int, int, int]:
    """Office hours held in the week: (sessions, people who came as recorded, sessions not recorded yet)."""
    start, end = week.bounds(zone)
    rows = session.exec(
        select(OfficeSessionRow.attended).where(
            col(OfficeSessionRow.cancelled_at).is_(None),
            col(OfficeSessionRow.start) >= start,
            col(OfficeSessionRow.start) < end,
        )
    ).all()
    return len(rows), sum(n or 0 for n in rows), sum(n is None for n in rows)
