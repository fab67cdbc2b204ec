"""Keyword-only functions over a session that return domain values, never table rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db.models import DraftRow, OutboxRow, ReportRow
from bot.db.models import Person as PersonRow
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


def _report(row: ReportRow) -> Report:
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
    )


def add_report(session: Session, *, report: dict[str, Any], now: datetime) -> Report:
    row = ReportRow(**report, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return _report(row)


def get_report(session: Session, *, report_id: int) -> Report | None:
    row = session.get(ReportRow, report_id)
    return _report(row) if row else None


def report_row(session: Session, *, report_id: int) -> ReportRow | None:
    return session.get(ReportRow, report_id)


def report_by_source(session: Session, *, source_key: str) -> Report | None:
    row = session.exec(select(ReportRow).where(ReportRow.source_key == source_key)).first()
    return _report(row) if row else None


def reports_by_reporter(session: Session, *, reporter: str, limit: int = 20) -> list[Report]:
    rows = session.exec(
        select(ReportRow).where(ReportRow.reporter == reporter).order_by(col(ReportRow.id).desc()).limit(limit)
    ).all()
    return [_report(r) for r in rows]


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
