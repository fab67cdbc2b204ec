"""Gathers the rows one week's figures need, as domain values: the queue, known issues, closed survey runs, who
took part. The bulletin, the digest and the gates all read the week through here, so they agree.

Reads only; no report text leaves this module (the queue is seen as states and public summaries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, func
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
)
from bot.domain.bulletin import IssueFact, SurveyResult, WeekFacts, weekly_on_time_share
from bot.domain.home import KnownIssue
from bot.domain.queue import QueueState, Status
from bot.domain.reaim import ClosedRun, PeopleWeek, ReaimFacts, Tracked
from bot.domain.reports import Severity
from bot.domain.surveys import summary_from_dict
from bot.domain.weeks import IsoWeek, weeks_between

CHART_WEEKS = 8  # the bulletin's chart covers the last eight weeks
HISTORY_WEEKS = 5  # RE-AIM compares this week with the last and judges maintenance over four


_COLUMNS: tuple[Any, ...] = (
    ReportRow.id, ReportRow.status, ReportRow.severity, ReportRow.owner, ReportRow.created_at,
    ReportRow.clock_started_at, ReportRow.cycle, ReportRow.first_response_at, ReportRow.answered_at,
    ReportRow.expected_fix, ReportRow.duplicate_of, ReportRow.ward_id, ReportRow.public_summary,
    ReportRow.resolved_at, ReportRow.updated_at,
)  # fmt: skip


def _tracked(r: Row[Any]) -> Tracked:
    status = Status(r.status)
    state = QueueState(
        status=status,
        severity=Severity(r.severity),
        owner=r.owner,
        filed_at=r.created_at,
        clock_started_at=r.clock_started_at or r.created_at,
        cycle=r.cycle,
        first_response_at=r.first_response_at,
        answered_at=r.answered_at,
        expected_fix=r.expected_fix,
        duplicate_of=r.duplicate_of,
    )
    # When it entered its current status, as well as the row can say.
    since = r.updated_at
    if status is Status.RESOLVED and r.resolved_at:
        since = r.resolved_at
    elif status in (Status.PLANNED, Status.WORKAROUND) and r.answered_at:
        since = r.answered_at
    return Tracked(r.id, r.ward_id, state, since, r.public_summary)


def tracked(session: Session, *, before: datetime) -> tuple[Tracked, ...]:
    """Every report filed before `before`, as the weekly figures see it (state, ward, public summary)."""
    query = sa_select(*_COLUMNS).where(col(ReportRow.created_at) < before)
    return tuple(_tracked(r) for r in session.connection().execute(query))


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


def closed_runs(session: Session, *, before: datetime) -> list[tuple[SurveyRunRow, datetime]]:
    rows = session.exec(
        select(SurveyRunRow)
        .where(col(SurveyRunRow.closed_at).is_not(None), col(SurveyRunRow.closed_at) < before)
        .order_by(col(SurveyRunRow.closed_at))
    ).all()
    return [(r, r.closed_at) for r in rows if r.summary is not None and r.closed_at is not None]


def survey_results(session: Session, *, before: datetime) -> tuple[SurveyResult, ...]:
    """The latest closed run of each instrument, with the run before it."""
    by_instrument: dict[str, list[SurveyRunRow]] = defaultdict(list)
    for run, _ in closed_runs(session, before=before):
        by_instrument[run.survey_id].append(run)
    results = []
    for runs in by_instrument.values():
        latest = summary_from_dict(runs[-1].summary or {})
        previous = summary_from_dict(runs[-2].summary or {}) if len(runs) > 1 else None
        results.append(SurveyResult(latest, previous))
    return tuple(results)


def week_facts(engine: Engine, config: PilotConfig, week: IsoWeek) -> WeekFacts:
    """What the bulletin about `week` is built from."""
    zone, policy = config.zone, config.sla.policy()
    _, end = week.bounds(zone)
    with Session(engine) as session:
        reports = tracked(session, before=end)
        issues = known_issue_facts(session)
        surveys = survey_results(session, before=end)
    chart_weeks = weeks_between(week.shift(-(CHART_WEEKS - 1)), week)
    history = tuple(weekly_on_time_share([t.state for t in reports], chart_weeks, zone, policy))
    return WeekFacts(week, zone, policy, reports, issues, surveys, history)


def reaim_facts(engine: Engine, config: PilotConfig, week: IsoWeek) -> ReaimFacts:
    """What RE-AIM about `week` is built from: the queue, closed runs, and who took part in each recent week."""
    zone, policy = config.zone, config.sla.policy()
    weeks = weeks_between(week.shift(-(HISTORY_WEEKS - 1)), week)
    _, end = week.bounds(zone)
    with Session(engine) as session:
        reports = tracked(session, before=end)
        runs = tuple(ClosedRun(summary_from_dict(r.summary or {}), at) for r, at in closed_runs(session, before=end))
        people = {w: _people_week(session, config, w) for w in weeks}
    return ReaimFacts(week, zone, policy, people, reports, runs)


def _people_week(session: Session, config: PilotConfig, week: IsoWeek) -> PeopleWeek:
    start, end = week.bounds(config.zone)
    staff = session.exec(
        select(Person.slack_id, Person.ward_id).where(col(Person.created_at) < end, col(Person.slack_id).is_not(None))
    ).all()
    rostered: dict[str, set[str]] = defaultdict(set)
    for slack_id, ward in staff:
        if ward and slack_id:
            rostered[ward].add(slack_id)
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
        used=_used(session, config, week),
    )


def _used(session: Session, config: PilotConfig, week: IsoWeek) -> frozenset[str] | None:
    """Who used the piloted system in the week; None while no usage data has ever been imported."""
    if session.exec(select(func.count()).select_from(UsageDayRow)).one() == 0:
        return None
    first: date = week.monday
    rows = session.exec(
        select(Person.slack_id)
        .join(UsageDayRow, col(UsageDayRow.person_id) == col(Person.id))
        .where(
            col(UsageDayRow.day) >= first,
            col(UsageDayRow.day) < first + timedelta(days=7),
            col(UsageDayRow.events) > 0,
        )
        .distinct()
    ).all()
    return frozenset(s for s in rows if s)


def rostered_count(session: Session, *, before: datetime) -> int:
    return int(session.exec(select(func.count()).select_from(Person).where(col(Person.created_at) < before)).one())


def ward_names(config: PilotConfig) -> Mapping[str, str]:
    return {w.id: w.name for w in config.wards}
