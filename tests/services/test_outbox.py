"""The outbox against the Slack stand-in: Retry-After, retries, dead letters, order, and two deliverers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session, col, select

from bot.db.models import AuditRow, OutboxRow
from bot.outbox import MAX_ATTEMPTS, Deliverer, Outgoing
from bot.render.reports import note
from bot.services import send
from bot.services.uow import UnitOfWork
from bot.standin.world import World

FRAN = "U0FRAN006"  # the roster's admin


def queue(world: World, *messages: Outgoing) -> list[int]:
    with UnitOfWork(world.services.engine, world.clock) as uow:
        ids = [uow.send(m) for m in messages]
        uow.commit()
    return ids


def post(key: str, channel: str = "C0RAPID01", text: str = "hello") -> Outgoing:
    return send.to_channel(key, channel, note(text), purpose="test")


def rows(world: World) -> dict[str, OutboxRow]:
    with Session(world.services.engine) as session:
        return {r.key: r for r in session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))}


async def test_429_waits_for_retry_after_then_sends_once(world: World) -> None:
    world.slack.fail("chat.postMessage", status=429, retry_after=7)
    queue(world, post("a"))
    before = world.clock.now()
    assert await world.services.deliverer.drain() == 1
    assert world.clock.now() - before >= timedelta(seconds=7)
    assert [c.status for c in world.slack.calls_to("chat.postMessage")] == [429, 200]
    assert rows(world)["a"].status == "sent" and rows(world)["a"].attempts == 1


async def test_5xx_is_retried_with_backoff(world: World) -> None:
    world.slack.fail("chat.postMessage", status=500, times=2)
    queue(world, post("a"))
    before = world.clock.now()
    await world.services.deliverer.drain()
    assert [c.status for c in world.slack.calls_to("chat.postMessage")] == [500, 500, 200]
    assert world.clock.now() - before >= timedelta(seconds=2 + 4)
    assert rows(world)["a"].attempts == 3


async def test_a_timeout_is_retried(world: World) -> None:
    impatient = AsyncWebClient(token=world.slack.token, base_url=world.slack.base_url, timeout=0.2)
    deliverer = Deliverer(world.services.engine, world.clock, impatient)
    world.slack.fail("chat.postMessage", delay=1.0)
    queue(world, post("a"))
    try:
        assert await deliverer.drain() == 1
    finally:
        await deliverer.close()
    assert rows(world)["a"].status == "sent" and rows(world)["a"].attempts == 2


async def test_a_permanent_error_becomes_a_dead_letter_told_to_admins(world: World) -> None:
    world.slack.fail("chat.postMessage", error="channel_not_found")
    queue(world, post("a", channel="C0GONE001"))
    await world.services.deliverer.drain()
    dead = rows(world)["a"]
    assert (dead.status, dead.last_error, dead.attempts) == ("dead", "channel_not_found", 1)
    notice = world.slack.dms(FRAN)[-1]["text"]
    assert "could not deliver" in notice and "channel_not_found" in notice and f"#{dead.id}" in notice
    with Session(world.services.engine) as session:
        assert session.exec(select(AuditRow).where(AuditRow.action == "outbox.dead_letter")).one().entity_id == str(
            dead.id
        )
    gauges = world.services.ops.gauges()
    assert gauges["pilotbot_outbox_dead"][()] == 1


async def test_endless_5xx_gives_up_after_the_limit_and_says_so(world: World) -> None:
    world.slack.fail("chat.postMessage", status=503, times=MAX_ATTEMPTS)
    queue(world, post("a"))
    await world.services.deliverer.drain()
    assert rows(world)["a"].status == "dead" and rows(world)["a"].last_error == "http_503"
    assert "http_503" in world.slack.dms(FRAN)[-1]["text"]


async def test_an_update_waits_for_its_message_and_only_the_newest_is_sent(world: World) -> None:
    world.slack.fail("chat.postMessage", status=500)
    (card,) = queue(world, post("card", text="v1"))
    for version in ("v2", "v3", "v4"):
        queue(world, send.update(f"card:{version}", card, note(version), purpose="test", coalesce="card"))
    await world.services.deliverer.drain()
    updates = world.slack.calls_to("chat.update")
    assert [u.args["text"] for u in updates] == ["v4"]
    assert world.slack.messages("C0RAPID01")[-1]["text"] == "v4"
    assert [r.status for r in rows(world).values()] == ["sent", "superseded", "superseded", "sent"]


async def test_a_reply_in_a_thread_is_posted_under_its_parent(world: World) -> None:
    (parent,) = queue(world, post("parent"))
    queue(world, send.to_channel("child", "C0RAPID01", note("reply"), purpose="test", thread_of=parent))
    await world.services.deliverer.drain()
    first, second = world.slack.messages("C0RAPID01")
    assert second["thread_ts"] == first["ts"]


async def test_children_of_a_dead_message_are_dead_too_not_lost(world: World) -> None:
    world.slack.fail("chat.postMessage", error="is_archived")
    (parent,) = queue(world, post("parent"))
    queue(world, send.update("child", parent, note("v2"), purpose="test", coalesce="c"))
    await world.services.deliverer.drain()
    assert [(r.status, r.last_error) for r in rows(world).values()][:2] == [
        ("dead", "is_archived"),
        ("dead", "parent_not_delivered"),
    ]


async def test_an_expired_response_url_falls_back_to_a_dm(world: World) -> None:
    url = world.slack.issue_response_url("U0AISHA01")
    world.slack.fail("response_url", status=404)
    queue(world, send.reply("r", send.ReplyTo("U0AISHA01", response_url=url), note("Filed as R-9"), purpose="t"))
    await world.services.deliverer.drain()
    assert rows(world)["r"].status == "dead"
    assert rows(world)["r:dm"].status == "sent"
    assert world.slack.dms("U0AISHA01")[-1]["text"] == "Filed as R-9"
    assert world.slack.dms(FRAN) == []  # the person was told after all: no admin alarm


async def test_two_deliverers_never_send_the_same_message_twice(world: World) -> None:
    queue(world, *[post(f"m{i}", text=f"message {i}") for i in range(40)])
    other = Deliverer(
        world.services.engine, world.clock, AsyncWebClient(token=world.slack.token, base_url=world.slack.base_url)
    )
    try:
        sent = await asyncio.gather(
            world.services.deliverer.deliver_due(), other.deliver_due(), world.services.deliverer.drain(), other.drain()
        )
    finally:
        await other.close()
    texts = [c.args["text"] for c in world.slack.calls_to("chat.postMessage")]
    assert sorted(texts) == sorted(f"message {i}" for i in range(40))
    assert sum(sent) == 40
