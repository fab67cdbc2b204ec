"""The long-running processes: serve (HTTP), run (Socket Mode) and worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

from aiohttp import web

from bot.container import Services
from bot.jobs.scheduler import Scheduler, start_scheduler
from bot.slack.app import build_app
from bot.slack.web import build_web

log = logging.getLogger("pilotbot")
DRAIN_SECONDS = 10


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


@dataclass
class Background:
    """The delivery loop, and the scheduler when this process runs it."""

    outbox: asyncio.Task[None]
    scheduler: Scheduler | None


def _background(services: Services, stop: asyncio.Event, scheduler: bool) -> Background:
    outbox = asyncio.create_task(services.deliverer.run(stop), name="outbox")
    return Background(outbox, start_scheduler(services) if scheduler else None)


async def _finish(services: Services, background: Background) -> None:
    """Lets acknowledged work finish, then stops the scheduler and the delivery loop (undelivered rows stay)."""
    if background.scheduler is not None:
        await background.scheduler.stop(timeout=DRAIN_SECONDS)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(services.tracker.idle(), timeout=DRAIN_SECONDS)
    with contextlib.suppress(TimeoutError, asyncio.CancelledError):
        await asyncio.wait_for(background.outbox, timeout=DRAIN_SECONDS)
    await services.deliverer.close()


def _stop_event(stop: asyncio.Event | None) -> asyncio.Event:
    """The caller's stop event (tests), or one set by SIGINT/SIGTERM (the command line)."""
    if stop is not None:
        return stop
    stop = asyncio.Event()
    _stop_on_signals(stop)
    return stop


async def serve(
    services: Services, *, host: str, port: int, scheduler: bool, stop: asyncio.Event | None = None
) -> None:
    """HTTP mode. The outbox is delivered from here too, so a reporter's reference arrives at once."""
    stop = _stop_event(stop)
    runner = web.AppRunner(build_web(build_app(services), services), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("listening on http://%s:%s/slack/events (scheduler %s)", host, port, "on" if scheduler else "off")
    background = _background(services, stop, scheduler)
    await stop.wait()
    await runner.cleanup()
    await _finish(services, background)


async def socket_mode(services: Services, *, stop: asyncio.Event | None = None) -> None:
    """Socket Mode: no inbound URL; the scheduler runs here too."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    token = services.settings.slack_app_token
    assert token is not None
    stop = _stop_event(stop)
    handler = AsyncSocketModeHandler(build_app(services, socket_mode=True), token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack in Socket Mode")
    background = _background(services, stop, scheduler=True)
    await stop.wait()
    await handler.close_async()  # type: ignore[no-untyped-call]
    await _finish(services, background)


async def worker(services: Services, *, stop: asyncio.Event | None = None) -> None:
    """The scheduler and the delivery loop only."""
    stop = _stop_event(stop)
    log.info("worker started")
    background = _background(services, stop, scheduler=True)
    await stop.wait()
    await _finish(services, background)
