"""Cron expressions in the pilot's time zone, read with APScheduler's CronTrigger (3.x)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


def latest_fire(
    expression: str, zone: ZoneInfo, now: datetime, lookback: timedelta = timedelta(days=8)
) -> datetime | None:
    """The most recent scheduled instant at or before `now` (within `lookback`), in UTC; None if there is none."""
    trigger = CronTrigger.from_crontab(expression, timezone=zone)
    fire = trigger.get_next_fire_time(None, now - lookback)
    latest = None
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return latest.astimezone(now.tzinfo) if latest is not None else None
