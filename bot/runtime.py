"""The long-running processes: serve (HTTP), run (Socket Mode) and worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from bot.container import Services
from bot.jobs.scheduler import start_scheduler
from bot.slack.app import build_app
from bot.slack.web import build_web

log = logging.getLogger("pilotbot")
DRAIN_SECONDS = 10


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def _background(services: Services, stop: asyncio.Event, scheduler: bool) -> list[asyncio.Task[None]]:
    tasks = [asyncio.create_task(services.deliverer.run(stop), name="outbox")]
    if scheduler:
        start_scheduler(services)
    return tasks


async def _finish(services: Services, tasks: list[asyncio.Task[None]]) -> None:
    """Lets acknowledged work finish, then stops the delivery loop (undelivered rows stay queued)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(services.tracker.idle(), timeout=DRAIN_SECONDS)
    for task in tasks:
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=DRAIN_SECONDS)
    await services.deliverer.close()


async def serve(
    services: Services, *, host: str, port: int, scheduler: bool, stop: asyncio.Event | None = None
) -> None:
    """HTTP mode. The outbox is delivered from here too, so a reporter's reference arrives at once."""
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    runner = web.AppRunner(build_web(build_app(services), services), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("listening on http://%s:%s/slack/events (scheduler %s)", host, port, "on" if scheduler else "off")
    tasks = await _background(services, stop, scheduler)
    await stop.wait()
    await runner.cleanup()
    await _finish(services, tasks)


async def socket_mode(services: Services, *, stop: asyncio.Event | None = None) -> None:
    """Socket Mode: no inbound URL; the scheduler runs here too."""
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    token = services.settings.slack_app_token
    assert token is not None
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    handler = AsyncSocketModeHandler(build_app(services, socket_mode=True), token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("connected to Slack in Socket Mode")
    tasks = await _background(services, stop, scheduler=True)
    await stop.wait()
    await handler.close_async()  # type: ignore[no-untyped-call]
    await _finish(services, tasks)


async def worker(services: Services, *, stop: asyncio.Event | None = None) -> None:
    """The scheduler and the delivery loop only."""
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    log.info("worker started")
    tasks = await _background(services, stop, scheduler=True)
    await stop.wait()
    await _finish(services, tasks)
