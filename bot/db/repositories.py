"""Keyword-only functions over a session that return domain values, never table rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from bot.db.models import DraftRow, DutyRow, FollowerRow, KnownIssueRow, LeaseRow, OutboxRow, ReportRow
from bot.db.models import Person as PersonRow
from bot.domain.queue import QueueState, Status
from bot.domain.reports import Report, Severity, Source
from bot.domain.roster import Person, Role, RosterEntry


def _person(row: PersonRow) -> Person:
    return Person(row.slack_id, row.email, row.name, row.ward_id, Role(row.role), row.source)


def get_person(session: Session, *, slack_id: str) -> Person | None:
    row = session.exec(select(PersonRow).where(PersonRow.slack_id == slack_id)).first()
    return _person(row) if row else None


def people_with_role(session: Session, *, role: Role) -> list[Person]:
    rows = session.exec(select(PersonRow).where(PersonRow.role == role.value).order_by(col(PersonRow.id))).all()
    return [_person(r) for r in rows]


def upsert_roster_entry(session: Session, *, entry: RosterEntry, now: datetime) -> str:
    """Adds or updates one person, matched by Slack ID then email; returns 'added' or 'updated'."""
    row = None
    if entry.slack_id:
        row = session.exec(select(PersonRow).where(PersonRow.slack_id == entry.slack_id)).first()
    if row is None and entry.email:
        row = session.exec(select(PersonRow).where(PersonRow.email == entry.email)).first()
    outcome = "updated" if row else "added"
    if row is None:
        row = PersonRow(name=entry.name, role=entry.role.value, created_at=now, updated_at=now)
    row.slack_id = entry.slack_id or row.slack_id
    row.email = entry.email or row.email
    row.name, row.ward_id, row.role, row.source, row.updated_at = (
        entry.name,
        entry.ward_id,
        entry.role.value,
        "roster",
        now,
    )
    session.add(row)
    session.flush()
    return outcome


def has_unlinked(session: Session) -> bool:
    return session.exec(select(PersonRow.id).where(col(PersonRow.slack_id).is_(None)).limit(1)).first() is not None


def link_slack_id(session: Session, *, email: str, slack_id: str, now: datetime) -> Person | None:
    """Gives a roster entry known only by email its Slack ID."""
    row = session.exec(select(PersonRow).where(PersonRow.email == email.lower())).first()
    if row is None or (row.slack_id and row.slack_id != slack_id):
        return None
    row.slack_id, row.updated_at = slack_id, now
    session.add(row)
    session.flush()
    return _person(row)


def remember_ward(session: Session, *, slack_id: str, ward_id: str, name: str, now: datetime) -> None:
    """Records the ward someone told us; a roster entry keeps its own ward (the roster is the authority)."""
    row = session.exec(select(PersonRow).where(PersonRow.slack_id == slack_id)).first()
    if row is None:
        row = PersonRow(
            slack_id=slack_id, name=name, role=Role.CLINICIAN.value, source="self", created_at=now, updated_at=now
        )
    if row.source == "self" or row.ward_id is None:
        row.ward_id, row.updated_at = ward_id, now
    session.add(row)
    session.flush()


def to_report(row: ReportRow) -> Report:
    assert row.id is not None
    return Report(
        id=row.id,
        reporter=row.reporter,
        filed_by=row.filed_by,
        source=Source(row.source),
        severity=Severity(row.severity),
        ward_id=row.ward_id,
        text=row.text,
        system=row.system,
        workaround=row.workaround,
        permalink=row.permalink,
        masked=tuple(k for k in row.masked.split(",") if k),
        status=row.status,
        created_at=row.created_at,
        owner=row.owner,
        clock_started_at=row.clock_started_at,
        cycle=row.cycle,
        first_response_at=row.first_response_at,
        answered_at=row.answered_at,
        expected_fix=row.expected_fix,
        duplicate_of=row.duplicate_of,
        me_too=row.me_too,
        plan_note=row.plan_note,
        team_workaround=row.team_workaround,
        resolution=row.resolution,
        public_summary=row.public_summary,
        known_issue_id=row.known_issue_id,
    )


def add_report(session: Session, *, report: dict[str, Any], now: datetime) -> Report:
    row = ReportRow(**report, created_at=now, updated_at=now, clock_started_at=now)
    session.add(row)
    session.flush()
    return to_report(row)


def get_report(session: Session, *, report_id: int) -> Report | None:
    row = session.get(ReportRow, report_id)
    return to_report(row) if row else None


def report_row(session: Session, *, report_id: int) -> ReportRow | None:
    return session.get(ReportRow, report_id)


def report_by_source(session: Session, *, source_key: str) -> Report | None:
    row = session.exec(select(ReportRow).where(ReportRow.source_key == source_key)).first()
    return to_report(row) if row else None


def reports_by_reporter(session: Session, *, reporter: str, limit: int = 20) -> list[Report]:
    rows = session.exec(
        select(ReportRow).where(ReportRow.reporter == reporter).order_by(col(ReportRow.id).desc()).limit(limit)
    ).all()
    return [to_report(r) for r in rows]


def count_reports(session: Session) -> dict[str, int]:
    rows = session.exec(select(ReportRow.severity, func.count()).group_by(ReportRow.severity)).all()
    return {severity: n for severity, n in rows}


def open_draft(session: Session, *, slack_id: str, since: datetime) -> DraftRow | None:
    return session.exec(
        select(DraftRow)
        .where(
            DraftRow.slack_id == slack_id,
            DraftRow.status == "open",
            DraftRow.source == "dm",
            col(DraftRow.updated_at) >= since,
        )
        .order_by(col(DraftRow.id).desc())
    ).first()


def outbox_counts(session: Session) -> dict[str, int]:
    rows = session.exec(select(OutboxRow.status, func.count()).group_by(OutboxRow.status)).all()
    return {status: n for status, n in rows}


# --- the queue ---------------------------------------------------------------------------------------


def save_state(session: Session, *, row: ReportRow, state: QueueState, now: datetime) -> None:
    """Writes a report's queue state back onto its row."""
    row.status, row.severity, row.owner = state.status.value, state.severity.value, state.owner
    row.clock_started_at, row.cycle = state.clock_started_at, state.cycle
    row.first_response_at, row.answered_at = state.first_response_at, state.answered_at
    row.expected_fix, row.duplicate_of, row.updated_at = state.expected_fix, state.duplicate_of, now
    if state.status is Status.RESOLVED and row.resolved_at is None:
        row.resolved_at = now
    session.add(row)


