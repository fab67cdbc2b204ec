"""The long-running processes as operators start them: serve (HTTP), run (Socket Mode) and worker."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import httpx
from pydantic import SecretStr
from sqlmodel import Session, select

from bot import runtime
from bot.db.models import ReportRow
from bot.outbox import Outgoing
from bot.services.uow import UnitOfWork
from bot.standin.driver import SlackDriver
from bot.standin.world import SIGNING_SECRET, World

AISHA = "U0AISHA01"


async def eventually(condition: Callable[[], bool], what: str) -> None:
    """Waits for something the process does on its own (no assertion on how long it takes)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never happened: {what}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def report_count(world: World) -> int:
    with Session(world.services.engine) as session:
        return len(session.exec(select(ReportRow)).all())


async def test_serve_acks_files_and_delivers_on_its_own(world: World) -> None:
    port, stop = free_port(), asyncio.Event()
    server = asyncio.create_task(runtime.serve(world.services, host="127.0.0.1", port=port, scheduler=True, stop=stop))
    driver = SlackDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET, world.slack)
    try:
        await eventually(lambda: _listening(port), "the server listens")
        response = await driver.command(AISHA, "printer broken", channel="C0WARD007")
        assert response.status_code == 200
        await eventually(lambda: len(world.slack.messages("C0RAPID01")) == 1, "the card is posted")
        await eventually(lambda: len(world.slack.calls_to("response_url")) == 1, "the reporter hears")
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    finally:
        stop.set()
        await server
        await driver.close()
    assert report_count(world) == 1


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


async def test_socket_mode_takes_a_slash_command_without_any_inbound_url(world: World) -> None:
    world.services.settings.slack_app_token = SecretStr(world.slack.app_token)
    stop = asyncio.Event()
    client = asyncio.create_task(runtime.socket_mode(world.services, stop=stop))
    try:
        await eventually(lambda: world.slack.socket_connected, "pilotbot connects over Socket Mode")
        ack = await world.slack.push("slash_commands", world.driver.command_fields(AISHA, "scanner logs me out"))
        assert "envelope_id" in ack
        await eventually(lambda: len(world.slack.messages("C0RAPID01")) == 1, "the card is posted")
        await eventually(lambda: len(world.slack.calls_to("response_url")) == 1, "the reporter hears")
    finally:
        stop.set()
        await client
    assert report_count(world) == 1


async def test_the_worker_delivers_what_was_queued_elsewhere(world: World) -> None:
    with UnitOfWork(world.services.engine, world.clock) as uow:
        uow.send(Outgoing("from-web", "chat.postMessage", {"channel": "C0RAPID01", "text": "queued by web"}, "t"))
        uow.commit()
    stop = asyncio.Event()
    worker = asyncio.create_task(runtime.worker(world.services, stop=stop))
    try:
        await eventually(lambda: len(world.slack.messages("C0RAPID01")) == 1, "the worker delivers")
    finally:
        stop.set()
        await worker
    assert world.slack.messages("C0RAPID01")[0]["text"] == "queued by web"
