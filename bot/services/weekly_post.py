"""Once per ISO week: which week a weekly post (bulletin, leaderboard, digest) is due about at an instant, and the
claim that makes it exactly once whatever the scheduler does (two workers, a second tick, a tick after downtime).

The claim is the row's primary key (kind, week), written in the same transaction as the queued messages and the
audit entry: a second writer fails on the key and queues nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import select

from bot.db.models import Person, WeeklyPostRow
from bot.domain.weeks import IsoWeek, last_complete
from bot.services.cron import latest_fire
from bot.services.uow import UnitOfWork

# A post made more than this after its scheduled instant says it is late (and why).
LATE_AFTER = timedelta(hours=1)
# How far back a missed post is still made: up to the next scheduled one, never two weeks' worth at once.
LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Due:
    kind: str
    week: IsoWeek  # the week the post is about: the last complete one before its scheduled instant
    fire: datetime  # its scheduled instant
    late: bool


def due(kind: str, expression: str, zone: ZoneInfo, now: datetime) -> Due | None:
    """The post of this kind owed at `now`: the latest scheduled instant within a week, or None."""
    fire = latest_fire(expression, zone, now, lookback=LOOKBACK)
    if fire is None:
        return None
    return Due(kind, last_complete(fire, zone), fire, now - fire > LATE_AFTER)


def owed(uow: UnitOfWork, kind: str, expression: str, zone: ZoneInfo, now: datetime) -> Due | None:
    """The post still to make at `now`: due, not made yet, and about a week the pilot had begun by (someone was
    on the roster before it ended): a pilot set up on a Wednesday does not open with a bulletin about nothing."""
    found = due(kind, expression, zone, now)
    if found is None or uow.session.get(WeeklyPostRow, (kind, found.week.label)) is not None:
        return None
    started = uow.session.exec(select(func.min(Person.created_at))).one()
    if started is None or started >= found.week.bounds(zone)[1]:
        return None
    return found


def claim(uow: UnitOfWork, owed: Due) -> None:
    """Records the post in this transaction; the flush raises IntegrityError if another writer made it first."""
    row = WeeklyPostRow(kind=owed.kind, week=owed.week.label, scheduled_at=owed.fire, posted_at=uow.now, late=owed.late)
    uow.session.add(row)
    uow.session.flush()
