"""Runs the tick every minute with APScheduler (3.x), in the pilot's process."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.container import Services
from bot.jobs.tick import run_jobs

log = logging.getLogger("pilotbot.jobs")


def start_scheduler(services: Services) -> AsyncIOScheduler:
    """Every minute: run the jobs due now. The outbox loop delivers what they queue."""

    async def every_minute() -> None:
        queued = await run_jobs(services, services.clock.now())
        if any(queued.values()):
            log.info("tick queued %s", {k: v for k, v in queued.items() if v})
            services.deliverer.wake()

    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        every_minute,
        IntervalTrigger(minutes=1),
        id="tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=services.clock.now(),
    )
    scheduler.start()
    return scheduler
