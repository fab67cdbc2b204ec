"""`pilotbot tick --at T`: run every duty due at T, then deliver what they queued."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from bot.container import Services
from bot.jobs.registry import registry

log = logging.getLogger("pilotbot.jobs")


@dataclass(frozen=True)
class TickResult:
    at: datetime
    queued: dict[str, int]
    delivered: int


async def run_jobs(services: Services, at: datetime) -> dict[str, int]:
    """Runs each job for the instant; one failing job does not stop the others."""
    queued: dict[str, int] = {}
    for job in registry():
        try:
            queued[job.name] = await asyncio.to_thread(job.run, services, at)
        except Exception as exc:
            log.error("job %s failed: %s", job.name, type(exc).__name__)
            queued[job.name] = -1
    return queued


async def tick(services: Services, at: datetime) -> TickResult:
    queued = await run_jobs(services, at)
    delivered = await services.deliverer.drain()
    return TickResult(at, queued, delivered)
