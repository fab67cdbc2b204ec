"""Named, idempotent jobs. Each reads `now` once, queues what is due through the outbox, and returns a count.

Running a job twice for the same instant queues nothing new: every message it queues carries an
idempotency key derived from what it is about and the scheduled instant it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.container import Services


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Services, datetime], int]
    description: str


def _sla(services: Services, now: datetime) -> int:
    return services.sla.run(now)


def _surveys(services: Services, now: datetime) -> int:
    return services.survey_runs.run(now)


def _digest(services: Services, now: datetime) -> int:
    return services.digest.run(now)


def _bulletin(services: Services, now: datetime) -> int:
    return services.bulletin.run(now)


def _leaderboard(services: Services, now: datetime) -> int:
    return services.leaderboard.run(now)


def _office_hours(services: Services, now: datetime) -> int:
    return services.office_hours.run(now)


def registry() -> list[Job]:
    """Every scheduled duty, in the order tick runs them."""
    return [
        Job("sla", _sla, "SLA re-pings, reminders, escalations and breaches"),
        Job("surveys", _surveys, "survey runs opened, reminded and closed with their results"),
        Job("digest", _digest, "the project-team digest, once per ISO week"),
        Job("bulletin", _bulletin, "the weekly transparency bulletin, once per ISO week"),
        Job("leaderboard", _leaderboard, "the adoption leaderboard, once per ISO week"),
        Job("office_hours", _office_hours, "office-hours reminders, and 'who came?' to champions afterwards"),
    ]
