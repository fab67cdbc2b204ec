"""A direct message to the bot: an answer to the team's question (in its thread), or else an offer to file it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.container import Services
from bot.services.send import ReplyTo
from bot.slack.listeners.common import call, delivery_key
from bot.tracker import Tracker


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.event("message")
    @tracker.track
    async def direct_message(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        text = event.get("text") or ""
        if not text.strip():
            return
        user, channel = event["user"], event["channel"]
        key = delivery_key(body)
        thread = event.get("thread_ts")
        if thread and thread != event.get("ts"):
            answered = await call(
                services,
                ReplyTo(user, channel=channel),
                key,
                services.queue.answer_in_thread,
                slack_id=user,
                thread_ts=thread,
                text=text,
                delivery=key,
            )
            if answered is not None:
                return  # the reporter answered the team's question; it is on the card now
        await call(
            services,
            ReplyTo(user, channel=channel),
            key,
            services.drafts.offer,
            slack_id=user,
            channel=channel,
            text=text,
            delivery=key,
        )