def followers(session: Session, *, report_id: int) -> list[str]:
    rows = session.exec(select(FollowerRow.slack_id).where(FollowerRow.report_id == report_id)).all()
    return list(rows)


def add_follower(session: Session, *, report_id: int, slack_id: str, now: datetime) -> None:
    if session.get(FollowerRow, (report_id, slack_id)) is None:
        session.add(FollowerRow(report_id=report_id, slack_id=slack_id, since=now))


def reports_in(session: Session, *, statuses: frozenset[Status]) -> list[Report]:
    rows = session.exec(
        select(ReportRow).where(col(ReportRow.status).in_([s.value for s in statuses])).order_by(col(ReportRow.id))
    ).all()
    return [to_report(r) for r in rows]


def all_reports(session: Session) -> list[Report]:
    return [to_report(r) for r in session.exec(select(ReportRow).order_by(col(ReportRow.id))).all()]


def fired_duties(session: Session, *, report_id: int, cycle: int) -> set[str]:
    rows = session.exec(select(DutyRow.duty).where(DutyRow.report_id == report_id, DutyRow.cycle == cycle)).all()
    return set(rows)


def record_duty(session: Session, *, report_id: int, cycle: int, duty: str, due_at: datetime, now: datetime) -> None:
    """Marks a duty done; a second process recording the same one fails at commit, as it should."""
    session.add(DutyRow(report_id=report_id, cycle=cycle, duty=duty, due_at=due_at, fired_at=now))
    session.flush()


def take_lease(session: Session, *, name: str, holder: str, now: datetime, until: datetime) -> bool:
    """True when `holder` holds (or just took) the lease: it was free, lapsed, or already theirs."""
    result = session.execute(
        update(LeaseRow)
        .where(col(LeaseRow.name) == name, or_(col(LeaseRow.holder) == holder, col(LeaseRow.until) < now))
        .values(holder=holder, until=until)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.get(LeaseRow, name) is not None:
        return False
    session.add(LeaseRow(name=name, holder=holder, until=until))
    session.flush()
    return True


def add_known_issue(session: Session, *, fields: dict[str, Any], now: datetime) -> KnownIssueRow:
    row = KnownIssueRow(**fields, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def known_issues(session: Session, *, status: str | None = "open") -> list[KnownIssueRow]:
    query = select(KnownIssueRow).order_by(col(KnownIssueRow.id))
    if status is not None:
        query = query.where(KnownIssueRow.status == status)
    return list(session.exec(query).all())


def dead_letters(session: Session, *, limit: int = 10) -> list[OutboxRow]:
    rows = session.exec(
        select(OutboxRow).where(OutboxRow.status == "dead").order_by(col(OutboxRow.id).desc()).limit(limit)
    ).all()
    return list(rows)
