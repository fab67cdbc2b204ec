"""The tables, and nothing else. Times are tz-aware UTC; report text is stored masked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.db.types import UTCDateTime


def _at(**kw: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kw)


class Person(SQLModel, table=True):
    __tablename__ = "person"
    id: int | None = Field(default=None, primary_key=True)
    slack_id: str | None = Field(default=None, max_length=32, unique=True)
    email: str | None = Field(default=None, max_length=254, unique=True)
    name: str = Field(max_length=80)
    ward_id: str | None = Field(default=None, max_length=40)
    role: str = Field(max_length=16)
    source: str = Field(default="roster", max_length=8)  # roster | self
    created_at: datetime = _at()
    updated_at: datetime = _at()


class ReportRow(SQLModel, table=True):
    __tablename__ = "report"
    id: int | None = Field(default=None, primary_key=True)
    reporter: str = Field(max_length=32, index=True)
    filed_by: str = Field(max_length=32)
    source: str = Field(max_length=16)
    severity: str = Field(max_length=16)
    ward_id: str | None = Field(default=None, max_length=40)
    text: str = Field(sa_column=Column(Text, nullable=False))
    system: str | None = Field(default=None, max_length=500)
    workaround: str | None = Field(default=None, sa_column=Column(Text))
    permalink: str | None = Field(default=None, max_length=500)
    masked: str = Field(default="", max_length=200)  # identifier kinds masked, comma-separated
    status: str = Field(default="new", max_length=20)
    source_key: str | None = Field(default=None, max_length=80, unique=True)
    card_outbox_id: int | None = Field(default=None)
    created_at: datetime = _at()
    updated_at: datetime = _at()
    # The queue (issue 3): owner, the SLA cycle, and the answers given.
    owner: str | None = Field(default=None, max_length=32, index=True)
    clock_started_at: datetime = _at()
    cycle: int = 1
    first_response_at: datetime | None = _at(default=None)
    answered_at: datetime | None = _at(default=None)
    expected_fix: date | None = None
    duplicate_of: int | None = None
    me_too: int = 0
    plan_note: str | None = Field(default=None, sa_column=Column(Text))
    team_workaround: str | None = Field(default=None, sa_column=Column(Text))
    resolution: str | None = Field(default=None, sa_column=Column(Text))
    public_summary: str | None = Field(default=None, max_length=200)
    known_issue_id: int | None = None
    question_outbox_id: int | None = None
    resolved_at: datetime | None = _at(default=None)


class DraftRow(SQLModel, table=True):
    """Something offered for filing (a DM, a long message) and not yet confirmed; text already masked."""

    __tablename__ = "report_draft"
    id: int | None = Field(default=None, primary_key=True)
    slack_id: str = Field(max_length=32, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    masked: str = Field(default="", max_length=200)
    source: str = Field(max_length=16)
    permalink: str | None = Field(default=None, max_length=500)
    source_key: str | None = Field(default=None, max_length=80)
    offer_outbox_id: int | None = None
    report_id: int | None = None
    status: str = Field(default="open", max_length=12)  # open | filed | dismissed
    created_at: datetime = _at()
    updated_at: datetime = _at()


class OutboxRow(SQLModel, table=True):
    """Everything the bot must say, written in the transaction that decided it."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("key", name="uq_outbox_key"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160)
    method: str = Field(max_length=40)
    purpose: str = Field(max_length=40)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=12, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _at(index=True)
    lease_until: datetime | None = _at(default=None)
    claim: str | None = Field(default=None, max_length=32, index=True)  # which delivery pass took it
    depends_on: int | None = None

    fill: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))
    coalesce: str | None = Field(default=None, max_length=80, index=True)
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    last_error: str | None = Field(default=None, max_length=120)
    created_at: datetime = _at()
    sent_at: datetime | None = _at(default=None)


