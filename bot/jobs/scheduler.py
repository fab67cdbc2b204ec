"""Runs the tick every minute with APScheduler (3.x), under a single leader across processes.

The leader is whoever holds the `scheduler` lease row; the others skip their ticks. Even if two ever ran
at once, each duty is recorded under a unique key and each message under an idempotency key, so nothing
is sent twice. After downtime the first tick finds every duty that fell due meanwhile and runs it, late.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.container import Services
from bot.jobs.tick import run_jobs

log = logging.getLogger("pilotbot.jobs")


@dataclass
class Scheduler:
    """The running scheduler and whether a tick is under way: a tick's jobs run in worker threads with a
    database transaction open, so stopping waits for the tick rather than cancelling it mid-transaction."""

    aps: AsyncIOScheduler
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    async def stop(self, timeout: float) -> None:
        """No new ticks; the one under way (if any) is given `timeout` seconds to finish."""
        self.aps.pause()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.idle.wait(), timeout=timeout)
        self.aps.shutdown(wait=False)


def start_scheduler(services: Services) -> Scheduler:
    """Every minute: run the jobs due now. The outbox loop delivers what they queue."""

    async def tick() -> None:
        if not await asyncio.to_thread(services.leadership.lead):
            return  # another process leads; its ticks do the work
        queued = await run_jobs(services, services.clock.now())
        if any(queued.values()):
            log.info("tick queued %s", {k: v for k, v in queued.items() if v})
            services.deliverer.wake()

    async def every_minute() -> None:
        handle.idle.clear()
        try:
            await tick()
        finally:
            handle.idle.set()

    scheduler = AsyncIOScheduler(timezone="UTC")
    handle = Scheduler(scheduler)
    handle.idle.set()
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
    return handle
