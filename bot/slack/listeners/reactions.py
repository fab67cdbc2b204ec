"""The :ticket: reaction on a message in a ward channel files that message on its author's behalf."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.reports import Draft, Source
from bot.render import copy
from bot.services.send import ReplyTo
from bot.slack.listeners.common import call, delivery_key, link_if_new, log, tell
from bot.slack.listeners.report_form import permalink
from bot.tracker import Tracker

TICKET = "ticket"


async def fetch_message(client: AsyncWebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """The reacted-to message, whether it stands alone or sits in a thread."""
    try:
        response = await client.conversations_replies(channel=channel, ts=ts, limit=1, inclusive=True)
    except Exception as exc:
        log.warning("could not read the reacted message: %s", type(exc).__name__)
        return None
    messages = response.get("messages") or []
    return next((m for m in messages if m.get("ts") == ts), None)


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.event("reaction_added")
    @tracker.track
    async def reaction_added(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        item = event.get("item") or {}
        if event.get("reaction") != TICKET or item.get("type") != "message":
            return
        channel, ts, reactor = item["channel"], item["ts"], event["user"]
        if services.config.ward_for_channel(channel) is None:
            return  # :ticket: means other things elsewhere; only ward channels file reports
        reply = ReplyTo(reactor, channel=channel, ephemeral=True)
        key = delivery_key(body)
        message = await fetch_message(client, channel, ts)
        if message is None or message.get("bot_id") or message.get("subtype") == "bot_message":
            await tell(services, reply, copy.SELF_MESSAGE if message else copy.NO_MESSAGE_TEXT, key=key)
            return
        if not (message.get("text") or "").strip():
            await tell(services, reply, copy.NO_MESSAGE_TEXT, key=key)
            return
        author = message.get("user") or event.get("item_user") or reactor
        await link_if_new(services, author)
        draft = Draft(
            text=message["text"],
            reporter=author,
            filed_by=reactor,
            source=Source.REACTION,
            permalink=await permalink(client, channel, ts),
            source_key=f"{channel}:{ts}",
        )
        await call(services, reply, key, services.intake.file, draft, reply=reply, delivery=key)