class AuditRow(SQLModel, table=True):
    """Append-only; each entry carries the hash of the one before it."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _at()
    actor: str = Field(max_length=32)
    action: str = Field(max_length=60)
    entity_type: str = Field(max_length=30)
    entity_id: str = Field(max_length=60)
    correlation_id: str = Field(max_length=80)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class FollowerRow(SQLModel, table=True):
    """Someone besides the reporter who hears about a report (the reporters of its duplicates)."""

    __tablename__ = "report_follower"
    report_id: int = Field(primary_key=True)
    slack_id: str = Field(primary_key=True, max_length=32)
    since: datetime = _at()


class DutyRow(SQLModel, table=True):
    """An SLA duty carried out: one row per report, cycle and duty, so each fires once."""

    __tablename__ = "sla_duty"
    report_id: int = Field(primary_key=True)
    cycle: int = Field(primary_key=True)
    duty: str = Field(primary_key=True, max_length=16)
    due_at: datetime = _at()
    fired_at: datetime = _at()


class LeaseRow(SQLModel, table=True):
    """Who leads the scheduler: the holder renews it every tick; another process takes over when it lapses."""

    __tablename__ = "lease"
    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=80)
    until: datetime = _at()


class KnownIssueRow(SQLModel, table=True):
    """A problem the team has confirmed and published, with cause, workaround and expected fix date."""

    __tablename__ = "known_issue"
    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(index=True)
    title: str = Field(max_length=150)
    cause: str = Field(sa_column=Column(Text, nullable=False))
    workaround: str | None = Field(default=None, sa_column=Column(Text))
    expected_fix: date | None = None
    status: str = Field(default="open", max_length=12)  # open | fixed
    created_by: str = Field(max_length=32)
    created_at: datetime = _at()
    updated_at: datetime = _at()
    fixed_at: datetime | None = _at(default=None)


class SurveyRunRow(SQLModel, table=True):
    """One sending of one instrument, keyed by the scheduled instant so it is sent once whatever happens."""

    __tablename__ = "survey_run"
    id: int | None = Field(default=None, primary_key=True)
    run_key: str = Field(max_length=120, unique=True)  # "<survey id>@<scheduled instant, UTC ISO>"
    survey_id: str = Field(max_length=40, index=True)
    instrument: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # as sent, for scoring later
    scheduled_at: datetime = _at()
    remind_at: datetime = _at()
    closes_at: datetime = _at()
    status: str = Field(default="open", max_length=12)  # open | closed
    secret: str | None = Field(default=None, max_length=64)  # the voter-hash key; destroyed when the run closes
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    headline: float | None = None  # the run's headline figure, for "change since the previous run"
    reminders_sent_at: datetime | None = _at(default=None)  # the run's one reminder round is done
    closed_at: datetime | None = _at(default=None)
    loop_closed_at: datetime | None = _at(default=None)


class SurveyInviteRow(SQLModel, table=True):
    """Who was asked. It never says what anyone answered; `answered` is set when the run closes."""

    __tablename__ = "survey_invite"
    run_id: int = Field(primary_key=True)
    slack_id: str = Field(primary_key=True, max_length=32)
    ward_id: str | None = Field(default=None, max_length=40)
    role: str | None = Field(default=None, max_length=16)
    invited_at: datetime | None = _at(default=None)  # None: not invited (over the prompt budget)
    skipped: str | None = Field(default=None, max_length=20)
    reminded_at: datetime | None = _at(default=None)
    answered: bool | None = None


class SurveyResponseRow(SQLModel, table=True):
    """One person's answers, found by a keyed hash of who they are, with no name and no time.

    For an anonymous instrument `slack_id` stays empty and the hash cannot be recomputed once the run's key
    is destroyed, so no table links a response to a person.
    """

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("run_id", "voter", name="uq_survey_response_voter"),)
    id: str = Field(primary_key=True, max_length=32)  # random: insertion order says nothing
    run_id: int = Field(index=True)
    voter: str = Field(max_length=64)
    slack_id: str | None = Field(default=None, max_length=32)  # only for instruments that are not anonymous
    ward_id: str | None = Field(default=None, max_length=40)
    role: str | None = Field(default=None, max_length=16)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class InboundRow(SQLModel, table=True):
    """One row per Slack delivery we have started handling; a second claim of the same key fails."""

    __tablename__ = "inbound_delivery"
    key: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=30)
    received_at: datetime = _at()


class WeeklyPostRow(SQLModel, table=True):
    """One weekly post (bulletin, leaderboard, digest) per ISO week: the key makes it exactly once."""

    __tablename__ = "weekly_post"
    kind: str = Field(primary_key=True, max_length=16)  # bulletin | leaderboard | digest
    week: str = Field(primary_key=True, max_length=8)  # 2026-W48
    scheduled_at: datetime = _at()
    posted_at: datetime = _at()
    late: bool = False


class DecisionRow(SQLModel, table=True):
    """The go/no-go decision: each week's evaluation, and what the committee recorded, with its note."""

    __tablename__ = "gate_decision"
    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(max_length=8, index=True)
    kind: str = Field(max_length=10)  # evaluated | recorded
    decision: str = Field(max_length=8)  # GO | NO-GO
    gates: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    by: str | None = Field(default=None, max_length=32)
    at: datetime = _at()


class UsageDayRow(SQLModel, table=True):
    """Uses of the piloted system by one person on one day; sending a day again replaces it."""

    __tablename__ = "usage_day"
    person_id: int = Field(primary_key=True)
    day: date = Field(primary_key=True, index=True)
    events: int = 0


class UsageWeekRow(SQLModel, table=True):
    """One person's use in one ISO week, rolled up from usage_day by every import that touches the week.

    `week` is the week's Monday; weeks without an active day are not stored.
    """

    __tablename__ = "usage_week"
    person_id: int = Field(primary_key=True)
    week: date = Field(primary_key=True, index=True)
    active_days: int = 0  # days with events > 0, 1 to 7
    events: int = 0


class OfficeSessionRow(SQLModel, table=True):
    """A champion's office-hours session on a ward."""

    __tablename__ = "office_session"
    id: int | None = Field(default=None, primary_key=True)
    champion: str = Field(max_length=32, index=True)
    ward_id: str = Field(max_length=40, index=True)
    start: datetime = _at(index=True)
    minutes: int
    place: str = Field(max_length=120)
    series: str | None = Field(default=None, max_length=32)  # weekly repeats share a series id
    cancelled_at: datetime | None = _at(default=None)
    announce_outbox_id: int | None = None
    attended: int | None = None  # recorded by the champion afterwards
    attendance_asked_at: datetime | None = _at(default=None)
    created_at: datetime = _at()


class OfficeRsvpRow(SQLModel, table=True):
    """Someone coming to a session; `reminded_at` makes their one reminder once."""

    __tablename__ = "office_rsvp"
    session_id: int = Field(primary_key=True)
    slack_id: str = Field(primary_key=True, max_length=32)
    since: datetime = _at()
    reminded_at: datetime | None = _at(default=None)
