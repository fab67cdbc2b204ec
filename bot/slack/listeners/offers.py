"""Answers to the bot's offer in a DM: file it (one tap, with a severity), add details first, or not now."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.reports import FORM_FIELD_CHARS, Severity
from bot.ids import Action
from bot.services.intake import Refused
from bot.slack.forms import FormMeta
from bot.slack.listeners.common import action_id_value, call, delivery_key, reply_to_action, tell
from bot.slack.listeners.report_command import open_form
from bot.tracker import Tracker

FILE_ACTION = re.compile(rf"^{Action.OFFER_FILE.value}:(\w+)$")


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.action(FILE_ACTION)
    @tracker.track
    async def file_offer(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        m = FILE_ACTION.match(body["actions"][0]["action_id"])
        draft = action_id_value(body)
        if m is None or draft is None or m.group(1) not in Severity._value2member_map_:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        await call(
            services,
            reply,
            key,
            services.drafts.file_draft,
            draft,
            actor=reply.slack_id,
            severity=Severity(m.group(1)),
            reply=reply,
            delivery=key,
        )

    @app.action(Action.OFFER_DISMISS.value)
    @tracker.track
    async def dismiss(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        draft = action_id_value(body)
        if draft is None:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        await call(
            services, reply, key, services.drafts.dismiss_draft, draft, actor=reply.slack_id, reply=reply, delivery=key
        )

    @app.action(Action.OFFER_FORM.value)
    @tracker.track
    async def add_details(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        draft = action_id_value(body)
        if draft is None:
            return
        reply = reply_to_action(body)
        try:
            text = await asyncio.to_thread(services.drafts.draft_text, draft, actor=reply.slack_id)
        except Refused as refusal:
            await tell(services, reply, refusal.message, key=delivery_key(body))
            return
        await open_form(
            client,
            services,
            trigger_id=body["trigger_id"],
            user=reply.slack_id,
            channel=None,
            text=text[:FORM_FIELD_CHARS],
            meta=FormMeta(source="dm", draft=draft),
        )
