"""Office hours: sessions a champion holds for anyone, scheduled in the pilot's time zone, with RSVPs and reminders.

A session's start is kept in UTC so that arithmetic across a clock change is exact; weekly repeats keep the
local wall-clock time (09:00 stays 09:00 when the clocks change). Pure: `now` and the zone are parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.roster import Role

MINUTES = (15, 240)
WHERE_MAX = 120
REPEAT_MAX = 12
SCHEDULERS = frozenset({Role.CHAMPION, Role.LEAD, Role.ADMIN})


@dataclass(frozen=True)
class Session:
    """One office-hours session. Stored sessions carry their id, so two alike stay two."""

    champion: str  # Slack user id
    ward: str
    start: datetime  # aware; normalised to UTC
    minutes: int
    where: str
    id: int | None = None
    cancelled: bool = False

    def __post_init__(self) -> None:
        if self.start.utcoffset() is None:
            raise ValueError("a session's start needs a time zone")
        if not MINUTES[0] <= self.minutes <= MINUTES[1]:
            raise ValueError(f"a session lasts {MINUTES[0]} to {MINUTES[1]} minutes, not {self.minutes}")
        if not self.where.strip() or len(self.where) > WHERE_MAX:
            raise ValueError(f"where must be 1 to {WHERE_MAX} characters")
        object.__setattr__(self, "start", self.start.astimezone(UTC))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class SessionForm:
    """What the /officehours form gives: a local day and wall-clock start in the pilot's zone."""

    day: date
    start: time
    minutes: int
    where: str
    repeat_weeks: int = 0  # further weekly sessions after the first: 0 for one session, 12 for 13


def may_schedule(role: Role | None) -> bool:
    """Champions, leads and admins schedule office hours; anyone may come."""
    return role in SCHEDULERS


def _local_starts(form: SessionForm, zone: ZoneInfo, repeats: int) -> list[datetime]:
    """Each start at the same wall-clock time, week after week; at an ambiguous time, the first of the two."""
    clock = form.start.replace(tzinfo=None)
    return [datetime.combine(form.day + timedelta(weeks=k), clock, zone) for k in range(repeats + 1)]


def _exists(local: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def _when_errors(form: SessionForm, now: datetime, zone: ZoneInfo) -> dict[str, str]:
    if form.day < now.astimezone(zone).date():
        return {"day": "That day has passed; choose today or a later day."}
    starts = _local_starts(form, zone, form.repeat_weeks if 0 <= form.repeat_weeks <= REPEAT_MAX else 0)
    if starts[0].astimezone(UTC) <= now.astimezone(UTC):  # in UTC: one zone on both sides compares wall clocks
        return {"start": "That time has passed; choose a later start."}
    skipped = next((s for s in starts if not _exists(s)), None)
    if skipped is not None:
        when = f"{skipped:%H:%M} on {skipped.day} {skipped:%B %Y}"
        return {"start": f"There is no {when}: the clocks go forward that night. Choose another time."}
    return {}


def form_errors(form: SessionForm, now: datetime, zone: ZoneInfo) -> dict[str, str]:
    """{field: what to fix, in plain words}; empty when the form can be scheduled."""
    errors: dict[str, str] = {}
    if not MINUTES[0] <= form.minutes <= MINUTES[1]:
        errors["minutes"] = f"A session lasts {MINUTES[0]} to {MINUTES[1]} minutes."
    where = form.where.strip()
    if not where:
        errors["where"] = "Say where: a room, a bay or a call link."
    elif len(where) > WHERE_MAX:
        errors["where"] = f"Keep it to {WHERE_MAX} characters (this is {len(where)})."
    if not 0 <= form.repeat_weeks <= REPEAT_MAX:
        errors["repeat_weeks"] = f"Repeat for 0 to {REPEAT_MAX} more weeks."
    return errors | _when_errors(form, now, zone)


def schedule(
    form: SessionForm, *, champion: str, ward: str, now: datetime, zone: ZoneInfo
) -> list[Session] | dict[str, str]:
    """The sessions the form asks for, earliest first, or {field: message} saying what to fix."""
    errors = form_errors(form, now, zone)
    if errors:
        return errors
    where = form.where.strip()
    return [
        Session(champion, ward, start, form.minutes, where) for start in _local_starts(form, zone, form.repeat_weeks)
    ]


def toggle_rsvp(coming: Set[str], person: str) -> tuple[frozenset[str], bool]:
    """A click on "I'll come": adds the person, or takes them off if already coming. (new set, now coming?)"""
    if person in coming:
        return frozenset(coming) - {person}, False
    return frozenset(coming) | {person}, True


def rsvp_open(session: Session, now: datetime) -> bool:
    """People can say they are coming (or not) until the session ends, unless it was cancelled."""
    return not session.cancelled and now < session.end


def reminder_at(session: Session, reminder_minutes: int) -> datetime:
    return session.start - timedelta(minutes=reminder_minutes)


def reminders_due(
    sessions: Iterable[Session],
    rsvps: Mapping[Session, Set[str]],
    now: datetime,
    already_sent: Set[tuple[Session, str]],
    *,
    reminder_minutes: int = 15,
) -> list[tuple[Session, str]]:
    """(session, person) pairs to remind at `now`: from the reminder instant until the start, each once.

    Someone who says they are coming after the reminder instant is reminded at once; after the start, nobody is.
    """
    due = [
        (session, person)
        for session in sessions
        if not session.cancelled and reminder_at(session, reminder_minutes) <= now < session.start
        for person in rsvps.get(session, ())
        if (session, person) not in already_sent
    ]
    return sorted(due, key=lambda pair: (pair[0].start, pair[1]))


def next_7_days(sessions: Iterable[Session], now: datetime, *, ward: str | None = None) -> list[Session]:
    """Sessions not cancelled, not yet ended and starting within 7 days (of one ward if given), earliest first."""
    horizon = now + timedelta(days=7)
    return sorted(
        (
            s
            for s in sessions
            if not s.cancelled and s.end > now and s.start < horizon and (ward is None or s.ward == ward)
        ),
        key=lambda s: s.start,
    )


def ended(sessions: Iterable[Session], now: datetime, *, asked: Set[Session] = frozenset()) -> list[Session]:
    """Sessions held and over, whose champion has not yet been asked who came; earliest first."""
    return sorted(
        (s for s in sessions if not s.cancelled and s.end <= now and s not in asked),
        key=lambda s: s.start,
    )
