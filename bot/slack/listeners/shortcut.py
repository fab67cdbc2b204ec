"""Message shortcut "Report this as an issue": the form, prefilled with the message."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.reports import FORM_FIELD_CHARS, Source
from bot.ids import Callback
from bot.render import copy
from bot.services.send import ReplyTo
from bot.slack.forms import FormMeta
from bot.slack.listeners.common import delivery_key, tell
from bot.slack.listeners.report_command import open_form
from bot.tracker import Tracker


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.shortcut(Callback.REPORT_MESSAGE.value)
    @tracker.track
    async def report_message(
        ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        await ack()
        user = shortcut["user"]["id"]
        channel = (shortcut.get("channel") or {}).get("id")
        message = shortcut.get("message") or {}
        reply = ReplyTo(user, response_url=shortcut.get("response_url"), channel=channel)
        if message.get("bot_id"):
            await tell(services, reply, copy.SELF_MESSAGE, key=delivery_key(shortcut))
            return
        text = message.get("text") or ""
        ts = shortcut.get("message_ts") or message.get("ts")
        meta = FormMeta(source=Source.SHORTCUT.value, channel=channel, ts=ts)
        attached = 0
        if len(text) > FORM_FIELD_CHARS:
            meta.draft, text = await asyncio.to_thread(
                services.drafts.stash, slack_id=user, text=text, source=Source.SHORTCUT, source_key=f"{channel}:{ts}"
            )
            attached = len(text)
        await open_form(
            client,
            services,
            trigger_id=shortcut["trigger_id"],
            user=user,
            channel=channel,
            text=text[:FORM_FIELD_CHARS],
            meta=meta,
            attached=attached,
            channel_first=True,
        )
